"""The hand-over: exact and short, for brokers and agencies who never met the person."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from .base import Context, DifferenceOfView, Document
from .facts import Coded, Facts, Quote
from .person import EmergencyContact, FamilyHelp, Preference, emergency_contacts, family_help, indication, needs, \
    preferences
from .plan_health import Health, build_health
from .plan_needs import BudgetStatement, MeetingNeeds, budget_statement, meeting_needs
from .plan_contingency import IfThingsGoWrong, if_things_go_wrong
from .plan_risks import RiskEnablement, risk_enablement
from .plan_review import NeedsAdvice, PlanOutcomes, ReviewAndVoice, build_advice, build_outcomes, build_review
from .support_plan import Interim, MoneyPlan, PlanDecisions, interim_of, money_plan, plan_decisions

SCHEMA_VERSION: Literal[1] = 1
_VISIT_TIMES = {"morning": "preference.morning_time", "bedtime": "preference.evening_time"}


class Visit(BaseModel):
    when: str
    time: dt.time | None = None
    length: str | None = None


class Person(BaseModel):
    name: str | None = None
    communication: list[str] = Field(default_factory=list)
    language: str | None = None
    how_told: list[str] = Field(default_factory=list)
    decision_help: list[str] = Field(default_factory=list)
    advocate: Coded
    what_matters: Quote | None = None
    routine: Quote | None = None


class HandOver(Document):
    """What a broker or an agency needs to arrange support as the person wants it."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["hand-over"] = "hand-over"
    interim: Interim | None = None
    person: Person
    paid_help: Coded
    visits: list[Visit]
    tasks: list[str]
    preferences: list[Preference]
    two_workers: Coded
    few_agencies: Coded
    agencies_use: Quote | None = None
    agencies_avoid: Quote | None = None
    risks: list[str]
    health: Health
    risk_enablement: RiskEnablement
    needs_vary: bool | None = None
    money: MoneyPlan
    meeting_needs: MeetingNeeds  # Care Act s.25(1)(a)-(c), s.25(2)
    personal_budget: BudgetStatement  # Care Act s.26
    family: list[FamilyHelp]
    emergency_contacts: list[EmergencyContact]
    backup: Quote | None = None
    if_no_one_comes: list[str]
    if_things_go_wrong: IfThingsGoWrong  # the plan's own contingency part; backup and if_no_one_comes kept above
    differences: list[DifferenceOfView]
    outcomes: PlanOutcomes
    review_and_voice: ReviewAndVoice
    advice: NeedsAdvice
    decisions: PlanDecisions


def build_handover(context: Context) -> HandOver:
    facts = context.facts
    name = context.name or context.tr.gettext("the person")
    money = money_plan(context)
    review = build_review(context)
    return HandOver(
        about=context.about("hand-over", context.tr.gettext("Hand-over for the broker and care agency")),
        still_to_ask=context.still_to_ask(), interim=interim_of(facts),
        person=Person(name=context.name or None, communication=facts.labels("person.communication"),
                      language=facts.text("person.language"), how_told=facts.labels("person.how_told"),
                      decision_help=facts.labels("person.decision_help"), advocate=facts.coded("person.advocate"),
                      what_matters=facts.quote("about.what_matters"), routine=facts.quote("about.routine")),
        paid_help=facts.coded("preference.paid_help"), visits=_visits(facts), tasks=_tasks(facts, name),
        preferences=preferences(facts), two_workers=facts.coded("preference.two_workers"),
        few_agencies=facts.coded("situation.rural"), agencies_use=facts.quote("preference.agencies_use"),
        agencies_avoid=facts.quote("preference.agencies_avoid"), risks=_risks(facts, name),
        health=build_health(context),
        risk_enablement=risk_enablement(facts),
        needs_vary=facts.yes_no("adult.needs_vary"),
        money=money, meeting_needs=meeting_needs(facts, needs(facts, indication(facts))),
        personal_budget=budget_statement(facts, money.amount, money.costing), family=family_help(facts),
        emergency_contacts=emergency_contacts(facts),
        backup=facts.quote("contingency.backup"), if_no_one_comes=facts.labels("contingency.no_show"),
        if_things_go_wrong=if_things_go_wrong(context), differences=context.differences(),
        outcomes=build_outcomes(context, review), review_and_voice=review, advice=build_advice(context),
        decisions=plan_decisions(context))


def _visits(facts: Facts) -> list[Visit]:
    length = facts.words("preference.visit_length") or None
    visits = []
    for value in facts.chosen("preference.visit_times"):
        code = _VISIT_TIMES.get(value)
        time = facts.value(code) if code else None
        visits.append(Visit(when=facts.label("preference.visit_times", value),
                            time=dt.time.fromisoformat(time) if isinstance(time, str) else None, length=length))
    return visits


def _tasks(facts: Facts, name: str) -> list[str]:
    """Tasks written as choices: offer, ask, let them choose."""
    _ = facts.tr.gettext
    tasks = []
    for value, label in zip(facts.chosen("preference.everyday_choices"), facts.labels("preference.everyday_choices"),
                            strict=True):
        lower = label[0].lower() + label[1:]
        offer = _english_label(facts, "preference.everyday_choices", value).lower().startswith("a choice")
        tasks.append(_("Offer {choice}.", choice=lower) if offer else _("Let {name} choose {choice}.", name=name,
                                                                          choice=lower))
    if facts.chosen("preference.everyday_choices") == [] and facts.value("preference.everyday_choices") == ["none"]:
        tasks.append(_("Keep to {name}'s set routine. {Name} would rather not be asked each time.", name=name,
                       Name=_cap(name)))
    for need in needs(facts, indication(facts)):
        if need.result != "achieved":
            tasks.append(_("{need}: offer help, and ask {name} how they would like it done.", need=need.name,
                           name=name))
    return tasks


def _risks(facts: Facts, name: str) -> list[str]:
    _ = facts.tr.gettext
    risks = []
    for finding in indication(facts).outcomes:
        if "risk" in finding.limbs:
            risks.append(_("{need}: doing this alone could put {name}, or someone else, at risk.", need=finding.name,
                           name=name))
    if facts.is_yes("preference.two_workers"):
        risks.append(_("Two care workers are needed at each visit, for example to use a hoist."))
    if facts.value("adult.needs_vary") == "yes":
        risks.append(_("{Name} has good days and bad days. Needs can be greater on a bad day.", Name=_cap(name)))
    return risks


def _english_label(facts: Facts, code: str, value: str) -> str:
    """A choice's English words, for rules that read them (translations say the same thing)."""
    name = facts.codes.get(code)
    if name is None:
        return ""
    model = facts.flow.question(name)
    return next((c.label for c in getattr(model, "choices", []) if c.value == value), "")


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
