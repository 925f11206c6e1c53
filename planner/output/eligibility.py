"""An *indication* against the eligibility rules (Care Act 2014; Eligibility Regulations 2015).

For discussion only: the council decides. The rules, as DOMAIN.md §5 sets them out:

- An adult (reg 2): needs from an impairment or illness; **unable to achieve two or more**
  of ten outcomes; and, as a result, a significant impact on wellbeing. "Unable to
  achieve" has **four** limbs: cannot without help (prompting counts as help); can, but
  with significant pain, distress or anxiety; can, but it endangers health or safety;
  can, but it takes significantly longer than normal.
- A carer (reg 3): needs from providing necessary care; **either** their health is, or
  is at risk of, getting worse, **or** they are unable to achieve **any one** of eight
  outcomes; and, as a result, a significant impact on wellbeing. For carers "unable to
  achieve" has **three** limbs: there is no "takes longer" limb.

The traps this module keeps out of: one outcome with several limbs still counts once;
one outcome is not enough for an adult, but is enough for a carer; "takes longer"
never counts for a carer; a health risk alone is a carer's route, but never without a
significant impact on wellbeing; help that others give is not taken away from the
need ("as if no one were helping" is how the questions ask); and "I'm not sure" is
data — it makes the indication *unclear*, never a silent "no".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

Limb = Literal["unaided", "pain", "risk", "time"]
OutcomeResult = Literal["not_achieved", "achieved", "varies", "unknown", "not_applicable"]
Result = Literal["may_meet", "may_not_meet", "unclear"]
Met = Literal["met", "not_met", "unknown"]

LABEL = "An indication only, for discussion: the council decides."
NOT_TALKED_ABOUT = "We have not talked about this part yet, so there is no indication yet."

ADULT_OUTCOMES: dict[str, str] = {
    "A1": "Making food and drinks, and eating well",
    "A2": "Keeping clean",
    "A3": "Using the toilet",
    "A4": "Getting dressed for the day and the weather",
    "A5": "Moving around the home safely",
    "A6": "Keeping the home clean, warm and safe",
    "A7": "Keeping in touch with family and friends",
    "A8": "Work, learning or volunteering",
    "A9": "Getting out to local places, including transport",
    "A10": "Looking after a child",
}
CARER_OUTCOMES: dict[str, str] = {
    "C1": "Looking after a child",
    "C2": "Caring for anyone else",
    "C3": "Keeping your own home clean and safe",
    "C4": "Eating well and having proper meals",
    "C5": "Time with family and friends",
    "C6": "Work, study, training or volunteering",
    "C7": "Getting out to shops and local places",
    "C8": "Rest, hobbies and time for yourself",
}
LIMB_WORDS: dict[Limb, str] = {
    "unaided": "cannot be done without help or reminders",
    "pain": "causes a lot of pain, worry or upset",
    "risk": "puts someone's health or safety at risk",
    "time": "takes much longer than it does for most people",
}
CARER_UNAIDED = "cannot be managed alongside caring without help"


@dataclass(frozen=True)
class OutcomeAnswers:
    """What was said about one outcome, asked as if no one were helping.

    `None` anywhere means not known: not asked yet, "I'm not sure", or "I'd rather not say".
    `hard=False` means they said it is not hard (so it is achieved); `applies=False`
    means the outcome does not apply to them (no child to look after, say).
    """

    code: str
    hard: bool | None = None
    unaided: Literal["yes", "sometimes", "no"] | None = None
    pain: bool | None = None
    risk: bool | None = None
    time: bool | None = None
    applies: bool = True


class OutcomeFinding(BaseModel):
    """One outcome, and what the answers suggest about it."""

    code: str
    name: str
    result: OutcomeResult
    limbs: list[Limb]
    words: str


class Indication(BaseModel):
    """Whether needs look likely to meet the criteria, with the reasons. Never a decision."""

    label: str = LABEL
    rules: Literal["adult", "carer"]
    result: Result
    summary: str
    reasons: list[str]
    outcomes: list[OutcomeFinding]
    outcomes_not_achieved: int
    still_unclear: list[str]


def finding(answers: OutcomeAnswers, *, carer: bool) -> OutcomeFinding:
    """Judge one outcome on the limbs that apply (three for carers, four for adults)."""
    names = CARER_OUTCOMES if carer else ADULT_OUTCOMES
    name = names.get(answers.code, answers.code)
    if not answers.applies:
        return OutcomeFinding(code=answers.code, name=name, result="not_applicable", limbs=[],
                              words="This does not apply.")
    if answers.hard is False:
        return OutcomeFinding(code=answers.code, name=name, result="achieved", limbs=[], words="Not hard.")
    limbs: list[Limb] = []
    if answers.unaided == "no":
        limbs.append("unaided")
    for limb in ("pain", "risk") if carer else ("pain", "risk", "time"):
        if getattr(answers, limb) is True:
            limbs.append(limb)  # type: ignore[arg-type]
    if limbs:
        words = "; ".join(CARER_UNAIDED if carer and limb == "unaided" else LIMB_WORDS[limb] for limb in limbs)
        return OutcomeFinding(code=answers.code, name=name, result="not_achieved", limbs=limbs,
                              words=words[0].upper() + words[1:] + ".")
    if answers.unaided == "sometimes":
        return OutcomeFinding(code=answers.code, name=name, result="varies", limbs=[],
                              words="Manageable on some days but not others. The council looks at a longer time.")
    others = (answers.pain, answers.risk) if carer else (answers.pain, answers.risk, answers.time)
    if answers.unaided == "yes" and all(limb is False for limb in others):
        return OutcomeFinding(code=answers.code, name=name, result="achieved", limbs=[],
                              words="Manageable without help.")
    return OutcomeFinding(code=answers.code, name=name, result="unknown", limbs=[], words="Not known yet.")


def adult_indication(outcomes: list[OutcomeAnswers], *, impairment: Literal["yes", "partly", "no"] | None,
                     impact: Literal["a_little", "quite_a_lot", "a_great_deal"] | None) -> Indication:
    """Reg 2: two or more of ten outcomes on four limbs, from an impairment, with a significant impact."""
    findings = [finding(o, carer=False) for o in outcomes]
    not_achieved = [f for f in findings if f.result == "not_achieved"]
    open_ = [f for f in findings if f.result in ("varies", "unknown")]
    reasons = _outcome_reasons(not_achieved)
    unclear = [f"{f.name}: {f.words}" for f in open_]
    count = len(not_achieved)
    if not count and not open_:
        reasons = ["No area of day-to-day life looks hard to manage without help."]
        return _combine("adult", ["not_met"], reasons, findings, 0, unclear)
    if all(f.result in ("unknown", "not_applicable") for f in findings):
        return _combine("adult", ["unknown"], [NOT_TALKED_ABOUT], findings, 0, ["Day-to-day life"])
    if count >= 2:
        outcomes_met: Met = "met"
        reasons.append(f"{_count_words(count)} look hard to manage without help. The rules look for two or more.")
    elif count + len(open_) >= 2:
        outcomes_met = "unknown"
        reasons.append(f"{_count_words(count)} {'looks' if count == 1 else 'look'} hard to manage without help so "
                       "far. The rules look for two or more. Some areas are not clear yet.")
    else:
        outcomes_met = "not_met"
        reasons.append(f"{_count_words(count)} {'looks' if count == 1 else 'look'} hard to manage without help. "
                       "The rules look for two or more. Help may still be possible in other ways.")
    cause: Met = {"yes": "met", "partly": "met", "no": "not_met"}.get(impairment or "", "unknown")  # type: ignore
    reasons.append({"met": "The difficulties come from illness, disability or memory loss.",
                    "not_met": "You said the difficulties do not come from illness, disability or memory loss.",
                    "unknown": "It is not clear yet whether the difficulties come from illness or disability."}[cause])
    if cause == "unknown":
        unclear.append("Whether the difficulties come from illness, disability or memory loss.")
    significant = _impact(impact, {"quite_a_lot": "quite a lot", "a_great_deal": "a great deal"}, {"a_little"})
    reasons.append(_impact_reason(significant, impact, "they affect your life"))
    if significant == "unknown":
        unclear.append("How much these things affect your life as a whole.")
    return _combine("adult", [outcomes_met, cause, significant], reasons, findings, count, unclear)


def carer_indication(outcomes: list[OutcomeAnswers], *, health_risk: Literal["yes", "might", "no"] | None,
                     impact: Literal["not_at_all", "a_little", "quite_a_lot", "great_deal"] | None) -> Indication:
    """Reg 3: health at risk, or any one of eight outcomes on three limbs; and a significant impact."""
    findings = [finding(o, carer=True) for o in outcomes]
    not_achieved = [f for f in findings if f.result == "not_achieved"]
    open_ = [f for f in findings if f.result in ("varies", "unknown")]
    reasons = _outcome_reasons(not_achieved)
    unclear = [f"{f.name}: {f.words}" for f in open_]
    health: Met = {"yes": "met", "might": "met", "no": "not_met"}.get(health_risk or "", "unknown")  # type: ignore
    if health == "unknown" and impact is None and all(f.result in ("unknown", "not_applicable") for f in findings):
        return _combine("carer", ["unknown"], [NOT_TALKED_ABOUT], findings, 0,
                        ["Your health, and the parts of your life that caring makes hard"])
    reasons.append({"met": "Caring is making your health worse, or could soon." if health_risk == "might"
                    else "Caring is making your health worse.",
                    "not_met": "You said caring is not making your health worse.",
                    "unknown": "It is not clear yet whether caring is making your health worse."}[health])
    if health == "unknown":
        unclear.append("Whether caring is making your health worse.")
    count = len(not_achieved)
    outcomes_met: Met = "met" if count else "unknown" if open_ else "not_met"
    if count:
        reasons.append("For a carer, one area that is hard to manage is enough.")
    elif outcomes_met == "not_met":
        reasons.append("No area of your life looks hard to manage because of caring.")
    if any(o.time and not f.limbs and f.result != "not_applicable" for o, f in zip(outcomes, findings)):
        reasons.append("Taking longer than most people is not one of the carer rules, so it is not counted here.")
    either: Met = "met" if "met" in (health, outcomes_met) else "unknown" if "unknown" in (health, outcomes_met) \
        else "not_met"
    significant = _impact(impact, {"quite_a_lot": "quite a lot", "great_deal": "a great deal"},
                          {"a_little", "not_at_all"})
    reasons.append(_impact_reason(significant, impact, "caring affects your wellbeing"))
    if significant == "unknown":
        unclear.append("How much caring affects your wellbeing.")
    return _combine("carer", [either, significant], reasons, findings, count, unclear)


def _outcome_reasons(not_achieved: list[OutcomeFinding]) -> list[str]:
    return [f"{f.name}: {f.words[0].lower() + f.words[1:]}" for f in not_achieved]


def _impact(impact: str | None, significant: dict[str, str], slight: set[str]) -> Met:
    if impact in significant:
        return "met"
    return "not_met" if impact in slight else "unknown"


_IMPACT_WORDS = {"not_at_all": "not at all", "a_little": "a little", "quite_a_lot": "quite a lot",
                 "a_great_deal": "a great deal", "great_deal": "a great deal"}


def _impact_reason(met: Met, impact: str | None, what: str) -> str:
    if met == "unknown":
        return f"We do not know yet how much {what}. The rules look for a big effect on wellbeing."
    said = f"You said {what} {_IMPACT_WORDS.get(impact or '', impact)}."
    if met == "met":
        return said
    return f"{said} The rules look for a big effect on wellbeing. The council may ask more about this."


def _combine(rules: Literal["adult", "carer"], conditions: list[Met], reasons: list[str],
             findings: list[OutcomeFinding], count: int, unclear: list[str]) -> Indication:
    if "not_met" in conditions:
        result: Result = "may_not_meet"
    elif all(c == "met" for c in conditions):
        result = "may_meet"
    else:
        result = "unclear"
    who = "you" if rules == "adult" else "you, as a carer,"
    summary = {"may_meet": f"From the answers, {who} may be able to get support from the council.",
               "may_not_meet": f"From the answers, {who} may not meet the council's rules for support. "
                               "Advice and other help are still there.",
               "unclear": "From the answers so far, it is not clear yet. Some things still need talking about."}[result]
    return Indication(rules=rules, result=result, summary=summary, reasons=reasons, outcomes=findings,
                      outcomes_not_achieved=count, still_unclear=unclear)


def _count_words(count: int) -> str:
    words = ["No areas", "One area", "Two areas", "Three areas", "Four areas", "Five areas", "Six areas",
             "Seven areas", "Eight areas", "Nine areas", "Ten areas"]
    return words[count] if count < len(words) else f"{count} areas"
