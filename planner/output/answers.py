"""The answers document: every relevant answer with who gave it, for export and scripted runs."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from planner.flows.links import plain
from planner.flows.session import Session
from planner.store.sessions import SessionRecord

FORMAT_VERSION = 1


class GivenAnswer(BaseModel):
    question: str
    section: str
    prompt: str
    by: str
    by_label: str
    status: str
    value: Any = None
    words: str
    at: str
    counts: bool  # the answer the outputs use; others are further views


class View(BaseModel):
    by: str
    words: str


class DifferenceOfView(BaseModel):
    question: str
    prompt: str
    views: list[View]


class AnswersDocument(BaseModel):
    """What a session holds, as plain data."""

    format_version: int = FORMAT_VERSION
    session: dict[str, Any]
    participants: list[dict[str, str]]
    answers: list[GivenAnswer]
    differences: list[DifferenceOfView]
    facts: dict[str, Any]
    to_revisit: list[str]
    # Questions answered in confidence, left out here (content key `private`); the planner follows them up.
    withheld: list[str] = Field(default=[])


def answers_document(session: Session, record: SessionRecord | None = None, *,
                     include_private: bool = False) -> AnswersDocument:
    """Build the document from a session (only relevant answers; hidden ones stay out).

    Answers to private questions are left out, and listed as withheld, unless `include_private`.
    """
    answers = []
    prompts = {}
    private = set() if include_private else private_questions(session)
    withheld = []
    for section in session.review():
        for item in section.items:
            if item.id in private:
                withheld += [item.id] if item.given else []
                continue
            prompts[item.id] = plain(item.prompt)
            for n, given in enumerate(item.given):
                answers.append(GivenAnswer(
                    question=item.id, section=section.title, prompt=prompts[item.id], by=given.participant.id,
                    by_label=given.participant.label(), status=given.answer.status, value=given.answer.value,
                    words=plain(given.words), at=given.answer.at, counts=n == 0))
    differences = [DifferenceOfView(question=d.question, prompt=prompts.get(d.question, d.question),
                                    views=[View(by=session.participants[a.by].label() if a.by in session.participants
                                                else a.by, words=plain(session.words(a))) for a in d.answers])
                   for d in session.differences() if d.question not in private]
    about = {"flow": session.flow.id, "flow_version": session.flow.version, "finished": session.finished}
    if record is not None:
        about.update(id=record.id, council=record.council_id, locale=record.locale, mode=record.mode,
                     created=record.created, updated=record.updated, linked_to=record.linked_to)
    return AnswersDocument(session=about, participants=[p.as_dict() for p in session.participants.values()],
                           answers=answers, differences=differences, facts=_plain(_without(session, private)),
                           to_revisit=[item.id for item in session.to_revisit()], withheld=withheld)


def private_questions(session: Session) -> set[str]:
    """The ids of questions whose answers are told in confidence."""
    return {step.id for step in session.flow.steps if getattr(getattr(step, "model", None), "private", False)}


def _without(session: Session, private: set[str]) -> dict[str, Any]:
    """The session's facts by code, less those of private questions."""
    hidden = {code for code, name in session.flow.by_code().items() if name in private}
    return {code: value for code, value in session.facts().items() if code not in hidden}


def _plain(value: Any) -> Any:
    """Values as JSON can hold them (money and times are kept in their stored form)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str.__str__(value)
    return value
