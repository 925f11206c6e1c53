"""Questions for the planner alone (`voice: planner`) are asked in planner mode only: never at a kiosk, never in
self-service mode (issue #15: risks the planner noticed, safeguarding decisions and the like)."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.flows.flow import Flow
from planner.flows.session import Session
from planner.output.documents import SupportPlan, build_documents
from planner.script import play, read_script
from planner.store import SessionStore
from planner.store.opening import resume, start
from tests.personas.runner import PERSONAS, content_at

PERSONA = PERSONAS / "support-plan" / "alone-with-dog.yaml"
RISK_QUESTIONS = {"risks_observed", "safeguarding_action", "safeguarding_by", "safeguarding_on"}


def planner_only(flow: Flow) -> set[str]:
    return {s.id for s in flow.questions() if getattr(s.model, "voice", "any") == "planner"}


def asked(session: Session) -> set[str]:
    """Every question relevant to this session, answered or not."""
    return {item.id for section in session.review() for item in section.items}


def played(tmp_path: Path, mode: str) -> tuple[SessionStore, Session, str]:
    content = content_at(None)
    script = read_script(PERSONA)
    store = SessionStore.in_folder(tmp_path / mode)
    opened = start(store, content, "support-plan", participants=script.participants, council_id="example", mode=mode)
    play(opened.session, script, lambda _line: None)
    record_id = opened.record.id
    opened.close()
    reopened = resume(store, content, store.get(record_id))  # type: ignore[arg-type]
    return store, reopened.session, record_id


def test_the_support_plan_has_the_planner_only_questions_of_issue_15() -> None:
    assert planner_only(content_at(None).flows["support-plan"]) >= RISK_QUESTIONS


@pytest.mark.parametrize("mode", ["kiosk", "self"])
def test_a_kiosk_or_self_service_session_is_never_asked_a_planner_only_question(tmp_path: Path, mode: str) -> None:
    store, session, _ = played(tmp_path, mode)
    try:
        flow = session.flow
        assert not asked(session) & planner_only(flow)
        assert not {a.question for a in session.answers()} & planner_only(flow)
        assert {"has_risks", "risks", "home_access", "key_safe_who", "has_pet", "pet_care"} <= asked(session)
        plan = build_documents(session)["support-plan"]
        assert isinstance(plan, SupportPlan)
        assert plan.risk_enablement.risks and not plan.risk_enablement.observed
        assert plan.risk_enablement.safeguarding is None
        # Nor are they listed as still to ask: the person could not answer them.
        assert not [q for q in plan.still_to_ask if q.question.startswith("For the planner")]
    finally:
        store.close()


def test_the_same_answers_in_planner_mode_reach_the_planner_only_questions(tmp_path: Path) -> None:
    store, session, _ = played(tmp_path, "planner")
    try:
        assert asked(session) >= RISK_QUESTIONS
        answered = {a.question for a in session.answers()}
        assert answered >= RISK_QUESTIONS
    finally:
        store.close()
