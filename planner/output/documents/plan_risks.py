"""Risk enablement in the support plan (issue #15, item 6).

Each risk is kept in the person's own words, with how they feel about it, what was agreed to make it
safer and who does what. Risks the planner noticed, and any safeguarding action, are the planner's own
(questions with `voice: planner`, never asked at a kiosk or in self-service mode), and say who decided
and when. Nothing here is worked out from the person's answers: it is what people said and decided.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


from .facts import Coded, Facts, Quote, as_text

RISKS = "risk.list"
OBSERVED = "risk.observed"


class Risk(BaseModel):
    """One risk, in the words of whoever said it, with the person's own view of it."""

    risk: Quote
    view: str | None = None  # worth_it, make_safer, worried, not_sure (stable values of risk.list's view)
    view_words: str | None = None
    own_words: str | None = None
    agreed: str | None = None  # what was agreed to make it safer
    who_does_what: str | None = None


class ObservedRisk(BaseModel):
    """A risk the planner noticed that the person did not mention: the planner's, never the person's."""

    risk: str
    action: str | None = None  # what care workers should know or do
    talked_about: bool | None = None  # whether the planner has talked about it with the person
    by: str
    role: str


class Safeguarding(BaseModel):
    """The planner's decision about safeguarding action, with who decided and when. The council decides what
    happens next."""

    decision: str  # none_needed, advice_sought, concern_raised, already_known, recorded_elsewhere
    words: str
    what_was_done: str | None = None
    decided_by: str | None = None
    decided_on: dt.date | None = None
    recorded_by: str  # who gave this answer in the conversation (the planner)


class RiskEnablement(BaseModel):
    """Risks the person takes, what was agreed, risks the planner saw, and any safeguarding action."""

    has_risks: Coded
    risks: list[Risk] = Field(default_factory=list)
    observed: list[ObservedRisk] = Field(default_factory=list)
    safeguarding: Safeguarding | None = None


def risk_enablement(facts: Facts) -> RiskEnablement:
    """Build the risk part, read by code, for the plan and the hand-over alike."""
    return RiskEnablement(has_risks=facts.coded("risk.has_risks"), risks=_risks(facts), observed=_observed(facts),
                          safeguarding=_safeguarding(facts))


def _items(facts: Facts, code: str) -> list[dict[str, Any]]:
    return [item for item in facts.value(code) or [] if isinstance(item, dict)]


def _said_by(facts: Facts, code: str) -> tuple[str, str]:
    answer = facts.answer(code)
    if answer is None:
        return facts.tr.gettext("The planner"), "planner"
    participant = facts.who(answer)
    return facts.who_label(participant), participant.role


def _risks(facts: Facts) -> list[Risk]:
    if facts.value("risk.has_risks") != "yes":
        return []
    by, role = _said_by(facts, RISKS)
    found = []
    for item in _items(facts, RISKS):
        words = as_text(item.get("risk"))
        if not words:
            continue
        view = item.get("view") if isinstance(item.get("view"), str) else None
        found.append(Risk(risk=Quote(words=words, by=by, role=role), view=view,
                          view_words=facts.field_words(RISKS, "view", view) or None if view else None,
                          own_words=as_text(item.get("view_words")), agreed=as_text(item.get("agreed")),
                          who_does_what=as_text(item.get("who"))))
    return found


def _observed(facts: Facts) -> list[ObservedRisk]:
    by, role = _said_by(facts, OBSERVED)
    found = []
    for item in _items(facts, OBSERVED):
        words = as_text(item.get("risk"))
        if not words:
            continue
        talked = item.get("talked_about")
        found.append(ObservedRisk(risk=words, action=as_text(item.get("action")),
                                  talked_about=True if talked == "yes" else False if talked == "no" else None,
                                  by=by, role=role))
    return found


def _safeguarding(facts: Facts) -> Safeguarding | None:
    decision = facts.value("risk.safeguarding")
    if not isinstance(decision, str):
        return None
    on = facts.value("risk.safeguarding_on")
    by, _role = _said_by(facts, "risk.safeguarding")
    what = None if decision == "recorded_elsewhere" else facts.text("risk.safeguarding_what")
    return Safeguarding(decision=decision, words=facts.label("risk.safeguarding", decision), what_was_done=what,
                        decided_by=facts.text("risk.safeguarding_by"),
                        decided_on=dt.date.fromisoformat(on) if isinstance(on, str) else None, recorded_by=by)


def next_steps(facts: Facts, r: RiskEnablement) -> list[tuple[str, str, str]]:
    """(who, what, when) for risks still to talk about, for the plan's list of who does what."""
    _ = facts.tr.gettext
    if any(risk.view == "worried" and not risk.agreed for risk in r.risks):
        return [(_("The planner"), _("Talk with me about the risks that worry me, and what would make them safer."),
                 _("Before support starts"))]
    return []
