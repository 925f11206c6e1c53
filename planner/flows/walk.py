"""Which steps are relevant, worked out by one forward pass and cached as it goes.

A step's conditions see only the answers given to earlier relevant questions, so the
pass can stop anywhere and carry on later. Changing an answer forgets the pass from
that step on; answering at the end of the conversation costs only the next step.

A condition that fails with every answer it uses given is a fault, never a quiet "no": an
ordinary step is shown anyway, a sensitive, private or planner-only question is held back,
and either way the walk reports a `ConditionFault`.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import asdict, dataclass
from typing import Any
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


class Walk:
    """Relevance of each step, and the names expressions see just before each step."""

    def __init__(self, flow: Flow, council: Mapping[str, Any], lookup: Lookup,
                 on_fault: FaultSink | None = None) -> None:
        self.flow = flow
        self.council = dict(council)
        self.lookup = lookup
        self.on_fault = on_fault
        self._faulted: set[str] = set()  # derived values that are nothing because of a fault
        self._relevant: list[bool] = []
        self._context: dict[str, Any] = {"council": self.council,
                                         "status": {step.id: "unanswered" for step in flow.questions()}}
        self._context.update({step.id: None for step in flow.questions()})
        self._dirty: set[str] | None = None  # questions changed since derived values were worked out (None: all)
        self._derived_uses: dict[str, tuple[set[str], bool]] = {}
        # Walked relevant questions that have an answer, in order: only these make the context
        # after a step differ from the context before it.
        self._given: list[int] = []
        self._shown_in = [0] * len(flow.sections)  # relevant steps walked, by section
        self._readers: dict[str, list[int]] | None = None  # question id -> steps whose conditions use it
        self._read_all: list[int] = []  # steps whose conditions use every status

    def reset(self, index: int) -> None:
        """Forget what was worked out from step `index` on (an answer there changed)."""
        for step in self.flow.steps[index:len(self._relevant)]:
            self._shown_in[step.section] -= self._relevant[step.index]
            if self._relevant[step.index] and step.is_question:
                if self._context[step.id] is not None or self._context["status"][step.id] != "unanswered":
                    self._changed(step.id)
                self._context[step.id] = None
                self._context["status"][step.id] = "unanswered"
        del self._relevant[index:]
        del self._given[bisect_right(self._given, index - 1):]

    def _changed(self, question_id: str) -> None:
        if self._dirty is not None:
            self._dirty.add(question_id)

    def changed(self, index: int) -> None:
        """The answer to question `index` changed: forget only what depends on it.

        Steps after it whose conditions never use it keep their relevance, so answering costs
        the steps that read the answer, not the rest of the flow.
        """
        if index >= len(self._relevant) or not self._relevant[index]:
            self.reset(index)
            return
        step = self.flow.steps[index]
        position = bisect_right(self._given, index - 1)
        if position < len(self._given) and self._given[position] == index:
            del self._given[position]
        self._take(step.id)
        readers = self._readers_of(step.id)
        later = [found[bisect_right(found, index)] for found in (readers, self._read_all)
                 if bisect_right(found, index) < len(found)]
        if later:
            self.reset(min(later))

    def _readers_of(self, question_id: str) -> list[int]:
        if self._readers is None:
            self._readers = {}
            for step in self.flow.steps:
                uses, every = self._uses(step)
                if every:
                    self._read_all.append(step.index)
                for name in uses:
                    self._readers.setdefault(name, []).append(step.index)
        return self._readers.get(question_id, [])

    def _uses(self, step: StepInfo) -> tuple[set[str], bool]:
        """The questions a step's conditions read (through derived values too), and whether they read every status."""
        return self._reads(step.conditions)

    def _reads(self, expressions: Iterable[Expression]) -> tuple[set[str], bool]:
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
                if name in self.flow.derived_exprs:
                    todo.append(self.flow.derived_exprs[name])
                else:
                    uses.add(name)
        return uses, every

    def relevant(self, index: int) -> bool:
        """Whether step `index` is asked, given the answers before it."""
        while len(self._relevant) <= index:
            step = self.flow.steps[len(self._relevant)]
            context = self._with_derived() if step.conditions else self._context
            shown = all(self._holds(step, c, context) for c in step.conditions)
            self._relevant.append(shown)
            self._shown_in[step.section] += shown
            if shown and step.is_question:
                self._take(step.id)
        return self._relevant[index]

    def section_shown(self, section: int) -> bool:
        """Whether a section has a relevant step, for a section the walk has passed (see `relevant`)."""
        return self._shown_in[section] > 0

    def context_before(self, index: int) -> Mapping[str, Any]:
        """Names for the texts of step `index`: answers to relevant questions before it (read only)."""
        if index < len(self._relevant) and self._given and self._given[-1] >= index:
            self.reset(index)
        if index > 0:
            self.relevant(index - 1)
        return self._with_derived()

    def context_through(self, index: int) -> Mapping[str, Any]:
        """Names for the acknowledgement of step `index`: its own answer included (read only)."""
        if index < len(self._relevant) - 1 and self._given and self._given[-1] > index:
            self.reset(index + 1)
        self.relevant(index)
        return self._with_derived()

    def full_context(self) -> dict[str, Any]:
        """Names after the whole flow: every relevant answer and every derived value."""
        if self.flow.steps:
            self.relevant(len(self.flow.steps) - 1)
        return dict(self._with_derived())

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
        value = outcome(condition, scope(condition, context, **extra))
        if isinstance(value, Failed):
            return value
        broken = sorted(condition.analysis.names & self._faulted)
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
        if status != "unanswered":
            insort(self._given, self.flow.by_id[question_id].index)
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
                    if name not in self._derived_uses:
                        self._derived_uses[name] = self._reads([expression])
                    uses, every = self._derived_uses[name]
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
