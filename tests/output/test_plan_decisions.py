"""Issue #15, items 4, 5, 10 and 12: capacity, sign-off, advocacy and whose voice, in the typed plan and on paper.

Each persona names the items it must carry, and each is checked to be there with real content.
Capacity, advocacy and sign-off are the planner's record: asked only when a planner takes part,
never at a kiosk or in self-service, and never worked out from the person's answers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.flows.view import EndView
from planner.output.documents import HandOver, LinkedCarer, SupportPlan, build_documents
from planner.output.render import Renderer
from planner.store import SessionStore, linking
from planner.store.opening import start
from planner.output.write import output_files
from tests.personas.runner import PERSONAS, content_at

from .helpers import TODAY, play

SUPPORT_PLAN = PERSONAS / "support-plan"


def documents(name: str, tmp_path: Path, **kwargs: object) -> tuple[SupportPlan, HandOver]:
    session, record = play(SUPPORT_PLAN / f"{name}.yaml", tmp_path)
    built = build_documents(session, record, today=TODAY, **kwargs)  # type: ignore[arg-type]
    plan, handover = built["support-plan"], built["hand-over"]
    assert isinstance(plan, SupportPlan) and isinstance(handover, HandOver)
    return plan, handover


def first_page(text: str) -> str:
    """The person's plan up to its first section: what is read first."""
    return text.split("\n## ", 1)[0]


# ----------------------------------------------------------------- item 4: capacity (and item 5 sign-off)
def test_a_person_who_cannot_decide_about_the_budget_has_it_recorded_decision_by_decision(tmp_path: Path) -> None:
    plan, handover = documents("cannot-decide-budget-attorney", tmp_path)
    capacity = plan.decisions.capacity
    assert capacity.recorded and capacity.in_doubt
    [budget] = capacity.decisions  # one decision only: capacity is decision-specific
    assert budget.decision == "budget" and budget.result == "cannot_decide"
    assert budget.decided.by == "Jo Hill, social worker" and budget.decided.on == dt.date(2026, 2, 10)
    assert budget.best_interests and "Harold still chooses" in budget.best_interests
    assert budget.best_interests_who == "Harold, Mark and Jo Hill"
    [power] = capacity.legal_powers
    assert power.power == "lpa_property_finance" and power.holders == ["Mark Green"] and power.papers_seen is True
    assert capacity.authorised_person_needed
    assert capacity.authorised_person is not None
    assert capacity.authorised_person.name == "Mark Green, his son and attorney"
    assert capacity.authorised_person.agreed.value == "yes"
    assert handover.decisions.capacity == capacity


def test_an_agreed_plan_carries_who_agreed_when_and_how_the_planner_and_consent_to_share(tmp_path: Path) -> None:
    plan, handover = documents("cannot-decide-budget-attorney", tmp_path)
    sign_off = plan.decisions.sign_off
    assert sign_off.status == "agreed" and sign_off.draft_reasons == []
    assert sign_off.agreement.value == "agreed"
    assert sign_off.agreed.by == "Harold Green" and sign_off.agreed.on == dt.date(2026, 2, 20)
    assert sign_off.agreed_how.value == "in_person"
    assert (sign_off.planner_name, sign_off.planner_role) == ("Jo Hill", "Social worker")
    assert sign_off.share.value == "yes"
    assert [s.value for s in sign_off.share_with] == ["broker_agency", "family", "attorney"]
    assert sign_off.share_with_names == "Mark Green" and sign_off.hand_over_may_be_shared
    assert [(c.name, c.given_on) for c in sign_off.copies] == [("Harold Green", dt.date(2026, 2, 20)),
                                                               ("Mark Green", dt.date(2026, 2, 20))]
    assert plan.decisions.advocacy.duty == "does_not_apply"  # Mark is a suitable person to help him take part
    files = _rendered(plan, handover)
    assert "This plan is agreed." in first_page(files["support-plan.md"])
    assert "I cannot make this decision at the moment." in files["support-plan.md"]
    assert "Care Act s.32" in files["hand-over.md"] and "Mental Capacity Act 2005" in files["hand-over.md"]
    assert "Plan status: agreed." in first_page(files["hand-over.md"])


def test_a_plan_the_person_agreed_stays_a_draft_while_a_linked_carers_assessment_is_unfinished(
        tmp_path: Path) -> None:
    plan, _ = documents("cannot-decide-budget-attorney", tmp_path,
                        linked=[LinkedCarer(name="Mark", shared=False, finished=False)])
    assert plan.decisions.sign_off.status == "draft"
    [reason] = plan.decisions.sign_off.draft_reasons
    assert reason.code == "carer_assessment_unfinished" and "Mark" in reason.words
    done, _ = documents("cannot-decide-budget-attorney", tmp_path / "again",
                        linked=[LinkedCarer(name="Mark", shared=False, finished=True)])
    assert done.decisions.sign_off.status == "agreed"


def test_the_store_tells_the_plan_whether_a_linked_carers_assessment_is_finished(tmp_path: Path) -> None:
    content = content_at(None)
    store = SessionStore.in_folder(tmp_path / "data")
    try:
        plan = start(store, content, "support-plan", participants=[Participant("person", "person", "Ann")])
        carer = start(store, content, "carer-assessment", participants=[Participant("carer", "carer", "Sue")],
                      linked_to=plan.record.id)
        [linked] = linking.linked_carers(store, content, plan.record)
        assert linked.finished is False
        data = json.loads(output_files(plan, content=content, linked=[linked])["support-plan.json"])
        assert "carer_assessment_unfinished" in [r["code"] for r in data["decisions"]["sign_off"]["draft_reasons"]]
        carer.close()
        plan.close()
    finally:
        store.close()


# ----------------------------------------------------------------- item 10: advocacy
def test_a_person_who_needs_an_advocate_keeps_a_draft_plan_until_one_takes_part(tmp_path: Path) -> None:
    plan, handover = documents("needs-an-advocate", tmp_path)
    advocacy = plan.decisions.advocacy
    assert advocacy.substantial_difficulty.value == "yes" and advocacy.appropriate_person.value == "no"
    assert advocacy.duty == "applies"
    assert advocacy.decided.by == "Priya Shah, support planner" and advocacy.decided.on == dt.date(2026, 2, 12)
    assert advocacy.advocate.value == "asked_for" and advocacy.advocate_name
    assert advocacy.person_asked_for_one
    # The person agreed and the planner asked for the plan to be marked agreed: it is still a draft, and says why.
    sign_off = plan.decisions.sign_off
    assert sign_off.agreement.value == "agreed" and sign_off.status == "draft"
    assert [r.code for r in sign_off.draft_reasons] == ["advocacy_may_apply"]
    # Not in doubt is a record too: substantial difficulty is not a lack of capacity.
    assert plan.decisions.capacity.recorded and not plan.decisions.capacity.in_doubt
    files = _rendered(plan, handover)
    assert "This plan is a draft. It is not agreed yet." in first_page(files["support-plan.md"])
    assert "I may need an independent advocate" in files["support-plan.md"]
    assert "Care Act s.67" in files["hand-over.md"]
    assert "Plan status: draft" in first_page(files["hand-over.md"])


# ----------------------------------------------------------------- item 12: whose voice
def test_a_plan_answered_by_a_relative_says_so_on_its_first_page(tmp_path: Path) -> None:
    plan, handover = documents("answered-by-daughter", tmp_path)
    voice = plan.decisions.voice
    assert voice.proxy and voice.reason == "someone_answered_for_them"
    assert voice.answered_by == ["Sue (daughter)"] and voice.by_others > voice.by_person > 0
    assert plan.about_me.what_matters is not None and plan.about_me.what_matters.by == "Ann"
    assert plan.about_me.good_day is not None and plan.about_me.good_day.by == "Sue (daughter)"
    files = _rendered(plan, handover)
    page = first_page(files["support-plan.md"])
    assert "Sue (daughter) answered the questions for Ann." in page
    assert "It is about my life" not in files["support-plan.md"]
    assert "It is about Ann's life" in page
    assert "Sue (daughter) answered the questions for Ann." in first_page(files["hand-over.md"])


def test_the_planners_notes_are_the_planners(tmp_path: Path) -> None:
    plan, _ = documents("answered-by-daughter", tmp_path)
    [note] = plan.day_to_day.planner_notes
    assert note.role == "planner" and note.by == "The planner (Sam Reid)"
    assert "grandchildren" in note.words


def test_a_note_kept_while_someone_else_was_speaking_is_still_the_planners() -> None:
    content = content_at(None)
    from planner.flows.session import MemoryRecorder, Session

    session = Session(content.flows["support-plan"], MemoryRecorder(),
                      participants=[Participant("ann", "person", "Ann"), Participant("planner", "planner")])
    assert session.speaker == "ann"
    assert session.add_note("Ann's kitchen floor is wet and slippery.").accepted
    plan = build_documents(session, today=TODAY)["support-plan"]
    assert isinstance(plan, SupportPlan)
    [note] = plan.day_to_day.planner_notes
    assert note.role == "planner" and note.by == "The planner"


# ----------------------------------------------------------------- never in self-service or at a kiosk
def planner_questions(content: Content) -> set[str]:
    flow = content.flows["support-plan"]
    return {s.id for s in flow.questions() if getattr(s.model, "voice", "any") == "planner"}


def walk_through(content: Content, tmp_path: Path, mode: str, people: list[Participant], *,
                 away: bool = False) -> set[str]:
    """Every question shown when each one is skipped, in a stored session started as that mode starts one
    (`away`: opened again where no planner is, as self-service and kiosks do)."""
    store = SessionStore.in_folder(tmp_path / mode)
    try:
        opened = start(store, content, "support-plan", participants=people, mode=mode)
        session = opened.session
        if away:
            session.planner_here(False)
        shown: set[str] = set()
        while not isinstance(view := session.current(), EndView):
            if view.is_question:
                shown.add(view.id)
                assert session.set_status("skipped").accepted
            else:
                session.proceed()
        opened.close()
        return shown
    finally:
        store.close()


@pytest.mark.parametrize("mode", ["kiosk", "self"])
def test_no_planner_question_is_asked_at_a_kiosk_or_in_self_service(mode: str, tmp_path: Path) -> None:
    content = content_at(None)
    ours = {"capacity_doubt", "legal_powers", "advocacy_difficulty", "plan_agreement", "planner_name",
            "share_consent", "copies_given"}
    assert ours <= planner_questions(content)
    shown = walk_through(content, tmp_path, mode, [Participant("person", "person")])
    assert shown and not shown & planner_questions(content)


def test_with_a_planner_taking_part_the_planners_questions_are_asked(tmp_path: Path) -> None:
    content = content_at(None)
    shown = walk_through(content, tmp_path, "planner", [Participant("person", "person"),
                                                        Participant("planner", "planner", "", "planner")])
    assert {"capacity_doubt", "legal_powers", "advocacy_difficulty", "plan_agreement", "planner_name",
            "planner_role", "share_consent", "copies_given"} <= shown


def test_a_planners_conversation_opened_in_self_service_does_not_ask_the_planners_questions(tmp_path: Path) -> None:
    content = content_at(None)
    shown = walk_through(content, tmp_path, "planner", [Participant("person", "person"),
                                                        Participant("planner", "planner", "", "planner")], away=True)
    assert shown and not shown & planner_questions(content)


def _rendered(plan: SupportPlan, handover: HandOver) -> dict[str, str]:
    renderer = Renderer()
    return {f"{name}.md": renderer.render(doc, "md") for name, doc in (("support-plan", plan),
                                                                      ("hand-over", handover))}


def test_the_planners_own_skipped_questions_wait_in_the_hand_over_not_in_the_persons_plan(tmp_path: Path) -> None:
    plan, handover = documents("needs-an-advocate", tmp_path)
    waiting = {item.question for item in handover.still_to_ask}
    mine = {item.question for item in plan.still_to_ask}
    planners = {q for q in waiting if q.startswith(("For the planner", "Planner,"))}
    assert planners  # the persona leaves some of the planner's questions for later
    assert not planners & mine
    assert mine and mine <= waiting  # the person's own skipped questions are still in their plan
