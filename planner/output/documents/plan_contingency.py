"""If things go wrong: what happens if support fails (issue #15, item 8), for the plan and the hand-over.

Back-up help, help while the right help is found, cover when a personal assistant is ill, the unpaid
carer's emergency plan (from their own linked assessment when they agreed to share it), getting into the
home, pets, and who to call. A key safe's code is never asked for, kept or printed: only that there is
one and who knows it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from planner.text import clean_text

from .base import Context
from .facts import Coded, Facts, Quote
from .person import EmergencyContact, emergency_contacts

CarerPlanSource = Literal["carer_assessment", "this_conversation"]
CallKind = Literal["emergency", "contact", "provider", "council", "urgent", "out_of_hours"]


class CarerEmergencyPlan(BaseModel):
    """Whether there is a plan for who steps in if an unpaid carer is suddenly ill."""

    source: CarerPlanSource
    carer: str | None = None  # named when it comes from their own linked carer's assessment
    value: str | None = None  # plan_and_card, plan, no (when said in this conversation)
    words: str
    by: str | None = None  # who said it in this conversation


class HomeAccess(BaseModel):
    """How people who help get in. Never the key safe's code: only that there is one, and who knows it."""

    ways: list[str] = Field(default_factory=list)  # stable values of contingency.access
    words: list[str] = Field(default_factory=list)
    key_safe: bool = False
    code_known_by: list[str] = Field(default_factory=list)
    key_holder: Quote | None = None


class Pets(BaseModel):
    has_pet: Coded
    if_i_go_into_hospital: Quote | None = None


class Call(BaseModel):
    """Someone to phone when things go wrong, and why."""

    kind: CallKind
    who: str
    phone: str | None = None


class IfThingsGoWrong(BaseModel):
    backup: Quote | None = None
    emergency_contacts: list[EmergencyContact] = Field(default_factory=list)
    if_no_one_comes: list[str] = Field(default_factory=list)
    raising_a_worry: list[str] = Field(default_factory=list)
    emergency_card: bool = False
    while_waiting: Quote | None = None  # until the right help is found
    pa_cover: Quote | None = None  # when a personal assistant is ill or on holiday
    carer_emergency_plans: list[CarerEmergencyPlan] = Field(default_factory=list)
    access: HomeAccess = Field(default_factory=HomeAccess)
    pets: Pets | None = None
    who_to_call: list[Call] = Field(default_factory=list)


def if_things_go_wrong(context: Context) -> IfThingsGoWrong:
    """What happens if support fails, read by code: the same for the plan and the hand-over."""
    facts = context.facts
    contacts = emergency_contacts(facts)
    return IfThingsGoWrong(backup=facts.quote("contingency.backup"), emergency_contacts=contacts,
                           if_no_one_comes=facts.labels("contingency.no_show"),
                           raising_a_worry=facts.labels("contingency.raise_worry"),
                           emergency_card=facts.is_yes("helpers.has_unpaid"),
                           while_waiting=facts.quote("contingency.while_waiting"),
                           pa_cover=facts.quote("contingency.pa_cover"),
                           carer_emergency_plans=_carer_plans(context), access=_access(facts),
                           pets=_pets(facts), who_to_call=_who_to_call(context, contacts))


def _carer_plans(context: Context) -> list[CarerEmergencyPlan]:
    """From each linked carer's own assessment (only with their consent), then as said in this conversation."""
    facts = context.facts
    found = [CarerEmergencyPlan(source="carer_assessment", carer=clean_text(carer.name) or None,
                                words=clean_text(carer.emergency_plan))
             for carer in context.linked if getattr(carer, "emergency_plan", None)]
    value = facts.value("contingency.carer_emergency_plan")
    answer = facts.answer("contingency.carer_emergency_plan")
    if isinstance(value, str) and answer is not None:
        found.append(CarerEmergencyPlan(source="this_conversation", value=value,
                                        words=facts.label("contingency.carer_emergency_plan", value),
                                        by=facts.who_label(facts.who(answer))))
    return found


def _access(facts: Facts) -> HomeAccess:
    ways = facts.chosen("contingency.access")
    key_safe = "key_safe" in ways
    return HomeAccess(ways=ways, words=facts.labels("contingency.access"), key_safe=key_safe,
                      code_known_by=facts.labels("contingency.key_safe_known_by") if key_safe else [],
                      key_holder=facts.quote("contingency.key_holder") if "key_holder" in ways else None)


def _pets(facts: Facts) -> Pets | None:
    has_pet = facts.coded("contingency.has_pet")
    if has_pet.status in ("not_asked", "not_in_flow", "unanswered"):
        return None
    return Pets(has_pet=has_pet, if_i_go_into_hospital=facts.quote("contingency.pet_care"))


def _who_to_call(context: Context, contacts: list[EmergencyContact]) -> list[Call]:
    """Who to phone, most urgent first: emergency services, the person's own contacts, who gives support, the
    council."""
    _ = context.tr.gettext
    council = context.council
    calls = [Call(kind="emergency", who=_("Emergency services"), phone=council.emergency_phone if council else "999")]
    calls += [Call(kind="contact", who=c.name + (f" ({c.relationship})" if c.relationship else ""), phone=c.phone)
              for c in contacts]
    providers: list[str] = []
    for item in context.facts.value("budget.support_items") or []:
        name = clean_text(str(item.get("provider_name") or "")) if isinstance(item, dict) else ""
        if name and name not in providers:
            providers.append(name)
    calls += [Call(kind="provider", who=name) for name in providers]
    if council is not None:
        if council.contact.phone:
            calls.append(Call(kind="council", who=council.name, phone=council.contact.phone))
        urgent = council.urgent_contact
        if urgent.phone:
            calls.append(Call(kind="urgent", who=urgent.label or _("Urgent help"), phone=urgent.phone))
        if urgent.out_of_hours_phone:
            calls.append(Call(kind="out_of_hours", who=_("At night and at weekends"), phone=urgent.out_of_hours_phone))
    return calls


def next_steps(facts: Facts, w: IfThingsGoWrong) -> list[tuple[str, str, str]]:
    """(who, what, when) for what is still open if support fails, for the plan's list of who does what."""
    _ = facts.tr.gettext
    steps = []
    if facts.value("contingency.has_pa") is True and w.pa_cover is None:
        steps.append((_("Me"), _("Agree who will help me when my personal assistant is ill or on holiday."),
                      _("Before support starts")))
    said = [p for p in w.carer_emergency_plans if p.source == "this_conversation"]
    shared = [p for p in w.carer_emergency_plans if p.source == "carer_assessment"]
    if said and said[0].value == "no" and not shared:
        steps.append((_("The planner"), _("Help the people who help me make a plan for if they are suddenly ill, "
                                          "and tell them about the carer's emergency card."),
                      _("Within the next few weeks")))
    if w.pets is not None and w.pets.has_pet.value == "yes" and w.pets.if_i_go_into_hospital is None:
        steps.append((_("Me"), _("Find someone who would look after my pet if I went into hospital."),
                      _("Before support starts")))
    return steps
