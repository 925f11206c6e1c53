"""Which steps are relevant, worked out by one forward pass and cached as it goes.

A step's conditions see only the answers given to earlier relevant questions, so the
pass can stop anywhere and carry on later. Changing an answer checks again only the
conditions that read it (and, when one of those steps comes or goes, the conditions that
read that step's answer), never the rest of the flow.

The loader refuses any expression that reads a question asked at or after its own step,
itself or through derived values (`ASKED_LATER`). So the names the walk holds at the
furthest step it has reached give every condition and text of an earlier step the very
values it would see just before that step: nothing is walked again to look back.

A condition that fails with every answer it uses given is a fault, never a quiet "no": an
ordinary step is shown anyway, a sensitive, private or planner-only question is held back,
and either way the walk reports a `ConditionFault`.
"""

from __future__ import annotations

import heapq
import weakref
from bisect import bisect_right
from dataclasses import asdict, dataclass
from typing import Any, ClassVar
from collections.abc import Callable, Iterable, Mapping

from .expressions import Expression, Failed, outcome
from .flow import Flow, StepInfo

# question id -> (value, status) of the answer that counts, or None
Lookup = Callable[[str], "tuple[Any, str] | None"]


@dataclass(frozen=True)
class ConditionFault:
    """A condition or derived value that failed at run time: where it is and why, never an answer's value."""

    step: str  # the step (or 'question.field', or derived value) it belongs to
    source: str  # the expression as written in the content
    where: str  # file:line
    reason: str
    held_back: bool = False  # True: the question was not asked; False: it was asked (or the value is nothing)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Any) -> ConditionFault | None:
        """A fault as saved with a session, or None for anything that is not one."""
        if not isinstance(data, Mapping):
            return None
        step, source, where, reason = (data.get(key) for key in ("step", "source", "where", "reason"))
        if not (isinstance(step, str) and isinstance(source, str) and isinstance(where, str)
                and isinstance(reason, str)):
            return None
        return cls(step, source, where, reason, data.get("held_back") is True)

    @property
    def key(self) -> tuple[str, str, str]:
        return self.step, self.source, self.where


FaultSink = Callable[[ConditionFault], None]


def guarded(model: Any) -> bool:
    """Whether a question must not be asked on a guess: sensitive, private, or for the planner alone."""
    return bool(getattr(model, "sensitive", False) or getattr(model, "private", False)
                or getattr(model, "voice", "any") == "planner")


def planner_only(model: Any) -> bool:
    """Whether a question is the planner's own (in the planner's voice, or a planner's or council's decision):
    asked only when a planner takes part."""
    return bool(getattr(model, "planner_only", False) or getattr(model, "voice", "any") == "planner")


def condition_line(flow: Flow, step: StepInfo, condition: Expression) -> str:
    """Where a step's condition is written: its own `when`, else its section's."""
    own = step.model.when == condition.source
    line = step.model.line_of("when") if own else flow.sections[step.section].line_of("when")
    return f"{flow.path}:{line}"


def scope(expression: Expression, context: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """Only the names an expression uses: evaluating never copies the whole flow's answers."""
    found = {name: context[name] for name in expression.analysis.names if name in context}
    found.update(extra)
    return found


def reads(flow: Flow, expressions: Iterable[Expression]) -> tuple[set[str], bool]:
    """The questions expressions read (through derived values too), and whether they read every status."""
    uses: set[str] = set()
    every = False
    todo = list(expressions)
    done: set[str] = set()
    while todo:
        analysis = todo.pop().analysis
        every = every or "status" in analysis.bare
        uses.update(part for name, part in analysis.parts if name == "status")
        for name in analysis.names - done:
            done.add(name)
            if name in flow.derived_exprs:
                todo.append(flow.derived_exprs[name])
            else:
                uses.add(name)
    return uses, every


class FlowIndex:
    """What each step's conditions and each derived value read: worked out once per flow, shared by its walks."""

    built: ClassVar[int] = 0  # how many have been made in this process (tests count them)

    def __init__(self, flow: Flow) -> None:
        FlowIndex.built += 1
        self._reads: dict[str, tuple[set[str], bool]] = {}
        self._flow = weakref.ref(flow)
        self.readers: dict[str, list[int]] = {}  # question id -> steps whose conditions read it, in order
        self.read_all: list[int] = []  # steps whose conditions read every status
        self.derived_uses = {name: reads(flow, [expression]) for name, expression in flow.derived_exprs.items()}
        self.asked_in: list[list[int]] = [[] for _ in flow.sections]  # each section's questions
        self.ends = [0] * len(flow.sections)  # each section's last step
        self.reading: dict[str, set[str]] = {}  # question id -> conditions (by source) that read it
        self.reading_all: set[str] = set()  # conditions that read every status
        self.conditions: set[str] = set()  # every step's conditions (by source)
        for step in flow.steps:
            uses, every = reads(flow, step.conditions)
            if every:
                self.read_all.append(step.index)
            for name in uses:
                self.readers.setdefault(name, []).append(step.index)
            for condition in step.conditions:
                self.conditions.add(condition.source)
                condition_uses, condition_every = self.reads(condition)
                if condition_every:
                    self.reading_all.add(condition.source)
                for name in condition_uses:
                    self.reading.setdefault(name, set()).add(condition.source)
            if step.is_question:
                self.asked_in[step.section].append(step.index)
            self.ends[step.section] = step.index
        self.position = {step.id: step.index for step in flow.steps}
        # The planner's own questions, and every step of a section whose questions are all the planner's (what it
        # says is for the planner too): never shown without a planner (at a kiosk, in self-service), and such a
        # section is not counted in the progress there.
        questions = {step.index for step in flow.steps if step.is_question and planner_only(step.model)}
        self.planner_sections = frozenset(
            number for number in range(len(flow.sections))
            if (asked := [step.index for step in flow.section_steps(number) if step.is_question])
            and all(index in questions for index in asked))
        self.planner_only = frozenset(questions).union(
            step.index for step in flow.steps if step.section in self.planner_sections)
        # Sections as progress counts them ahead of the walk: those with a condition of their own (the first
        # step's first condition is the section's), and how many after each have steps and none.
        self.conditional: list[tuple[int, Expression]] = []
        self.always_after = [0] * (len(flow.sections) + 1)
        for number in range(len(flow.sections) - 1, -1, -1):
            steps = flow.section_steps(number)
            self.always_after[number] = self.always_after[number + 1]
            if steps and flow.sections[number].when:
                self.conditional.append((number, steps[0].conditions[0]))
            elif steps:
                self.always_after[number] += 1
        self.conditional.reverse()

    def reads(self, condition: Expression) -> tuple[set[str], bool]:
        """The questions a condition reads (through derived values too), and whether it reads every status."""
        found = self._reads.get(condition.source)
        if found is None:
            flow = self._flow()
            assert flow is not None  # a walk holds its flow
            found = self._reads[condition.source] = reads(flow, [condition])
        return found


_INDEXES: dict[int, tuple[weakref.ref[Flow], FlowIndex]] = {}


def index_of(flow: Flow) -> FlowIndex:
    """The flow's index, made the first time any walk of it needs one."""
    key = id(flow)
    found = _INDEXES.get(key)
    if found is not None and found[0]() is flow:
        return found[1]
    index = FlowIndex(flow)
    _INDEXES[key] = (weakref.ref(flow, lambda _gone: _INDEXES.pop(key, None)), index)
    return index


class Walk:
    """Relevance of each step, and the names expressions see just before each step."""

    def __init__(self, flow: Flow, council: Mapping[str, Any], lookup: Lookup,
                 on_fault: FaultSink | None = None, *, with_planner: bool = True) -> None:
        self.flow = flow
        self.council = dict(council)
        self.lookup = lookup
        self.on_fault = on_fault
        self.index = index_of(flow)
        # Without a planner (a kiosk, or someone planning on their own) the planner's questions are never asked.
        self._closed = frozenset() if with_planner else self.index.planner_only
        self.closed_sections = frozenset() if with_planner else self.index.planner_sections
        self._faulted: set[str] = set()  # derived values that are nothing because of a fault
        self._relevant: list[bool] = []
        self._context: dict[str, Any] = {"council": self.council,
                                         "status": {step.id: "unanswered" for step in flow.questions()}}
        self._context.update({step.id: None for step in flow.questions()})
        self._dirty: set[str] | None = None  # questions changed since derived values were worked out (None: all)
        self._shown_in = [0] * len(flow.sections)  # relevant steps walked, by section
        # What each condition (by source: a section's condition is every one of its steps') came to, while
        # nothing it reads has changed.
        self._known: dict[str, bool | Failed] = {}
        self._known_before: dict[tuple[str, int], bool | Failed] = {}  # the same, for test_before

    def reset(self, index: int) -> None:
        """Forget what was worked out from step `index` on."""
        for step in self.flow.steps[index:len(self._relevant)]:
            self._shown_in[step.section] -= self._relevant[step.index]
            if self._relevant[step.index] and step.is_question:
                self._drop(step.id)
        del self._relevant[index:]

    def _changed(self, question_id: str) -> None:
        if self._dirty is not None:
            self._dirty.add(question_id)
        for source in self.index.reading.get(question_id, ()):
            self._known.pop(source, None)
        for source in self.index.reading_all:
            self._known.pop(source, None)
        if self._known_before:
            gone = self.index.reading.get(question_id, set()) | self.index.reading_all
            for key in [key for key in self._known_before if key[0] in gone]:
                del self._known_before[key]

    def changed(self, index: int) -> None:
        """The answer to question `index` changed: check again only the conditions that read it.

        When that makes a later step come or go, the conditions that read its answer are checked
        in turn, in the order of the flow, so each sees what a fresh walk would show it.
        """
        if index >= len(self._relevant) or not self._relevant[index]:
            self.reset(index)
            return
        step = self.flow.steps[index]
        self._take(step.id)
        walked = len(self._relevant)
        every = self.index.read_all[bisect_right(self.index.read_all, index):]
        if every and every[0] < walked:  # a condition reading every status: only a walk again is safe
            self.reset(every[0])
            walked = every[0]
        todo = self._later_readers(step.id, index, walked)
        done: set[int] = set()
        while todo:
            at = heapq.heappop(todo)
            if at in done or at >= len(self._relevant):
                continue
            done.add(at)
            later = self.flow.steps[at]
            context = self._with_derived()
            shown = at not in self._closed and all(self._holds(later, c, context) for c in later.conditions)
            if shown == self._relevant[at]:
                continue
            self._relevant[at] = shown
            self._shown_in[later.section] += 1 if shown else -1
            if later.is_question:
                if shown:
                    self._take(later.id)
                else:
                    self._drop(later.id)
                for reader in self._later_readers(later.id, at, len(self._relevant)):
                    heapq.heappush(todo, reader)

    def _later_readers(self, question_id: str, index: int, walked: int) -> list[int]:
        """The walked steps after `index` whose conditions read this question (a heap)."""
        readers = self.index.readers.get(question_id, [])
        return [at for at in readers[bisect_right(readers, index):] if at < walked]

    def relevant(self, index: int) -> bool:
        """Whether step `index` is asked, given the answers before it."""
        while len(self._relevant) <= index:
            step = self.flow.steps[len(self._relevant)]
            context = self._with_derived() if step.conditions else self._context
            shown = step.index not in self._closed and all(self._holds(step, c, context) for c in step.conditions)
            self._relevant.append(shown)
            self._shown_in[step.section] += shown
            if shown and step.is_question:
                self._take(step.id)
        return self._relevant[index]

    def section_shown(self, section: int) -> bool:
        """Whether a section has a relevant step, for a section the walk has passed (see `relevant`)."""
        return self._shown_in[section] > 0

    def sections_shown_before(self, section: int) -> int:
        """How many sections before this one have a relevant step (walked to this section first)."""
        shown = self._shown_in
        return sum(1 for number in range(section) if shown[number])

    def asked_in(self, section: int) -> list[int]:
        """The relevant questions of a section, walked to its end (for counting progress)."""
        self.relevant(self.index.ends[section])
        relevant = self._relevant
        return [at for at in self.index.asked_in[section] if relevant[at]]

    def context_before(self, index: int) -> Mapping[str, Any]:
        """Names for the texts of step `index`: answers to relevant questions before it (read only).

        Answers at or after `index` may be there too, but no expression of that step can read them."""
        if index > 0:
            self.relevant(index - 1)
        return self._with_derived()

    def context_through(self, index: int) -> Mapping[str, Any]:
        """Names for the acknowledgement of step `index`: its own answer included (read only)."""
        self.relevant(index)
        return self._with_derived()

    def full_context(self) -> dict[str, Any]:
        """Names after the whole flow: every relevant answer and every derived value."""
        if self.flow.steps:
            self.relevant(len(self.flow.steps) - 1)
        return dict(self._with_derived())

    def test_before(self, condition: Expression, index: int) -> bool | Failed:
        """A condition's value as a walk that stopped just before step `index` would see it.

        For a condition of a later step (a section not reached yet): answers given at or after
        `index` (after going back, say) are left out, as a walk stopped there would not have them."""
        context = self.context_before(index)
        key = (condition.source, index)
        if condition.source not in self.index.conditions:  # nothing would forget what it came to
            return self._test_before(condition, index, context)
        found = self._known_before.get(key)
        if found is None:
            found = self._known_before[key] = self._test_before(condition, index, context)
        return found

    def _test_before(self, condition: Expression, index: int, context: Mapping[str, Any]) -> bool | Failed:
        uses, every = self.index.reads(condition)
        status = context["status"]
        position = self.index.position
        later = {name for name in uses if name in position and position[name] >= index
                 and (context.get(name) is not None or status.get(name) != "unanswered")}
        if not later and not every:
            return self.test(condition, context)
        masked = dict(context)
        masked["status"] = {name: "unanswered" if name in later or (every and position[name] >= index) else value
                            for name, value in status.items()}
        for name in later:
            masked[name] = None
        gone = {name for name, value in status.items() if value != masked["status"][name]}
        faulted = set(self._faulted)
        for name in self.flow.derived_order:
            derived_uses, derived_every = self.index.derived_uses[name]
            if gone.isdisjoint(derived_uses) and not derived_every:
                continue
            expression = self.flow.derived_exprs[name]
            value = outcome(expression, scope(expression, masked))
            faulted.discard(name)
            if isinstance(value, Failed) or (value is None and expression.analysis.names & faulted):
                faulted.add(name)
            masked[name] = None if isinstance(value, Failed) else value
            gone.add(name)
        return self._test(condition, masked, faulted)

    def _holds(self, step: StepInfo, condition: Expression, context: Mapping[str, Any]) -> bool:
        """Whether a condition lets the step be asked; on a fault, whether the step is asked anyway."""
        result = self.test(condition, context)
        if not isinstance(result, Failed):
            return result
        held = step.is_question and guarded(step.model)
        self._report(ConditionFault(step.id, condition.source, condition_line(self.flow, step, condition),
                                    result.reason, held))
        return not held

    def test(self, condition: Expression, context: Mapping[str, Any], **extra: Any) -> bool | Failed:
        """A condition's value, or `Failed`: a fault, or false only because a value it uses failed."""
        if extra or context is not self._context or condition.source not in self.index.conditions:
            return self._test(condition, context, self._faulted, **extra)
        found = self._known.get(condition.source)
        if found is None:
            found = self._known[condition.source] = self._test(condition, context, self._faulted)
        return found

    @staticmethod
    def _test(condition: Expression, context: Mapping[str, Any], faulted: set[str], **extra: Any) -> bool | Failed:
        value = outcome(condition, scope(condition, context, **extra))
        if isinstance(value, Failed):
            return value
        broken = sorted(condition.analysis.names & faulted)
        if not value and broken:
            return Failed(f"it uses {', '.join(repr(name) for name in broken)}, which could not be worked out")
        return bool(value)

    def _report(self, fault: ConditionFault) -> None:
        if self.on_fault is not None:
            self.on_fault(fault)

    def _take(self, question_id: str) -> None:
        found = self.lookup(question_id)
        status = found[1] if found else "unanswered"
        value = found[0] if found and status == "answered" else None
        if value is not None:
            step = self.flow.by_id[question_id]
            value = step.kind.for_expressions(step.model, value) if step.kind else value
        self._set(question_id, status, value)

    def _drop(self, question_id: str) -> None:
        """A question the walk no longer reaches, or no longer asks: its answer is out of the names."""
        self._set(question_id, "unanswered", None)

    def _set(self, question_id: str, status: str, value: Any) -> None:
        if status != self._context["status"][question_id] or value != self._context[question_id]:
            self._changed(question_id)
        self._context["status"][question_id] = status
        self._context[question_id] = value

    def _with_derived(self) -> dict[str, Any]:
        """The context with derived values worked out again where an answer they read has changed."""
        dirty = self._dirty
        if (dirty is None or dirty) and self.flow.derived_order:
            for name in self.flow.derived_order:
                expression = self.flow.derived_exprs[name]
                if dirty is not None:
                    uses, every = self.index.derived_uses[name]
                    if not every and uses.isdisjoint(dirty):
                        continue
                self._faulted.discard(name)
                value = outcome(expression, scope(expression, self._context))
                if isinstance(value, Failed) or (value is None and expression.analysis.names & self._faulted):
                    self._faulted.add(name)
                if isinstance(value, Failed):
                    line = self.flow.derived[name].line_of("value")
                    self._report(ConditionFault(name, expression.source, f"{self.flow.path}:{line}", value.reason))
                    value = None
                self._context[name] = value
        self._dirty = set()
        return self._context
