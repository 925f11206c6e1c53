"""Health, medicines and equipment: one part shared by the support plan and the hand-over.

Read by code only (`health.*`). Whether the NHS Continuing Healthcare checklist was considered is the
planner's or the council's decision: it is copied from what the planner recorded, with who decided and
when, and never worked out from the person's answers. Reablement is free, for a short time, and never
paid from the personal budget; what it covers here comes from the council's settings.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from planner.flows.model import Council
from planner.i18n.translator import N_

from .base import Context
from .facts import Coded, Facts, Quote, as_date

ASK_MEDICINES = ("reminders", "help_to_take", "given")
NOT_PHYSICAL = N_("Nothing physical was named as hard, so equipment was not asked about.")
NOT_AFTER_HOSPITAL = N_("There was no recent hospital stay, so this was not asked about.")
NOT_ASKED_WITHOUT_PLANNER = N_("A planner was not there, so this decision is still to be made.")
COUNCIL_DECIDES = N_("The NHS and the council decide this, not this plan.")
REABLEMENT_FREE = N_("Reablement is free. It lasts up to {weeks} weeks. It is not paid from the personal budget.")
DEFAULT_REABLEMENT_WEEKS = 6
DEFAULT_REABLEMENT_COVERS = ("help at home for a short time, to get back your skills and confidence, such as "
                             "washing, dressing and making meals")


class Medication(BaseModel):
    """Help with medicines: how much, who helps now, and what helpers should know."""

    support: Coded
    needs_help: bool = False
    who_helps: list[str] = Field(default_factory=list)
    notes: Quote | None = None


class Equipment(BaseModel):
    """Equipment at home and what would help: asked only when something physical is hard."""

    applies: bool
    not_applicable: str | None = None  # why it was not asked about
    has: list[str] = Field(default_factory=list)
    has_none: bool = False
    wanted: Quote | None = None
    telecare: Coded


class Referral(BaseModel):
    """One referral the planner recorded (OT, falls service, telecare...)."""

    service: str  # a stable row value, e.g. occupational_therapy
    name: str
    status: Literal["made", "to_make", "not_needed"] | str
    words: str


class Reablement(BaseModel):
    """Reablement after a hospital stay: free, time-limited, not paid from the budget (council settings)."""

    applies: bool
    not_applicable: str | None = None
    status: Coded
    ends_on: dt.date | None = None
    free: Literal[True] = True
    paid_from_budget: Literal[False] = False
    up_to_weeks: int = DEFAULT_REABLEMENT_WEEKS
    covers: str = DEFAULT_REABLEMENT_COVERS
    summary: str = ""


class ContinuingHealthcare(BaseModel):
    """Whether the NHS Continuing Healthcare checklist was considered: the planner's or the council's decision."""

    applies: bool
    not_applicable: str | None = None
    decision: Coded  # health.chc.checklist, exactly as the planner recorded it
    decided_by: str | None = None  # as the planner wrote it: name and role
    decided_on: dt.date | None = None
    recorded_by: str | None = None  # who gave the answer in the conversation
    recorded_by_role: str | None = None
    notes: Quote | None = None
    decided_by_person: Literal[False] = False  # never worked out from the person's answers
    who_decides: str


class Health(BaseModel):
    """Health, medicines and equipment (support plan and hand-over)."""

    gp: str | None = None
    nhs_number: str | None = None  # "943 476 5919": its check digit was checked when it was typed
    after_hospital: bool = False
    falls: bool | None = None
    medication: Medication
    equipment: Equipment
    referrals: list[Referral] = Field(default_factory=list)
    reablement: Reablement
    continuing_healthcare: ContinuingHealthcare


def build_health(context: Context) -> Health:
    """The health part, from the session's relevant answers, read by code."""
    facts = context.facts
    _ = facts.tr.gettext
    after_hospital = bool(facts.value("health.after_hospital"))
    physical = bool(facts.value("health.physical_help"))
    support = facts.coded("health.medication.support")
    equipment_has = facts.value("health.equipment.has")
    return Health(
        gp=facts.text("health.gp"), nhs_number=facts.text("health.nhs_number"), after_hospital=after_hospital,
        falls=facts.yes_no("health.falls"),
        medication=Medication(support=support, needs_help=support.value in ASK_MEDICINES,
                              who_helps=facts.labels("health.medication.who"),
                              notes=facts.quote("health.medication.notes")),
        equipment=Equipment(applies=physical, not_applicable=None if physical else _(NOT_PHYSICAL),
                            has=facts.labels("health.equipment.has"),
                            has_none=isinstance(equipment_has, list) and equipment_has == ["none"],
                            wanted=facts.quote("health.equipment.wanted"), telecare=facts.coded("health.telecare")),
        referrals=_referrals(facts), reablement=_reablement(facts, context.council, after_hospital),
        continuing_healthcare=_continuing_healthcare(context, after_hospital))


def _referrals(facts: Facts) -> list[Referral]:
    grid = facts.value("health.referrals")
    question = facts.question("health.referrals")
    if not isinstance(grid, dict) or question is None:
        return []
    rows: dict[str, str] = {r.value: r.label for r in question.rows}
    scale: dict[str, str] = {c.value: c.label for c in question.scale}
    return [Referral(service=row, name=rows.get(row) or row, status=value, words=scale.get(value, str(value)))
            for row, value in grid.items() if row in rows]


def _reablement(facts: Facts, council: Council | None, after_hospital: bool) -> Reablement:
    setting = council.reablement if council is not None else None
    weeks = setting.up_to_weeks if setting is not None else DEFAULT_REABLEMENT_WEEKS
    ends = facts.value("health.reablement.ends")
    return Reablement(applies=after_hospital,
                      not_applicable=None if after_hospital else facts.tr.gettext(NOT_AFTER_HOSPITAL),
                      status=facts.coded("health.reablement.status"),
                      ends_on=as_date(ends),
                      up_to_weeks=weeks, covers=setting.covers if setting is not None else DEFAULT_REABLEMENT_COVERS,
                      summary=facts.tr.gettext(REABLEMENT_FREE, weeks=weeks))


def _continuing_healthcare(context: Context, after_hospital: bool) -> ContinuingHealthcare:
    facts = context.facts
    _ = facts.tr.gettext
    decision = facts.coded("health.chc.checklist")
    answer = facts.answer("health.chc.checklist")
    who = facts.who(answer) if answer is not None else None
    decided_on = facts.value("health.chc.decided_on")
    if not after_hospital:
        why: str | None = _(NOT_AFTER_HOSPITAL)
    elif not context.session.with_planner and decision.value is None:
        why = None  # it applies: still to be decided, by a planner
        decision = decision.model_copy(update={"words": _(NOT_ASKED_WITHOUT_PLANNER)})
    else:
        why = None
    return ContinuingHealthcare(
        applies=after_hospital, not_applicable=why, decision=decision, decided_by=facts.text("health.chc.decided_by"),
        decided_on=as_date(decided_on),
        recorded_by=facts.who_label(who) if who is not None else None,
        recorded_by_role=who.role if who is not None else None, notes=facts.quote("health.chc.notes"),
        who_decides=_(COUNCIL_DECIDES))
