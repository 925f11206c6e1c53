"""Start-up work done once: the stylesheet parsed once, the theme set from the start, one welcome screen, the first
question composed with its screen."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from collections.abc import Callable

import pytest
from textual.css import stylesheet as textual_stylesheet
from textual.widget import Widget
from textual.widgets import Static

from planner.flows.loader import Content
from planner.ui.answers import AnswerWidget
from planner.ui.app import PlannerApp
from planner.ui.welcome import WelcomeScreen

from .keyboard import first_question

APP_TCSS = Path(__file__).parents[2] / "planner" / "ui" / "app.tcss"


@pytest.fixture
def parses_of_app_tcss(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each time Textual's parser reads planner's own stylesheet (a counter around the real parser)."""
    seen: list[str] = []
    real = textual_stylesheet.parse

    def counted(scope: str, css: str, read_from: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(str(read_from[0])).name == APP_TCSS.name:
            seen.append(str(read_from[0]))
        return real(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counted)
    return seen


@pytest.mark.parametrize("high_contrast", [False, True])
async def test_the_stylesheet_is_parsed_once_up_to_the_first_question(
        make_app: Callable[..., PlannerApp], content: Content, parses_of_app_tcss: list[str],
        high_contrast: bool) -> None:
    app = make_app(content, high_contrast=high_contrast)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.press("enter")  # the first conversation
        await pilot.pause()
        await pilot.press("enter")  # close the dialog with the code
        await pilot.pause()
        assert type(app.screen).__name__ == "ConversationScreen"
        assert app.screen.view is not None  # type: ignore[attr-defined]
    assert len(parses_of_app_tcss) == 1


@pytest.mark.parametrize(("high_contrast", "theme", "dark"),
                         [(False, "planner", False), (True, "planner-high-contrast", True)])
async def test_the_app_has_its_own_look_from_the_start(make_app: Callable[..., PlannerApp], content: Content,
                                                       high_contrast: bool, theme: str, dark: bool) -> None:
    app = make_app(content, high_contrast=high_contrast)
    assert app.theme == theme  # before it runs: the first parse already has its colours
    assert app.stylesheet._variables["background"] == app.get_css_variables()["background"]
    async with app.run_test() as pilot:
        await pilot.pause()
        assert app.theme == theme
        assert app.has_class(f"-theme-{theme}")
        assert app.has_class("-dark-mode") is dark
        assert app.has_class("-light-mode") is not dark
        assert app.screen.styles.background == app.current_theme.to_color_system().background
        assert app.has_class("high-contrast") is high_contrast


async def test_the_look_still_changes_while_running(make_app: Callable[..., PlannerApp], content: Content) -> None:
    app = make_app(content)
    async with app.run_test() as pilot:
        await pilot.pause()
        app.set_high_contrast(True)
        await pilot.pause()
        assert app.has_class("-theme-planner-high-contrast") and not app.has_class("-theme-planner")
        assert app.has_class("-dark-mode")
        assert app.screen.styles.background == app.current_theme.to_color_system().background


async def test_a_subclass_calling_on_mount_gets_one_welcome_screen(make_app: Callable[..., PlannerApp],
                                                                   content: Content) -> None:
    made = make_app(content)

    class Sub(PlannerApp):
        def on_mount(self) -> None:  # Textual calls this and then PlannerApp.on_mount too
            super().on_mount()

    app = Sub(made.content, made.store, clock=made.clock)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert [type(screen) for screen in app.screen_stack].count(WelcomeScreen) == 1
        assert len(app.screen_stack) == 2


async def test_the_first_question_is_composed_with_the_screen(make_app: Callable[..., PlannerApp], content: Content,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The opening lines and the first answer box come with the screen, not mounted into it afterwards."""
    mounted: list[str] = []
    real = Widget.mount

    def counted(self: Widget, *widgets: Widget, **options: Any) -> Any:
        if Path(sys._getframe(1).f_code.co_filename).name == "conversation.py":  # the screen's own mounts
            mounted.extend(type(widget).__name__ for widget in widgets)
        return real(self, *widgets, **options)

    monkeypatch.setattr(Widget, "mount", counted)
    app = make_app(content)
    async with app.run_test() as pilot:
        screen = await first_question(pilot)
        assert screen.query(".said").first(Static).has_class("said")  # the flow's welcome is there
        assert screen.query_one("#answer-slot").query(AnswerWidget)
        assert app.focused is not None and screen.query_one(AnswerWidget) in app.focused.ancestors
    assert mounted == []
