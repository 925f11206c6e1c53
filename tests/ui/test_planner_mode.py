"""Planner mode: who is answering, a second person's view, notes, and the side summary."""

from __future__ import annotations

from collections.abc import Callable

from textual.widgets import Select, Static

from planner.flows.loader import Content
from planner.ui.app import PlannerApp
from planner.ui.conversation import ConversationScreen

from . import screens
from .keyboard import choose, press_button, type_text


async def test_two_views_a_note_and_the_summary(make_app: Callable[..., PlannerApp], visit: Content) -> None:
    app = make_app(visit, mode="planner")
    async with app.run_test(size=(120, 40)) as pilot:
        await screens.start(pilot, "visit")
        session = app.opened.session  # type: ignore[union-attr]
        await screens.give(pilot, "Ann")
        await screens.give(pilot, "yes")
        await screens.give(pilot, "good")
        # The daughter joins, by keyboard: "Someone else…" asks her name, then she is the one answering.
        await choose(pilot, "speaker", "__someone_else__")
        await type_text(pilot, "Sue")
        await pilot.press("enter")
        await pilot.pause()
        assert session.participants[session.speaker].name == "Sue"
        assert app.screen.query_one("#speaker", Select).value == session.speaker
        await pilot.press("escape")  # back to "How are you today?" to give her own view
        await pilot.pause()
        await screens.give(pilot, "poor")
        assert [d.question for d in session.differences()] == ["mood"]
        summary = str(app.screen.query_one("#summary-text", Static).render())
        assert "Differences of view:" in summary and "How are you today?" in summary
        await press_button(pilot, "note")
        await type_text(pilot, "Sue seemed tired")
        await pilot.press("enter")
        await pilot.pause()
        assert session.notes[-1]["text"] == "Sue seemed tired" and session.notes[-1]["by"] == session.speaker
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        transcript = "\n".join(str(s.render()) for s in screen.query(".said").results(Static))
        assert "Sue: Poor" in transcript and "Planner's note: Sue seemed tired" in transcript
    # Everything is in the store: the view, the participant and the note.
    record = app.store.list()[0]
    assert {p.name for p in record.participants} >= {"Sue"} and record.state["notes"][0]["text"] == "Sue seemed tired"


async def test_a_carers_own_assessment_is_started_linked(make_app: Callable[..., PlannerApp], content: Content) -> None:
    app = make_app(content, mode="planner")
    async with app.run_test(size=(120, 40)) as pilot:
        await screens.start(pilot, "support-plan")
        plan = app.opened
        assert plan is not None
        await press_button(pilot, "linked-carer")
        await type_text(pilot, "Sue, daughter")
        await pilot.press("enter")
        await pilot.pause()
        carer = app.opened
        assert carer is not None and carer.session.flow.id == "carer-assessment"
        assert carer.record.linked_to == plan.record.id
        assert next(p.label() for p in carer.session.participants.values()) == "Sue (daughter)"
        assert [r.id for r in app.store.linked(plan.record.id)] == [carer.record.id]
