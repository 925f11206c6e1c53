"""Kiosk mode: warned when idle, then saved, locked and cleared; no way out to a shell."""

from __future__ import annotations

from typing import Any
from collections.abc import Callable

from textual.widgets import Static

from planner.flows.loader import Content
from planner.ui.app import PlannerApp
from planner.ui.dialogs import StillThere
from planner.ui.welcome import WelcomeScreen
from planner.ui.widgets import Button

from .conftest import Clock
from .keyboard import answer, press_button
from .test_walk import start


def on_screen(app: PlannerApp) -> str:
    """Every word on every screen in the stack."""
    return "\n".join(str(w.render()) for screen in app.screen_stack for w in screen.query(Static))


async def idle(pilot: Any, app: PlannerApp, clock: Clock, seconds: int) -> None:
    for _ in range(seconds):
        clock.now += 1
        app.tick()
    await pilot.pause()


async def test_idle_warning_then_more_time(make_app: Callable[..., PlannerApp], content: Content,
                                           clock: Clock) -> None:
    app = make_app(content, mode="kiosk", idle_seconds=120, warning_seconds=20)
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, app, "carer-assessment")
        await answer(pilot, "Secret Sue")
        await idle(pilot, app, clock, 119)
        assert not isinstance(app.screen, StillThere)
        await idle(pilot, app, clock, 1)
        assert isinstance(app.screen, StillThere)
        assert app.screen.left == 20
        await idle(pilot, app, clock, 15)
        assert "close in 5 seconds" in on_screen(app)
        await pilot.press("enter")  # "I need more time" has the focus
        await pilot.pause()
        assert not isinstance(app.screen, StillThere) and app.opened is not None
        await idle(pilot, app, clock, 60)
        assert not isinstance(app.screen, StillThere)


async def test_nobody_answers_the_warning(make_app: Callable[..., PlannerApp], content: Content,
                                         clock: Clock) -> None:
    app = make_app(content, mode="kiosk", idle_seconds=60, warning_seconds=20)
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, app, "carer-assessment")
        opened = app.opened
        assert opened is not None
        await answer(pilot, "Secret Sue")
        await idle(pilot, app, clock, 60 + 20 + 1)
        assert isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 2
        assert app.opened is None
        assert "Secret Sue" not in on_screen(app) and opened.code not in on_screen(app)
        # Saved and unlocked: it can be carried on with the code, and nothing was lost.
        record = app.store.find(opened.code)
        assert record is not None and app.store.answers(record.id)[0].value == "Secret Sue"


async def test_there_is_no_way_to_quit(make_app: Callable[..., PlannerApp], content: Content) -> None:
    app = make_app(content, mode="kiosk")
    async with app.run_test(size=(80, 30)) as pilot:
        for keys in (("ctrl+q",), ("ctrl+c",), ("ctrl+p",), ("escape",)):
            await pilot.press(*keys)
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, WelcomeScreen), keys
        assert not app.query("CommandPalette")


async def test_start_again_clears_the_answers(make_app: Callable[..., PlannerApp], content: Content) -> None:
    app = make_app(content, mode="kiosk")
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, app, "carer-assessment")
        opened = app.opened
        assert opened is not None
        await answer(pilot, "Secret Sue")
        await press_button(pilot, "clear")
        await press_button(pilot, "yes")
        assert app.store.get(opened.record.id) is None
        assert "Secret Sue" not in on_screen(app)
        assert "cleared" in on_screen(app)


async def test_a_sensitive_answer_is_not_shown_on_a_kiosk(make_app: Callable[..., PlannerApp],
                                                          content: Content) -> None:
    app = make_app(content, mode="kiosk")
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, app, "carer-assessment")
        await answer(pilot, "Sue")  # not sensitive: shown, as said
        await answer(pilot, "no")  # is anyone in danger: sensitive
        transcript = [str(w.render()) for w in app.screen.query("#transcript Static")]
        assert "You: Sue" in transcript
        assert "You: (Saved. It is not shown here, to keep it private.)" in transcript
        assert not any(line.startswith("You: No") for line in transcript)
        assert app.opened is not None and app.opened.session.primary("carer_danger").value == "no"  # type: ignore


async def test_a_kiosk_does_not_open_a_planners_session(make_app: Callable[..., PlannerApp],
                                                        content: Content) -> None:
    planner = make_app(content, mode="planner")
    async with planner.run_test(size=(100, 30)) as pilot:
        await start(pilot, planner, "support-plan")
        code = planner.opened.code  # type: ignore[union-attr]
        await press_button(pilot, "stop")
    kiosk = make_app(content, mode="kiosk")
    async with kiosk.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert kiosk.resume_code(code) == "That conversation was started with a planner. Please ask them to open it."
        assert kiosk.opened is None


async def test_wrong_codes_are_slowed_down(make_app: Callable[..., PlannerApp], content: Content,
                                           clock: Clock) -> None:
    app = make_app(content, mode="kiosk")
    app.store.clock = clock  # the store counts the waits, by the test's clock
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert app.resume_code("AAAA-AAAA-AAAA") == "I cannot find that code. Please check it and try again."
        assert app.resume_code("AAAA-AAAA-AAAA") == "Please check your code. Please wait 5 seconds, then try again."
        clock.now += 2
        assert app.resume_code("AAAA-AAAA-AAAA") == "Please check your code. Please wait 3 seconds, then try again."
        clock.now += 3
        assert app.resume_code("AAAA-AAAA-AAAA").endswith("wait 10 seconds, then try again.")  # longer each time
        assert isinstance(app.screen.query_one("#resume", Button), Button)
