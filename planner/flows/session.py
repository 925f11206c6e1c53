"""One conversation of one flow: the small API every front end drives.

Ask `current()` what to show, then `answer`, `set_status`, `proceed`, `back`, `jump`,
`edit`, `review` and `finish`. Every change is committed through a `Recorder` before
the session moves on, so nothing accepted is ever lost. The session never prints and
never raises for a person's mistake: problems come back in an `Outcome`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from bisect import bisect_right
from collections import ChainMap
from dataclasses import replace
from functools import partial
from typing import Any, Protocol, cast
from collections.abc import Callable, Iterable, Mapping, MutableMapping

from planner.i18n.lists import and_join
from planner.i18n.translator import ENGLISH, N_, Fault, Translator
from planner.questions import KINDS, Invalid, QuestionBase
from planner.text import clean_text

from .answers import ROLE_FOR, STATUS_WORDS, Answer, Difference, Participant, Status
from .expressions import LIST_JOIN, Failed, evaluate, render
from .flow import Flow, StepInfo
from .model import FlowHeader
from .translate import Localised
from .view import EndView, Given, Outcome, Progress, ReviewItem, ReviewSection, StepView
from .walk import ConditionFault, Walk, guarded, scope

END = "__end__"
NOT_OFFERED = N_("That choice is not offered for this question.")
NO_ANSWER_YET = N_("Please give an answer, or choose Skip for now.")
UNKNOWN_PARTICIPANT = N_("There is nobody called '{who}' in this conversation.")
HELD_BACK = N_("A question could not be checked, so it was not asked: \"{question}\" Ask it yourself if it matters.")
ASKED_ANYWAY = N_("A question could not be checked, so it was asked just in case: \"{question}\"")

LOG = logging.getLogger("planner.conditions")


class SaveFailed(Fault):
    """The store could not keep an answer. The message says so plainly, in the session's language."""


class Recorder(Protocol):
    """Where a session's changes go, each one durable before `commit` returns."""

    def commit(self, answer: Answer | None, state: dict[str, Any]) -> int:
        """Keep the answer (if any) and the session's state together; return the answer's number."""
        ...


class Holder(Protocol):
    """A recorder that can also keep a state to write with its next commit (or when it closes)."""

    def hold(self, state: dict[str, Any]) -> None:
        """Remember the state; it is written with the next commit, or when the recorder closes."""
        ...


class MemoryRecorder:
    """Keeps changes in memory only: for tests and previews."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.state: dict[str, Any] = {}

    def commit(self, answer: Answer | None, state: dict[str, Any]) -> int:
        self.state = state
        if answer is None:
            return 0
        self.answers.append(answer)
        return len(self.answers)

    def hold(self, state: dict[str, Any]) -> None:
        self.state = state


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Session:
    """A conversation in progress, rebuilt from its saved answers and state."""

    def __init__(self, flow: Flow, recorder: Recorder, *, council: Mapping[str, Any] | None = None,
                 participants: Iterable[Participant] = (), answers: Iterable[Answer] = (),
                 state: Mapping[str, Any] | None = None, clock: Callable[[], str] = utc_now,
                 translator: Translator = ENGLISH) -> None:
        self.flow = flow
        self.translator = translator
        self.local = Localised(flow, translator)
        self._council = dict(council or {})
        self.recorder = recorder
        self.clock = clock
        state = dict(state or {})
        saved = [Participant(**p) for p in state.get("participants", [])]
        self.participants: dict[str, Participant] = {p.id: p for p in [*saved, *participants]}
        self._planner_here: bool | None = None
        if not self.participants:
            role = ROLE_FOR.get(flow.header.for_, "person")
            self.participants[role] = Participant(role, role)
        self.speaker: str = state.get("speaker") or next(iter(self.participants))
        self._current: dict[str, dict[str, Answer]] = {}
        self._seq = 0
        for answer in answers:
            self._keep(answer)
        self._seen: set[str] = set(state.get("seen", []))
        self.editing: bool = bool(state.get("editing", False))
        self.finished: bool = bool(state.get("finished", False))
        self.notes: list[dict[str, str]] = list(state.get("notes", []))
        saved_faults = (ConditionFault.from_dict(f) for f in state.get("faults") or [])
        self.faults: list[ConditionFault] = [f for f in saved_faults if f is not None and self._still_there(f)]
        self.walk = self._new_walk()
        position = state.get("position")
        self._position = self._index_of(position) if position else self._first_relevant(0)

    # ----------------------------------------------------------------- state
    def state(self) -> dict[str, Any]:
        """Everything besides the answers needed to carry on later."""
        return {
            "participants": [p.as_dict() for p in self.participants.values()],
            "speaker": self.speaker,
            "position": self.position,
            "seen": sorted(self._seen),
            "editing": self.editing,
            "finished": self.finished,
            "notes": self.notes,
            "faults": [f.as_dict() for f in self.faults],
        }

    @property
    def position(self) -> str:
        """The id of the step shown now, or END."""
        return self.flow.steps[self._position].id if self._position < len(self.flow.steps) else END

    def answers(self) -> list[Answer]:
        """Every current answer, by every participant, in the order given."""
        return sorted((a for given in self._current.values() for a in given.values()), key=lambda a: a.seq)

    # ----------------------------------------------------------------- language
    def set_translator(self, translator: Translator) -> None:
        """Speak another language from now on; every answer and the place in the flow stay as they are."""
        self.translator = translator
        self.local = Localised(self.flow, translator)
        self.walk = self._new_walk()

    def header(self) -> FlowHeader:
        """The flow's title, summary and intro in the session's language."""
        return self.local.header()

    def _(self, message: str, **params: Any) -> str:
        return self.translator.gettext(message, **params)

    # ----------------------------------------------------------------- who
    @property
    def with_planner(self) -> bool:
        """Whether a planner takes part: only then are a planner's or council's decisions asked.

        Where it is opened says so (`planner_here`, called by `store.opening.resume`), else whether one is
        among the participants (as in `planner run`).
        """
        if self._planner_here is not None:
            return self._planner_here
        return any(p.role == "planner" for p in self.participants.values())

    def planner_here(self, here: bool) -> None:
        """Say whether a planner is here now: a conversation a planner began, carried on alone at home or at a
        kiosk, never asks the planner's decisions there; one begun alone and opened by a planner gains them (and
        the planner's own voice to answer them in)."""
        had = self.with_planner
        self._planner_here = here
        if here and not any(p.role == "planner" for p in self.participants.values()):
            self.add_participant(Participant("planner", "planner", "", "planner"))
        if self.with_planner != had:
            self.walk = self._new_walk()

    def _new_walk(self) -> Walk:
        return Walk(self.flow, self.local.council(self._council), self._lookup, self._fault,
                    with_planner=self.with_planner)

    def add_participant(self, participant: Participant) -> None:
        """Someone joins the conversation (saved with the next change, and now)."""
        had_planner = self.with_planner
        self.participants[participant.id] = participant
        if self.with_planner != had_planner:  # a planner's decisions can be asked from now on
            self.walk = self._new_walk()
        self._commit(None)

    def set_speaker(self, participant_id: str) -> Outcome:
        """Say who is answering from now on."""
        if participant_id not in self.participants:
            return Outcome(False, self._(UNKNOWN_PARTICIPANT, who=participant_id))
        if participant_id == self.speaker:
            return Outcome(True)
        self.speaker = participant_id
        self._hold()  # who is answering is saved with their answer: no write of its own
        return Outcome(True)

    def add_note(self, text: str, step_id: str = "") -> Outcome:
        """Keep a note by the current speaker (the planner's own observation), saved at once."""
        note = clean_text(text).strip()
        if not note:
            return Outcome(False, self._(NO_ANSWER_YET))
        self.notes.append({"at": self.clock(), "by": self.speaker, "step": step_id, "text": note})
        try:
            self.recorder.commit(None, self.state())
        except SaveFailed as error:
            self.notes.pop()
            return Outcome(False, error.text(self.translator))
        return Outcome(True)

    # ----------------------------------------------------------------- showing
    def current(self) -> StepView | EndView:
        """What to show now."""
        if self._position >= len(self.flow.steps):
            return self.end_view()
        return self.view(self.flow.steps[self._position])

    def view(self, step: StepInfo) -> StepView:
        """A step with its texts filled in from the answers before it."""
        context = self.walk.context_before(step.index)
        model = step.model
        texts = {key: self._text(step, key, context) for key in ("prompt", "hint", "why", "text")}
        intro = self._section_intro(step, context)  # before the progress count walks on through the section
        given = self._given(step.id) if step.is_question else ()
        question = self._question_model(step)
        if question is not None and step.kind is not None:
            step.kind.warm(question)  # what reading its answer needs, loaded while the person reads the question
        return StepView(
            id=step.id, kind=model.kind, text=texts["prompt"] or texts["text"], hint=texts["hint"],
            why=texts["why"], style=vars(model).get("style", "normal"), progress=self._progress(step),
            section_intro=intro, given=given,
            question=question,
            mine=self._current.get(step.id, {}).get(self.speaker))

    def _text(self, step: StepInfo, key: str, context: Mapping[str, Any], field: str | None = None,
              item: Mapping[str, Any] | None = None) -> str:
        if field is None and not vars(step.model).get(key):
            return ""  # the step has no such text (read without pydantic's slow path for a missing attribute)
        words, expression = self.local.text(step, key, field)
        if expression is None:
            return words
        names = self._in_language(expression, context)
        extra: dict[str, Any] = {"item": dict(item)} if item is not None else {}
        if not self.translator.is_english:
            extra[LIST_JOIN] = partial(and_join, tr=self.translator)
        return _without_empty_lines(expression.source, render(expression, scope(expression, names, **extra))).strip()

    def _in_language(self, expression: Any, context: Mapping[str, Any]) -> Mapping[str, Any]:
        """The names a text sees, with quoted answers and worded derived values in the session's language."""
        if self.translator.is_english:
            return context
        derived, needed, todo = self.flow.derived_exprs, set(), list(expression.analysis.names)
        while todo:
            name = todo.pop()
            if name not in needed:
                needed.add(name)
                todo += list(derived[name].analysis.names) if name in derived else []
        overlay: dict[str, Any] = {}
        for name in needed:
            step = self.flow.by_id.get(name)
            asked = step is not None and step.is_question and context.get(name) is not None
            main = self.primary(name) if asked else None
            if main is not None and main.status == "answered" and step is not None and step.kind is not None:
                overlay[name] = step.kind.for_expressions(self.local.model(step), main.value, self.translator)
        names = ChainMap(overlay, cast("MutableMapping[str, Any]", context))  # a ChainMap writes to its first map only
        for name in self.flow.derived_order:
            if name in needed:
                local = self.local.derived(name)
                overlay[name] = evaluate(local, scope(local, names))
        return names

    def _section_intro(self, step: StepInfo, context: Mapping[str, Any]) -> str:
        section = self.flow.sections[step.section]
        if not section.intro or self._first_relevant_in(step.section) != step.index:
            return ""
        words, expr = self.local.section_text(step.section, "intro")
        return (render(expr, scope(expr, self._in_language(expr, context))) if expr else words).strip()

    def section_title(self, number: int) -> str:
        words, expr = self.local.section_text(number, "title")
        if expr is None:
            return words
        context = self.walk.context_before(self._first_of_section(number))
        return render(expr, scope(expr, self._in_language(expr, context)))

    def _progress(self, step: StepInfo) -> Progress:
        walk = self.walk
        members = walk.asked_in(step.section)  # this section walked to its end, so every one before it too
        done = bisect_right(members, step.index)
        before, here = walk.sections_shown_before(step.section), walk.section_shown(step.section)
        # Later sections are judged by their own condition alone, so showing progress never walks the rest of
        # a long flow; a section with steps and no condition is always counted.
        index = walk.index
        closed = walk.closed_sections
        later = index.always_after[step.section + 1] - sum(
            1 for number in closed if number > step.section and not self.flow.sections[number].when)
        for number, condition in index.conditional[bisect_right(index.conditional, step.section,
                                                                key=lambda c: c[0]):]:
            if number in closed:
                continue
            shown = walk.test_before(condition, step.index)
            later += True if isinstance(shown, Failed) else shown  # only a count; the walk records the fault
        return Progress(section_id=self.flow.sections[step.section].id, section_title=self.section_title(step.section),
                        section_number=before + 1 if here else 1, section_count=before + here + later,
                        step_number=done, step_count=len(members))

    def ack(self, step_id: str) -> str:
        """The acknowledgement after a question, with the answer just given quoted."""
        step = self.flow.by_id[step_id]
        return self._text(step, "ack", self.walk.context_through(step.index))

    def field_text(self, step_id: str, field_id: str, key: str, item: Mapping[str, Any]) -> str:
        """A text of one field of a list question, for one item being filled in."""
        step = self.flow.by_id[step_id]
        return self._text(step, key, self.walk.context_before(step.index), field_id, item)

    def field_shown(self, step_id: str, field_id: str, item: Mapping[str, Any]) -> bool:
        """Whether a field of a list question is asked for this item."""
        step = self.flow.by_id[step_id]
        condition = step.field_conditions.get(field_id)
        if condition is None:
            return True
        shown = self.walk.test(condition, self.walk.context_before(step.index), item=dict(item))
        if not isinstance(shown, Failed):
            return shown
        sub = next(f for f in getattr(step.model, "fields", []) if f.id == field_id)
        held = guarded(sub) or guarded(step.model)
        self._fault(ConditionFault(f"{step.id}.{field_id}", condition.source, f"{self.flow.path}:{sub.line_of('when')}",
                                   shown.reason, held))
        return not held

    # ----------------------------------------------------------------- faults
    def _fault(self, fault: ConditionFault) -> None:
        """Keep a fault once (saved with the next change) and log it, without any answer."""
        if any(known.key == fault.key for known in self.faults):
            return
        self.faults.append(fault)
        LOG.warning("%s: the condition of '%s' failed (%s), so it was %s: %s", fault.where, fault.step, fault.reason,
                    "held back" if fault.held_back else "taken as true", fault.source)

    def _still_there(self, fault: ConditionFault) -> bool:
        """Whether a saved fault's expression is still in the flow (the content may have been fixed since)."""
        step_id, _, field_id = fault.step.partition(".")
        if step_id in self.flow.derived_exprs:
            return self.flow.derived_exprs[step_id].source == fault.source
        step = self.flow.by_id.get(step_id)
        if step is None:
            return False
        if field_id:
            condition = step.field_conditions.get(field_id)
            return condition is not None and condition.source == fault.source
        return any(c.source == fault.source for c in step.conditions)

    @property
    def fault_count(self) -> int:
        """How many conditions or derived values have failed in this conversation."""
        return len(self.faults)

    def fault_notes(self) -> list[str]:
        """Plain notes for the planner: each question a failed condition held back, or let through."""
        notes = []
        for fault in self.faults:
            step = self.flow.by_id.get(fault.step.partition(".")[0])
            if step is None or not step.is_question:
                continue
            question = self._text(step, "prompt", self.walk.context_before(step.index))
            notes.append(self._(HELD_BACK if fault.held_back else ASKED_ANYWAY, question=question))
        return notes

    # ----------------------------------------------------------------- answering
    def answer(self, raw: Any, *, today: dt.date | None = None, move: bool = True) -> Outcome:
        """Answer the question shown now, as the current speaker; `move=False` stays for another view."""
        step = self._current_question()
        if step is None:
            return Outcome(False, self._(NO_ANSWER_YET))
        model = self.local.model(step)
        parsed = KINDS[step.model.kind].parse(model, raw, today=today)
        if isinstance(parsed, Invalid) and model is not step.model:  # words of the English choices are understood too
            english = KINDS[step.model.kind].parse(step.model, raw, today=today)
            parsed = parsed if isinstance(english, Invalid) else english
        if isinstance(parsed, Invalid):
            return Outcome(False, parsed.text(self.translator.gettext))
        return self._record(step, "answered", parsed.value, move)

    def set_status(self, status: Status, *, move: bool = True) -> Outcome:
        """Answer the question shown now with 'not sure', 'rather not say' or 'skip for now'."""
        step = self._current_question()
        if step is None:
            return Outcome(False, self._(NO_ANSWER_YET))
        question = self.flow.question(step.id)
        offered = {"not_sure": question.not_sure, "rather_not_say": question.rather_not_say, "skipped": True}
        if not offered.get(status, False):
            return Outcome(False, self._(NOT_OFFERED))
        mine = self._current.get(step.id, {}).get(self.speaker)
        if status == "skipped" and mine is not None and mine.status != "skipped":
            # "Skip for now" moves on; it never takes back an answer already given.
            return self.proceed() if move else Outcome(True)
        return self._record(step, status, None, move)

    def proceed(self) -> Outcome:
        """Go on from an information step, or keep the answer already given to this question."""
        if self._position >= len(self.flow.steps):
            return Outcome(False)
        step = self.flow.steps[self._position]
        if step.is_question and self.speaker not in self._current.get(step.id, {}):
            return Outcome(False, self._(NO_ANSWER_YET))
        if not step.is_question:
            self._seen.add(step.id)
        # Passing a step changes no answer: the place is saved with the next answer (or on closing).
        self._position = self._next_position()
        self._hold()
        return Outcome(True)

    def _record(self, step: StepInfo, status: Status, value: Any, move: bool) -> Outcome:
        answer = Answer(question=step.id, status=status, by=self.speaker, at=self.clock(), value=value)
        before = self._current.get(step.id, {}).get(self.speaker)
        self._keep(answer)
        self.walk.changed(step.index)
        old_position = self._position
        if move:
            self._position = self._next_position()
        try:
            seq = self.recorder.commit(answer, self.state())
        except SaveFailed as error:
            self._undo(step, before, old_position)
            return Outcome(False, error.text(self.translator))
        if seq:
            self._current[step.id][self.speaker] = replace(self._current[step.id][self.speaker], seq=seq)
            self._seq = max(self._seq, seq)
        return Outcome(True, ack=self.ack(step.id) if status == "answered" else "")

    def _undo(self, step: StepInfo, before: Answer | None, position: int) -> None:
        given = self._current[step.id]
        if before is None:
            del given[self.speaker]
        else:
            given[self.speaker] = before
        self.walk.changed(step.index)
        self._position = position

    # ----------------------------------------------------------------- moving
    def back(self) -> bool:
        """Go to the step before this one; False at the very start."""
        for index in range(min(self._position, len(self.flow.steps)) - 1, -1, -1):
            if self.walk.relevant(index):
                self.editing = False
                self._move(index)
                return True
        return False

    def jump(self, section_id: str) -> bool:
        """Go to the first step of a section; False if it has nothing to ask now."""
        number = next((n for n, s in enumerate(self.flow.sections) if s.id == section_id), None)
        first = self._first_relevant_in(number) if number is not None else None
        if first is None:
            return False
        self.editing = False
        self._move(first)
        return True

    def edit(self, question_id: str) -> bool:
        """Change an earlier answer; after it, new questions it opens up, then back to where we were."""
        step = self.flow.by_id.get(question_id)
        if step is None or not step.is_question or not self.walk.relevant(step.index):
            return False
        self.editing = True
        self._move(step.index)
        return True

    def _move(self, index: int) -> None:
        self._position = index
        self._commit(None)

    def _next_position(self) -> int:
        for index in range(self._position + 1, len(self.flow.steps)):
            if self.walk.relevant(index) and (not self.editing or not self._was_seen(self.flow.steps[index])):
                return index
        self.editing = False
        return len(self.flow.steps)

    def _was_seen(self, step: StepInfo) -> bool:
        return step.id in self._seen or bool(self._current.get(step.id))

    # ----------------------------------------------------------------- looking back
    def review(self, *, reached: bool = False) -> list[ReviewSection]:
        """Every relevant question, grouped by section, with every current answer to it.

        With `reached`, only questions answered or already passed: what 'so far' means.
        """
        sections = []
        for number, section in enumerate(self.flow.sections):
            items = tuple(self._item(s) for s in self.flow.section_steps(number)
                          if s.is_question and self.walk.relevant(s.index)
                          and (not reached or s.index < self._position or s.id in self._current))
            if items:
                sections.append(ReviewSection(section.id, self.section_title(number), items))
        return sections

    def to_revisit(self) -> list[ReviewItem]:
        """Questions skipped for now, and questions passed by without an answer."""
        found = []
        for step in self.flow.steps[:self._position]:
            if step.is_question and self.walk.relevant(step.index):
                main = self.primary(step.id)
                if main is None or main.status == "skipped":
                    found.append(self._item(step))
        return found

    def missing_required(self) -> list[ReviewItem]:
        """Relevant questions that must be answered before finishing."""
        return [self._item(s) for s in self.flow.questions()
                if self.flow.question(s.id).required and self.walk.relevant(s.index) and self._unanswered(s.id)]

    def _unanswered(self, question_id: str) -> bool:
        primary = self.primary(question_id)
        return primary is None or primary.status == "skipped"

    def end_view(self) -> EndView:
        return EndView(tuple(self.to_revisit()), tuple(self.missing_required()), self.finished)

    def finish(self) -> EndView:
        """Mark the conversation finished, unless a required question is still open."""
        view = self.end_view()
        if not view.missing_required:
            self.finished = True
            self._commit(None)
        return self.end_view()

    def _item(self, step: StepInfo) -> ReviewItem:
        context = self.walk.context_before(step.index)
        return ReviewItem(step.id, self._text(step, "prompt", context), self._given(step.id),
                          bool(getattr(step.model, "required", False)))

    def _given(self, question_id: str) -> tuple[Given, ...]:
        main = self.primary(question_id)
        given = sorted(self._current.get(question_id, {}).values(), key=lambda a: (a is not main, a.seq))
        return tuple(Given(self.participants.get(a.by, Participant(a.by, "planner")), a, self.words(a))
                     for a in given)

    def words(self, answer: Answer) -> str:
        """An answer in words: the value shown plainly, or its status."""
        if answer.status != "answered":
            return self._(STATUS_WORDS[answer.status])
        if self.translator.is_english:
            return self.flow.describe(answer.question, answer.value)
        step = self.flow.by_id[answer.question]
        return KINDS[step.model.kind].display(self.local.model(step), answer.value, self.translator)

    # ----------------------------------------------------------------- for outputs
    def primary(self, question_id: str) -> Answer | None:
        """The answer that counts: the voice the question asks for, else the person, else the first.

        Skips count only when nobody said anything else.
        """
        given = list(self._current.get(question_id, {}).values())
        if not given:
            return None
        said = [a for a in given if a.status != "skipped"]
        given = said or given  # one person skipping never hides what another said
        voice = getattr(self.flow.by_id[question_id].model, "voice", "any")
        for role in (voice, "person"):
            matching = [a for a in given if self._role(a.by) == role]
            if matching:
                return max(matching, key=lambda a: a.seq)
        return min(given, key=lambda a: a.seq)

    def relevant_answers(self) -> dict[str, Answer]:
        """The answer that counts for each relevant question: only these reach outputs."""
        found = {}
        for step in self.flow.questions():
            main = self.primary(step.id)
            if main is not None and self.walk.relevant(step.index):
                found[step.id] = main
        return found

    def differences(self) -> list[Difference]:
        """Relevant questions that participants answered differently."""
        found = []
        for question_id in self.relevant_answers():
            given = sorted(self._current[question_id].values(), key=lambda a: a.seq)
            if any(not a.same_view(given[0]) for a in given[1:]):
                found.append(Difference(question_id, given))
        return found

    def values(self) -> dict[str, Any]:
        """Every relevant answer and derived value, as expressions see them."""
        context = self.walk.full_context()
        return {k: v for k, v in context.items() if k not in ("council", "status") and v is not None}

    def facts(self) -> dict[str, Any]:
        """Relevant answers and derived values by semantic code (stored forms, not words)."""
        context = self.walk.full_context()
        answers = self.relevant_answers()
        found: dict[str, Any] = {}
        for code, name in self.flow.by_code().items():
            if name in self.flow.derived:
                found[code] = context.get(name)
            elif name in answers:
                found[code] = answers[name].value if answers[name].status == "answered" else answers[name].status
        return found

    # ----------------------------------------------------------------- inside
    def _lookup(self, question_id: str) -> tuple[Any, str] | None:
        main = self.primary(question_id)
        return (main.value, main.status) if main else None

    def _role(self, participant_id: str) -> str:
        participant = self.participants.get(participant_id)
        return participant.role if participant else ""

    def _keep(self, answer: Answer) -> None:
        self._seq = max(self._seq, answer.seq) + 1
        if not answer.seq:
            answer = replace(answer, seq=self._seq)
        self._current.setdefault(answer.question, {})[answer.by] = answer

    def _commit(self, answer: Answer | None) -> None:
        with contextlib.suppress(SaveFailed):  # a move that is not saved costs nothing: the answers are all kept
            self.recorder.commit(answer, self.state())

    def _hold(self) -> None:
        """Keep the state for the recorder's next write; a recorder that cannot hold one writes it now."""
        hold = getattr(self.recorder, "hold", None)
        if hold is None:
            self._commit(None)
        else:
            cast("Holder", self.recorder).hold(self.state())

    def _question_model(self, step: StepInfo) -> QuestionBase | None:
        """The step's question in the session's language (None for an information step)."""
        model = self.local.model(step)
        return model if isinstance(model, QuestionBase) else None

    def _current_question(self) -> StepInfo | None:
        if self._position >= len(self.flow.steps):
            return None
        step = self.flow.steps[self._position]
        return step if step.is_question else None

    def _index_of(self, step_id: str) -> int:
        if step_id == END:
            return len(self.flow.steps)
        step = self.flow.by_id.get(step_id)
        return step.index if step else self._first_relevant(0)

    def _first_relevant(self, start: int) -> int:
        for index in range(start, len(self.flow.steps)):
            if self.walk.relevant(index):
                return index
        return len(self.flow.steps)

    def _first_of_section(self, number: int) -> int:
        return self.flow.section_steps(number)[0].index

    def _first_relevant_in(self, number: int | None) -> int | None:
        if number is None:
            return None
        return next((s.index for s in self.flow.section_steps(number) if self.walk.relevant(s.index)), None)


_ONLY_AN_EXPRESSION = re.compile(r"^\s*\{\{.*\}\}\s*$")


def _without_empty_lines(source: str, rendered: str) -> str:
    """Drop the lines that were only a quoted answer or a choice of words and came out empty."""
    lines, shown = source.split("\n"), rendered.split("\n")
    if len(lines) != len(shown):
        return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", rendered)
    return "\n".join(out for line, out in zip(lines, shown, strict=True)
                     if out.strip() or not _ONLY_AN_EXPRESSION.match(line))
