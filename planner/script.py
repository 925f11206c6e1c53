"""Answers files for scripted runs: read them, check them against the flow, and play them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from planner.flows.answers import STATUSES, Participant, Status
from planner.flows.flow import Flow
from planner.flows.problems import Problems, did_you_mean
from planner.flows.session import Session
from planner.flows.source import line_of, read_yaml
from planner.flows.view import EndView
from planner.i18n.translator import VERBATIM, N_, Fault
from planner.text import clean_text

WRAPPER_KEYS = {"answer", "by", "status"}
ROLES = ("person", "carer", "planner")


NOT_A_LIST = N_("{where}: an answers file is a list of answers by question id, under 'answers:'.")
UNKNOWN_KEY = N_("{where}: '{key}' is not something an answers file can have. "
                 "Use participants, council and answers.")
NOT_BY_ID = N_("{where}: 'answers' should list answers by question id.")
BAD_PARTICIPANT = N_("{where}: each participant needs an id and a role (person, carer or planner).")
UNKNOWN_STATUS = N_("{where}: status '{status}' is not known. Use one of: {known}.")
NO_QUESTION = N_("{where}: the flow '{flow}' has no question '{question}'.{hint}")
NOT_TAKING_PART = N_("{where}: '{who}' is not one of the participants ({participants}). "
                     "Add them under 'participants:'.")
MUST_ANSWER = N_("{where}: question '{question}' must be answered, but the file has no answer for it. "
                 "Add '{question}:' under 'answers:'.")
NOT_ACCEPTED = N_("{where}: the answer to '{question}' was not accepted: {problem}")
ACCEPTED = N_("accepted: {question}")
SKIPPED = N_("skipped: {question}")
BY = N_("(by {who})")


class ScriptError(Fault):
    """A plain message about an answers file, or about an answer in it (a catalogue message; see Fault)."""


@dataclass(frozen=True)
class Entry:
    """One answer to give: what to type or choose (or a status), and who gives it."""

    raw: Any
    status: Status
    by: str | None
    line: int


@dataclass
class Script:
    """A whole answers file."""

    path: Path
    participants: list[Participant] = field(default_factory=list)
    council: str | None = None
    answers: dict[str, list[Entry]] = field(default_factory=dict)


def read_script(path: Path) -> Script:
    """Read an answers file; raise ScriptError with file:line for anything wrong in it."""
    problems = Problems(str(path))
    data = read_yaml(path, problems)
    if problems.items:
        raise ScriptError(VERBATIM, text=str(problems.items[0]))
    if not isinstance(data, dict):
        raise ScriptError(NOT_A_LIST, where=f"{path}:1")
    unknown = set(data) - {"participants", "council", "answers", "persona", "flow", "description", "expect"}
    if unknown:
        key = sorted(unknown)[0]
        raise ScriptError(UNKNOWN_KEY, where=f"{path}:{line_of(data, (key,))}", key=key)
    script = Script(path, council=data.get("council"))
    for n, item in enumerate(data.get("participants") or []):
        script.participants.append(_participant(path, item, line_of(data, ("participants", n))))
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise ScriptError(NOT_BY_ID, where=f"{path}:{line_of(data, ('answers',))}")
    for question, given in answers.items():
        script.answers[str(question)] = _entries(path, given, line_of(data, ("answers", question)))
    return script


def _participant(path: Path, item: Any, line: int) -> Participant:
    if not isinstance(item, dict) or not item.get("id") or item.get("role") not in ROLES:
        raise ScriptError(BAD_PARTICIPANT, where=f"{path}:{line}")
    return Participant(clean_text(str(item["id"])), item["role"], clean_text(str(item.get("name") or "")),
                       clean_text(str(item.get("relationship") or "")))


def _entries(path: Path, given: Any, line: int) -> list[Entry]:
    if isinstance(given, dict) and set(given) == {"answers"}:
        items = given["answers"] if isinstance(given["answers"], list) else [given["answers"]]
        return [_entry(path, item, line) for item in items]
    return [_entry(path, given, line)]


def _entry(path: Path, given: Any, line: int) -> Entry:
    if isinstance(given, dict) and given and set(given) <= WRAPPER_KEYS and ("answer" in given or "status" in given):
        said = str(given.get("status", "answered"))
        status = next((known for known in STATUSES if known == said), None)
        if status is None:
            raise ScriptError(UNKNOWN_STATUS, where=f"{path}:{line}", status=said, known=", ".join(STATUSES))
        by = given.get("by")
        return Entry(given.get("answer"), status, str(by) if by is not None else None, line)
    return Entry(given, "answered", None, line)


def check_script(script: Script, flow: Flow, participants: dict[str, Participant]) -> None:
    """Every question named is in the flow, and everyone named is taking part."""
    for question, entries in script.answers.items():
        step = flow.by_id.get(question)
        if step is None or not step.is_question:
            ids = [s.id for s in flow.questions()]
            raise ScriptError(NO_QUESTION, where=f"{script.path}:{entries[0].line}", flow=flow.id, question=question,
                              hint=did_you_mean(question, ids))
        for entry in entries:
            if entry.by is not None and entry.by not in participants:
                raise ScriptError(NOT_TAKING_PART, where=f"{script.path}:{entry.line}", who=entry.by,
                                  participants=", ".join(participants))


def play(session: Session, script: Script, say: Callable[[str], None]) -> None:
    """Answer the session's questions from the script until the end; ScriptError on a bad answer."""
    check_script(script, session.flow, session.participants)
    default = session.speaker
    while not isinstance(view := session.current(), EndView):
        if not view.is_question:
            session.proceed()
            continue
        entries = script.answers.get(view.id)
        if not entries:
            if view.question is not None and view.question.required:
                raise ScriptError(MUST_ANSWER, where=str(script.path), question=view.id)
            entries = [Entry(None, "skipped", None, 0)]
        for n, entry in enumerate(entries):
            session.set_speaker(entry.by or default)
            last = n == len(entries) - 1
            if entry.status == "answered":
                outcome = session.answer(entry.raw, move=last)
            else:
                outcome = session.set_status(entry.status, move=last)
            if not outcome.accepted:
                where = f"{script.path}:{entry.line}" if entry.line else str(script.path)
                raise ScriptError(NOT_ACCEPTED, where=where, question=view.id, problem=outcome.problem)
            tr = session.translator
            told = SKIPPED if entry.status == "skipped" else ACCEPTED
            done = tr.gettext(told, question=view.id)
            say(done + (" " + tr.gettext(BY, who=entry.by) if entry.by else ""))
        session.set_speaker(default)
    session.finish()
