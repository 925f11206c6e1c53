"""The carer's own support plan: what would help, who does what, and how to stay well."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from planner.i18n.translator import N_, Translator
from planner.output.eligibility import Indication

from .base import Context, Document
from .carer import cared_for, indication
from .facts import Coded, Facts, Quote, and_list
from .money import CostLine, breaks_for, costing
from .support_plan import Action

SCHEMA_VERSION: Literal[1] = 1

# value -> (why it may help, who can arrange it). The name of each comes from the content.
SUPPORT = {
    "breaks": (N_("A break can be a few hours, or a few days. It may be paid from the budget of the person you "
                  "look after. If so, it is written in their plan and in yours."), N_("The council")),
    "sitting": (N_("Someone sits with the person you look after, so you can go out or rest."), N_("The council")),
    "emergency_plan": (N_("A plan says who steps in if you cannot. An emergency card tells people you are a carer, "
                          "and who to call."), N_("The council or a carers' centre")),
    "house_garden": (N_("Help with jobs at home, so caring leaves you some time and energy."),
                     N_("A carers' centre")),
    "carer_payment": (N_("Some councils give carers a payment to spend on themselves, such as a course or a day "
                         "out."), N_("The council")),
    "information": (N_("Information about caring, your rights, and help near you."),
                    N_("A carers' centre or the council")),
    "benefits_check": (N_("A check for money you may be missing, such as Carer's Allowance."),
                       N_("The council or a carers' centre")),
    "someone_to_talk": (N_("A carers' group, a support line or a counsellor."), N_("A carers' centre")),
}
_SEPARATE = {"on_my_own": N_("a talk on your own"), "different_worker": N_("a different worker from theirs"),
             "advocate": N_("an advocate to speak up for you")}


class SupportItem(BaseModel):
    what: str
    why: str
    who: str
    status: Literal["asked_for", "agreed", "not_available"] = "asked_for"


class HardArea(BaseModel):
    name: str
    result: str
    own_words: Quote | None = None


class CarerSupportPlan(Document):
    """What the carer wants for their own life, and what will be done about it."""

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["carer-support-plan"] = "carer-support-plan"
    carer_name: str | None = None
    caring_for: list[str]
    willing_now: Coded
    willing_in_six_months: Coded
    able_now: Coded
    able_in_six_months: Coded
    what_would_change: Quote | None = None
    wants_to_stop: list[str]
    hard_areas: list[HardArea]
    support: list[SupportItem]
    own_words: Quote | None = None
    break_from_their_budget: bool
    # From the linked support plan: each break paid from that person's budget for this carer.
    paid_from_their_budget: list[CostLine] = Field(default=[])  # pydantic copies it for each document
    whose_budget: str | None = None
    would_manage_budget: Coded
    emergency_plan: Coded
    work_at_risk: Coded
    work_help: Quote | None = None
    urgent: bool
    actions: list[Action]
    share_with_person: Coded
    share_willing_able: Coded
    indication: Indication
    first_review_after_weeks: int = 6
    then_review_every_months: int = 12
    first_review_around: dt.date | None = None


def build_carer_plan(context: Context) -> CarerSupportPlan:
    facts = context.facts
    found = indication(facts)
    names = [p.name for p in cared_for(facts) if p.name]
    wanted = facts.chosen("carer.support_wanted")
    weeks = context.council.review.first_after_weeks if context.council else 6
    _ = context.tr.gettext
    plan = CarerSupportPlan(
        about=context.about("carer-support-plan", _("My plan as a carer")),
        still_to_ask=context.still_to_ask(planners=False),
        carer_name=context.name or None, caring_for=names, willing_now=facts.coded("carer.willing"),
        willing_in_six_months=facts.coded("carer.willing_6m"), able_now=facts.coded("carer.able"),
        able_in_six_months=facts.coded("carer.able_6m"), what_would_change=facts.quote("carer.what_would_change"),
        wants_to_stop=facts.labels("carer.stop_doing"),
        hard_areas=[HardArea(name=f.name, result=f.result, own_words=facts.quote(f"carer.outcome.{f.code}.notes"))
                    for f in found.outcomes if f.result not in ("achieved", "not_applicable")],
        support=[SupportItem(what=facts.label("carer.support_wanted", v),
                             why=_(SUPPORT[v][0]) if v in SUPPORT else "",
                             who=_(SUPPORT[v][1] if v in SUPPORT else "The council")) for v in wanted],
        own_words=facts.quote("carer.support_detail"),
        break_from_their_budget=bool({"breaks", "sitting"} & set(wanted)),
        would_manage_budget=facts.coded("carer.manage_budget"), emergency_plan=facts.coded("carer.emergency_plan"),
        work_at_risk=facts.coded("carer.work_at_risk"), work_help=facts.quote("carer.work_notes"),
        urgent=_urgent(facts), actions=[], share_with_person=facts.coded("carer.share_with_person"),
        share_willing_able=facts.coded("carer.share_willing_able"), indication=found,
        first_review_after_weeks=weeks,
        then_review_every_months=context.council.review.then_every_months if context.council else 12,
        first_review_around=context.today + dt.timedelta(weeks=weeks))
    plan.whose_budget, plan.paid_from_their_budget = _breaks_from_plan(context)
    plan.break_from_their_budget = plan.break_from_their_budget or bool(plan.paid_from_their_budget)
    plan.actions = _actions(facts, plan, and_list(names, context.tr), context.tr)
    return plan


def _breaks_from_plan(context: Context) -> tuple[str | None, list[CostLine]]:
    """The person's name and the breaks for this carer in the support plan this assessment is linked to."""
    if context.plan is None:
        return None, []
    facts = Facts(context.plan)
    return facts.text("person.preferred_name"), breaks_for(costing(facts, None).lines, context.name)


def _urgent(facts: Facts) -> bool:
    return (facts.is_yes("carer.danger") or facts.value("carer.coping_today") == "cannot_cope"
            or facts.value("carer.feels_unsafe") in ("yes", "sometimes"))


def _actions(facts: Facts, plan: CarerSupportPlan, names: str, tr: Translator) -> list[Action]:
    """What happens next; `names` are the people cared for ('' when none was named)."""
    _ = tr.gettext
    actions = []
    before = _("Before their plan is agreed")
    if plan.urgent:
        actions.append(Action(who=_("You"), what=_("Call the council's urgent help line today. The numbers are below."),
                              when=_("Today")))
    if "no" in (plan.willing_now.value, plan.able_now.value, plan.willing_in_six_months.value,
                plan.able_in_six_months.value) or plan.wants_to_stop:
        what = (_("Plan help for {names} that does not count on you doing what you cannot do, or do not want to do.",
                  names=names) if names else
                _("Plan help for the person you look after that does not count on you doing what you cannot do, or "
                  "do not want to do."))
        actions.append(Action(who=_("The council"), what=what, when=before))
    if plan.break_from_their_budget and not plan.paid_from_their_budget:
        what = (_("Look at a break for you. If it is paid from {names}'s budget, write it in their plan and in yours.",
                  names=names) if names else
                _("Look at a break for you. If it is paid from their budget, write it in their plan and in yours."))
        actions.append(Action(who=_("The council"), what=what, when=before))
    if plan.emergency_plan.value == "no" or "emergency_plan" in facts.chosen("carer.support_wanted"):
        actions.append(Action(who=_("You, with the council or a carers' centre"),
                              what=_("Make an emergency plan, and get a carer's emergency card."),
                              when=_("Within the next few weeks")))
    if plan.work_at_risk.value in ("yes", "might"):
        actions.append(Action(who=_("You"), what=_("Ask your employer about flexible working and carer's leave. "
                                                   "A carers' centre can help you."), when=_("When you are ready")))
    if (facts.value("carer.health_risk") in ("yes", "might") or facts.value("carer.mental_health") == "low_often"
            or facts.value("carer.sleep") in ("broken_often", "very_little")):
        actions.append(Action(who=_("You"), what=_("Talk to your doctor about your own health. Tell them you are a "
                                                   "carer."), when=_("Within the next few weeks")))
    if plan.would_manage_budget.value == "no":
        what = (_("Do not expect you to manage {names}'s budget. Find another way.", names=names) if names else
                _("Do not expect you to manage their budget. Find another way."))
        actions.append(Action(who=_("The council"), what=what, when=before))
    separate = [_(_SEPARATE[v]) for v in facts.chosen("carer.separate_conversation") if v in _SEPARATE]
    if separate:
        actions.append(Action(who=_("The council"), what=_("Arrange {what}.", what=and_list(separate, tr)),
                              when=_("Before the next talk")))
    return actions
