"""The planner's own decisions in a support plan: capacity, advocacy, agreement and whose voice it is.

Capacity (Mental Capacity Act 2005, per decision), independent advocacy (Care Act s.67), the
authorised person for a direct payment (s.32), the person's agreement and consent to share are
the planner's or the council's record, read from the planner's own questions (`voice: planner`,
asked only when a planner takes part). None is worked out from the person's answers.

Whose voice the plan is in is not a decision: it is counted from who gave the answers, so the
plan can say on its first page when someone else answered most of the questions for the person.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field

from planner.flows.links import plain
from planner.i18n.translator import N_
from planner.text import clean_text

from .base import Context
from .facts import Coded, Facts, Quote, as_date, as_text

CapacityResult = Literal["can_decide", "cannot_decide", "not_checked"]
AdvocacyDuty = Literal["applies", "may_apply", "does_not_apply", "met"]
PlanStatus = Literal["draft", "agreed"]
DIRECT_PAYMENT = ("direct_payment", "direct_payment_managed", "mix")
AGREEMENT_GIVEN = ("agreed", "agreed_in_part", "best_interests")

# Why a plan stays a draft: the code, the words in the person's plan, and the words for professionals.
DRAFT_REASONS = {
    "not_agreed_yet": (N_("The plan has not been agreed yet."),
                       N_("The person's agreement is not recorded.")),
    "agreement_not_recorded": (N_("Who agreed to the plan, and when, is not written down yet."),
                               N_("Who gave the agreement, and the date, are not recorded.")),
    "planner_not_named": (N_("The planner's name is not written down yet."),
                          N_("The planner's name is not recorded.")),
    "kept_draft": (N_("The planner is keeping it as a draft for now."),
                   N_("The planner kept the plan as a draft.")),
    "advocacy_may_apply": (N_("I may need an independent advocate to help me take part, and none has taken part "
                              "yet."),
                           N_("The duty to arrange an independent advocate (Care Act s.67) may apply, and no advocate "
                              "took part.")),
    "advocacy_not_recorded": (N_("The planner has not yet written down whether I need an independent advocate."),
                              N_("Whether the person needs an independent advocate (Care Act s.67) is not recorded.")),
    "carer_assessment_unfinished": (N_("The plan relies on a carer's own assessment, and that is not finished yet: "
                                       "{names}."),
                                    N_("The plan relies on a linked carer's assessment that is not finished: "
                                       "{names}.")),
}


class Decided(BaseModel):
    """Who made a decision, and when: always a person, never the answers."""

    by: str | None = None
    on: dt.date | None = None


class CapacityDecision(BaseModel):
    """One decision in the plan where capacity was in doubt, and what the check found (one time, one decision)."""

    decision: str
    name: str
    result: CapacityResult | None = None
    result_words: str = ""
    decided: Decided = Field(default_factory=Decided)
    best_interests: str | None = None
    best_interests_who: str | None = None


class LegalPower(BaseModel):
    """A lasting power of attorney or a deputyship, and who holds it."""

    power: str  # lpa_health_welfare, lpa_property_finance, deputy_health_welfare or deputy_property_finance
    name: str
    holders: list[str] = Field(default_factory=list)
    papers_seen: bool | None = None


class AuthorisedPerson(BaseModel):
    """Who takes a direct payment for someone who cannot decide how to manage the budget (Care Act s.32)."""

    name: str | None = None
    agreed: Coded


class Capacity(BaseModel):
    """Mental capacity, decision by decision, as the planner recorded it."""

    recorded: bool  # False: the planner has not written anything about capacity yet
    in_doubt: bool
    decisions: list[CapacityDecision] = Field(default_factory=list)
    legal_powers: list[LegalPower] = Field(default_factory=list)
    legal_powers_recorded: bool = False
    authorised_person_needed: bool = False
    authorised_person: AuthorisedPerson | None = None


class Advocacy(BaseModel):
    """Independent advocacy (Care Act s.67), as the planner or the council decided."""

    substantial_difficulty: Coded
    appropriate_person: Coded
    appropriate_person_name: str | None = None
    duty: AdvocacyDuty
    decided: Decided = Field(default_factory=Decided)
    advocate: Coded
    advocate_name: str | None = None
    person_asked_for_one: bool = False


class DraftReason(BaseModel):
    """Why the plan stays a draft: plain words for the person's plan, and the detail for professionals."""

    code: str
    words: str
    detail: str


class ShareWith(BaseModel):
    """Someone the plan and the hand-over may be shared with: the choice and its words."""

    value: str
    words: str


class Copy(BaseModel):
    name: str
    how: str | None = None
    given_on: dt.date | None = None


class SignOff(BaseModel):
    """The person's agreement, the planner's name, draft or agreed, and consent to share."""

    status: PlanStatus
    draft_reasons: list[DraftReason] = Field(default_factory=list)
    agreement: Coded
    agreed: Decided = Field(default_factory=Decided)
    agreed_how: Coded
    not_agreed: Quote | None = None
    planner_name: str | None = None
    planner_role: str | None = None
    share: Coded
    share_with: list[ShareWith] = Field(default_factory=list)
    share_with_names: str | None = None
    hand_over_may_be_shared: bool = False
    copies: list[Copy] = Field(default_factory=list)


class Voice(BaseModel):
    """Whose voice the plan is in: counted from who gave each answer, never a judgement."""

    proxy: bool
    reason: Literal["someone_answered_for_them", "most_answers_by_others"] | None = None
    answered_by: list[str] = Field(default_factory=list)  # who else answered, most answers first
    by_person: int = 0
    by_others: int = 0


# ----------------------------------------------------------------- building
def capacity(facts: Facts) -> Capacity:
    """Capacity per decision, legal powers and the authorised person, from the planner's own questions."""
    doubt = facts.value("capacity.doubt")
    found = facts.value("capacity.found")
    found = found if isinstance(found, dict) else {}
    details = [i for i in facts.value("capacity.decisions") or [] if isinstance(i, dict)]
    decisions = []
    question = facts.question("capacity.found")
    rows = {r.value: r.label for r in question.rows} if question is not None else {}
    scale = {c.value: c.label for c in question.scale} if question is not None else {}
    doubted = [d for d in (doubt if isinstance(doubt, list) else []) if d != "none"]
    for decision in [*doubted, *(d for d in found if d not in doubted)]:
        detail = next((i for i in details if i.get("decision") == decision), {})
        result = found.get(decision)
        name = rows.get(decision) or facts.label("capacity.doubt", decision)
        if decision == "other" and detail.get("other_decision"):
            name = clean_text(str(detail["other_decision"]))
        decisions.append(CapacityDecision(
            decision=decision, name=_plain(name), result=result if result in get_args(CapacityResult) else None,
            result_words=_plain(scale[result]) if result in scale else "",
            decided=Decided(by=as_text(detail.get("checked_by")), on=as_date(detail.get("checked_on"))),
            best_interests=as_text(detail.get("best_interests")) if result == "cannot_decide" else None,
            best_interests_who=as_text(detail.get("best_interests_who")) if result == "cannot_decide" else None))
    needed = bool(facts.value("capacity.budget_decision_lacking")) and facts.value("budget.holding") in DIRECT_PAYMENT
    return Capacity(recorded=facts.status("capacity.doubt") == "answered", in_doubt=bool(doubted),
                    decisions=decisions, legal_powers=_legal_powers(facts),
                    legal_powers_recorded=facts.status("capacity.legal_powers") == "answered",
                    authorised_person_needed=needed,
                    authorised_person=AuthorisedPerson(name=facts.text("capacity.authorised_person"),
                                                       agreed=facts.coded("capacity.authorised_person_agreed"))
                    if needed else None)


def _legal_powers(facts: Facts) -> list[LegalPower]:
    holders = [i for i in facts.value("capacity.legal_power_holders") or [] if isinstance(i, dict)]
    found = []
    for power in facts.chosen("capacity.legal_powers"):
        theirs = [i for i in holders if i.get("power") == power]
        seen = [i.get("papers_seen") for i in theirs if i.get("papers_seen") in ("yes", "no")]
        found.append(LegalPower(power=power, name=facts.label("capacity.legal_powers", power),
                                holders=[clean_text(str(i.get("name") or "")) for i in theirs if i.get("name")],
                                papers_seen=(all(s == "yes" for s in seen)) if seen else None))
    return found


def advocacy(facts: Facts) -> Advocacy:
    """The s.67 decision: substantial difficulty, an appropriate person, and whether an advocate took part."""
    difficulty = facts.value("advocacy.substantial_difficulty")
    appropriate = facts.value("advocacy.appropriate_person")
    involved = facts.value("advocacy.advocate_involved")
    duty: AdvocacyDuty
    if difficulty == "no" or appropriate == "yes":
        duty = "does_not_apply"
    elif involved == "took_part":
        duty = "met"
    elif difficulty == "yes" and appropriate == "no":
        duty = "applies"
    else:
        duty = "may_apply"
    return Advocacy(substantial_difficulty=facts.coded("advocacy.substantial_difficulty"),
                    appropriate_person=facts.coded("advocacy.appropriate_person"),
                    appropriate_person_name=facts.text("advocacy.appropriate_person_name"), duty=duty,
                    decided=Decided(by=facts.text("advocacy.decided_by"),
                                    on=as_date(facts.value("advocacy.decided_on"))),
                    advocate=facts.coded("advocacy.advocate_involved"),
                    advocate_name=facts.text("advocacy.advocate_name"),
                    person_asked_for_one=facts.value("person.advocate") == "want_advocate")


def sign_off(context: Context, found: Advocacy) -> SignOff:
    """Draft or agreed: agreed only when the planner says so and nothing the law asks for first is missing."""
    facts = context.facts
    tr = context.tr
    agreement = facts.value("signoff.agreement")
    agreed = Decided(by=facts.text("signoff.agreed_by"), on=as_date(facts.value("signoff.agreed_on")))
    planner_name = facts.text("signoff.planner_name")
    reasons: list[DraftReason] = []

    def because(code: str, **params: Any) -> None:
        plain_words, detail = DRAFT_REASONS[code]
        reasons.append(DraftReason(code=code, words=tr.gettext(plain_words, **params),
                                   detail=tr.gettext(detail, **params)))

    if agreement not in AGREEMENT_GIVEN:
        because("not_agreed_yet")
    elif not (agreed.by and agreed.on):
        because("agreement_not_recorded")
    if not planner_name:
        because("planner_not_named")
    if found.duty in ("applies", "may_apply"):
        because("advocacy_may_apply" if found.substantial_difficulty.status == "answered" else "advocacy_not_recorded")
    unfinished = [carer.name for carer in context.linked if not getattr(carer, "finished", True)]
    if unfinished:
        because("carer_assessment_unfinished", names=", ".join(unfinished))
    if agreement in AGREEMENT_GIVEN and facts.value("signoff.mark_agreed") != "agreed" and not reasons:
        because("kept_draft")
    share = facts.coded("consent.share")
    share_with = facts.chosen("consent.share_with") if share.value == "yes" else []
    copies = [Copy(name=clean_text(str(i.get("name") or "")),
                   how=facts.field_words("signoff.copies", "how", i.get("how")) or None,
                   given_on=as_date(i.get("given_on")))
              for i in facts.value("signoff.copies") or [] if isinstance(i, dict) and i.get("name")]
    return SignOff(status="draft" if reasons else "agreed", draft_reasons=reasons,
                   agreement=facts.coded("signoff.agreement"), agreed=agreed,
                   agreed_how=facts.coded("signoff.agreed_how"),
                   not_agreed=_planner_quote(facts, "signoff.not_agreed"), planner_name=planner_name,
                   planner_role=facts.text("signoff.planner_role"), share=share,
                   share_with=[ShareWith(value=v, words=facts.label("consent.share_with", v)) for v in share_with],
                   share_with_names=facts.text("consent.share_with_names") if share.value == "yes" else None,
                   hand_over_may_be_shared="broker_agency" in share_with, copies=copies)


def voice(context: Context) -> Voice:
    """Whether someone else answered for the person, or gave most of the answers (a proxy plan)."""
    session = context.session
    facts = context.facts
    flow = session.flow
    by_person = 0
    others: dict[str, int] = {}
    for question_id, answer in session.relevant_answers().items():
        if answer.status != "answered" or getattr(flow.by_id[question_id].model, "voice", "any") == "planner":
            continue
        participant = facts.who(answer)
        if participant.role == "planner":
            continue
        if participant.role == "person":
            by_person += 1
        else:
            label = facts.who_label(participant)
            others[label] = others.get(label, 0) + 1
    by_others = sum(others.values())
    reason: Literal["someone_answered_for_them", "most_answers_by_others"] | None = None
    if facts.value("person.answering") == "someone_for_me":
        reason = "someone_answered_for_them"
    elif by_others > by_person:
        reason = "most_answers_by_others"
    return Voice(proxy=reason is not None, reason=reason,
                 answered_by=sorted(others, key=lambda name: -others[name]), by_person=by_person,
                 by_others=by_others)


def planner_label(context: Context) -> str:
    """How the plan names the planner: 'The planner', or 'The planner (Jo Bloggs)' once they wrote their name."""
    name = context.facts.text("signoff.planner_name")
    base = context.tr.gettext("The planner")
    return context.tr.gettext("{planner} ({name})", planner=base, name=name) if name else base


# ----------------------------------------------------------------- small helpers
def _planner_quote(facts: Facts, code: str) -> Quote | None:
    text = facts.text(code)
    return Quote(words=text, by=facts.tr.gettext("The planner"), role="planner") if text else None


def _plain(text: str) -> str:
    return plain(clean_text(text))
