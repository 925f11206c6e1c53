"""Health, medicines and equipment (issue #15, item 7): in the typed plan and hand-over, asked only when it applies,
and the Continuing Healthcare decision only ever the planner's, never asked at a kiosk or when someone plans alone."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import textstat
import yaml

from planner.flows.answers import Participant
from planner.flows.session import Session
from planner.flows.view import EndView
from planner.output.documents import HandOver, SupportPlan, build_documents
from planner.output.documents.plan_health import Health
from planner.output.render import Renderer
from planner.output.write import render_all
from planner.questions import KINDS, Invalid
from planner.questions.text import NHS_NUMBER_LENGTH, NHS_NUMBER_WRONG, nhs_number
from planner.store import SessionStore
from planner.store.opening import resume, start
from tests.personas.runner import PERSONAS, content_at

from .helpers import TODAY, play

DISCHARGE = PERSONAS / "support-plan" / "discharge-reablement-chc.yaml"
SIMPLE = PERSONAS / "support-plan" / "simple-and-fine.yaml"
PLANNER_ONLY = {"chc_checklist", "chc_decided_by", "chc_decided_on", "chc_notes", "referrals"}


def documents(path: Path, tmp_path: Path) -> tuple[SupportPlan, HandOver]:
    session, record = play(path, tmp_path)
    built = build_documents(session, record, today=TODAY)
    plan, handover = built["support-plan"], built["hand-over"]
    assert isinstance(plan, SupportPlan) and isinstance(handover, HandOver)
    return plan, handover


# ----------------------------------------------------------------- the discharge persona: every item, real content
def test_every_health_item_is_in_the_typed_plan_with_real_content(tmp_path: Path) -> None:
    plan, handover = documents(DISCHARGE, tmp_path)
    for health in (plan.health, handover.health):
        assert health.gp == "Dr Shah, Hill Street Surgery"
        assert health.nhs_number == "943 476 5919"
        assert health.after_hospital is True and health.falls is True
        # Medication support: what help, and who gives it.
        assert health.medication.support.value == "help_to_take" and health.medication.needs_help
        assert health.medication.who_helps and health.medication.notes is not None
        assert "Blood thinner" in health.medication.notes.words
        # Equipment and telecare: asked, because washing, dressing and moving about are hard.
        assert health.equipment.applies and health.equipment.not_applicable is None
        assert len(health.equipment.has) == 2 and health.equipment.wanted is not None
        assert health.equipment.telecare.value == "would_like"
        # Referrals (OT, falls), recorded by the planner.
        services = {r.service: r.status for r in health.referrals}
        assert services["occupational_therapy"] == "made" and services["falls_service"] == "to_make"
        # Reablement: free, time-limited (the council's weeks), never paid from the budget.
        reablement = health.reablement
        assert reablement.applies and reablement.status.value == "now"
        assert reablement.free is True and reablement.paid_from_budget is False and reablement.up_to_weeks == 6
        assert reablement.ends_on is not None and reablement.ends_on.isoformat() == "2040-03-12"
        assert "skills and confidence" in reablement.covers
        assert "not paid from the personal budget" in reablement.summary
        # Continuing Healthcare: the planner's decision, with who and when, and the council decides.
        chc = health.continuing_healthcare
        assert chc.applies and chc.not_applicable is None
        assert chc.decision.value == "not_needed" and chc.decision.status == "answered"
        assert chc.decided_by is not None and "social worker" in chc.decided_by
        assert chc.decided_on is not None and chc.decided_on.isoformat() == "2026-01-02"
        assert chc.recorded_by_role == "planner" and chc.recorded_by == "Sam Okafor"
        assert chc.decided_by_person is False and "council decide" in chc.who_decides


def test_the_json_carries_the_health_part_with_its_codes(tmp_path: Path) -> None:
    plan, handover = documents(DISCHARGE, tmp_path)
    for document in (plan, handover):
        data = json.loads(document.model_dump_json())["health"]
        assert data["medication"]["support"]["code"] == "health.medication.support"
        assert data["equipment"]["telecare"]["code"] == "health.telecare"
        assert data["reablement"]["status"]["code"] == "health.reablement.status"
        assert data["continuing_healthcare"]["decision"]["code"] == "health.chc.checklist"
        assert data["reablement"]["free"] is True and data["reablement"]["paid_from_budget"] is False


def test_the_words_say_the_council_decides_and_reablement_is_free(tmp_path: Path) -> None:
    plan, handover = documents(DISCHARGE, tmp_path)
    renderer = Renderer()
    files = render_all({"support-plan": plan, "hand-over": handover}, renderer)
    for name in ("support-plan.md", "hand-over.md", "support-plan.txt", "hand-over.txt"):
        text = " ".join(files[name].split())  # text files are wrapped
        assert "The NHS and the council decide this, not this plan." in text, name
        assert "It is not paid from the personal budget." in text, name
        assert "943 476 5919" in text, name
    # The planner's copy adds the professional detail and references.
    assert "National Framework" in files["hand-over.md"] and "reg 3" in files["hand-over.md"]
    assert "Recorded by" in files["hand-over.md"]
    assert "National Framework" not in files["support-plan.md"]


def test_the_persons_health_part_is_plain(tmp_path: Path) -> None:
    plan, _handover = documents(DISCHARGE, tmp_path)
    text = render_all({"support-plan": plan}, Renderer())["support-plan.md"]
    start_at = text.index("## My health, medicines and equipment")
    part = text[start_at:text.index("## The help I will get", start_at)]
    # What the planner wrote for the plan: its own words, with headings and the quoted words left out.
    lines = [line.replace("**", "").strip(" -#") for line in part.splitlines()
             if line.strip() and not line.startswith((">", "#")) and not line.endswith("said:")]
    prose = " ".join(line if line.endswith((".", "?", "!")) else line + "." for line in lines)
    sentences = [s for s in re.split(r"(?<=[.!?:])\s+", prose) if len(s.split()) > 2]
    average = sum(len(s.split()) for s in sentences) / len(sentences)
    assert average <= 15, average
    assert textstat.flesch_reading_ease(prose) >= 70, prose


# ----------------------------------------------------------------- asked only when it applies
def test_no_equipment_hospital_or_chc_questions_when_they_do_not_apply(tmp_path: Path) -> None:
    plan, _ = documents(SIMPLE, tmp_path)
    health = plan.health
    # Nothing physical is hard: equipment not asked, with the reason.
    assert not health.equipment.applies and health.equipment.not_applicable
    # No hospital stay: neither reablement nor Continuing Healthcare applies, with the reason.
    assert not health.reablement.applies and health.reablement.not_applicable
    assert not health.continuing_healthcare.applies and health.continuing_healthcare.not_applicable
    assert health.gp == "Dr Ahmed at Park Lane Surgery" and health.medication.support.value == "own"


def test_continuing_healthcare_is_never_worked_out_from_the_persons_answers(tmp_path: Path) -> None:
    spec = yaml.safe_load(DISCHARGE.read_text())
    for key in ("chc_checklist", "chc_decided_by", "chc_decided_on", "chc_notes"):
        del spec["answers"][key]
    path = tmp_path / "support-plan" / "no-decision-yet.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(spec))
    plan, _ = documents(path, tmp_path / "data")
    chc = plan.health.continuing_healthcare
    # After a hospital stay, with health needs in the answers, still no decision until a planner records one.
    assert chc.applies and chc.decision.value is None and chc.decided_by is None and chc.decided_on is None


# ----------------------------------------------------------------- a kiosk, or someone alone, is never asked
def _walk(session: Session, answers: dict[str, Any]) -> list[str]:
    """Answer as the person would (plain answers only), skipping the rest; every question shown, in order."""
    shown = []
    while not isinstance(view := session.current(), EndView):
        if not view.is_question:
            session.proceed()
            continue
        shown.append(view.id)
        given = answers.get(view.id)
        by_others = isinstance(given, dict) and "answers" in given  # given by a carer or the planner
        outcome = session.set_status("skipped") if given is None or by_others else session.answer(given)
        assert outcome.accepted, (view.id, outcome.problem)
    return shown


@pytest.mark.parametrize("mode", ["kiosk", "self"])
def test_a_kiosk_or_someone_alone_is_never_asked_the_planners_decisions(mode: str, tmp_path: Path) -> None:
    answers = yaml.safe_load(DISCHARGE.read_text())["answers"]
    store = SessionStore.in_folder(tmp_path)
    content = content_at(None)
    opened = start(store, content, "support-plan", participants=[Participant("person", "person")], mode=mode)
    try:
        shown = _walk(opened.session, answers)
    finally:
        opened.close()
        store.close()
    assert {"reablement", "reablement_ends", "equipment_has", "nhs_number"} <= set(shown)  # the part was reached
    assert not PLANNER_ONLY & set(shown)


def test_with_a_planner_the_decisions_are_asked_and_a_planner_joining_brings_them_in(tmp_path: Path) -> None:
    answers = yaml.safe_load(DISCHARGE.read_text())["answers"]
    store = SessionStore.in_folder(tmp_path)
    content = content_at(None)
    people = [Participant("person", "person"), Participant("planner", "planner", "", "planner")]
    opened = start(store, content, "support-plan", participants=people, mode="planner")
    alone = start(store, content, "support-plan", participants=[Participant("person", "person")], mode="self")
    try:
        assert {"chc_checklist", "referrals"} <= set(_walk(opened.session, answers))
        _walk(alone.session, answers)
        checklist = alone.session.flow.by_id["chc_checklist"].index
        assert not alone.session.walk.relevant(checklist)
        alone.session.planner_here(True)  # a planner opens it: the decisions are asked from now on
        assert alone.session.walk.relevant(checklist)
        assert "chc_checklist" in {item.id for item in alone.session.to_revisit()}
    finally:
        opened.close()
        alone.close()
        store.close()


# ----------------------------------------------------------------- the NHS number
def test_an_nhs_number_is_checked_by_its_check_digit() -> None:
    assert nhs_number("943 476 5919") == "943 476 5919"
    assert nhs_number("9434765919") == "943 476 5919"
    assert nhs_number("943-476-5919") == "943 476 5919"
    wrong = nhs_number("943 476 5918")  # one digit mistyped
    assert isinstance(wrong, Invalid) and wrong.message == NHS_NUMBER_WRONG
    full_width = "".join(chr(0xFF10 + int(d)) for d in "9434765919")  # digits, but not the ones a number has
    for short in ("943 476 591", "943 476 59190", "nine four three", full_width):
        found = nhs_number(short)
        assert isinstance(found, Invalid) and found.message == NHS_NUMBER_LENGTH, short
    # A number whose check digit would have to be 10 is never a real NHS number.
    ten = next(f"{n:09d}" for n in range(10**8, 10**9)
               if (11 - sum(int(d) * w for d, w in zip(f"{n:09d}", range(10, 1, -1), strict=True)) % 11) == 10)
    assert isinstance(nhs_number(ten + "0"), Invalid)


def test_a_wrong_nhs_number_is_refused_with_a_plain_message_and_the_right_one_kept(tmp_path: Path) -> None:
    content = content_at(None)
    flow = content.build("support-plan")
    question = flow.question("nhs_number")
    refused = KINDS[question.kind].parse(question, "943 476 5918")
    assert isinstance(refused, Invalid)
    assert refused.text() == ("That NHS number is not right. One of the numbers may be wrong. Please check it, or "
                              "choose 'Skip for now'.")
    kept = KINDS[question.kind].parse(question, " 943 476 5919 ")
    assert not isinstance(kept, Invalid) and kept.value == "943 476 5919"
    # It is personal data, treated like the other answers: kept back on a kiosk screen.
    assert question.sensitive and not question.private


def test_health_model_is_one_field_of_each_document() -> None:
    assert SupportPlan.model_fields["health"].annotation is Health
    assert HandOver.model_fields["health"].annotation is Health


def test_a_planners_conversation_carried_on_without_a_planner_does_not_ask_the_decisions(tmp_path: Path) -> None:
    answers = yaml.safe_load(DISCHARGE.read_text())["answers"]
    store = SessionStore.in_folder(tmp_path)
    content = content_at(None)
    people = [Participant("person", "person"), Participant("planner", "planner", "", "planner")]
    begun = start(store, content, "support-plan", participants=people, mode="planner")
    record = begun.record
    begun.close()
    again = resume(store, content, record)
    try:
        assert again.session.with_planner  # the planner is among those taking part...
        again.session.planner_here(False)  # ...but not here now: at home, as line mode and the screens say
        assert not PLANNER_ONLY & set(_walk(again.session, answers))
        again.session.planner_here(True)
        assert again.session.walk.relevant(again.session.flow.by_id["chc_checklist"].index)
        alone = start(store, content, "support-plan", participants=[Participant("person", "person")], mode="self")
        alone.session.planner_here(True)  # begun alone, opened by a planner: their own voice is there to answer in
        assert [p.role for p in alone.session.participants.values()] == ["person", "planner"]
        assert "chc_checklist" in _walk(alone.session, answers)
        alone.close()
    finally:
        again.close()
        store.close()
