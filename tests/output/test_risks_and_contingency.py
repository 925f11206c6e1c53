"""Issue #15, items 6 (risk enablement) and 8 (if support fails): each is present in the typed plan and hand-over
with real content for the personas that have it, and a key safe's code can never be kept or printed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from planner.output.documents import HandOver, SupportPlan, build_documents
from planner.output.render import Renderer
from planner.output.write import render_all
from tests.personas.runner import PERSONAS, content_at

from .helpers import TODAY, play

ALONE = PERSONAS / "support-plan" / "alone-with-dog.yaml"
RURAL = PERSONAS / "support-plan" / "two-workers-rural.yaml"


Made = tuple[SupportPlan, HandOver, dict[str, str]]


@pytest.fixture(scope="module")
def frank(tmp_path_factory: pytest.TempPathFactory) -> Made:
    session, record = play(ALONE, tmp_path_factory.mktemp("data"))
    documents = build_documents(session, record, today=TODAY)
    plan, handover = documents["support-plan"], documents["hand-over"]
    assert isinstance(plan, SupportPlan) and isinstance(handover, HandOver)
    return plan, handover, render_all(documents, Renderer())


def test_item_6_each_risk_in_the_persons_words_with_their_view_what_was_agreed_and_who_does_what(frank: Made) -> None:
    plan, handover, _ = frank
    for risks in (plan.risk_enablement, handover.risk_enablement):
        assert risks.has_risks.value == "yes"
        [risk] = risks.risks
        assert risk.risk.words == "I might fall again when I walk Bess on my own."
        assert (risk.risk.by, risk.risk.role) == ("Frank", "person")
        assert risk.view == "worth_it" and risk.view_words and "worth it" in risk.view_words
        assert risk.own_words == "Bess is my life. I will not stop walking her."
        assert risk.agreed == "I will wear my alarm pendant and take my phone."
        assert risk.who_does_what and risk.who_does_what.startswith("Karen checks the pendant")


def test_item_6_risks_the_planner_noticed_reach_the_hand_over_as_the_planners(frank: Made) -> None:
    plan, handover, files = frank
    for risks in (plan.risk_enablement, handover.risk_enablement):
        [seen] = risks.observed
        assert seen.risk == "A loose rug at the top of the stairs."
        assert seen.action == "Ask Frank if he would like it taken up or fixed down."
        assert seen.role == "planner" and seen.by.startswith("Jo Bell")
        assert seen.talked_about is True
    assert "A loose rug at the top of the stairs." in files["hand-over.txt"]
    assert "These are the planner's words, not mine." in files["support-plan.txt"]


def test_item_6_the_safeguarding_decision_is_the_planners_with_who_and_when(frank: Made) -> None:
    plan, handover, files = frank
    for risks in (plan.risk_enablement, handover.risk_enablement):
        decision = risks.safeguarding
        assert decision is not None
        assert decision.decision == "none_needed" and decision.words == "No action was needed"
        assert decision.decided_by == "Jo Bell, social worker"
        assert decision.decided_on == dt.date(2026, 11, 2)
        assert decision.recorded_by.startswith("Jo Bell")
    for name in ("support-plan.txt", "hand-over.txt"):
        assert "The council decides what happens next." in " ".join(files[name].split())


def test_item_8_help_until_the_right_help_is_found_reaches_the_plan_and_the_hand_over(tmp_path: Path) -> None:
    session, record = play(RURAL, tmp_path)
    documents = build_documents(session, record, today=TODAY)
    plan, handover = documents["support-plan"], documents["hand-over"]
    assert isinstance(plan, SupportPlan) and isinstance(handover, HandOver)
    words = "Our son can come at weekends. I cannot do the hoist on my own."
    for wrong in (plan.if_things_go_wrong, handover.if_things_go_wrong):
        assert wrong.while_waiting is not None and wrong.while_waiting.words == words
        assert wrong.while_waiting.by == "Margaret (wife)"
    files = render_all(documents, Renderer())
    for name in ("support-plan.txt", "hand-over.txt", "support-plan.html", "hand-over.md"):
        assert "Until the right help is found" in files[name]


def test_item_8_cover_carer_plan_access_pets_and_who_to_call(frank: Made) -> None:
    plan, handover, _ = frank
    for wrong in (plan.if_things_go_wrong, handover.if_things_go_wrong):
        assert wrong.pa_cover is not None and wrong.pa_cover.words.startswith("Sunrise Care can send someone")
        [carer] = wrong.carer_emergency_plans
        assert (carer.source, carer.value, carer.by) == ("this_conversation", "no", "Frank")
        assert wrong.access.ways == ["key_safe", "key_holder"] and wrong.access.key_safe
        assert wrong.access.code_known_by == ["My family", "My care workers or personal assistant"]
        assert wrong.access.key_holder is not None and wrong.access.key_holder.words == "Pat next door, 01632 960444."
        assert wrong.pets is not None and wrong.pets.has_pet.value == "yes"
        assert wrong.pets.if_i_go_into_hospital is not None and "Bess" in wrong.pets.if_i_go_into_hospital.words
        kinds = [(call.kind, call.who) for call in wrong.who_to_call]
        assert kinds[0] == ("emergency", "Emergency services")
        assert ("contact", "Mark (son)") in kinds and ("provider", "Karen") in kinds
        assert [k for k, _ in kinds][-3:] == ["council", "urgent", "out_of_hours"]
    # With no emergency plan for his son, the plan says who helps to make one.
    assert any("suddenly ill" in action.what for action in plan.actions)


def test_a_key_safe_code_cannot_be_typed_kept_or_printed(frank: Made) -> None:
    flow = content_at(None).flows["support-plan"]
    question = flow.question(flow.by_code()["contingency.key_safe_known_by"])
    assert question.kind == "multi_choice"  # who knows it is chosen, never typed: there is nowhere to type a code
    assert "do not tell me the code" in str(question.hint).lower()
    _, _, files = frank
    for name in ("support-plan.txt", "hand-over.txt", "support-plan.md", "hand-over.html"):
        assert "Who knows the key safe code" in files[name]
        assert "never written" in files[name]
    assert "code" not in set(type(frank[0].if_things_go_wrong.access).model_fields)


def test_without_a_pet_a_key_safe_or_risks_nothing_is_made_up(tmp_path: Path) -> None:
    session, record = play(PERSONAS / "support-plan" / "early-riser.yaml", tmp_path)
    plan = build_documents(session, record, today=TODAY)["support-plan"]
    assert isinstance(plan, SupportPlan)
    pets = plan.if_things_go_wrong.pets
    assert pets is not None and pets.has_pet.status == "skipped" and pets.if_i_go_into_hospital is None
    assert not plan.if_things_go_wrong.access.key_safe and plan.if_things_go_wrong.carer_emergency_plans == []
    assert plan.risk_enablement.risks == [] and plan.risk_enablement.safeguarding is None


def test_a_safeguarding_concern_is_recorded_and_can_be_kept_out_of_the_plan(tmp_path: Path) -> None:
    spec = yaml.safe_load(ALONE.read_text())
    for decision, what in (("concern_raised", "A concern about money going missing was raised on Monday."),
                           ("recorded_elsewhere", "Details that must not be in the plan.")):
        answers = spec["answers"]
        answers["safeguarding_action"] = {"answers": [{"by": "planner", "answer": decision}]}
        answers["safeguarding_what"] = {"answers": [{"by": "planner", "answer": what}]}
        path = tmp_path / f"{decision}.yaml"
        path.write_text(yaml.safe_dump(spec))
        session, record = play(path, tmp_path / decision)
        documents = build_documents(session, record, today=TODAY)
        plan = documents["support-plan"]
        assert isinstance(plan, SupportPlan)
        found = plan.risk_enablement.safeguarding
        assert found is not None and found.decision == decision
        assert found.decided_by == "Jo Bell, social worker" and found.decided_on == dt.date(2026, 11, 2)
        files = render_all(documents, Renderer())
        if decision == "concern_raised":
            assert found.what_was_done == what
            assert "The planner raised a safeguarding concern with the council" in files["support-plan.txt"]
            assert what in " ".join(files["hand-over.txt"].split())
        else:
            assert found.what_was_done is None  # not even asked: nothing of it reaches a document
            assert all(what not in text for text in files.values())
