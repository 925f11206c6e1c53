"""Walking conversations end to end: answering, back, skip, check, change, stop, resume.

Every kind of question is answered by keyboard only, as a person would (arrows, Tab, Space, Enter,
Escape); the other walks answer through each screen's own controls (`tests.ui.screens`), since
their point is where the conversation goes, not the keys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from collections.abc import Callable

import pytest
from textual.widgets import Input, Static

from planner.flows.loader import Content
from planner.flows.view import EndView
from planner.ui.app import PlannerApp
from planner.ui.conversation import ConversationScreen
from planner.ui.finish import FinishScreen
from planner.ui.review import ReviewScreen

from .keyboard import answer, press_button, tab_to, type_text
from . import screens

KINDS_ANSWERS: dict[str, Any] = {
    "info": None, "single": "black", "several": ["mon", "wed"], "yesno": "yes", "short": "Rex",
    "long": "Tea in the garden", "count": "4", "money": "£25 a week", "wake": "6am", "visit": "3 March 2027",
    "feel": "2", "helpers": [{"name": "Sue", "often": "daily"}], "areas": {"home": "keep", "friends": "change"},
    "bye": None,
}
EXPECTED = {
    "single": "black", "several": ["mon", "wed"], "yesno": "yes", "short": "Rex", "long": "Tea in the garden",
    "count": 4, "money": {"amount": "25.00", "period": "week", "approximate": False}, "wake": "06:00",
    "visit": "2027-03-03", "feel": "2", "helpers": [{"name": "Sue", "often": "daily"}],
    "areas": {"home": "keep", "friends": "change"},
}


async def start(pilot: Any, app: PlannerApp, flow_id: str) -> None:
    await pilot.pause()
    await tab_to(pilot, f"start-{flow_id}")
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("enter")  # close the dialog that shows the code
    await pilot.pause()


def current_id(app: PlannerApp) -> str:
    screen = app.screen
    return screen.view.id if isinstance(screen, ConversationScreen) and screen.view else type(screen).__name__


async def test_every_kind_of_question_by_keyboard(make_app: Callable[..., PlannerApp], kinds: Content,
                                                  tmp_path: Path) -> None:
    app = make_app(kinds)
    async with app.run_test(size=(100, 40)) as pilot:
        await start(pilot, app, "kinds")
        opened = app.opened
        assert opened is not None
        for step, raw in KINDS_ANSWERS.items():
            assert current_id(app) == step
            await answer(pilot, raw)
        assert isinstance(app.screen, ReviewScreen)
        values = {q: a.value for q, a in opened.session.relevant_answers().items()}
        assert values == EXPECTED
        await press_button(pilot, "finish")
        assert isinstance(app.screen, FinishScreen)
        assert not (tmp_path / "data" / "outputs").exists()  # nothing is written unless someone asks
        # Saved only when asked, into the folder typed on the finish screen.
        app.screen.query_one("#folder", Input).value = str(tmp_path / "my plan")
        await press_button(pilot, "save")
        written = json.loads((tmp_path / "my plan" / "answers.json").read_text())
        assert {a["question"] for a in written["answers"]} == set(EXPECTED)
        assert "Saved" in str(app.screen.query_one("#save-result", Static).render())


async def test_a_wrong_answer_is_explained_and_nothing_moves(make_app: Callable[..., PlannerApp],
                                                            kinds: Content) -> None:
    app = make_app(kinds)
    async with app.run_test(size=(100, 40)) as pilot:
        await screens.start(pilot, "kinds")
        for step in ("info", "single", "several", "yesno", "short", "long"):
            await screens.give(pilot, KINDS_ANSWERS[step])
        await screens.give(pilot, "lots")
        assert current_id(app) == "count"
        problem = str(app.screen.query_one("#problem", Static).render())
        assert problem.startswith("Problem: ") and "number" in problem


async def test_back_skip_check_change_and_return(make_app: Callable[..., PlannerApp], content: Content) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 40)) as pilot:
        await screens.start(pilot, "budget-check")
        session = app.opened.session  # type: ignore[union-attr]
        await screens.give(pilot, "Ann")
        await screens.give(pilot, "have_budget")
        await screens.give(pilot, None)  # the recap
        assert current_id(app) == "budget_amount"
        await pilot.press("escape")  # back, by its key
        await pilot.pause()
        assert current_id(app) == "stage_recap"
        await screens.give(pilot, None)
        await screens.press(pilot, "skip")
        assert session.primary("budget_amount").status == "skipped"  # type: ignore[union-attr]
        await screens.press(pilot, "check")
        assert isinstance(app.screen, ReviewScreen)
        await screens.press(pilot, "answer-budget_amount")
        assert current_id(app) == "budget_amount"
        await screens.give(pilot, "about 200 a week")
        assert session.primary("budget_amount").value["amount"] == "200.00"  # type: ignore[union-attr]
        # Changing where she is with the council hides the budget questions, from the review screen.
        await screens.press(pilot, "check")
        await screens.press(pilot, "change-budget_stage")
        await screens.give(pilot, "not_assessed")
        assert "budget_amount" not in session.relevant_answers()
        assert session.primary("budget_amount") is not None  # hidden, not lost


async def test_save_and_stop_then_carry_on_with_the_code(make_app: Callable[..., PlannerApp],
                                                         content: Content) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 40)) as pilot:
        await screens.start(pilot, "budget-check")
        await screens.give(pilot, "Ann")
        await screens.give(pilot, "have_budget")
        await screens.press(pilot, "stop")
        assert isinstance(app.screen, FinishScreen)
        code = app.screen.code
        assert code in str(app.screen.query_one("#code-shown", Static).render())
        await screens.press(pilot, "done")
        await tab_to(pilot, "code")  # the code is typed, in small letters
        assert isinstance(app.focused, Input)
        await type_text(pilot, code.lower())
        await pilot.press("enter")
        await pilot.pause()
        assert current_id(app) == "stage_recap"
        assert app.opened is not None and app.opened.session.primary("preferred_name").value == "Ann"  # type: ignore


@pytest.mark.parametrize("flow_id", ["support-plan", "carer-assessment", "budget-check"])
async def test_each_flow_end_to_end(make_app: Callable[..., PlannerApp], content: Content, flow_id: str) -> None:
    """Choose the first answer to every choice and skip the rest, through the screens' controls, to the finish."""
    app = make_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await screens.start(pilot, flow_id)
        session = app.opened.session  # type: ignore[union-attr]
        for _ in range(400):
            screen = app.screen
            if isinstance(screen, ReviewScreen):
                break
            assert isinstance(screen, ConversationScreen) and screen.view is not None, screen
            view = screen.view
            if view.kind in ("single_choice", "yes_no", "scale"):
                await screens.give(pilot, view.choices[0][0])
            elif view.is_question:
                await screens.press(pilot, "skip")
            else:
                await screens.give(pilot, None)
            assert await screens.moved_on(pilot, screen, view), f"stuck at {view.id}"
        assert isinstance(session.current(), EndView)
        await screens.press(pilot, "finish")
        assert isinstance(app.screen, FinishScreen), app.screen
        assert session.finished


async def test_display_settings_say_whether_they_are_on(make_app: Callable[..., PlannerApp], content: Content) -> None:
    from textual.widgets import Checkbox

    app = make_app(content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        box = app.screen.query_one("#contrast", Checkbox)
        assert str(box.label).endswith(": off") and app.theme == "planner"
        await tab_to(pilot, "contrast")
        await pilot.press("space")
        await pilot.pause()
        assert str(box.label).endswith(": on") and app.theme == "planner-high-contrast"


async def test_a_list_shows_only_the_fields_that_apply(make_app: Callable[..., PlannerApp], kinds: Content) -> None:
    app = make_app(kinds)
    async with app.run_test(size=(100, 40)) as pilot:
        await screens.start(pilot, "kinds")
        while current_id(app) != "helpers":
            await screens.give(pilot, KINDS_ANSWERS[current_id(app)])
        days = (await screens.answer_area(pilot)).query_one("#box-days")
        assert not days.display  # asked only for help every week
        app.screen.query_one("#field-name", Input).value = "Bo"
        await pilot.pause()
        await screens.choose(pilot, "field-often", "weekly")
        assert days.display
        app.screen.query_one("#field-days", Input).value = "3"
        await pilot.pause()
        await screens.choose(pilot, "field-often", "daily")  # they change their mind: the days no longer apply
        assert not days.display
        await screens.press(pilot, "add")
        await screens.press(pilot, "done")
        assert app.opened is not None
        assert app.opened.session.primary("helpers").value == [{"name": "Bo", "often": "daily"}]  # type: ignore[union-attr]
