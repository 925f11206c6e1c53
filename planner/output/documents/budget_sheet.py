"""The budget sheet: one page for the drop-in. What you know, what you don't, the options, what to ask."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel

from planner.i18n.translator import N_

from .base import Context, Document
from .facts import Coded, Facts, Quote
from .money import Amount, amount_from
from .support_plan import CouncilRules, council_rules

SCHEMA_VERSION: Literal[1] = 1
HOLDING_CHOICES = ["direct_payment", "direct_payment_managed", "council_managed", "individual_service_fund", "mix"]
_KNOWN = [("budget.stage", N_("Where you are with the council")), ("budget.amount", N_("Your budget")),
          ("budget.status", N_("Estimate or agreed")), ("budget.holding", N_("How it is held")),
          ("budget.manager", N_("Who looks after the money")),
          ("budget.contribution", N_("What you pay towards your care")),
          ("budget.contribution_amount", N_("How much you pay")), ("budget.review_date", N_("Your next review"))]
# The same words as the budget-check flow's own questions (its budget_questions choices), so none is listed twice.
ASK = {"assessment": N_("Can I have an assessment?"), "amount": N_("How much is my budget?"),
       "period": N_("Is it for a week, a month or a year?"), "agreed": N_("Is the amount a first guess, or agreed?"),
       "how_held": N_("How is my money held, and who manages it?"),
       "contribution": N_("Do I pay a contribution, and how was it worked out?"),
       "review": N_("When is my next review?")}


class Known(BaseModel):
    topic: str
    words: str


class Option(BaseModel):
    """One way to hold a budget; the sheet explains them all, the same way, and picks none."""

    value: str
    name: str
    interested: bool


class BudgetSheet(Document):
    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["budget-sheet"] = "budget-sheet"
    name: str | None = None
    stage: Coded
    amount: Amount | None = None
    amount_status: Coded
    known: list[Known]
    not_known: list[str]
    options: list[Option]
    knows_can_pay_for: Coded
    rules: CouncilRules
    unpaid_carer: bool
    review_date: dt.date | None = None
    first_review_after_weeks: int = 6
    then_review_every_months: int = 12
    questions: list[str]
    own_questions: Quote | None = None


def build_budget_sheet(context: Context) -> BudgetSheet:
    facts = context.facts
    council = context.council
    rules = council_rules(council)
    known, not_known = _known(facts)
    review = facts.value("budget.review_date")
    interest = set(facts.chosen("budget.options_interest"))
    options = [Option(value=v, name=facts.label("budget.options_interest", v), interested=v in interest)
               for v in HOLDING_CHOICES]
    return BudgetSheet(
        about=context.about("budget-sheet", context.tr.gettext("Your personal budget: what you know")),
        still_to_ask=context.still_to_ask(),
        name=context.name or None, stage=facts.coded("budget.stage"), amount=amount_from(facts.value("budget.amount")),
        amount_status=facts.coded("budget.status"), known=known, not_known=not_known, options=options,
        knows_can_pay_for=facts.coded("budget.knows_can_pay_for"), rules=rules,
        unpaid_carer=facts.is_yes("budget.unpaid_carer"),
        review_date=dt.date.fromisoformat(review) if isinstance(review, str) else None,
        first_review_after_weeks=council.review.first_after_weeks if council else 6,
        then_review_every_months=council.review.then_every_months if council else 12,
        questions=_questions(facts), own_questions=facts.quote("budget.own_questions"))


def _known(facts: Facts) -> tuple[list[Known], list[str]]:
    known, not_known = [], []
    for code, topic in _KNOWN:
        status = facts.status(code)
        if status == "answered":
            known.append(Known(topic=facts.tr.gettext(topic), words=facts.words(code)))
        elif status in ("not_sure", "rather_not_say", "skipped", "unanswered"):
            not_known.append(facts.tr.gettext(topic))
    return known, not_known


def _questions(facts: Facts) -> list[str]:
    """Questions for the council: from what is not known, then the ones they chose, each once."""
    stage = facts.value("budget.stage")
    has_budget = stage in ("have_budget", "reviewing")
    asks = []
    if stage == "not_assessed":
        asks.append(ASK["assessment"])
    elif facts.status("budget.amount") != "answered":
        asks += [ASK["amount"], ASK["period"]]
    elif facts.status("budget.status") != "answered":
        asks.append(ASK["agreed"])
    if has_budget and (facts.status("budget.holding") != "answered" or facts.status("budget.manager") != "answered"):
        asks.append(ASK["how_held"])
    if facts.status("budget.contribution") != "answered" or facts.value("budget.contribution") in ("waiting",
                                                                                                 "not_assessed"):
        asks.append(ASK["contribution"])
    if has_budget and facts.status("budget.review_date") != "answered":
        asks.append(ASK["review"])
    asks = [facts.tr.gettext(ask) for ask in asks] + facts.labels("budget.questions")
    return list(dict.fromkeys(asks))
