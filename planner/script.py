"""Answers files for scripted runs: read them, check them against the flow, and play them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from collections.abc import Callable

from planner.flows.answers import STATUSES, Participant
from planner.flows.flow import Flow
from planner.flows.problems import Problems, did_you_mean
from planner.flows.session import Session
from planner.flows.source import line_of, read_yaml
from planner.flows.view import EndView
from planner.text import clean_text

WRAPPER_KEYS = {"answer", "by", "status"}
ROLES = ("person", "carer", "planner")


class ScriptError(Exception):
    """A plain message about an answers file, or about an answer in it."""


@dataclass(frozen=True)
class Entry:
    """One answer to give: what to type or choose (or a status), and who gives it."""

    raw: Any
    status: str
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
        raise ScriptError(str(problems.items[0]))
    if not isinstance(data, dict):
        raise ScriptError(f"{path}:1: an answers file is a list of answers by question id, under 'answers:'.")
    unknown = set(data) - {"participants", "council", "answers", "persona", "flow", "description", "expect"}
    if unknown:
        key = sorted(unknown)[0]
        raise ScriptError(f"{path}:{line_of(data, (key,))}: '{key}' is not something an answers file can have."
                          " Use participants, council and answers.")
    script = Script(path, council=data.get("council"))
    for n, item in enumerate(data.get("participants") or []):
        script.participants.append(_participant(path, item, line_of(data, ("participants", n))))
    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise ScriptError(f"{path}:{line_of(data, ('answers',))}: 'answers' should list answers by question id.")
    for question, given in answers.items():
        script.answers[str(question)] = _entries(path, given, line_of(data, ("answers", question)))
    return script


def _participant(path: Path, item: Any, line: int) -> Participant:
    if not isinstance(item, dict) or not item.get("id") or item.get("role") not in ROLES:
        raise ScriptError(f"{path}:{line}: each participant needs an id and a role (person, carer or planner).")
    return Participant(clean_text(str(item["id"])), item["role"], clean_text(str(item.get("name") or "")),
                       clean_text(str(item.get("relationship") or "")))


def _entries(path: Path, given: Any, line: int) -> list[Entry]:
    if isinstance(given, dict) and set(given) == {"answers"}:
        items = given["answers"] if isinstance(given["answers"], list) else [given["answers"]]
        return [_entry(path, item, line) for item in items]
    return [_entry(path, given, line)]


def _entry(path: Path, given: Any, line: int) -> Entry:
    if isinstance(given, dict) and given and set(given) <= WRAPPER_KEYS and ("answer" in given or "status" in given):
        status = str(given.get("status", "answered"))
        if status not in STATUSES:
            raise ScriptError(f"{path}:{line}: status '{status}' is not known. Use one of: {', '.join(STATUSES)}.")
        by = given.get("by")
        return Entry(given.get("answer"), status, str(by) if by is not None else None, line)
    return Entry(given, "answered", None, line)


def check_script(script: Script, flow: Flow, participants: dict[str, Participant]) -> None:
    """Every question named is in the flow, and everyone named is taking part."""
    for question, entries in script.answers.items():
        step = flow.by_id.get(question)
        if step is None or not step.is_question:
            ids = [s.id for s in flow.questions()]
            raise ScriptError(f"{script.path}:{entries[0].line}: the flow '{flow.id}' has no question '{question}'."
                              f"{did_you_mean(question, ids)}")
        for entry in entries:
            if entry.by is not None and entry.by not in participants:
                raise ScriptError(f"{script.path}:{entry.line}: '{entry.by}' is not one of the participants "
                                  f"({', '.join(participants)}). Add them under 'participants:'.")


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
                raise ScriptError(f"{script.path}: question '{view.id}' must be answered, but the file has no "
                                  f"answer for it. Add '{view.id}:' under 'answers:'.")
            entries = [Entry(None, "skipped", None, 0)]
        for n, entry in enumerate(entries):
            session.set_speaker(entry.by or default)
            last = n == len(entries) - 1
            if entry.status == "answered":
                outcome = session.answer(entry.raw, move=last)
            else:
                outcome = session.set_status(entry.status, move=last)  # type: ignore[arg-type]
            if not outcome.accepted:
                where = f"{script.path}:{entry.line}" if entry.line else str(script.path)
                raise ScriptError(f"{where}: the answer to '{view.id}' was not accepted: {outcome.problem}")
            say(f"{'accepted' if entry.status != 'skipped' else 'skipped'}: {view.id}"
                + (f" (by {entry.by})" if entry.by else ""))
        session.set_speaker(default)
    session.finish()
