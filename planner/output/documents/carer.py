"""The carer assessment (Care Act s.10; Eligibility Regulations reg 3) as structured data.

Its JSON Schema is published (`planner schema carer-assessment`, schemas/). Raise
SCHEMA_VERSION whenever a field is renamed, removed or changes meaning.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.output.eligibility import CARER_OUTCOMES, Indication, OutcomeAnswers, carer_indication
from planner.text import clean_text

from .base import Context, Document
from .facts import Coded, Facts, Quote

SCHEMA_VERSION: Literal[1] = 1


class Choice(BaseModel):
    value: str
    words: str


class Respondent(BaseModel):
    """Who answered: the carer, and anyone else who took part."""

    name: str | None = None
    role: Literal["carer"] = "carer"
    taking_part: list[str] = Field(default_factory=list)
    sees_self_as_carer: Coded


class CaredFor(BaseModel):
    name: str | None = None
    relationship: Choice | None = None
    lives_together: bool | None = None
    helps_with: list[Choice] = Field(default_factory=list)
    hours_a_week: int | None = None


class GoingOn(BaseModel):
    """Willing and able are separate questions, now and in six months (s.10(3))."""

    willing_now: Coded
    willing_in_six_months: Coded
    able_now: Coded
    able_in_six_months: Coded
    wants_to_stop: list[Choice] = Field(default_factory=list)
    what_would_change: Quote | None = None


class Health(BaseModel):
    physical: Coded
    mental: Coded
    sleep: Coded
    health_risk: Coded
    coping_today: Coded


class WorkAndLearning(BaseModel):
    work: Coded
    work_at_risk: Coded
    wants_work: Coded
    what_would_help: Quote | None = None
    learning: Coded
    time_for_self: Coded


class CarerOutcome(BaseModel):
    """One of the eight reg 3 outcomes, C1 to C8, with the three limbs."""

    code: str = Field(pattern=r"^C[1-8]$")
    outcome_code: str
    name: str
    hard: bool | None = None
    without_help: Coded
    pain_distress_anxiety: Coded
    risk_to_health_or_safety: Coded
    own_words: Quote | None = None
    result: str


class SupportWanted(BaseModel):
    wanted: list[Choice] = Field(default_factory=list)
    own_words: Quote | None = None
    emergency_plan: Coded
    would_manage_budget: Coded


class Person(BaseModel):
    name: str
    role: str | None = None


class Consent(BaseModel):
    """What the carer chose about sharing, privacy and who else to involve."""

    share_with_person: Coded
    which_answers: Quote | None = None
    share_willing_able: Coded
    separate_conversation: list[Choice] = Field(default_factory=list)
    involve_others: list[Person] = Field(default_factory=list)
    see_things_differently: Coded
    differently_how: Quote | None = None


class Safety(BaseModel):
    danger_now: Coded
    feels_unsafe: Coded
    coping_today: Coded


class CarerAssessment(Document):
    """A carer's own assessment, whatever their finances or level of need."""

    model_config = ConfigDict(extra="forbid", title="Carer assessment")

    schema_version: Literal[1] = SCHEMA_VERSION
    kind: Literal["carer-assessment"] = "carer-assessment"
    respondent: Respondent
    caring_for: list[CaredFor]
    hours_a_week: int | None = None
    years_caring: Coded
    person_assessed: Coded
    going_on: GoingOn
    health: Health
    work_and_learning: WorkAndLearning
    outcomes: list[CarerOutcome]
    wellbeing_impact: Coded
    support: SupportWanted
    consent: Consent
    safety: Safety
    indication: Indication


def carer_outcomes(facts: Facts) -> list[OutcomeAnswers]:
    """The eight reg 3 outcomes by code; three limbs, no 'takes longer'."""
    found = []
    for n in range(1, 9):
        short = f"C{n}"
        code = f"carer.outcome.{short}"
        status = facts.status(code)
        value = facts.value(code)
        if status in ("derived", "answered"):
            hard = value == "yes" if value in ("yes", "no") else None
        elif status in ("not_asked", "not_in_flow") and facts.status("carer.other_responsibilities") == "answered":
            found.append(OutcomeAnswers(short, applies=False))
            continue
        else:
            hard = None
        unaided = facts.value(f"{code}.unaided")
        found.append(OutcomeAnswers(short, hard=hard,
                                    unaided=unaided if unaided in ("yes", "sometimes", "no") else None,
                                    pain=facts.yes_no(f"{code}.pain"), risk=facts.yes_no(f"{code}.risk")))
    return found


def indication(facts: Facts) -> Indication:
    risk = facts.value("carer.health_risk")
    impact = facts.value("carer.wellbeing_impact")
    return carer_indication(carer_outcomes(facts), health_risk=risk if risk in ("yes", "might", "no") else None,
                            impact=impact if impact in ("not_at_all", "a_little", "quite_a_lot", "great_deal")
                            else None, tr=facts.tr)


def build_carer_assessment(context: Context) -> CarerAssessment:
    facts = context.facts
    found = indication(facts)
    results = {f.code: f.result for f in found.outcomes}
    return CarerAssessment(
        about=context.about("carer-assessment", context.tr.gettext("Carer's assessment")),
        still_to_ask=context.still_to_ask(),
        respondent=Respondent(name=context.name or None, taking_part=context.taking_part(),
                              sees_self_as_carer=facts.coded("carer.sees_self_as_carer")),
        caring_for=cared_for(facts), hours_a_week=_int(facts.value("carer.hours_week")),
        years_caring=facts.coded("carer.years_caring"), person_assessed=facts.coded("carer.person_assessed"),
        going_on=GoingOn(willing_now=facts.coded("carer.willing"),
                         willing_in_six_months=facts.coded("carer.willing_6m"),
                         able_now=facts.coded("carer.able"), able_in_six_months=facts.coded("carer.able_6m"),
                         wants_to_stop=choices(facts, "carer.stop_doing"),
                         what_would_change=facts.quote("carer.what_would_change")),
        health=Health(physical=facts.coded("carer.health"), mental=facts.coded("carer.mental_health"),
                      sleep=facts.coded("carer.sleep"), health_risk=facts.coded("carer.health_risk"),
                      coping_today=facts.coded("carer.coping_today")),
        work_and_learning=WorkAndLearning(work=facts.coded("carer.work"),
                                          work_at_risk=facts.coded("carer.work_at_risk"),
                                          wants_work=facts.coded("carer.work_wish"),
                                          what_would_help=facts.quote("carer.work_notes"),
                                          learning=facts.coded("carer.learning_leisure"),
                                          time_for_self=facts.coded("carer.time_for_self")),
        outcomes=[CarerOutcome(code=o.code, outcome_code=f"carer.outcome.{o.code}",
                               name=context.tr.gettext(CARER_OUTCOMES[o.code]),
                               hard=o.hard if o.applies else False,
                               without_help=facts.coded(f"carer.outcome.{o.code}.unaided"),
                               pain_distress_anxiety=facts.coded(f"carer.outcome.{o.code}.pain"),
                               risk_to_health_or_safety=facts.coded(f"carer.outcome.{o.code}.risk"),
                               own_words=facts.quote(f"carer.outcome.{o.code}.notes"), result=results[o.code])
                  for o in carer_outcomes(facts)],
        wellbeing_impact=facts.coded("carer.wellbeing_impact"),
        support=SupportWanted(wanted=choices(facts, "carer.support_wanted"),
                              own_words=facts.quote("carer.support_detail"),
                              emergency_plan=facts.coded("carer.emergency_plan"),
                              would_manage_budget=facts.coded("carer.manage_budget")),
        consent=Consent(share_with_person=facts.coded("carer.share_with_person"),
                        which_answers=facts.quote("carer.share_detail"),
                        share_willing_able=facts.coded("carer.share_willing_able"),
                        separate_conversation=choices(facts, "carer.separate_conversation"),
                        involve_others=_involve(facts), see_things_differently=facts.coded("carer.disagreement"),
                        differently_how=facts.quote("carer.disagreement_detail")),
        safety=Safety(danger_now=facts.coded("carer.danger"), feels_unsafe=facts.coded("carer.feels_unsafe"),
                      coping_today=facts.coded("carer.coping_today")),
        indication=found)


def cared_for(facts: Facts) -> list[CaredFor]:
    code = "carer.cared_for"
    people = []
    for item in facts.value(code) or []:
        if not isinstance(item, dict):
            continue
        relationship = item.get("relationship")
        people.append(CaredFor(
            name=clean_text(str(item["name"])) if item.get("name") else None,
            relationship=Choice(value=relationship, words=facts.field_words(code, "relationship", relationship))
            if relationship else None,
            lives_together=None if item.get("living") is None else item.get("living") == "together",
            helps_with=[Choice(value=v, words=facts.field_words(code, "what_you_do", [v]))
                        for v in item.get("what_you_do") or []],
            hours_a_week=_int(item.get("hours"))))
    return people


def choices(facts: Facts, code: str) -> list[Choice]:
    return [Choice(value=v, words=facts.label(code, v)) for v in facts.chosen(code)]


def _involve(facts: Facts) -> list[Person]:
    people = []
    for item in facts.value("carer.involve_others") or []:
        if isinstance(item, dict) and item.get("name"):
            people.append(Person(name=clean_text(str(item["name"])),
                                 role=clean_text(str(item["role"])) if item.get("role") else None))
    return people


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
