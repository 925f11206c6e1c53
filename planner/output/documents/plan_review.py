"""Measurable outcomes, review and voice, and advice tied to needs: parts of the support plan and the hand-over.

- Outcomes (Care Act 2014 s.25(1)(d)): each thing the person wants to be better, how we will know, and by when,
  so that a review has something to check.
- Review and voice (s.27): how, by whom and when the plan is reviewed (the council's intervals), an interim
  plan's date for the full plan and how it relates to the first review, how a direct payment is checked, how to
  ask for a review at any time, and how to complain. Who reviews is the council's decision.
- Advice (s.25(1)(f)): advice on reducing and preventing needs, tied to what the person said; for someone who may
  not meet the criteria, the reasons and the advice the council must give in writing (s.13(5), s.24(2)).
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field

from planner.flows.model import Council, UrgentContact
from planner.i18n.translator import N_
from planner.output.eligibility import Indication
from planner.text import clean_text

from .base import Context
from .facts import Coded, Facts, Quote, as_date
from .person import LIFE_AREAS, Need, indication, needs, said_something

ByWhen = Literal["first_review", "three_months", "six_months", "one_year", "date"]
DIRECT_PAYMENT = ("direct_payment", "direct_payment_managed", "mix")
_MONTHS: dict[str, int] = {"three_months": 3, "six_months": 6, "one_year": 12}

# Advice for each day-to-day area (reg 2 order), in the plan's own voice.
AREA_ADVICE: dict[str, list[str]] = {
    "A1": [N_("A meal service can bring hot or frozen meals to my home."),
           N_("Small kitchen aids can make cooking safer and easier."),
           N_("If I am not eating well, I can tell my doctor.")],
    "A2": [N_("A grab rail, a bath seat or a shower seat can help me wash safely."),
           N_("Small aids like these are often free from the council. The council can send someone to see what "
              "would help.")],
    "A3": [N_("A raised toilet seat or a grab rail can help."),
           N_("My doctor or nurse can tell me about help with bladder or bowel problems.")],
    "A4": [N_("Aids like a long shoe horn or a sock aid can help me dress."),
           N_("Clothes with easy fastenings can make dressing quicker.")],
    "A5": [N_("A falls service can help me stay steady on my feet."),
           N_("Rails, a second banister or a pendant alarm can keep me safe. A pendant alarm calls for help if I "
              "fall.")],
    "A6": [N_("Local services can help with cleaning, laundry or small repairs."),
           N_("A grant may help keep my home warm. The council can tell me more."),
           N_("The fire service can check my home for free.")],
    "A7": [N_("A befriending service can visit or phone me each week."),
           N_("Someone can show me how to make video calls on a phone or tablet.")],
    "A8": [N_("A local volunteer centre can help me find something that suits me."),
           N_("Access to Work can help pay for support at work.")],
    "A9": [N_("A community bus or a volunteer driver can take me to the shops."),
           N_("A bus pass or a Blue Badge may help. The council can tell me how to apply.")],
    "A10": [N_("The council's family support team can help with looking after a child."),
            N_("Local family groups can give support and company.")],
}
OTHER_ADVICE: dict[str, tuple[str, list[str]]] = {
    "company": (N_("Company"), [N_("Lunch clubs, groups and befriending services can help with company. The planner "
                                   "can find ones near me.")]),
    "bad_days": (N_("Good days and bad days"), [N_("On bad days, it is fine to ask for more help. I can tell my "
                                                   "helpers what a bad day is like for me.")]),
    "health": (N_("My health"), [N_("My doctor or pharmacist can look at my health and my medicines with me.")]),
    "money": (N_("Money"), [N_("A free benefits check can show money I could get, such as Attendance Allowance."),
                            N_("Age UK or Citizens Advice can do this check with me.")]),
    "carers": (N_("The people who help me"), [N_("The people who help me can have their own carer's assessment. It "
                                                 "is free.")]),
    "not_talked": (N_("Staying well"), [
        N_("If things get harder, I can ask the council for advice at any time."),
        N_("When we talk about my day-to-day life, my plan will give advice about it.")]),
    "general": (N_("Staying well"), [N_("Keeping active helps me stay steady and well. Local groups can help."),
                                     N_("If things get harder, I can ask the council for advice at any time.")]),
}
OTHER_BECAUSE: dict[str, str] = {
    "company": N_("I said I would like more company, or ideas for company and going out."),
    "bad_days": N_("I said I have good days and bad days."),
    "health": N_("I said I would like my health, in body and mind, to change."),
    "money": N_("I said I would like a change in company and money."),
    "carers": N_("I said family or friends help me now."),
    "general": N_("I did not name anything that would be hard for me now."),
    "not_talked": N_("We have not talked about my day-to-day life yet."),
}
NO_COUNCIL = Council(id="none", name="", urgent_contact=UrgentContact(label="", phone=""))  # every setting's default
COUNCIL_MUST = N_("If the council decides it will not meet my needs, it must tell me why in writing. It must also "
                  "give me advice about what could help now, and what could stop things getting harder.")


# ----------------------------------------------------------------- outcomes
class Outcome(BaseModel):
    """Something the person wants to be better, how we will know it is, and by when."""

    number: int
    what: str
    how_we_will_know: str | None = None
    by_when: ByWhen | None = None
    by_when_words: str | None = None
    check_by: dt.date | None = None
    said_by: str
    to_agree: list[Literal["how_we_will_know", "by_when"]] = Field(default_factory=list)


class ChangeWanted(BaseModel):
    """Something the person said they want to change, and where they said it."""

    code: str
    what: str


class PlanOutcomes(BaseModel):
    """What will be better, so a review has something to check (Care Act 2014 s.25(1)(d))."""

    law: str = "Care Act 2014 s.25(1)(d)"
    status: Literal["set", "to_agree", "nothing_to_change", "not_asked"]
    wants_change: list[ChangeWanted] = Field(default_factory=list)
    outcomes: list[Outcome] = Field(default_factory=list)
    checked_at_review: dt.date | None = None


# ----------------------------------------------------------------- review
class InterimReview(BaseModel):
    """An interim plan: when the full plan is made, and how that relates to the first review."""

    replan_date: dt.date
    replan_date_agreed: bool
    replan_is_first_review: bool


class DirectPaymentCheck(BaseModel):
    """How the council checks a direct payment is used as agreed (a council setting)."""

    law: str = "Care Act 2014 s.33; Care and Support (Direct Payments) Regulations 2014"
    part_of_budget: bool = False
    first_check_after_weeks: int
    first_check_around: dt.date | None = None
    then_every_months: int
    what_is_checked: list[str] = Field(default_factory=list)
    team: str | None = None
    phone: str | None = None


class AskForReview(BaseModel):
    """A review can be asked for at any time, by the person or someone for them (s.27(1)(b))."""

    law: str = "Care Act 2014 s.27(1)(b)"
    phone: str | None = None
    email: str | None = None


class ComplaintsRoute(BaseModel):
    """The council's complaints route (a council setting), and the ombudsman after it."""

    law: str = "Local Authority Social Services and NHS Complaints (England) Regulations 2009"
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None
    reply_within: str | None = None
    ombudsman: str
    ombudsman_phone: str | None = None
    ombudsman_website: str | None = None


class ReviewAndVoice(BaseModel):
    """How the plan is checked, and how the person is heard (Care Act 2014 s.27). The council decides who reviews."""

    law: str = "Care Act 2014 s.27"
    method: Coded
    council_method: Literal["face_to_face", "phone", "video", "person_chooses"] = "person_chooses"
    people_there: list[str] = Field(default_factory=list)
    reviewed_by: Coded
    council_reviewer: str | None = None
    first_after_weeks: int
    first_review_around: dt.date | None = None
    then_every_months: int
    next_review_around: dt.date | None = None
    sooner: bool = False
    interim: InterimReview | None = None
    direct_payment: DirectPaymentCheck | None = None
    ask_any_time: AskForReview
    complaints: ComplaintsRoute


# ----------------------------------------------------------------- advice
class AdviceItem(BaseModel):
    """Advice on reducing or preventing a need, tied to what the person said about it."""

    code: str
    about: str
    because: list[str]
    own_words: Quote | None = None
    advice: list[str]


class NotMeetingRules(BaseModel):
    """When the needs may not meet the criteria: the reasons from what was said, and the advice (s.13(5), s.24(2))."""

    law: str = "Care Act 2014 s.13(5), s.24(2)"
    summary: str
    reasons: list[str]
    what_i_said: list[str]
    council_must: str
    advice_codes: list[str]


class NeedsAdvice(BaseModel):
    """Advice on reducing and preventing needs, tied to what the person said (Care Act 2014 s.25(1)(f))."""

    law: str = "Care Act 2014 s.25(1)(f)"
    items: list[AdviceItem]
    from_planner: Quote | None = None
    may_not_meet: NotMeetingRules | None = None


# ----------------------------------------------------------------- builders
def build_outcomes(context: Context, review: ReviewAndVoice) -> PlanOutcomes:
    """Each goal as the person put it, with its sign and its date; what is still to agree."""
    facts = context.facts
    wanted = changes_wanted(facts)
    items = [i for i in facts.value("outcomes.list") or [] if isinstance(i, dict) and i.get("what")]
    outcomes = []
    answer = facts.answer("outcomes.list")
    said_by = facts.who_label(facts.who(answer)) if answer is not None else context.tr.gettext("The planner")
    for number, item in enumerate(items, start=1):
        how = clean_text(str(item.get("how_know") or "")) or None
        when = item.get("by_when") if item.get("by_when") in ("first_review", "three_months", "six_months",
                                                                "one_year", "date") else None
        check_by = _check_by(when, item.get("by_date"), context.today, review.first_review_around)
        missing: list[Literal["how_we_will_know", "by_when"]] = []
        if how is None:
            missing.append("how_we_will_know")
        if check_by is None:
            missing.append("by_when")
        outcomes.append(Outcome(number=number, what=clean_text(str(item["what"])), how_we_will_know=how,
                                by_when=when, by_when_words=facts.field_words("outcomes.list", "by_when", when)
                                or None, check_by=check_by, said_by=said_by, to_agree=missing))
    if outcomes:
        status: Literal["set", "to_agree", "nothing_to_change", "not_asked"] = \
            "to_agree" if any(o.to_agree for o in outcomes) else "set"
    elif wanted:
        status = "to_agree"
    else:
        asked = facts.status("about.change") in ("answered", "skipped", "not_sure", "rather_not_say")
        status = "nothing_to_change" if asked else "not_asked"
    return PlanOutcomes(status=status, wants_change=wanted, outcomes=outcomes,
                        checked_at_review=review.first_review_around)


def changes_wanted(facts: Facts) -> list[ChangeWanted]:
    """What they said they want to change: day-to-day areas, parts of life, and their own words."""
    found = [ChangeWanted(code=f"adult.outcome.{need.code}", what=need.name) for need in _needs(facts)
             if facts.value(f"adult.outcome.{need.code}.wish") == "change"]
    grid = facts.value("wellbeing.areas")
    if isinstance(grid, dict):
        found += [ChangeWanted(code=f"wellbeing.{row.removeprefix('wellbeing_')}",
                               what=facts.tr.gettext(LIFE_AREAS[row]))
                  for row, wish in grid.items() if wish == "change" and row in LIFE_AREAS]
    own = facts.text("about.change")
    if own and said_something(own):
        found.append(ChangeWanted(code="about.change", what=own))
    return found


def build_review(context: Context) -> ReviewAndVoice:
    """The review: the council's intervals, the person's wishes, an interim plan, direct payments, voice."""
    facts = context.facts
    council = context.council or NO_COUNCIL
    settings = council.review
    today = context.today
    interim = None
    first = today + dt.timedelta(weeks=settings.first_after_weeks)
    if facts.value("plan.interim"):
        given = facts.value("plan.replan_date")
        replan = as_date(given) or today + dt.timedelta(weeks=settings.interim_replan_within_weeks)
        interim = InterimReview(replan_date=replan, replan_date_agreed=isinstance(given, str),
                                replan_is_first_review=settings.interim_replan_is_first_review)
        first = replan if settings.interim_replan_is_first_review else \
            replan + dt.timedelta(weeks=settings.first_after_weeks)
    return ReviewAndVoice(
        method=facts.coded("review.method"), council_method=settings.method, people_there=facts.labels("review.with"),
        reviewed_by=facts.coded("review.by"), council_reviewer=settings.done_by,
        first_after_weeks=settings.first_after_weeks, first_review_around=first,
        then_every_months=settings.then_every_months, next_review_around=add_months(first, settings.then_every_months),
        sooner=facts.value("review.when") == "sooner", interim=interim,
        direct_payment=_direct_payment(facts, council, today),
        ask_any_time=AskForReview(phone=council.contact.phone, email=council.contact.email),
        complaints=_complaints(council))


def build_advice(context: Context, found: Indication | None = None) -> NeedsAdvice:
    """Advice for each need they named and each thing they said, and the reasons when they may not qualify."""
    facts = context.facts
    _ = facts.tr.gettext
    found = found or indication(facts)
    items = []
    for need in needs(facts, found):
        if need.code not in AREA_ADVICE:
            continue
        because = [_("{name}. On my own: {how}.", name=need.name, how=_lower(need.without_help).rstrip("."))]
        because += need.what_makes_it_hard
        if need.wish:
            because.append(_("From now on: {wish}.", wish=_lower(need.wish).rstrip(".")))
        items.append(AdviceItem(code=f"advice.{need.code}", about=need.name, because=because,
                                own_words=need.bad_days or need.own_words,
                                advice=[_(line) for line in AREA_ADVICE[need.code]]))
    grid = facts.value("wellbeing.areas") if isinstance(facts.value("wellbeing.areas"), dict) else {}
    said = {"company": facts.value("social.company") == "more" or bool(facts.chosen("social.ideas")),
            "bad_days": facts.value("adult.needs_vary") == "yes",
            "health": grid.get("wellbeing_b") == "change",
            "money": grid.get("wellbeing_f") == "change",
            "carers": facts.is_yes("helpers.has_unpaid")}
    for key, applies in said.items():
        if applies:
            items.append(_other(key, facts))
    if not items:
        items.append(_other("general" if facts.status("adult.outcomes_hard") == "answered" else "not_talked", facts))
    return NeedsAdvice(items=items, from_planner=facts.quote("advice.planner"),
                       may_not_meet=_may_not_meet(found, facts, items))


def _other(key: str, facts: Facts) -> AdviceItem:
    _ = facts.tr.gettext
    about, advice = OTHER_ADVICE[key]
    return AdviceItem(code=f"advice.{key}", about=_(about), because=[_(OTHER_BECAUSE[key])],
                      advice=[_(line) for line in advice])


def _may_not_meet(found: Indication, facts: Facts, items: list[AdviceItem]) -> NotMeetingRules | None:
    if found.result != "may_not_meet":
        return None
    _ = facts.tr.gettext
    said = [_("{name}: {words}", name=f.name, words=_lower(f.words)) for f in found.outcomes
            if f.result in ("not_achieved", "varies")]
    if not said:
        said = [_("No area of my day-to-day life looks hard to manage without help.")]
    return NotMeetingRules(summary=found.summary, reasons=list(found.reasons), what_i_said=said,
                           council_must=_(COUNCIL_MUST), advice_codes=[item.code for item in items])


def _needs(facts: Facts) -> list[Need]:
    return needs(facts, indication(facts))


def _direct_payment(facts: Facts, council: Council, today: dt.date) -> DirectPaymentCheck | None:
    holding = facts.value("budget.holding")
    if holding not in DIRECT_PAYMENT:
        return None
    check = council.direct_payment_monitoring
    return DirectPaymentCheck(part_of_budget=holding == "mix", first_check_after_weeks=check.first_check_after_weeks,
                              first_check_around=today + dt.timedelta(weeks=check.first_check_after_weeks),
                              then_every_months=check.then_every_months, what_is_checked=list(check.what_is_checked),
                              team=check.team, phone=check.phone or council.contact.phone)


def _complaints(council: Council) -> ComplaintsRoute:
    route = council.complaints
    return ComplaintsRoute(phone=route.phone or council.contact.phone, email=route.email or council.contact.email,
                           address=route.address, website=route.website, reply_within=route.reply_within,
                           ombudsman=route.ombudsman.name, ombudsman_phone=route.ombudsman.phone,
                           ombudsman_website=route.ombudsman.website)


def _check_by(when: str | None, date: object, today: dt.date, first_review: dt.date | None) -> dt.date | None:
    if when == "date":
        return as_date(date)
    if when == "first_review":
        return first_review
    return add_months(today, _MONTHS[when]) if when in _MONTHS else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day some months on (the month's last day when it is shorter)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:] if text[1:2].islower() else text

