"""The support plan: the person's own plan, in plain words, built from a support-plan session."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from planner.flows.model import Council
from planner.i18n.translator import N_
from planner.text import clean_text
from planner.output.eligibility import Indication

from .base import Context, DifferenceOfView, Document
from .facts import Coded, Facts, Quote, and_list
from .money import Amount, Costing, amount_from, costing
from . import plan_contingency, plan_risks
from .plan_contingency import IfThingsGoWrong, if_things_go_wrong
from .plan_decisions import Advocacy, Capacity, SignOff, Voice, advocacy, capacity, planner_label, sign_off, voice
from .plan_health import Health, build_health
from .plan_needs import BudgetStatement, MeetingNeeds, budget_statement, meeting_needs
from .plan_review import NeedsAdvice, PlanOutcomes, ReviewAndVoice, build_advice, build_outcomes, build_review
from .plan_risks import RiskEnablement, risk_enablement
from .person import (LIFE_AREAS, FamilyHelp, LinkedCarer, Need, Preference, family_help, indication, needs,
                     preferences, said_something)

SCHEMA_VERSION: Literal[1] = 1
ASK = {
    "amount": N_("How much is my personal budget?"), "period": N_("Is it for a week, a month or a year?"),
    "agreed": N_("Is the amount an estimate, or has it been agreed?"), "when": N_("When will the amount be agreed?"),
    "ways": N_("What are the ways my budget can be held? Please explain each one."),
    "who_else": N_("Who else could look after the money, such as a managed account?"),
    "contribution": N_("Do I pay a contribution, and how much is it?"),
    "over": N_("My support costs more than my budget. Can the budget change, or how can we make it fit?"),
    "no_price": N_("What do the pieces of support without a price cost?"),
}


class Interim(BaseModel):
    """A short plan made when now was not a good time, with the date for the full plan."""

    why: str
    replan_date: dt.date | None = None


class LifeArea(BaseModel):
    area: str
    wish: Literal["keep", "change", "not_important", "not_sure"] | str
    words: str


class AboutMe(BaseModel):
    name: str | None = None
    what_matters: Quote | None = None
    good_day: Quote | None = None
    bad_day: Quote | None = None
    routine: Quote | None = None
    keep: Quote | None = None
    change: Quote | None = None
    life_areas: list[LifeArea] = Field(default_factory=list)


class DayToDay(BaseModel):
    needs_vary: bool | None = None
    needs: list[Need] = Field(default_factory=list)
    indication: Indication
    planner_notes: list[Quote] = Field(default_factory=list)


class Community(BaseModel):
    company: str | None = None
    going_out: str | None = None
    enjoys: Quote | None = None
    goes_to: list[str] = Field(default_factory=list)
    ideas: list[str] = Field(default_factory=list)
    keep_as_is: bool = False


class Rate(BaseModel):
    service: str
    amount: Decimal
    per: str


class CouncilRules(BaseModel):
    can_pay_for: list[str] = Field(default_factory=list)
    cannot_pay_for: list[str] = Field(default_factory=list)
    rates: list[Rate] = Field(default_factory=list)
    save_cancelled_visits: bool = False
    time_banking: bool = False


class MoneyPlan(BaseModel):
    """The budget: amount, estimate or agreed, weekly and yearly, who holds it and how, and the costing."""

    knows_amount: Coded
    amount: Amount | None = None
    amount_status: Coded
    amount_unknown: bool
    holding: Coded
    manager: Coded
    manager_agreed: Coded
    contribution: Coded
    contribution_amount: Amount | None = None
    costing: Costing
    carer_support: Coded
    questions_for_council: list[str] = Field(default_factory=list)
    own_questions: Quote | None = None
    rules: CouncilRules = Field(default_factory=CouncilRules)


class InCharge(BaseModel):
    decision_help: list[str] = Field(default_factory=list)
    how_told: list[str] = Field(default_factory=list)
    own_words: Quote | None = None
    advocate: Coded
    communication: list[str] = Field(default_factory=list)
    language: str | None = None


class Action(BaseModel):
    who: str
    what: str
    when: str | None = None
    date: dt.date | None = None


class Review(BaseModel):
    first_after_weeks: int
    then_every_months: int
    first_review_around: dt.date | None = None
    sooner: bool = False
    triggers: list[str] = Field(default_factory=list)


class HelpIWillGet(BaseModel):
    has_family_help: Coded
    family: list[FamilyHelp] = Field(default_factory=list)
    community: Community
    paid_help: Coded
    carer_assessment_offer: Coded
    linked_carers: list[LinkedCarer] = Field(default_factory=list)


class SupportPlan(Document):
    """The person's support plan (Care Act s.25; In Control's seven questions)."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["support-plan"] = "support-plan"
    urgent: bool = False
    interim: Interim | None = None
    about_me: AboutMe
    day_to_day: DayToDay
    health: Health
    help: HelpIWillGet
    preferences: list[Preference]
    money: MoneyPlan
    meeting_needs: MeetingNeeds  # Care Act s.25(1)(a)-(c), s.25(2)
    personal_budget: BudgetStatement  # Care Act s.26
    in_charge: InCharge
    if_things_go_wrong: IfThingsGoWrong
    risk_enablement: RiskEnablement
    keeping_well: list[str]
    actions: list[Action]
    own_action_words: Quote | None = None
    review: Review
    differences: list[DifferenceOfView]
    outcomes: PlanOutcomes
    review_and_voice: ReviewAndVoice
    advice: NeedsAdvice
    decisions: PlanDecisions


class PlanDecisions(BaseModel):
    """The planner's and the council's record: capacity, advocacy, agreement; and whose voice the plan is in."""

    capacity: Capacity
    advocacy: Advocacy
    sign_off: SignOff
    voice: Voice


def plan_decisions(context: Context) -> PlanDecisions:
    """Shared by the plan and the hand-over."""
    found = advocacy(context.facts)
    return PlanDecisions(capacity=capacity(context.facts), advocacy=found, sign_off=sign_off(context, found),
                         voice=voice(context))


def build_support_plan(context: Context) -> SupportPlan:
    """Build the plan from the session's relevant answers, read by code."""
    facts = context.facts
    found = indication(facts)
    money = money_plan(context)
    found_needs = needs(facts, found)
    review = build_review(context)
    plan = SupportPlan(
        about=context.about("support-plan", context.tr.gettext("My support plan")),
        still_to_ask=context.still_to_ask(planners=False),  # the planner's own wait in the hand-over
        urgent=facts.is_yes("person.danger"), interim=interim_of(facts), about_me=_about_me(facts, context.name),
        day_to_day=DayToDay(needs_vary=facts.yes_no("adult.needs_vary"), needs=found_needs, indication=found,
                            planner_notes=_planner_notes(context)),
        health=build_health(context),
        help=HelpIWillGet(has_family_help=facts.coded("helpers.has_unpaid"), family=family_help(facts),
                          community=_community(facts),
                          paid_help=facts.coded("preference.paid_help"),
                          carer_assessment_offer=facts.coded("helpers.carer_assessment_offer"),
                          linked_carers=context.linked),
        preferences=preferences(facts), money=money, meeting_needs=meeting_needs(facts, found_needs),
        personal_budget=budget_statement(facts, money.amount, money.costing), in_charge=_in_charge(facts),
        if_things_go_wrong=if_things_go_wrong(context), risk_enablement=risk_enablement(facts),
        keeping_well=_keeping_well(facts), actions=[], own_action_words=facts.quote("actions.who_does_what"),
        review=_review(context, review.first_review_around), differences=context.differences(),
        outcomes=build_outcomes(context, review), review_and_voice=review, advice=build_advice(context, found),
        decisions=plan_decisions(context))
    plan.actions = _actions(facts, plan)
    return plan


def money_plan(context: Context) -> MoneyPlan:
    """The money part: shared by the plan and the hand-over."""
    facts = context.facts
    amount = amount_from(facts.value("budget.amount"))
    rules = council_rules(context.council)
    money = MoneyPlan(knows_amount=facts.coded("budget.knows_amount"), amount=amount,
                      amount_status=facts.coded("budget.status"),
                      amount_unknown=amount is None or bool(facts.value("budget.amount_unknown")),
                      holding=facts.coded("budget.holding"), manager=facts.coded("budget.manager"),
                      manager_agreed=facts.coded("budget.manager_agreed"),
                      contribution=facts.coded("budget.contribution"),
                      contribution_amount=amount_from(facts.value("budget.contribution_amount")),
                      costing=costing(facts, amount), carer_support=facts.coded("budget.carer_support"),
                      own_questions=facts.quote("budget.own_questions"), rules=rules)
    own = (money.own_questions.words.strip().casefold() if money.own_questions else "")
    money.questions_for_council = [q for q in (context.tr.gettext(ask) for ask in _questions(money))
                                   if q.casefold() != own]
    return money


def council_rules(council: Council | None) -> CouncilRules:
    """What this council's budgets may pay for, shown openly."""
    if council is None:
        return CouncilRules()
    return CouncilRules(can_pay_for=council.budget_can_pay_for, cannot_pay_for=council.budget_cannot_pay_for,
                        rates=[Rate(service=r.service, amount=Decimal(r.amount), per=r.per)
                               for r in council.hourly_rates],
                        save_cancelled_visits=council.offers.save_cancelled_visits,
                        time_banking=council.offers.time_banking)


def _questions(money: MoneyPlan) -> list[str]:
    """What to ask the council, worked out from what is not known."""
    asks = []
    if money.amount is None:
        asks += [ASK["amount"], ASK["period"]]
    elif money.amount_status.value not in ("estimate", "agreed"):
        asks.append(ASK["agreed"])
    elif money.amount_status.value == "estimate":
        asks.append(ASK["when"])
    if money.holding.value is None and money.holding.status != "not_asked":
        asks.append(ASK["ways"])
    if money.manager_agreed.value in ("no", "not_asked"):
        asks.append(ASK["who_else"])
    if money.contribution.value == "waiting" or money.contribution.status in ("not_sure", "rather_not_say"):
        asks.append(ASK["contribution"])
    if money.costing.direction == "over" and not money.costing.reason:
        asks.append(ASK["over"])
    if money.costing.not_costed:
        asks.append(ASK["no_price"])
    return asks


def interim_of(facts: Facts) -> Interim | None:
    if not facts.value("plan.interim"):
        return None
    date = facts.value("plan.replan_date")
    return Interim(why=facts.words("plan.timing") or facts.tr.gettext("Now is not a good time to make a full plan."),
                   replan_date=dt.date.fromisoformat(date) if isinstance(date, str) else None)


def _about_me(facts: Facts, name: str) -> AboutMe:
    areas = []
    grid = facts.value("wellbeing.areas")
    question = facts.question("wellbeing.areas")
    if isinstance(grid, dict) and question is not None:
        rows: dict[str, str] = {r.value: r.label for r in question.rows}
        scale: dict[str, str] = {c.value: c.label for c in question.scale}
        areas = [LifeArea(area=facts.tr.gettext(LIFE_AREAS[k]) if k in LIFE_AREAS else rows.get(k, str(k)), wish=v,
                          words=scale.get(v, str(v))) for k, v in grid.items()]
    return AboutMe(name=name or None, what_matters=facts.quote("about.what_matters"),
                   good_day=facts.quote("about.good_day"), bad_day=facts.quote("about.bad_day"),
                   routine=facts.quote("about.routine"), keep=facts.quote("about.keep"),
                   change=facts.quote("about.change"), life_areas=areas)


def _community(facts: Facts) -> Community:
    ideas = facts.value("social.ideas")
    return Community(company=facts.words("social.company") or None, going_out=facts.words("social.going_out") or None,
                     enjoys=facts.quote("social.hobbies"), goes_to=facts.labels("social.community"),
                     ideas=facts.labels("social.ideas"), keep_as_is=isinstance(ideas, list) and "none" in ideas)


def _in_charge(facts: Facts) -> InCharge:
    return InCharge(decision_help=facts.labels("person.decision_help"), how_told=facts.labels("person.how_told"),
                    own_words=facts.quote("control.stay_in_charge"), advocate=facts.coded("person.advocate"),
                    communication=facts.labels("person.communication"), language=facts.text("person.language"))


def _planner_notes(context: Context) -> list[Quote]:
    """The planner's own observations: always the planner's, whoever was set as speaking when they were written."""
    by = planner_label(context)
    notes = []
    own = context.facts.text("plan.planner_notes")
    if own:
        notes.append(Quote(words=own, by=by, role="planner"))
    for note in context.notes():
        if isinstance(note, dict) and note.get("text"):
            notes.append(Quote(words=clean_text(str(note["text"]), multiline=True), by=by, role="planner"))
    return notes


def _keeping_well(facts: Facts) -> list[str]:
    _ = facts.tr.gettext
    advice = []  # advice tied to needs, company, bad days and carers is in `advice` (plan_review.py)
    if facts.chosen("person.communication"):
        advice.append(_("Tell anyone who helps you what helps you talk well."))
    advice.append(_("If your health changes, or things get harder, ask for your plan to be looked at again."))
    return advice


def _review(context: Context, first: dt.date | None) -> Review:
    """The review's intervals; the first date as `review_and_voice` works it out (an interim plan's differs)."""
    facts = context.facts
    weeks = context.council.review.first_after_weeks if context.council else 6
    months = context.council.review.then_every_months if context.council else 12
    return Review(first_after_weeks=weeks, then_every_months=months, first_review_around=first,
                  sooner=facts.value("review.when") == "sooner", triggers=facts.labels("review.triggers"))


def _actions(facts: Facts, plan: SupportPlan) -> list[Action]:
    """Who does what, by when: worked out from what was said and what is still open."""
    tr = facts.tr
    _ = tr.gettext
    planner, before, now = _("The planner"), _("Before support starts"), _("Straight away")
    actions = []
    if plan.interim is not None:
        actions.append(Action(who=_("Me and the planner"), what=_("Make my full plan."),
                              when=None if plan.interim.replan_date else _("When I feel more settled"),
                              date=plan.interim.replan_date))
    if facts.value("person.advocate") == "want_advocate":
        actions.append(Action(who=planner, what=_("Ask for an independent advocate for me."), when=now))
    if facts.value("person.language"):
        actions.append(Action(who=planner, what=_("Ask for helpers or an interpreter who speak {language}.",
                                                  language=facts.text("person.language")), when=before))
    family = [h.name for h in plan.help.family]
    unasked = [h.name for h in plan.help.family if not (h.willing or h.able)]
    limited = [h.name for h in plan.help.family if (h.willing or h.able) and not h.counted_on]
    if unasked:
        actions.append(Action(who=planner, what=_("Ask {names}, on their own, if they want to go on helping, and if "
                                                  "they are able to. This plan does not count on their help until "
                                                  "they say so.", names=and_list(unasked, tr)), when=before))
    if limited:
        actions.append(Action(who=planner, what=_("Plan other help for what {names} cannot or does not want to go on "
                                                  "doing.", names=and_list(limited, tr)), when=before))
    if facts.value("helpers.carer_assessment_offer") in ("all", "some", "later"):
        who = facts.text("helpers.carer_assessment_who") or and_list(family, tr)
        what = (_("Offer {who} their own carer's assessment.", who=who) if who else
                _("Offer the people who help me their own carer's assessment."))
        actions.append(Action(who=planner, what=what, when=_("Within the next few weeks")))
    money = plan.money
    if money.amount_unknown:
        actions.append(Action(who=_("The planner, or me"), what=_("Ask the council how much my budget is."),
                              when=before))
    if money.manager_agreed.value in ("no", "not_asked"):
        actions.append(Action(who=_("Me"), what=_("Ask the person I named if they are happy to look after the money. "
                                                   "Nobody has to."), when=before))
    if facts.is_yes("preference.two_workers") or facts.is_yes("situation.rural"):
        actions.append(Action(who=_("The broker"), what=_("Start looking for care early. Two workers at each visit, "
                                                          "or few agencies nearby, can make help slower to find."),
                              when=now))
    if facts.is_yes("person.safety_worry") or said_something(facts.text("contingency.worry_now")):
        actions.append(Action(who=planner, what=_("Talk with me privately about the worry I raised."), when=now))
    breaks = [line for line in money.costing.lines if line.for_carer]
    if money.carer_support.value == "yes" and not breaks:
        actions.append(Action(who=planner, what=_("Work out the break for the people who help me, and write it in "
                                                  "their plan as well as mine."), when=before))
    elif breaks and not plan.help.linked_carers:
        actions.append(Action(who=planner, what=_("Offer the people who help me their own carer's assessment. The "
                                                  "break paid from my budget goes in their plan too."), when=before))
    actions += [Action(who=who, what=what, when=when) for who, what, when in
                plan_contingency.next_steps(facts, plan.if_things_go_wrong)
                + plan_risks.next_steps(facts, plan.risk_enablement)]
    return actions


