"""Message contexts (msgctxt) for content, shared by the extractor and the engine.

The same English words can need different translations in two places, so every
content text carries a context saying exactly where it is:

    support-plan:flow:title
    support-plan:section:money:intro
    support-plan:q:budget_amount:prompt
    support-plan:q:living:choices:together:label
    support-plan:q:helpers:field:name:prompt
    budget-check:derived:to_ask_list:value
    glossary:direct payment:explanation
    council:example:urgent_contact.label
"""

from __future__ import annotations

HEADER_TEXTS = ("title", "summary", "intro")  # a flow's header and each section
TEXT_KEYS = ("prompt", "hint", "why", "ack", "text")
LABEL_KEYS = ("yes_label", "no_label", "none_option", "placeholder", "unit", "item_name")  # shown as written
CHOICE_LISTS = ("choices", "points", "rows", "scale")
CHOICE_PARTS = ("label", "hint")
COUNCIL_TEXTS = ("name", "contact.hours", "contact.address", "urgent_contact.label", "urgent_contact.hours",
                 "reablement.covers", "review.done_by", "direct_payment_monitoring.team", "complaints.address",
                 "complaints.reply_within")
COUNCIL_LISTS = ("budget_can_pay_for", "budget_cannot_pay_for", "direct_payment_monitoring.what_is_checked")


def flow_key(flow: str, key: str) -> str:
    return f"{flow}:flow:{key}"


def section_key(flow: str, section: str, key: str) -> str:
    return f"{flow}:section:{section}:{key}"


def step_prefix(flow: str, step: str, field: str | None = None) -> str:
    """Where a step (or one field of a list question) keeps its texts."""
    return f"{flow}:q:{step}" + (f":field:{field}" if field else "")


def step_key(flow: str, step: str, key: str, field: str | None = None) -> str:
    return f"{step_prefix(flow, step, field)}:{key}"


def choice_key(prefix: str, kind: str, value: str, part: str = "label") -> str:
    return f"{prefix}:{kind}:{value}:{part}"


def derived_key(flow: str, derived: str) -> str:
    return f"{flow}:derived:{derived}:value"


def glossary_key(term: str, key: str) -> str:
    return f"glossary:{term}:{key}"


def council_key(council: str, path: str) -> str:
    return f"council:{council}:{path}"


def is_content(context: str | None) -> bool:
    """Whether a message context belongs to content (rather than the interface)."""
    if not context:
        return False
    return (any(part in context for part in (":flow:", ":section:", ":q:", ":derived:"))
            or context.startswith(("glossary:", "council:")))
