"""Needs mapped to support (Care Act s.25(1)(a)-(c), s.25(2)) and the personal budget as s.26 sets it out.

Which need each piece of support meets is what was said about that support. Which needs the
council will not meet is the council's decision, as the planner recorded it, with who decided
and when: nothing here works it out from the person's answers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, Field

from planner.i18n.translator import N_
from planner.output.eligibility import ADULT_OUTCOMES
from planner.text import clean_text

from .facts import Coded, Facts, as_date
from .money import Amount, Costing, amount_from
from .person import Need

OTHER = "other"
OTHER_NEED = N_("Something else")
DIRECT_PAYMENT = ("direct_payment", "direct_payment_managed", "mix")
DecisionStatus = Literal["meets_all", "some_not_met", "not_decided", "not_recorded"]
NeedStatus = Literal["met_by_support", "not_met_by_council", "not_matched_yet"]


class NeedRef(BaseModel):
    """A need by its stable code (a reg 2 outcome, A1 to A10, or `other`) and its name."""

    code: str
    name: str


class SupportForNeeds(BaseModel):
    """One piece of support and the needs it meets."""

    what: str
    provider: str | None = None
    meets: list[NeedRef] = Field(default_factory=list)
    for_carer: bool = False
    free: bool = False  # not paid from the budget, so never part of a direct payment


class NeedAndSupport(BaseModel):
    """One need found, and how it will be met: by support, not by the council (its decision), or not matched yet."""

    code: str
    name: str
    status: NeedStatus
    support: list[str] = Field(default_factory=list)
    by_direct_payment: bool = False


class NotMet(BaseModel):
    """A need the council will not meet: the council's decision, as the planner recorded it."""

    code: str
    name: str
    reason: str  # carer_meets / not_eligible / person_declined / other_service / other
    reason_words: str
    why: str
    decided_by: str | None = None
    decided_on: dt.date | None = None


class CouncilDecision(BaseModel):
    """The council's decision on needs it will not meet. Recorded by the planner; the council decides."""

    status: DecisionStatus
    recorded_by: str | None = None
    not_met: list[NotMet] = Field(default_factory=list)


class DirectPayment(BaseModel):
    """Care Act s.25(2): the needs a direct payment meets, and its amount and how often it is paid."""

    whole_budget: bool
    amount: Amount | None = None
    frequency: Coded
    needs: list[NeedRef] = Field(default_factory=list)
    needs_from: Literal["support", "asked"]


class MeetingNeeds(BaseModel):
    """Each need and the support that meets it; the needs the council will not meet; the direct payment."""

    needs: list[NeedAndSupport] = Field(default_factory=list)
    support: list[SupportForNeeds] = Field(default_factory=list)
    decision: CouncilDecision
    direct_payment: DirectPayment | None = None


class BudgetStatement(BaseModel):
    """The personal budget as s.26 sets it out: the cost of meeting the needs, what the person pays, the rest."""

    cost: Amount | None = None  # the personal budget the council gave: the cost of meeting the needs
    cost_status: Literal["agreed", "estimate", "not_confirmed", "not_known"]
    support_costed_weekly: Decimal | None = None  # what the support in this plan adds up to, as costed here
    contribution: Literal["amount", "nothing", "not_yet_known"]
    contribution_amount: Amount | None = None
    council_weekly: Decimal | None = None
    council_yearly: Decimal | None = None
    approximate: bool = False


def need_name(facts: Facts, code: str) -> str:
    """A need's plain name in the session's language."""
    return facts.tr.gettext(ADULT_OUTCOMES.get(code, OTHER_NEED))


def _refs(facts: Facts, codes: Any) -> list[NeedRef]:
    if not isinstance(codes, list):
        return []
    order = [*ADULT_OUTCOMES, OTHER]
    found = sorted({str(c) for c in codes if str(c) in order}, key=order.index)
    return [NeedRef(code=code, name=need_name(facts, code)) for code in found]


def _support(facts: Facts) -> list[SupportForNeeds]:
    code = "budget.support_items"
    found = []
    for item in facts.value(code) or []:
        if not isinstance(item, dict):
            continue
        what = clean_text(str(item.get("what") or "")) or facts.tr.gettext("Support not described yet")
        provider = facts.field_words(code, "provider_type", item.get("provider_type")) or None
        found.append(SupportForNeeds(what=what, provider=provider, meets=_refs(facts, item.get("needs_met")),
                                     for_carer=item.get("for_whom") == "carer", free=item.get("cost_type") == "free"))
    return found


def council_decision(facts: Facts) -> CouncilDecision:
    """What the planner recorded of the council's decision; `not_recorded` when nothing was."""
    value = facts.value("needs.council_decision")
    status: DecisionStatus = value if value in ("meets_all", "some_not_met", "not_decided") else "not_recorded"
    answer = facts.answer("needs.council_decision")
    recorded_by = facts.who_label(facts.who(answer)) if answer is not None and status != "not_recorded" else None
    code = "needs.not_met"
    not_met = []
    for item in facts.value(code) or [] if status == "some_not_met" else []:
        if not isinstance(item, dict):
            continue
        need = str(item.get("need") or OTHER)
        not_met.append(NotMet(code=need, name=need_name(facts, need), reason=str(item.get("reason") or OTHER),
                              reason_words=facts.field_words(code, "reason", item.get("reason")),
                              why=clean_text(str(item.get("reason_words") or ""), multiline=True),
                              decided_by=clean_text(str(item["decided_by"])) if item.get("decided_by") else None,
                              decided_on=as_date(item.get("decided_on"))))
    return CouncilDecision(status=status, recorded_by=recorded_by, not_met=not_met)


def direct_payment(facts: Facts, support: list[SupportForNeeds]) -> DirectPayment | None:
    """The direct payment, when some or all of the budget is paid that way."""
    holding = facts.value("budget.holding")
    if holding not in DIRECT_PAYMENT:
        return None
    whole = holding != "mix"
    needs = (_refs(facts, [n.code for s in support if not (s.for_carer or s.free) for n in s.meets]) if whole
             else _refs(facts, facts.value("budget.direct_payment.needs")))
    return DirectPayment(whole_budget=whole, amount=amount_from(facts.value("budget.direct_payment.amount")),
                         frequency=facts.coded("budget.direct_payment.frequency"), needs=needs,
                         needs_from="support" if whole else "asked")


def meeting_needs(facts: Facts, found: list[Need]) -> MeetingNeeds:
    """Each need found and how it is met, the council's decision on any it will not meet, and the direct payment."""
    support = _support(facts)
    decision = council_decision(facts)
    payment = direct_payment(facts, support)
    paid = {n.code for n in payment.needs} if payment else set()
    codes = [n.code for n in found if n.result not in ("achieved", "not_applicable")]
    for code in [n.code for s in support for n in s.meets] + [n.code for n in decision.not_met]:
        if code not in codes:
            codes.append(code)
    refused = {n.code for n in decision.not_met}
    needs = []
    for code in codes:
        meeting = [s.what for s in support if not s.for_carer and code in {n.code for n in s.meets}]
        status: NeedStatus = ("not_met_by_council" if code in refused else
                              "met_by_support" if meeting else "not_matched_yet")
        needs.append(NeedAndSupport(code=code, name=need_name(facts, code), status=status, support=meeting,
                                    by_direct_payment=code in paid))
    return MeetingNeeds(needs=needs, support=support, decision=decision, direct_payment=payment)


def budget_statement(facts: Facts, amount: Amount | None, costing: Costing) -> BudgetStatement:
    """The s.26 statement: the council's own figures where they are known, "not yet known" where they are not."""
    status = facts.value("budget.status")
    cost_status: Literal["agreed", "estimate", "not_confirmed", "not_known"] = (
        "not_known" if amount is None else "agreed" if status == "agreed" else "estimate" if status == "estimate"
        else "not_confirmed")
    contribution = facts.value("budget.contribution")
    paid = amount_from(facts.value("budget.contribution_amount"))
    kind: Literal["amount", "nothing", "not_yet_known"] = (
        "nothing" if contribution == "no" else "amount" if contribution == "yes" and paid is not None
        else "not_yet_known")
    statement = BudgetStatement(cost=amount, cost_status=cost_status,
                                support_costed_weekly=costing.total_weekly if costing.lines else None,
                                contribution=kind, contribution_amount=paid if kind == "amount" else None,
                                approximate=bool((amount and amount.approximate) or (paid and paid.approximate)))
    weekly = Decimal(0) if kind == "nothing" else paid.weekly if paid is not None else None
    yearly = Decimal(0) if kind == "nothing" else paid.yearly if paid is not None else None
    if amount is not None and None not in (amount.weekly, amount.yearly, weekly, yearly):
        statement.council_weekly = max(Decimal(amount.weekly or 0) - Decimal(weekly or 0), Decimal(0))
        statement.council_yearly = max(Decimal(amount.yearly or 0) - Decimal(yearly or 0), Decimal(0))
    return statement
