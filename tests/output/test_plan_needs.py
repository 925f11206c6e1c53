"""Needs mapped to support (Care Act s.25(1)(a)-(c), s.25(2)) and the personal budget (s.26), in the typed plan and
hand-over of the need-not-met persona; the council's decision is only ever the one the planner recorded."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.output.documents import HandOver, SupportPlan, build_documents
from planner.output.render import Renderer

from .helpers import TODAY, play
from tests.personas.runner import PERSONAS

PERSONA = PERSONAS / "support-plan" / "need-not-met.yaml"


def documents(path: Path, data: Path) -> tuple[SupportPlan, HandOver]:
    session, record = play(path, data)
    built = build_documents(session, record, today=TODAY)
    plan, handover = built["support-plan"], built["hand-over"]
    assert isinstance(plan, SupportPlan) and isinstance(handover, HandOver)
    return plan, handover


def changed(tmp_path: Path, **answers: Any) -> Path:
    """The persona with some answers changed (None: left out)."""
    spec = yaml.safe_load(PERSONA.read_text(encoding="utf-8"))
    spec.pop("expect")
    for question, answer in answers.items():
        if answer is None:
            spec["answers"].pop(question)
        else:
            spec["answers"][question] = answer
    path = tmp_path / "persona.yaml"
    path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def harold(tmp_path_factory: pytest.TempPathFactory) -> tuple[SupportPlan, HandOver]:
    return documents(PERSONA, tmp_path_factory.mktemp("data"))


def text(document: SupportPlan | HandOver, fmt: str = "md") -> str:
    return Renderer().render(document, fmt)


@pytest.mark.parametrize("which", [0, 1], ids=["support-plan", "hand-over"])
def test_each_need_names_the_support_that_meets_it(harold: tuple[SupportPlan, HandOver], which: int) -> None:
    needs = {n.code: n for n in harold[which].meeting_needs.needs}
    assert list(needs) == ["A1", "A2", "A6", "A9"]
    assert needs["A1"].status == needs["A2"].status == needs["A9"].status == "met_by_support"
    assert needs["A2"].support == ["Help to wash and shave each morning"]
    assert needs["A1"].support == needs["A9"].support == ["A personal assistant to cook dinner and take me to the "
                                                          "market"]
    support = harold[which].meeting_needs.support
    assert [[n.code for n in s.meets] for s in support] == [["A2"], ["A1", "A9"]]


@pytest.mark.parametrize("which", [0, 1], ids=["support-plan", "hand-over"])
def test_the_need_not_met_is_the_councils_decision_with_who_and_when(harold: tuple[SupportPlan, HandOver],
                                                                     which: int) -> None:
    decision = harold[which].meeting_needs.decision
    assert decision.status == "some_not_met"
    assert decision.recorded_by == "Priya Shah (social worker)"
    (item,) = decision.not_met
    assert (item.code, item.reason) == ("A6", "not_eligible")
    assert item.why.startswith("Harold keeps his home warm and safe.")
    assert item.decided_by == "Priya Shah, social worker"
    assert item.decided_on is not None and item.decided_on.isoformat() == "2026-02-20"
    assert {n.code: n.status for n in harold[which].meeting_needs.needs}["A6"] == "not_met_by_council"


@pytest.mark.parametrize("which", [0, 1], ids=["support-plan", "hand-over"])
def test_the_direct_payment_says_its_needs_its_amount_and_how_often(harold: tuple[SupportPlan, HandOver],
                                                                    which: int) -> None:
    payment = harold[which].meeting_needs.direct_payment
    assert payment is not None and not payment.whole_budget
    assert payment.amount is not None and (payment.amount.amount, payment.amount.period) == (Decimal("96.00"), "week")
    assert payment.frequency.value == "four_weekly"
    assert [n.code for n in payment.needs] == ["A1", "A9"]
    assert {n.code for n in harold[which].meeting_needs.needs if n.by_direct_payment} == {"A1", "A9"}


@pytest.mark.parametrize("which", [0, 1], ids=["support-plan", "hand-over"])
def test_the_personal_budget_has_the_three_parts_of_section_26(harold: tuple[SupportPlan, HandOver],
                                                              which: int) -> None:
    budget = harold[which].personal_budget
    assert budget.cost is not None and budget.cost.weekly == Decimal("260.00") and budget.cost_status == "agreed"
    assert budget.contribution == "amount"
    assert budget.contribution_amount is not None and budget.contribution_amount.weekly == Decimal("45.50")
    assert (budget.council_weekly, budget.council_yearly) == (Decimal("214.50"), Decimal("11154.00"))


def test_the_persons_plan_says_it_in_plain_words_and_that_the_council_decides(
        harold: tuple[SupportPlan, HandOver]) -> None:
    plan = text(harold[0])
    for words in ("## My needs, and the help that meets them",
                  "| Keeping clean | Help to wash and shave each morning |",
                  "The council decides which needs it will meet. It has decided not to meet these:",
                  "Decided on 20 February 2026 by Priya Shah, social worker.",
                  "- **How often it is paid:** every four weeks",
                  "## My personal budget, in three parts",
                  "- **What I pay towards it:** £45.50 a week",
                  "- **What the council pays:** £214.50 a week (£11,154.00 a year)"):
        assert words in plan
    handover = text(harold[1])
    assert "Care Act s.25(1)(a) to (c) and s.25(2)." in handover
    assert "The council's decision, recorded by Priya Shah (social worker). The council decides, not this plan." \
        in handover
    assert "## Personal budget (Care Act s.26)" in handover


def test_nothing_is_decided_for_the_council_when_the_planner_recorded_nothing(tmp_path: Path) -> None:
    plan, handover = documents(changed(tmp_path, needs_decision=None, needs_not_met=None), tmp_path / "data")
    for document in (plan, handover):
        assert document.meeting_needs.decision.status == "not_recorded"
        assert document.meeting_needs.decision.not_met == []
        assert "not_met_by_council" not in {n.status for n in document.meeting_needs.needs}
        # A6 had no support named: it is "not matched yet", never "not met".
        assert {n.code: n.status for n in document.meeting_needs.needs}["A6"] == "not_matched_yet"
    assert "The council decides which needs it will meet. This is not written down yet." in text(plan)
    assert "Not recorded yet. The council decides, not this plan." in text(handover)


def test_a_contribution_still_to_be_assessed_is_not_yet_known(tmp_path: Path) -> None:
    plan, handover = documents(changed(tmp_path, contribution="waiting", contribution_amount=None),
                               tmp_path / "data")
    budget = plan.personal_budget
    assert (budget.contribution, budget.contribution_amount, budget.council_weekly) == ("not_yet_known", None, None)
    assert "- **What I pay towards it:** not known yet. It comes from a financial assessment." in text(plan)
    assert "- **The person's contribution:** not yet known: financial assessment" in text(handover)


def test_a_whole_direct_payment_covers_the_needs_its_paid_support_meets(tmp_path: Path) -> None:
    items = yaml.safe_load(PERSONA.read_text(encoding="utf-8"))["answers"]["support_items"]
    club = {"what": "A lunch club on Tuesdays", "needs_met": ["A7"], "provider_type": "community", "cost_type": "free"}
    plan, _ = documents(changed(tmp_path, budget_holding="direct_payment", dp_needs=None, support_items=[*items, club]),
                        tmp_path / "data")
    payment = plan.meeting_needs.direct_payment
    assert payment is not None and payment.whole_budget and payment.needs_from == "support"
    # The free lunch club meets a need too, but is not paid for by the direct payment.
    assert [n.code for n in payment.needs] == ["A1", "A2", "A9"]
    assert {n.code: n.support for n in plan.meeting_needs.needs}["A7"] == ["A lunch club on Tuesdays"]
