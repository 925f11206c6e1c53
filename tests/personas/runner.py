"""Play a persona file against the engine and check what it expects.

A persona is a YAML file (see README.md in this folder). Either `answers` (by question
id, played like `planner run`), or `actions` (one step at a time, for going back,
editing, restarting and changed content), then `expect`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from planner.flows.loader import Content, load_content
from planner.flows.session import Session
from planner.flows.view import EndView, StepView
from planner.paths import BUILTIN_CONTENT
from planner.script import Entry, Script, check_script, play, _entry, _participant
from planner.store import SessionStore
from planner.store.opening import Opened, resume, start

PERSONAS = Path(__file__).parent
_CONTENT: dict[Path, Content] = {}


def content_at(root: Path) -> Content:
    if root not in _CONTENT:
        content = load_content(root)
        assert not [p for p in content.problems if p.severity == "error"], content.problems
        _CONTENT[root] = content
    return _CONTENT[root]


@dataclass
class Played:
    """What happened when a persona was played."""

    opened: Opened
    asked: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    @property
    def session(self) -> Session:
        return self.opened.session


class PersonaPlayer:
    """Plays one persona file in a fresh store."""

    def __init__(self, path: Path, data: Path) -> None:
        self.path = path
        self.spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        self.store = SessionStore.in_folder(data)
        folder = self.spec.get("content")
        self.content = content_at((path.parent / folder).resolve() if folder else BUILTIN_CONTENT)
        self.participants = [_participant(path, p, 0) for p in self.spec.get("participants") or []]

    def play(self) -> Played:
        opened = start(self.store, self.content, self.spec["flow"], participants=self.participants,
                       council_id=self.spec.get("council"))
        played = Played(opened)
        if "answers" in self.spec:
            script = Script(self.path, self.participants, self.spec.get("council"),
                            {str(q): _entries(self.path, a) for q, a in (self.spec["answers"] or {}).items()})
            check_script(script, opened.session.flow, opened.session.participants)
            play(_Watched(opened.session, played), script, played.log.append)
        for number, action in enumerate(self.spec.get("actions") or [], 1):
            self._act(played, action, number)
        return played

    def close(self, played: Played) -> None:
        played.opened.close()
        self.store.close()

    # ----------------------------------------------------------------- actions
    def _act(self, played: Played, action: dict[str, Any], number: int) -> None:
        (verb, argument), = action.items()
        session = played.session
        where = f"{self.path.name}, action {number} ({verb})"
        view = session.current()
        if verb in ("answer", "skip", "not_sure", "rather_not_say"):
            question, raw = next(iter(argument.items())) if isinstance(argument, dict) else (argument, None)
            assert isinstance(view, StepView) and view.id == question, f"{where}: expected to be at '{question}', " \
                f"but the session is at '{getattr(view, 'id', 'the end')}'"
            played.asked.append(question)
            outcome = session.answer(raw) if verb == "answer" else session.set_status(verb if verb != "skip" else "skipped")
            assert outcome.accepted, f"{where}: {outcome.problem}"
        elif verb == "go_on":
            assert isinstance(view, StepView) and view.id == argument, f"{where}: not at step '{argument}'"
            session.proceed()
        elif verb == "pass_info":
            while isinstance(view := session.current(), StepView) and not view.is_question:
                session.proceed()
        elif verb == "back":
            for _ in range(int(argument)):
                assert session.back(), f"{where}: could not go back"
        elif verb == "edit":
            assert session.edit(argument), f"{where}: could not edit '{argument}'"
        elif verb == "jump":
            assert session.jump(argument), f"{where}: could not jump to '{argument}'"
        elif verb == "as":
            assert session.set_speaker(argument).accepted, f"{where}: no participant '{argument}'"
        elif verb == "at":
            shown = view.id if isinstance(view, StepView) else "end"
            assert shown == argument, f"{where}: expected to be at '{argument}', but at '{shown}'"
        elif verb == "restart":
            self._restart(played, argument)
        elif verb == "check":
            check(played, argument, where)
        else:
            raise AssertionError(f"{where}: unknown action '{verb}'")

    def _restart(self, played: Played, content_folder: str | None) -> None:
        """Close everything and open the session again, perhaps with changed content."""
        record_id = played.opened.record.id
        played.opened.close()
        self.store.close()
        self.store = SessionStore(self.store.path)
        if content_folder:
            self.content = content_at((self.path.parent / content_folder).resolve())
        record = self.store.get(record_id)
        assert record is not None
        played.opened = resume(self.store, self.content, record)


def _entries(path: Path, given: Any) -> list[Entry]:
    if isinstance(given, dict) and set(given) == {"answers"}:
        return [_entry(path, item, 0) for item in given["answers"]]
    return [_entry(path, given, 0)]


class _Watched:
    """A session that notes which questions were asked, for `expect.asked`."""

    def __init__(self, session: Session, played: Played) -> None:
        self._session = session
        self._played = played

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    def current(self) -> StepView | EndView:
        view = self._session.current()
        if isinstance(view, StepView) and view.is_question and (not self._played.asked
                                                                or self._played.asked[-1] != view.id):
            self._played.asked.append(view.id)
        return view


def check(played: Played, expect: dict[str, Any], where: str) -> None:
    """Assert a persona's expectations against the session as it is now."""
    session = played.session
    relevant = session.relevant_answers()
    for question in expect.get("asked", []):
        assert question in played.asked, f"{where}: '{question}' was never asked"
    for question in expect.get("not_asked", []):
        assert question not in played.asked, f"{where}: '{question}' was asked, but should not have been"
    for question in expect.get("relevant", []):
        assert question in relevant, f"{where}: '{question}' has no answer that counts"
    for question in expect.get("hidden", []):
        assert question not in relevant, f"{where}: '{question}' should be hidden, but still counts"
        assert question in {a.question for a in session.answers()}, f"{where}: '{question}' was lost, not hidden"
    revisit = [item.id for item in session.to_revisit()]
    for question in expect.get("skipped", []):
        assert question in revisit, f"{where}: '{question}' is not listed to revisit (listed: {revisit})"
    if "to_revisit" in expect:
        assert revisit == expect["to_revisit"], f"{where}: to revisit {revisit}, expected {expect['to_revisit']}"
    facts = session.facts()
    for code, value in (expect.get("facts") or {}).items():
        assert code in facts, f"{where}: no fact '{code}' (facts: {sorted(facts)})"
        assert _same(facts[code], value), f"{where}: fact '{code}' is {facts[code]!r}, expected {value!r}"
    values = session.values()
    for name, value in (expect.get("values") or {}).items():
        assert _same(values.get(name), value), f"{where}: '{name}' is {values.get(name)!r}, expected {value!r}"
    if "differences" in expect:
        found = sorted(d.question for d in session.differences())
        assert found == sorted(expect["differences"]), f"{where}: differences {found}, expected {expect['differences']}"
    for question, by in (expect.get("given_by") or {}).items():
        main = session.primary(question)
        assert main is not None and main.by == by, f"{where}: '{question}' counts {getattr(main, 'by', None)}'s answer"
    if "finished" in expect:
        assert session.finished == expect["finished"], f"{where}: finished is {session.finished}"
    if "change" in expect:
        change = played.opened.change
        for part in ("dropped", "invalid", "added"):
            got = list(getattr(change, part))
            assert got == expect["change"].get(part, []), f"{where}: content change {part} {got}"
    for text in expect.get("shown", []):
        assert any(text in line for line in _texts(session)), f"{where}: nothing shown says '{text}'"


def _texts(session: Session) -> list[str]:
    """Every text of every relevant step, filled in, as a person would read them."""
    shown = []
    for step in session.flow.steps:
        if session.walk.relevant(step.index):
            view = session.view(step)
            shown += [view.text, view.hint]
            # Plain acks (no quoted answers) are not compiled into step.texts, so look at the model too.
            if step.is_question and (step.texts.get("ack") or getattr(step.model, "ack", None)):
                shown.append(session.ack(step.id))
    return shown


def _same(got: Any, expected: Any) -> bool:
    if isinstance(got, dict) and isinstance(expected, dict):
        return all(_same(got.get(k), v) for k, v in expected.items())
    if isinstance(got, (list, tuple)) and isinstance(expected, list):
        return list(got) == expected
    if isinstance(got, float) or isinstance(expected, float):
        try:
            return abs(float(got) - float(expected)) < 1e-9
        except (TypeError, ValueError):
            return False
    return got == expected or (isinstance(got, str) and str.__str__(got) == expected)
