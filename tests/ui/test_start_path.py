"""The way to the first question does little: the code dialog hides what is behind it, each screen focuses its own
control first, the review and finish screens are loaded only when shown, and the transcript keeps only its last
lines, so every step lays out the same few widgets however long the talk."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any
from collections.abc import Callable

from textual.screen import Screen
from textual.widget import Widget

from planner.flows.loader import Content
from planner.ui.app import PlannerApp
from planner.ui.conversation import KEPT, ConversationScreen
from planner.ui.dialogs import Message
from planner.ui.welcome import WelcomeScreen
from planner.ui.widgets import Button, Static

from . import screens
from .keyboard import first_question, tab_to

ROOT = Path(__file__).resolve().parents[2]

# The real `planner` command, headless, taken to its first question by two presses of Enter (as the benchmarks
# do); it prints which of planner's screens were loaded by then, and whether the collector was told to leave
# what was made before the app ran alone.
FIRST_QUESTION = """
import gc, json, os, sys
from benchmarks import apps

def drive(module):
    def first_question(app):
        loaded = sorted(name for name in sys.modules if name.startswith("planner.ui."))
        os.write(1, ("seen " + json.dumps({"loaded": loaded, "frozen": gc.get_freeze_count()}) + "\\n").encode())
        app.exit()
    module.PlannerApp = apps.driven(module.PlannerApp, first_question=first_question)

sys.meta_path.insert(0, apps._WrapWhenImported("planner.ui.app", drive))
from planner.cli import main
sys.exit(main([]))
"""


def test_the_first_question_needs_no_review_or_finish_screen(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PLANNER_DATA": str(tmp_path / "data"),
           "PLANNER_CACHE": str(tmp_path / "cache"), "PLANNER_KEY": "A" * 43 + "=", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", FIRST_QUESTION], cwd=ROOT, env=env, capture_output=True,
                          timeout=120)
    line = next((line for line in done.stdout.decode().splitlines() if line.startswith("seen ")), None)
    assert line is not None, done.stderr.decode()[-2000:]
    seen = json.loads(line[5:])
    assert "planner.ui.conversation" in seen["loaded"]  # it did reach the first question
    assert "planner.ui.review" not in seen["loaded"] and "planner.ui.finish" not in seen["loaded"]
    assert seen["frozen"] > 0


async def test_the_code_dialog_hides_the_screen_behind_it(make_app: Callable[..., PlannerApp],
                                                          content: Content) -> None:
    app = make_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Message)
        assert app.screen.styles.background.a == 1  # so nothing behind it is drawn again
        assert "Getting" not in app.export_screenshot()  # "Part 1 of 11: Getting started", behind it
        assert app.focused is app.screen.query_one("#close", Button)  # Enter closes it
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConversationScreen)
        assert "Getting" in app.export_screenshot()


async def test_each_screen_focuses_its_own_control_first(make_app: Callable[..., PlannerApp], content: Content,
                                                         monkeypatch: Any) -> None:
    """Neither the welcome screen's scrolling body nor the conversation's language switch ever takes the focus on
    the way to the first question (each such focus restyles it, and the body holds the whole screen)."""
    focused: list[Widget | None] = []
    real = Screen.set_focus

    def counted(self: Screen[Any], widget: Widget | None, *args: Any, **kwargs: Any) -> Any:
        focused.append(widget)
        return real(self, widget, *args, **kwargs)

    monkeypatch.setattr(Screen, "set_focus", counted)
    app = make_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen)
        assert app.focused is not None and app.focused.id == "start-" + app.flows()[0].id
        await first_question(pilot)
        assert app.focused is not None and app.focused.id == "go-on"
    ids = [widget.id for widget in focused if widget is not None]
    assert "welcome-body" not in ids and "language" not in ids


async def test_the_transcript_keeps_its_last_lines(make_app: Callable[..., PlannerApp], content: Content) -> None:
    app = make_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await screens.start(pilot, "support-plan")
        steps = 0
        # Each step says at least two lines: the question and what was answered. Stop where no section has just
        # begun, so that what was answered last is the last line (a section's first words come after it).
        while steps < KEPT or (isinstance(app.screen, ConversationScreen) and app.screen.view is not None
                               and app.screen.view.section_intro):
            screen = app.screen
            assert isinstance(screen, ConversationScreen) and screen.view is not None
            if screen.view.is_question:
                await screens.press(pilot, "skip")
            else:
                await screens.give(pilot, None)
            steps += 1
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        said = [str(line.render()) for line in screen.query("#transcript .said").results(Static)]
        for _ in range(10):  # on to a question whose answer is the last line (not a new part's opening words)
            if said[-1].startswith("You: "):
                break
            await (screens.press(pilot, "skip") if screen.view is not None and screen.view.is_question
                   else screens.give(pilot, None))
            said = [str(line.render()) for line in screen.query("#transcript .said").results(Static)]
        assert len(said) == KEPT
        assert app.opened is not None
        last = app.opened.session.answers()[-1]
        # The latest is there, at the end: only what the assistant said since (a section's introduction) follows it.
        mine = [n for n, line in enumerate(said) if line.startswith("You: ")]
        assert said[mine[-1]] == "You: " + app.opened.session.words(last)
        assert all(line.startswith("Assistant: ") for line in said[mine[-1] + 1:])
        assert screen.query_one("#transcript").max_scroll_y == screen.query_one("#transcript").scroll_y


async def test_a_button_is_pressed_by_enter_space_or_a_click_unless_it_is_off(
        make_app: Callable[..., PlannerApp], content: Content) -> None:
    app = make_app(content)
    async with app.run_test(size=(80, 24)) as pilot:
        await screens.start(pilot, "support-plan")
        screen = app.screen
        assert isinstance(screen, ConversationScreen) and screen.view is not None and not screen.view.is_question
        skip = screen.query_one("#skip", Button)
        assert skip.disabled and not skip.focusable  # an information step cannot be skipped
        first = screen.view.id
        skip.press()
        await pilot.pause()
        assert screen.view.id == first
        await tab_to(pilot, "go-on")
        await pilot.press("space")
        await pilot.pause()
        second = screen.view
        assert second is not None and second.id != first and second.is_question
        assert not screen.query_one("#skip", Button).disabled
        await pilot.click("#skip")
        await pilot.pause()
        assert screen.view is not None and screen.view.id != second.id
        await tab_to(pilot, "back")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.view is not None and screen.view.id == second.id
        assert str(screen.query_one("#back", Button).label) == "Back"
