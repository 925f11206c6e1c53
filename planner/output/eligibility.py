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

from planner.i18n.translator import ENGLISH, N_, Translator

Limb = Literal["unaided", "pain", "risk", "time"]
OutcomeResult = Literal["not_achieved", "achieved", "varies", "unknown", "not_applicable"]
Result = Literal["may_meet", "may_not_meet", "unclear"]
Met = Literal["met", "not_met", "unknown"]

LABEL = N_("An indication only, for discussion: the council decides.")
NOT_TALKED_ABOUT = N_("We have not talked about this part yet, so there is no indication yet.")

ADULT_OUTCOMES: dict[str, str] = {
    "A1": N_("Making food and drinks, and eating well"),
    "A2": N_("Keeping clean"),
    "A3": N_("Using the toilet"),
    "A4": N_("Getting dressed for the day and the weather"),
    "A5": N_("Moving around the home safely"),
    "A6": N_("Keeping the home clean, warm and safe"),
    "A7": N_("Keeping in touch with family and friends"),
    "A8": N_("Work, learning or volunteering"),
    "A9": N_("Getting out to local places, including transport"),
    "A10": N_("Looking after a child"),
}
CARER_OUTCOMES: dict[str, str] = {
    "C1": N_("Looking after a child"),
    "C2": N_("Caring for anyone else"),
    "C3": N_("Keeping your own home clean and safe"),
    "C4": N_("Eating well and having proper meals"),
    "C5": N_("Time with family and friends"),
    "C6": N_("Work, study, training or volunteering"),
    "C7": N_("Getting out to shops and local places"),
    "C8": N_("Rest, hobbies and time for yourself"),
}
LIMB_WORDS: dict[Limb, str] = {
    "unaided": N_("cannot be done without help or reminders"),
    "pain": N_("causes a lot of pain, worry or upset"),
    "risk": N_("puts someone's health or safety at risk"),
    "time": N_("takes much longer than it does for most people"),
}
CARER_UNAIDED = N_("cannot be managed alongside caring without help")
NOT_APPLICABLE = N_("This does not apply.")
NOT_HARD = N_("Not hard.")
VARIES = N_("Manageable on some days but not others. The council looks at a longer time.")
WITHOUT_HELP = N_("Manageable without help.")
NOT_KNOWN = N_("Not known yet.")
NAMED = N_("{name}: {words}")


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


def finding(answers: OutcomeAnswers, *, carer: bool, tr: Translator = ENGLISH) -> OutcomeFinding:
    """Judge one outcome on the limbs that apply (three for carers, four for adults)."""
    _ = tr.gettext
    names = CARER_OUTCOMES if carer else ADULT_OUTCOMES
    name = _(names[answers.code]) if answers.code in names else answers.code
    if not answers.applies:
        return OutcomeFinding(code=answers.code, name=name, result="not_applicable", limbs=[],
                              words=_(NOT_APPLICABLE))
    if answers.hard is False:
        return OutcomeFinding(code=answers.code, name=name, result="achieved", limbs=[], words=_(NOT_HARD))
    limbs: list[Limb] = []
    if answers.unaided == "no":
        limbs.append("unaided")
    for limb in ("pain", "risk") if carer else ("pain", "risk", "time"):
        if getattr(answers, limb) is True:
            limbs.append(limb)
    if limbs:
        said = [CARER_UNAIDED if carer and limb == "unaided" else LIMB_WORDS[limb] for limb in limbs]
        words = "; ".join(tr.gettext(phrase) for phrase in said)
        return OutcomeFinding(code=answers.code, name=name, result="not_achieved", limbs=limbs,
                              words=words[0].upper() + words[1:] + ".")
    if answers.unaided == "sometimes":
        return OutcomeFinding(code=answers.code, name=name, result="varies", limbs=[], words=_(VARIES))
    others = (answers.pain, answers.risk) if carer else (answers.pain, answers.risk, answers.time)
    if answers.unaided == "yes" and all(limb is False for limb in others):
        return OutcomeFinding(code=answers.code, name=name, result="achieved", limbs=[], words=_(WITHOUT_HELP))
    return OutcomeFinding(code=answers.code, name=name, result="unknown", limbs=[], words=_(NOT_KNOWN))


def _findings(outcomes: list[OutcomeAnswers], carer: bool, tr: Translator
              ) -> tuple[list[OutcomeFinding], list[OutcomeFinding], list[OutcomeFinding], list[str], list[str]]:
    """Each outcome's finding; those not achieved and those still open; the reasons so far; what is unclear."""
    findings = [finding(o, carer=carer, tr=tr) for o in outcomes]
    not_achieved = [f for f in findings if f.result == "not_achieved"]
    open_ = [f for f in findings if f.result in ("varies", "unknown")]
    unclear = [tr.gettext(NAMED, name=f.name, words=f.words) for f in open_]
    return findings, not_achieved, open_, _outcome_reasons(not_achieved, tr), unclear


def adult_indication(outcomes: list[OutcomeAnswers], *, impairment: Literal["yes", "partly", "no"] | None,
                     impact: Literal["a_little", "quite_a_lot", "a_great_deal"] | None,
                     tr: Translator = ENGLISH) -> Indication:
    """Reg 2: two or more of ten outcomes on four limbs, from an impairment, with a significant impact."""
    _ = tr.gettext
    findings, not_achieved, open_, reasons, unclear = _findings(outcomes, False, tr)
    count = len(not_achieved)
    if not count and not open_:
        reasons = [_("No area of day-to-day life looks hard to manage without help.")]
        return _combine("adult", ["not_met"], reasons, findings, 0, unclear, tr)
    if all(f.result in ("unknown", "not_applicable") for f in findings):
        return _combine("adult", ["unknown"], [_(NOT_TALKED_ABOUT)], findings, 0, [_("Day-to-day life")], tr)
    areas = _count_words(count, tr)
    if count >= 2:
        outcomes_met: Met = "met"
        reasons.append(_("{areas} look hard to manage without help. The rules look for two or more.", areas=areas))
    elif count + len(open_) >= 2:
        outcomes_met = "unknown"
        reasons.append(tr.ngettext(
            "{areas} looks hard to manage without help so far. The rules look for two or more. Some areas are not "
            "clear yet.", "{areas} look hard to manage without help so far. The rules look for two or more. Some "
            "areas are not clear yet.", count, areas=areas))
    else:
        outcomes_met = "not_met"
        reasons.append(tr.ngettext(
            "{areas} looks hard to manage without help. The rules look for two or more. Help may still be possible "
            "in other ways.", "{areas} look hard to manage without help. The rules look for two or more. Help may "
            "still be possible in other ways.", count, areas=areas))
    causes: dict[str, Met] = {"yes": "met", "partly": "met", "no": "not_met"}
    cause = causes.get(impairment or "", "unknown")
    reasons.append({"met": _("The difficulties come from illness, disability or memory loss."),
                    "not_met": _("You said the difficulties do not come from illness, disability or memory loss."),
                    "unknown": _("It is not clear yet whether the difficulties come from illness or disability.")
                    }[cause])
    if cause == "unknown":
        unclear.append(_("Whether the difficulties come from illness, disability or memory loss."))
    significant = _impact(impact, {"quite_a_lot": "quite a lot", "a_great_deal": "a great deal"}, {"a_little"})
    reasons.append(_impact_reason(significant, impact, ADULT_IMPACT, tr))
    if significant == "unknown":
        unclear.append(_("How much these things affect your life as a whole."))
    return _combine("adult", [outcomes_met, cause, significant], reasons, findings, count, unclear, tr)


def carer_indication(outcomes: list[OutcomeAnswers], *, health_risk: Literal["yes", "might", "no"] | None,
                     impact: Literal["not_at_all", "a_little", "quite_a_lot", "great_deal"] | None,
                     tr: Translator = ENGLISH) -> Indication:
    """Reg 3: health at risk, or any one of eight outcomes on three limbs; and a significant impact."""
    _ = tr.gettext
    findings, not_achieved, open_, reasons, unclear = _findings(outcomes, True, tr)
    risks: dict[str, Met] = {"yes": "met", "might": "met", "no": "not_met"}
    health = risks.get(health_risk or "", "unknown")
    if health == "unknown" and impact is None and all(f.result in ("unknown", "not_applicable") for f in findings):
        return _combine("carer", ["unknown"], [_(NOT_TALKED_ABOUT)], findings, 0,
                        [_("Your health, and the parts of your life that caring makes hard")], tr)
    reasons.append({"met": _("Caring is making your health worse, or could soon.") if health_risk == "might"
                    else _("Caring is making your health worse."),
                    "not_met": _("You said caring is not making your health worse."),
                    "unknown": _("It is not clear yet whether caring is making your health worse.")}[health])
    if health == "unknown":
        unclear.append(_("Whether caring is making your health worse."))
    count = len(not_achieved)
    outcomes_met: Met = "met" if count else "unknown" if open_ else "not_met"
    if count:
        reasons.append(_("For a carer, one area that is hard to manage is enough."))
    elif outcomes_met == "not_met":
        reasons.append(_("No area of your life looks hard to manage because of caring."))
    if any(o.time and not f.limbs and f.result != "not_applicable" for o, f in zip(outcomes, findings, strict=True)):
        reasons.append(_("Taking longer than most people is not one of the carer rules, so it is not counted here."))
    either: Met = "met" if "met" in (health, outcomes_met) else "unknown" if "unknown" in (health, outcomes_met) \
        else "not_met"
    significant = _impact(impact, {"quite_a_lot": "quite a lot", "great_deal": "a great deal"},
                          {"a_little", "not_at_all"})
    reasons.append(_impact_reason(significant, impact, CARER_IMPACT, tr))
    if significant == "unknown":
        unclear.append(_("How much caring affects your wellbeing."))
    return _combine("carer", [either, significant], reasons, findings, count, unclear, tr)


def _outcome_reasons(not_achieved: list[OutcomeFinding], tr: Translator) -> list[str]:
    return [tr.gettext(NAMED, name=f.name, words=f.words[0].lower() + f.words[1:]) for f in not_achieved]


def _impact(impact: str | None, significant: dict[str, str], slight: set[str]) -> Met:
    if impact in significant:
        return "met"
    return "not_met" if impact in slight else "unknown"


# What was asked about, in the sentences below: (not known yet, what was said).
ADULT_IMPACT = (N_("We do not know yet how much they affect your life. The rules look for a big effect on wellbeing."),
                N_("You said they affect your life {how}."))
CARER_IMPACT = (N_("We do not know yet how much caring affects your wellbeing. The rules look for a big effect on "
                   "wellbeing."), N_("You said caring affects your wellbeing {how}."))
_IMPACT_WORDS = {"not_at_all": N_("not at all"), "a_little": N_("a little"), "quite_a_lot": N_("quite a lot"),
                 "a_great_deal": N_("a great deal"), "great_deal": N_("a great deal")}
NOT_BIG_ENOUGH = N_("The rules look for a big effect on wellbeing. The council may ask more about this.")


def _impact_reason(met: Met, impact: str | None, what: tuple[str, str], tr: Translator) -> str:
    if met == "unknown":
        return tr.gettext(what[0])
    how = tr.gettext(_IMPACT_WORDS[impact]) if impact in _IMPACT_WORDS else str(impact)
    said = tr.gettext(what[1], how=how)
    if met == "met":
        return said
    return f"{said} {tr.gettext(NOT_BIG_ENOUGH)}"


def _combine(rules: Literal["adult", "carer"], conditions: list[Met], reasons: list[str],
             findings: list[OutcomeFinding], count: int, unclear: list[str], tr: Translator = ENGLISH) -> Indication:
    if "not_met" in conditions:
        result: Result = "may_not_meet"
    elif all(c == "met" for c in conditions):
        result = "may_meet"
    else:
        result = "unclear"
    summary = SUMMARIES[rules][result]
    return Indication(label=tr.gettext(LABEL), rules=rules, result=result, summary=tr.gettext(summary),
                      reasons=reasons, outcomes=findings, outcomes_not_achieved=count, still_unclear=unclear)


SUMMARIES = {
    "adult": {"may_meet": N_("From the answers, you may be able to get support from the council."),
              "may_not_meet": N_("From the answers, you may not meet the council's rules for support. Advice and "
                                 "other help are still there."),
              "unclear": N_("From the answers so far, it is not clear yet. Some things still need talking about.")},
    "carer": {"may_meet": N_("From the answers, you, as a carer, may be able to get support from the council."),
              "may_not_meet": N_("From the answers, you, as a carer, may not meet the council's rules for support. "
                                 "Advice and other help are still there."),
              "unclear": N_("From the answers so far, it is not clear yet. Some things still need talking about.")},
}
# TRANSLATORS: these begin a sentence, '... look hard to manage without help'. Include the verb if your
# language needs it there.
COUNT_WORDS = [N_("No areas"), N_("One area"), N_("Two areas"), N_("Three areas"), N_("Four areas"),
               N_("Five areas"), N_("Six areas"), N_("Seven areas"), N_("Eight areas"), N_("Nine areas"),
               N_("Ten areas")]


def _count_words(count: int, tr: Translator = ENGLISH) -> str:
    return tr.gettext(COUNT_WORDS[count]) if count < len(COUNT_WORDS) else tr.gettext("{n} areas", n=count)
