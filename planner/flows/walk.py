"""Which steps are relevant, worked out by one forward pass and cached as it goes.

A step's conditions see only the answers given to earlier relevant questions, so the
pass can stop anywhere and carry on later. Changing an answer forgets the pass from
that step on; answering at the end of the conversation costs only the next step.
"""

from __future__ import annotations

from typing import Any
from collections.abc import Callable, Mapping

from .expressions import Expression, evaluate, holds
from .flow import Flow

# question id -> (value, status) of the answer that counts, or None
Lookup = Callable[[str], "tuple[Any, str] | None"]


def scope(expression: Expression, context: Mapping[str, Any], **extra: Any) -> dict[str, Any]:
    """Only the names an expression uses: evaluating never copies the whole flow's answers."""
    found = {name: context[name] for name in expression.analysis.names if name in context}
    found.update(extra)
    return found


class Walk:
    """Relevance of each step, and the names expressions see just before each step."""

    def __init__(self, flow: Flow, council: Mapping[str, Any], lookup: Lookup) -> None:
        self.flow = flow
        self.council = dict(council)
        self.lookup = lookup
        self._relevant: list[bool] = []
        self._context: dict[str, Any] = {"council": self.council,
                                         "status": {step.id: "unanswered" for step in flow.questions()}}
        self._context.update({step.id: None for step in flow.questions()})
        self._derived_stale = True

    def reset(self, index: int) -> None:
        """Forget what was worked out from step `index` on (an answer there changed)."""
        for step in self.flow.steps[index:len(self._relevant)]:
            if self._relevant[step.index] and step.is_question:
                self._context[step.id] = None
                self._context["status"][step.id] = "unanswered"
        del self._relevant[index:]
        self._derived_stale = True

    def relevant(self, index: int) -> bool:
        """Whether step `index` is asked, given the answers before it."""
        while len(self._relevant) <= index:
            step = self.flow.steps[len(self._relevant)]
            context = self._with_derived() if step.conditions else self._context
            shown = all(holds(c, scope(c, context)) for c in step.conditions)
            self._relevant.append(shown)
            if shown and step.is_question:
                self._take(step.id)
        return self._relevant[index]

    def context_before(self, index: int) -> Mapping[str, Any]:
        """Names for the texts of step `index`: answers to relevant questions before it (read only)."""
        if index < len(self._relevant):
            self.reset(index)
        if index > 0:
            self.relevant(index - 1)
        return self._with_derived()

    def context_through(self, index: int) -> Mapping[str, Any]:
        """Names for the acknowledgement of step `index`: its own answer included (read only)."""
        if index < len(self._relevant) - 1:
            self.reset(index + 1)
        self.relevant(index)
        return self._with_derived()

    def full_context(self) -> dict[str, Any]:
        """Names after the whole flow: every relevant answer and every derived value."""
        if self.flow.steps:
            self.relevant(len(self.flow.steps) - 1)
        return dict(self._with_derived())

    def _take(self, question_id: str) -> None:
        found = self.lookup(question_id)
        status = found[1] if found else "unanswered"
        self._context["status"][question_id] = status
        value = found[0] if found and status == "answered" else None
        if value is not None:
            step = self.flow.by_id[question_id]
            value = step.kind.for_expressions(step.model, value) if step.kind else value
        self._context[question_id] = value
        self._derived_stale = True

    def _with_derived(self) -> dict[str, Any]:
        if self._derived_stale and self.flow.derived_order:
            for name in self.flow.derived_order:
                expression = self.flow.derived_exprs[name]
                self._context[name] = evaluate(expression, scope(expression, self._context))
        self._derived_stale = False
        return self._context
