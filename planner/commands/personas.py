"""Playing persona files against content: for `planner check --personas` and for the tests.

A persona (see tests/personas/README.md) either gives `answers` by question id, played like
`planner run`, or `actions` one step at a time, then says what to `expect`. Playing one
finds the steps that go wrong and every condition that fails on the way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from collections.abc import Callable, Iterable

from planner.flows.answers import Answer, Participant
from planner.flows.flow import Flow
from planner.flows.loader import Content
from planner.flows.problems import Problem, Problems, display_path
from planner.flows.session import MemoryRecorder, Session
from planner.flows.source import LDict, line_of, read_yaml
from planner.flows.view import ContentChange, EndView, StepView
from planner.script import Entry, Script, ScriptError, _entry, _participant, check_script, play

Remap = Callable[[Flow, list[Answer], Iterable[str]], "tuple[list[Answer], ContentChange]"]
ContentFor = Callable[[Path | None], Content]
VERBS = ("answer", "skip", "not_sure", "rather_not_say", "go_on", "pass_info", "back", "edit", "jump", "as", "at",
         "restart", "check")


class PersonaFailed(AssertionError):
    """A persona step did not go as the persona file says: `file:line: what is wrong. How to fix it.`"""

    def __init__(self, path: Path, line: int, text: str) -> None:
        self.path, self.line, self.text = path, line, text
        super().__init__(f"{display_path(path)}:{line}: {text}" if line else f"{display_path(path)}: {text}")


class Opening(Protocol):
    """A session open for playing: in memory, or held in a store."""

    @property
    def session(self) -> Session: ...

    @property
    def change(self) -> ContentChange: ...

    def close(self) -> None: ...


class Backend(Protocol):
    """Where played sessions live, and how they are opened again after a restart."""

    def start(self, content: Content, flow_id: str, participants: list[Participant],
              council_id: str | None) -> Opening: ...

    def restart(self, opening: Opening, content: Content) -> Opening: ...


@dataclass
class MemoryOpening:
    """A session kept in memory only."""

    session: Session
    recorder: MemoryRecorder
    change: ContentChange = field(default_factory=ContentChange)

    def close(self) -> None:
        """Nothing to let go of."""


class MemoryBackend:
    """Plays in memory: a restart rebuilds the session from what it committed, as a store would."""

    def __init__(self, remap: Remap | None = None) -> None:
        self.remap = remap

    def start(self, content: Content, flow_id: str, participants: list[Participant],
              council_id: str | None) -> MemoryOpening:
        recorder = MemoryRecorder()
        session = Session(content.flows[flow_id], recorder, council=_council(content, council_id),
                          participants=participants)
        recorder.commit(None, session.state())
        return MemoryOpening(session, recorder)

    def restart(self, opening: Opening, content: Content) -> MemoryOpening:
        assert isinstance(opening, MemoryOpening)
        old = opening.session
        flow = content.flows[old.flow.id]
        answers, change = list(opening.recorder.answers), ContentChange()
        if self.remap is not None:
            answers, change = self.remap(flow, answers, [s.id for s in old.flow.questions()])
        session = Session(flow, opening.recorder, council=old.walk.council, answers=answers,
                          state=opening.recorder.state)
        return MemoryOpening(session, opening.recorder, change)


def _council(content: Content, council_id: str | None) -> dict[str, Any]:
    if council_id and council_id in content.councils:
        return content.councils[council_id].model_dump(mode="json")
    return content.council().model_dump(mode="json") if content.councils else {}


@dataclass
class Played:
    """What happened when a persona was played."""

    opened: Any  # the backend's Opening (a store's `Opened` carries its record too)
    asked: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)

    @property
    def session(self) -> Session:
        session: Session = self.opened.session
        return session


def read_persona(path: Path) -> LDict:
    """A persona file as located data; PersonaFailed when it cannot be read."""
    problems = Problems(display_path(path))
    data = read_yaml(path, problems)
    if problems.items:
        first = problems.items[0]
        raise PersonaFailed(path, first.line, first.message)
    if not isinstance(data, LDict) or not isinstance(data.get("flow"), str):
        raise PersonaFailed(path, getattr(data, "line", 1), "A persona file needs 'flow:' with the id of a flow. "
                                                           "Add it at the top.")
    return data


class PersonaPlayer:
    """Plays one persona file."""

    def __init__(self, path: Path, backend: Backend, content_for: ContentFor) -> None:
        self.path = path
        self.spec = read_persona(path)
        self.backend = backend
        self.content_for = content_for
        self.content = self._content(self.spec.get("content"), ("content",))
        try:
            self.participants = [_participant(path, p, line_of(self.spec, ("participants", n)))
                                 for n, p in enumerate(self.spec.get("participants") or [])]
        except ScriptError as error:
            raise _failure(error, path) from None

    def play(self) -> Played:
        flow_id = self.spec["flow"]
        if flow_id not in self.content.flows:
            raise self._failed(line_of(self.spec, ("flow",)), f"The content has no flow '{flow_id}'. "
                               f"Use one of: {', '.join(sorted(self.content.flows))}.")
        played = Played(self.backend.start(self.content, flow_id, self.participants, self.spec.get("council")))
        if "answers" in self.spec:
            answers = self.spec["answers"] or {}
            script = Script(self.path, self.participants, self.spec.get("council"),
                            {str(q): entries(self.path, a, line_of(self.spec, ("answers", q)))
                             for q, a in answers.items()})
            try:
                check_script(script, played.session.flow, played.session.participants)
                play(_Watched(played.session, played), script, played.log.append)  # type: ignore[arg-type]  # passes every call on to the Session
            except ScriptError as error:
                raise _failure(error, self.path) from None
        for number, action in enumerate(self.spec.get("actions") or [], 1):
            self._act(played, action, number, line_of(self.spec, ("actions", number - 1)))
        return played

    def expect(self, played: Played) -> None:
        """Check what the persona expects at the end, if anything."""
        if self.spec.get("expect"):
            check(played, self.spec["expect"], f"{self.path.name}, expect", self.path,
                  line_of(self.spec, ("expect",)))

    def close(self, played: Played) -> None:
        played.opened.close()

    def _content(self, folder: Any, where: tuple[Any, ...]) -> Content:
        if folder is not None and not isinstance(folder, str):
            raise self._failed(line_of(self.spec, where), "'content' should be a folder, such as ../my-content. "
                               "Write the folder's path.")
        target = (self.path.parent / folder).resolve() if folder else None
        if target is not None and not (target / "flows").is_dir():
            raise self._failed(line_of(self.spec, where), f"There is no content folder at {folder}. "
                               "Fix the path; it is read from the persona file's own folder.")
        return self.content_for(target)

    def _failed(self, line: int, text: str) -> PersonaFailed:
        return PersonaFailed(self.path, line, text)

    # ----------------------------------------------------------------- actions
    def _act(self, played: Played, action: Any, number: int, line: int) -> None:
        if not isinstance(action, dict) or len(action) != 1 or next(iter(action)) not in VERBS:
            raise self._failed(line, f"Action {number} is not one of: {', '.join(VERBS)}. "
                               "Write one action on each line, such as '- answer: {name: Ann}'.")
        (verb, argument), = action.items()
        session = played.session
        where = f"{self.path.name}, action {number} ({verb})"

        def expect(ok: bool, text: str) -> None:
            if not ok:
                raise self._failed(line, f"{where}: {text}")

        view = session.current()
        here = view.id if isinstance(view, StepView) else "the end"
        if verb in ("answer", "skip", "not_sure", "rather_not_say"):
            question, raw = next(iter(argument.items())) if isinstance(argument, dict) else (argument, None)
            expect(isinstance(view, StepView) and view.id == question,
                   f"expected to be at '{question}', but the session is at '{here}'. Fix the steps before it.")
            played.asked.append(question)
            outcome = session.answer(raw) if verb == "answer" else session.set_status(
                "skipped" if verb == "skip" else verb)
            expect(outcome.accepted, f"the answer was not taken: {outcome.problem} Give an answer it takes.")
        elif verb == "go_on":
            expect(isinstance(view, StepView) and view.id == argument,
                   f"not at step '{argument}' but at '{here}'. Fix the steps before it.")
            session.proceed()
        elif verb == "pass_info":
            while isinstance(view := session.current(), StepView) and not view.is_question:
                session.proceed()
        elif verb == "back":
            for _ in range(int(argument)):
                expect(session.back(), "could not go back. Go back fewer steps.")
        elif verb == "edit":
            expect(session.edit(argument), f"could not edit '{argument}'. Edit a question already asked.")
        elif verb == "jump":
            expect(session.jump(argument), f"could not jump to '{argument}'. Jump to a section with questions now.")
        elif verb == "as":
            expect(session.set_speaker(argument).accepted, f"no participant '{argument}'. Add them to participants.")
        elif verb == "at":
            expect(here.replace("the end", "end") == argument,
                   f"expected to be at '{argument}', but at '{here}'. Fix the steps before it, or the content.")
        elif verb == "restart":
            if argument:
                self.content = self._content(argument, ("actions", number - 1, "restart"))
            played.opened = self.backend.restart(played.opened, self.content)
        else:
            check(played, argument or {}, where, self.path, line)


def entries(path: Path, given: Any, line: int = 0) -> list[Entry]:
    """The answers a persona gives to one question (several people may answer it)."""
    try:
        if isinstance(given, dict) and set(given) == {"answers"}:
            return [_entry(path, item, line) for item in given["answers"]]
        return [_entry(path, given, line)]
    except ScriptError as error:
        raise _failure(error, path) from None


def _failure(error: ScriptError, path: Path) -> PersonaFailed:
    """A script's error (`file:line: text`) as a persona's."""
    match = re.match(r"^.*?:(\d+): (.*)$", str(error), re.DOTALL)
    if match:
        return PersonaFailed(path, int(match.group(1)), match.group(2))
    return PersonaFailed(path, 0, str(error).split(": ", 1)[-1])


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


def check(played: Played, expect: dict[str, Any], where: str, path: Path | None = None, line: int = 0) -> None:
    """Check a persona's expectations against the session as it is now; PersonaFailed for the first that fails."""

    def need(ok: bool, text: str) -> None:
        if not ok:
            raise PersonaFailed(path or Path(where), line, f"{where}: {text}")

    session = played.session
    relevant = session.relevant_answers()
    for question in expect.get("asked", []):
        need(question in played.asked, f"'{question}' was never asked. Fix its condition or the answers before it.")
    for question in expect.get("not_asked", []):
        need(question not in played.asked, f"'{question}' was asked, but should not have been. Fix its condition.")
    for question in expect.get("relevant", []):
        need(question in relevant, f"'{question}' has no answer that counts. Fix its condition or answer it.")
    for question in expect.get("hidden", []):
        need(question not in relevant, f"'{question}' should be hidden, but still counts. Fix its condition.")
        need(question in {a.question for a in session.answers()}, f"'{question}' was lost, not hidden.")
    revisit = [item.id for item in session.to_revisit()]
    for question in expect.get("skipped", []):
        need(question in revisit, f"'{question}' is not listed to revisit (listed: {revisit}).")
    if "to_revisit" in expect:
        need(revisit == list(expect["to_revisit"]), f"to revisit {revisit}, expected {expect['to_revisit']}.")
    facts = session.facts()
    for code, value in (expect.get("facts") or {}).items():
        need(code in facts, f"no fact '{code}' (facts: {sorted(facts)}). Fix the code's name.")
        need(_same(facts[code], value), f"fact '{code}' is {facts[code]!r}, expected {value!r}.")
    values = session.values()
    for name, value in (expect.get("values") or {}).items():
        need(_same(values.get(name), value), f"'{name}' is {values.get(name)!r}, expected {value!r}.")
    if "differences" in expect:
        found = sorted(d.question for d in session.differences())
        need(found == sorted(expect["differences"]), f"differences {found}, expected {expect['differences']}.")
    for question, by in (expect.get("given_by") or {}).items():
        main = session.primary(question)
        need(main is not None and main.by == by, f"'{question}' counts {getattr(main, 'by', None)}'s answer, not "
                                                 f"{by}'s.")
    if "finished" in expect:
        need(session.finished == expect["finished"], f"finished is {session.finished}.")
    if "change" in expect:
        change = played.opened.change
        for part in ("dropped", "invalid", "added"):
            got = list(getattr(change, part))
            need(got == list(expect["change"].get(part, [])), f"content change {part} {got}.")
    for text in expect.get("shown", []):
        need(any(text in line for line in _texts(session)), f"nothing shown says '{text}'. Fix the text or the "
                                                            "expectation.")


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
    return bool(got == expected or (isinstance(got, str) and str.__str__(got) == expected))


# ----------------------------------------------------------------- `planner check --personas`
def persona_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def check_personas(folder: Path, content: Content, backend: Backend, load: Callable[[Path], Content]) -> list[Problem]:
    """Play every persona under `folder`: each step that fails and each condition fault is a problem."""
    problems: list[Problem] = []
    loaded: dict[Path, Content] = {}

    def content_for(root: Path | None) -> Content:
        if root is None:
            return content
        if root not in loaded:
            loaded[root] = load(root)
        return loaded[root]

    for path in persona_files(folder):
        played: Played | None = None
        try:
            player = PersonaPlayer(path, backend, content_for)
            played = player.play()
            player.expect(played)
        except PersonaFailed as failure:
            problems.append(Problem(display_path(failure.path), failure.line, failure.text, code="PERSONA_FAILED"))
        finally:
            if played is not None:
                played.opened.close()
                problems += fault_problems(played.session, path)
    return problems


def fault_problems(session: Session, persona: Path) -> list[Problem]:
    """A problem for each condition or derived value that failed while a persona was played."""
    found = []
    for fault in session.faults:
        where, _, line = fault.where.rpartition(":")
        what = "the derived value" if fault.step in session.flow.derived else "the condition of"
        text = (f"{what} '{fault.step}' failed when {persona.name} was played: {fault.reason}. "
                f"Fix '{fault.source}' so that it works for these answers.")
        found.append(Problem(where, int(line) if line.isdecimal() else 0, text[:1].upper() + text[1:],
                             code="CONDITION_FAULT"))
    return found
