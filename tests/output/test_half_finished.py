"""A plan made part way through a conversation says clearly what is still to be asked."""

from __future__ import annotations

from planner.flows.loader import Content
from planner.flows.session import MemoryRecorder, Session
from planner.output.documents import build_documents
from planner.output.render import Renderer

from .helpers import TODAY


def say(session: Session, answer: str) -> None:
    """Answer the next question, going on past any information steps first."""
    while not session.current().is_question:  # type: ignore[union-attr]
        session.proceed()
    assert session.answer(answer).accepted, answer


def test_a_half_finished_support_plan_lists_what_is_still_to_ask(content: Content) -> None:
    session = Session(content.flows["support-plan"], MemoryRecorder(), council=content.council().model_dump())
    for answer in ["Edna", "none", "hearing", "no_thanks", "good_time",
                   "My own routine.", "Up at six, a wash, porridge."]:
        say(session, answer)
    assert not session.finished
    documents = build_documents(session, today=TODAY)
    plan = documents["support-plan"]
    asked = [item.question for item in plan.still_to_ask]
    assert "What makes a day go badly for you?" in asked
    assert "Do you know how much your personal budget is?" in asked
    assert all(item.status == "unanswered" for item in plan.still_to_ask)
    assert plan.about_me.what_matters is not None and plan.about_me.what_matters.words == "My own routine."
    assert plan.money.amount is None and plan.money.questions_for_council[0] == "How much is my personal budget?"
    text = Renderer().render(plan, "txt")
    flat = " ".join(text.split())
    assert "Please note: This is not finished yet. Some questions are still to be asked." in flat
    assert "\nStill to ask\n" in text and "There are " in text
    assert "\n- What makes a day go badly for you?\n" in text
    handover = Renderer().render(documents["hand-over"], "md")
    assert "## Still to ask" in handover and "This is not finished yet" in handover


def test_a_carer_assessment_stopped_early_says_the_indication_is_not_clear(content: Content) -> None:
    session = Session(content.flows["carer-assessment"], MemoryRecorder(), council=content.council().model_dump())
    for answer in ["Karen", "no", "partly"]:
        say(session, answer)
    assessment = build_documents(session, today=TODAY)["carer-assessment"]
    assert assessment.indication.result == "unclear"
    assert assessment.indication.still_unclear == ["Your health, and the parts of your life that caring makes hard"]
    assert assessment.going_on.willing_now.status == "unanswered"
    assert any(item.question.startswith("Do you want to go on caring") for item in assessment.still_to_ask)
