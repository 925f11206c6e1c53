"""The indication against the eligibility rules, tested on a table built from the regulations.

Adults (Care Act 2014 and the Eligibility Regulations 2015, reg 2): two or more of ten
outcomes, each on four limbs, from an impairment, with a significant impact on wellbeing.
Carers (reg 3): a health risk, or any one of eight outcomes on three limbs (no "takes
longer"), with a significant impact on wellbeing. DOMAIN.md §5 lists the traps.
"""

from __future__ import annotations

import pytest

from planner.output.eligibility import OutcomeAnswers as O
from planner.output.eligibility import adult_indication, carer_indication, finding

NO_HELP = {"hard": True, "unaided": "no"}
FINE = {"hard": True, "unaided": "yes", "pain": False, "risk": False, "time": False}


def adult(*given: O, impairment: str | None = "yes", impact: str | None = "quite_a_lot") -> tuple[str, int]:
    found = adult_indication(list(given), impairment=impairment, impact=impact)  # type: ignore[arg-type]
    return found.result, found.outcomes_not_achieved


def carer(*given: O, health: str | None = "no", impact: str | None = "quite_a_lot") -> tuple[str, int]:
    found = carer_indication(list(given), health_risk=health, impact=impact)  # type: ignore[arg-type]
    return found.result, found.outcomes_not_achieved


ADULT_CASES = [
    # (why, outcomes, impairment, impact, result, outcomes not achieved)
    ("two outcomes, each needing help: may meet", [O("A1", **NO_HELP), O("A2", **NO_HELP)], "yes", "quite_a_lot",
     "may_meet", 2),
    ("trap: one outcome is not enough for an adult", [O("A1", **NO_HELP)], "yes", "a_great_deal", "may_not_meet", 1),
    ("trap: one outcome on several limbs still counts once",
     [O("A2", hard=True, unaided="no", pain=True, risk=True, time=True)], "yes", "a_great_deal", "may_not_meet", 1),
    ("limb 2, pain or distress, counts even when they manage",
     [O("A1", hard=True, unaided="yes", pain=True), O("A4", **NO_HELP)], "yes", "quite_a_lot", "may_meet", 2),
    ("limb 3, a risk to health or safety, counts",
     [O("A5", hard=True, unaided="yes", risk=True), O("A4", **NO_HELP)], "yes", "quite_a_lot", "may_meet", 2),
    ("limb 4, taking much longer, counts for adults",
     [O("A4", hard=True, unaided="yes", time=True), O("A2", hard=True, unaided="yes", time=True)], "yes",
     "quite_a_lot", "may_meet", 2),
    ("prompting counts as help: 'no, I need help or reminders' is limb 1",
     [O("A1", **NO_HELP), O("A3", **NO_HELP)], "partly", "a_great_deal", "may_meet", 2),
    ("trap: no significant impact on wellbeing", [O("A1", **NO_HELP), O("A2", **NO_HELP)], "yes", "a_little",
     "may_not_meet", 2),
    ("trap: needs not from an impairment or illness", [O("A1", **NO_HELP), O("A2", **NO_HELP)], "no",
     "a_great_deal", "may_not_meet", 2),
    ("'I'm not sure' about the impact is data: unclear, never a silent no",
     [O("A1", **NO_HELP), O("A2", **NO_HELP)], "yes", None, "unclear", 2),
    ("impairment not known yet: unclear", [O("A1", **NO_HELP), O("A2", **NO_HELP)], None, "quite_a_lot",
     "unclear", 2),
    ("fluctuating needs: one outcome only on some days, with one clear: unclear",
     [O("A1", **NO_HELP), O("A2", hard=True, unaided="sometimes", pain=False, risk=False, time=False)], "yes",
     "quite_a_lot", "unclear", 1),
    ("not known whether an outcome is achieved: unclear", [O("A1", **NO_HELP), O("A6")], "yes", "quite_a_lot",
     "unclear", 1),
    ("managed well on every limb: achieved", [O("A1", **FINE), O("A2", **FINE)], "yes", "quite_a_lot",
     "may_not_meet", 0),
    ("nothing is hard", [O(f"A{n}", hard=False) for n in range(1, 11)], None, None, "may_not_meet", 0),
    ("an outcome that does not apply (no child) is not counted",
     [O("A10", applies=False), O("A1", **NO_HELP), O("A9", **NO_HELP)], "yes", "a_great_deal", "may_meet", 2),
    ("all ten outcomes count, including work and caring for a child",
     [O("A8", **NO_HELP), O("A10", **NO_HELP)], "yes", "quite_a_lot", "may_meet", 2),
]


@pytest.mark.parametrize("why, outcomes, impairment, impact, result, count", ADULT_CASES,
                         ids=[c[0] for c in ADULT_CASES])
def test_adult_indication(why: str, outcomes: list[O], impairment: str | None, impact: str | None, result: str,
                          count: int) -> None:
    assert adult(*outcomes, impairment=impairment, impact=impact) == (result, count)


CARER_CASES = [
    # (why, outcomes, health risk, impact, result, outcomes not achieved)
    ("trap: any one outcome is enough for a carer", [O("C8", **NO_HELP)], "no", "quite_a_lot", "may_meet", 1),
    ("a health risk alone is enough, with no outcome", [O("C3", hard=False)], "yes", "great_deal", "may_meet", 0),
    ("a health that may soon get worse counts ('is at risk of')", [], "might", "quite_a_lot", "may_meet", 0),
    ("trap: a health risk without a significant impact on wellbeing", [], "yes", "a_little", "may_not_meet", 0),
    ("trap: no 'takes longer' limb for carers", [O("C4", hard=True, unaided="yes", pain=False, risk=False, time=True)],
     "no", "great_deal", "may_not_meet", 0),
    ("limb 2, stress, worry or pain, counts", [O("C5", hard=True, unaided="yes", pain=True, risk=False)], "no",
     "quite_a_lot", "may_meet", 1),
    ("limb 3, a risk to anyone's health or safety, counts", [O("C1", hard=True, unaided="sometimes", risk=True)],
     "no", "quite_a_lot", "may_meet", 1),
    ("nothing hard and health fine", [O(f"C{n}", hard=False) for n in range(1, 9)], "no", "great_deal",
     "may_not_meet", 0),
    ("not caring's effect at all", [O("C8", **NO_HELP)], "no", "not_at_all", "may_not_meet", 1),
    ("health risk not known and no outcome known: unclear", [O("C3")], None, "quite_a_lot", "unclear", 0),
    ("'I'm not sure' about the impact keeps it unclear", [O("C6", **NO_HELP)], "yes", None, "unclear", 1),
    ("only some of the time, with no other limb: unclear", [O("C7", hard=True, unaided="sometimes", pain=False,
                                                               risk=False)], "no", "quite_a_lot", "unclear", 0),
    ("outcomes that do not apply are left out", [O("C1", applies=False), O("C2", applies=False)], "no",
     "great_deal", "may_not_meet", 0),
]


@pytest.mark.parametrize("why, outcomes, health, impact, result, count", CARER_CASES, ids=[c[0] for c in CARER_CASES])
def test_carer_indication(why: str, outcomes: list[O], health: str | None, impact: str | None, result: str,
                          count: int) -> None:
    assert carer(*outcomes, health=health, impact=impact) == (result, count)


def test_the_same_answers_count_differently_for_an_adult_and_a_carer() -> None:
    longer = {"hard": True, "unaided": "yes", "pain": False, "risk": False, "time": True}
    assert finding(O("A4", **longer), carer=False).result == "not_achieved"
    assert finding(O("C4", **longer), carer=True).result == "achieved"
    assert adult(O("A8", **NO_HELP))[0] == "may_not_meet"
    assert carer(O("C6", **NO_HELP))[0] == "may_meet"


def test_every_indication_is_labelled_and_gives_its_reasons() -> None:
    found = carer_indication([O("C8", **NO_HELP)], health_risk="yes", impact="quite_a_lot")
    assert found.label == "An indication only, for discussion: the council decides."
    assert any(r.startswith("Rest, hobbies and time for yourself") for r in found.reasons)
    assert "Caring is making your health worse." in found.reasons
    assert "For a carer, one area that is hard to manage is enough." in found.reasons
    longer = carer_indication([O("C4", hard=True, unaided="yes", pain=False, risk=False, time=True)],
                              health_risk="no", impact="great_deal")
    assert any("not one of the carer rules" in r for r in longer.reasons)
    unsure = adult_indication([O("A1", **NO_HELP), O("A2", **NO_HELP)], impairment="yes", impact=None)
    assert unsure.still_unclear == ["How much these things affect your life as a whole."]
