"""Parts shared by the support plan and the hand-over: needs, family help, preferences, contacts."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from planner.i18n.translator import N_
from planner.output.eligibility import ADULT_OUTCOMES, Indication, OutcomeAnswers, adult_indication
from planner.text import clean_text

from planner.output.formatting import lower_first

from .facts import Facts, Quote, and_list

# The Care Act s.1 wellbeing areas, by the grid's rows (see the code wellbeing.areas), in the plan's own voice.
LIFE_AREAS = {
    "wellbeing_a": N_("Being treated with respect"), "wellbeing_b": N_("My health, in body and mind"),
    "wellbeing_c": N_("Feeling safe from harm"), "wellbeing_d": N_("Being in charge of my own day"),
    "wellbeing_e": N_("Hobbies, learning or work"), "wellbeing_f": N_("Having company, and enough money"),
    "wellbeing_g": N_("Family and friends"), "wellbeing_h": N_("My home"),
    "wellbeing_i": N_("Helping others and my community"),
}
PreferenceStatus = Literal["asked_for", "agreed", "not_available"]
_GATES = {"A8": "adult.work_volunteer", "A10": "adult.cares_for_child"}
_FIRST_PERSON_LIMBS = {
    "unaided": N_("I cannot do it without help or reminders."),
    "pain": N_("It causes me a lot of pain, worry or upset."),
    "risk": N_("Doing it alone could put me, or someone else, at risk."),
    "time": N_("It takes me much longer than it takes most people."),
}


class Need(BaseModel):
    """One area of day-to-day life that is hard, in the person's terms."""

    code: str
    name: str
    without_help: str
    what_makes_it_hard: list[str]
    result: str
    bad_days: Quote | None = None
    wish: str | None = None
    own_words: Quote | None = None


class LinkedCarer(BaseModel):
    """A carer who has had their own assessment, linked to this plan.

    Their answers about going on caring appear only when they agreed to share them. While their
    assessment is not `finished`, a plan that relies on it stays a draft.
    """

    name: str
    shared: bool
    finished: bool = True
    willing: str | None = None
    willing_6m: str | None = None
    able: str | None = None
    able_6m: str | None = None
    emergency_plan: str | None = None  # whether they have a plan if they are suddenly ill: only with its own consent


class FamilyHelp(BaseModel):
    """Help a family member, friend or neighbour gives now.

    `counted_on` stays false until they themselves have said they are willing and able
    to go on: help a carer gives only comes into a plan after that (DOMAIN.md §2).
    """

    name: str
    relationship: str | None = None
    helps_with: str | None = None
    how_often: str | None = None
    person_thinks: str | None = None
    willing: str | None = None
    able: str | None = None
    counted_on: bool = False


class Preference(BaseModel):
    """A wish about how support is given, with its status. A wish is not a promise."""

    code: str
    topic: str
    wish: str
    time: dt.time | None = None
    status: PreferenceStatus = "asked_for"
    reason: str | None = None

    @property
    def status_words(self) -> str:
        """'asked for', 'agreed', or 'not available' with the reason."""
        words = {"asked_for": "asked for", "agreed": "agreed", "not_available": "not available"}[self.status]
        return f"{words}: {self.reason}" if self.reason else words


class EmergencyContact(BaseModel):
    name: str
    relationship: str | None = None
    phone: str | None = None


PREFERENCES: list[tuple[str, str]] = [
    ("preference.visit_times", N_("Times of day for help")),
    ("preference.morning_time", N_("Morning help at")),
    ("preference.evening_time", N_("Bedtime help at")),
    ("preference.visit_length", N_("How long each visit lasts")),
    ("preference.worker_gender", N_("Care workers: women, men or either")),
    ("preference.same_workers", N_("The same care workers each time")),
    ("preference.language_culture", N_("Language, culture, faith or food")),
    ("preference.everyday_choices", N_("Everyday choices to offer")),
    ("preference.agencies_use", N_("An agency to use")),
    ("preference.agencies_avoid", N_("An agency to avoid")),
    ("preference.other", N_("Other wishes about how help is given")),
]


def adult_outcomes(facts: Facts) -> list[OutcomeAnswers]:
    """The ten reg 2 outcomes, read by code, as if no one were helping."""
    found = []
    for n in range(1, 11):
        short = f"A{n}"
        code = f"adult.outcome.{short}"
        unaided = facts.status(f"{code}.unaided")
        gate = _GATES.get(short, "adult.outcomes_hard")
        if unaided in ("not_asked", "not_in_flow"):
            if facts.status(gate) != "answered":
                found.append(OutcomeAnswers(short))
            elif short in _GATES and facts.value(gate) == "no":
                found.append(OutcomeAnswers(short, applies=False))
            else:
                found.append(OutcomeAnswers(short, hard=False))
            continue
        value = facts.value(f"{code}.unaided")
        found.append(OutcomeAnswers(short, hard=True, unaided=value if value in ("yes", "sometimes", "no") else None,
                                    pain=facts.yes_no(f"{code}.pain"), risk=facts.yes_no(f"{code}.risk"),
                                    time=facts.yes_no(f"{code}.time")))
    return found


def indication(facts: Facts) -> Indication:
    """The adult indication, for discussion: the council decides."""
    impairment = facts.value("adult.impairment")
    impact = facts.value("adult.wellbeing_impact")
    return adult_indication(adult_outcomes(facts), impairment=impairment if impairment in ("yes", "partly", "no")
                            else None, impact=impact if impact in ("a_little", "quite_a_lot", "a_great_deal") else None,
                            tr=facts.tr)


def needs(facts: Facts, found: Indication) -> list[Need]:
    """Each area they said is hard, with how, bad days, their wish and their own words."""
    result = []
    for finding in found.outcomes:
        code = f"adult.outcome.{finding.code}"
        if finding.result == "not_applicable" or facts.status(f"{code}.unaided") in ("not_asked", "not_in_flow"):
            continue
        hard = [facts.tr.gettext(_FIRST_PERSON_LIMBS[limb]) for limb in finding.limbs if limb != "unaided"]
        result.append(Need(code=finding.code, name=facts.tr.gettext(ADULT_OUTCOMES[finding.code]),
                           without_help=facts.words(f"{code}.unaided") or facts.tr.gettext("Not said yet"),
                           what_makes_it_hard=hard, result=finding.result, bad_days=facts.quote(f"{code}.bad_days"),
                           wish=facts.words(f"{code}.wish") or None, own_words=facts.quote(f"{code}.notes")))
    return result


def family_help(facts: Facts) -> list[FamilyHelp]:
    """The people who help now; each is counted on only if they said, themselves, willing and able."""
    code = "helpers.list"
    own = _own_words(facts)
    helpers = []
    items = [i for i in facts.value(code) or [] if isinstance(i, dict)]
    for item in items:
        name = clean_text(str(item.get("name") or ""))
        said = own.get(name.casefold()) or (next(iter(own.values())) if len(items) == 1 and len(own) == 1 else {})
        willing, able = said.get("carer.willing"), said.get("carer.able")
        helpers.append(FamilyHelp(name=name or facts.tr.gettext("Someone who helps"),
                                  relationship=facts.field_words(code, "relationship", item.get("relationship"))
                                  or None,
                                  helps_with=facts.field_words(code, "what_they_do", item.get("what_they_do")) or None,
                                  how_often=facts.field_words(code, "how_often", item.get("how_often")) or None,
                                  person_thinks=facts.field_words(code, "will_continue", item.get("will_continue"))
                                  or None,
                                  willing=facts.label("carer.willing", willing.value) if willing else None,
                                  able=facts.label("carer.able", able.value) if able else None,
                                  counted_on=bool(willing and able and willing.value == "yes" and able.value == "yes")))
    return helpers


def _own_words(facts: Facts) -> dict[str, dict[str, Any]]:
    """What each carer taking part said for themselves about going on: name -> code -> answer."""
    found: dict[str, dict[str, Any]] = {}
    for code in ("carer.willing", "carer.able"):
        for answer in facts.all_given(code):
            participant = facts.who(answer)
            if participant.role == "carer" and answer.status == "answered":
                found.setdefault(clean_text(participant.name).casefold(), {})[code] = answer
    return found


def preferences(facts: Facts) -> list[Preference]:
    """Every wish about how help is given that has an answer (including "I'm not sure")."""
    found = []
    agreed = facts.value("preference.status") or {}
    reasons = {item.get("wish"): clean_text(str(item.get("reason") or ""))
               for item in facts.value("preference.not_met") or [] if isinstance(item, dict)}
    for code, topic in PREFERENCES:
        status = facts.status(code)
        if status not in ("answered", "not_sure", "rather_not_say"):
            continue
        value = facts.value(code)
        time = _time(value) if isinstance(value, str) and code.endswith("_time") else None
        wish = facts.words(code)
        if isinstance(value, list) and facts.chosen(code):
            wish = phrases(facts.labels(code), facts)
        row = code.removeprefix("preference.")
        state = agreed.get(row, "asked_for") if isinstance(agreed, dict) else "asked_for"
        kept: PreferenceStatus = "agreed" if state == "agreed" else \
            "not_available" if state == "not_available" else "asked_for"
        found.append(Preference(code=code, topic=facts.tr.gettext(topic), wish=wish, time=time, status=kept,
                                reason=reasons.get(row) or None if state == "not_available" else None))
    return found


def emergency_contacts(facts: Facts) -> list[EmergencyContact]:
    contacts = []
    for item in facts.value("contingency.emergency_contacts") or []:
        if isinstance(item, dict) and any(item.get(k) for k in ("name", "phone")):
            contacts.append(EmergencyContact(
                name=clean_text(str(item.get("name") or "")) or facts.tr.gettext("Not named"),
                relationship=clean_text(str(item["relationship"])) if item.get("relationship") else None,
                phone=clean_text(str(item["phone"])) if item.get("phone") else None))
    return contacts


def _time(value: str) -> dt.time | None:
    try:
        return dt.time.fromisoformat(value)
    except ValueError:
        return None


def said_something(text: str | None) -> bool:
    """Whether a typed answer says more than "no" or "nothing"."""
    if not text:
        return False
    word = "".join(c for c in text.lower() if c.isalpha() or c == " ").strip()
    return word not in {"no", "none", "nothing", "no thanks", "no thank you", "not really", "nope", "nothing now",
                        "no nothing", "not at the moment", "n a", "na"}


def phrases(labels: list[str], facts: Facts | None = None) -> str:
    """Choice labels as one phrase: 'In the morning and at bedtime'."""
    words = labels[:1] + [lower_first(w) for w in labels[1:]]
    return and_list(words, facts.tr) if facts is not None else and_list(words)
