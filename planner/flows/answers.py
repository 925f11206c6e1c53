"""Answers and the people who give them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from collections.abc import Callable

from planner.i18n.translator import N_

Status = Literal["answered", "not_sure", "rather_not_say", "skipped"]
STATUSES: tuple[Status, ...] = ("answered", "not_sure", "rather_not_say", "skipped")
# What `status.QUESTION` can be in a condition: a saved answer's status, or not answered yet.
CONDITION_STATUSES: tuple[str, ...] = (*STATUSES, "unanswered")
Role = Literal["person", "carer", "planner"]
# Who answers a flow, by the audience its header names (a planner or adviser asks the person).
ROLE_FOR: dict[str, Role] = {"person": "person", "carer": "carer", "adviser": "person", "planner": "person"}
STATUS_WORDS = {"answered": N_("answered"), "not_sure": N_("I'm not sure"), "rather_not_say": N_("I'd rather not say"),
                "skipped": N_("skipped for now")}
ROLE_NAMES = {"person": N_("The person"), "carer": N_("A carer"), "planner": N_("The planner")}


@dataclass(frozen=True)
class Participant:
    """Someone taking part: the person, a carer, or the planner or adviser."""

    id: str
    role: Role
    name: str = ""
    relationship: str = ""

    def label(self, gettext: Callable[[str], str] | None = None) -> str:
        """How to name them on screen: 'Sue (daughter)' (a role in `gettext`'s language when unnamed)."""
        name = self.name or (gettext or str)(ROLE_NAMES[self.role])
        return f"{name} ({self.relationship})" if self.relationship else name

    def as_dict(self) -> dict[str, str]:
        return {"id": self.id, "role": self.role, "name": self.name, "relationship": self.relationship}


@dataclass(frozen=True)
class Answer:
    """One answer to one question by one participant, as committed to the store."""

    question: str
    status: Status
    by: str
    at: str
    value: Any = None
    seq: int = 0

    def same_view(self, other: Answer) -> bool:
        return self.status == other.status and self.value == other.value


@dataclass
class Difference:
    """Participants who answered one question differently."""

    question: str
    answers: list[Answer] = field(default_factory=list)
