"""The names that expressions see: answers, statuses, derived values and the council."""

from __future__ import annotations

from typing import Any
from collections.abc import Mapping

from .expressions import evaluate
from .flow import Flow


def expression_context(flow: Flow, values: Mapping[str, Any], statuses: Mapping[str, str],
                       council: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Build the context for conditions and quoted text.

    Args:
        flow: the flow the answers belong to.
        values: question id -> stored value, for answered questions that are still relevant.
        statuses: question id -> status (answered, not_sure, rather_not_say, skipped).
        council: the council's settings as plain data.
    """
    context: dict[str, Any] = {"council": dict(council or {})}
    for step in flow.questions():
        value = values.get(step.id)
        if value is not None and step.kind is not None:
            value = step.kind.for_expressions(step.model, value)
        context[step.id] = value
    context["status"] = {step.id: statuses.get(step.id, "unanswered") for step in flow.questions()}
    for name in flow.derived_order:
        context[name] = evaluate(flow.derived_exprs[name], context)
    return context

