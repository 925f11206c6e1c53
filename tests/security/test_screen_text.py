"""#13 point 1, screens: what a person types is shown as words, never read as markup or run as an action.

The real app (Pilot) on a real SQLite store: markup, action links, escape sequences and a huge
paste go into every kind of question, names, notes and the code box, then every screen that
shows them (the transcript, "answered before", check my answers, the summary, differences of
view, dialogs, the finish screen). Nothing crashes, the words are shown as typed, no action runs.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from textual import events
from textual.widget import Widget
from textual.widgets import Input, Static

from planner.flows.loader import Content
from planner.store import SessionStore
from planner.text import for_terminal
from planner.ui.app import PlannerApp
from planner.ui.finish import FinishScreen
from planner.ui.review import ReviewScreen
from planner.ui.welcome import WelcomeScreen

from tests.ui import screens
from tests.ui.keyboard import tab_to, type_text

MARKUP = "[b]Sue[/b] [/] [@click=app.suspend_process]x[/] [link=file:///etc/passwd]see[/link] [i [unbalanced"
ESCAPES = "Ann\x1b]0;owned\x07\x1b]52;c;ZXZpbA==\x07\x1b[31mred\x1b[0m\x9b2J"
HUGE = "Big[b]" + "x" * 100_000
UI = Path(__file__).resolve().parents[2] / "planner" / "ui"


def screen_words(app: PlannerApp) -> str:
    """Every word in every widget on every screen in the stack (as the person would read it)."""
    found = []
    for screen in app.screen_stack:
        for widget in screen.walk_children(Widget):
            if isinstance(widget, Static):
                found.append(str(widget.render()))
            elif isinstance(widget, Input):
                found.append(widget.value)
            for attribute in ("label", "prompt"):
                value = getattr(widget, attribute, None)
                if value is not None and not callable(value):
                    found.append(str(value))
    return "\n".join(found)


def no_actions(app: PlannerApp) -> None:
    """No widget shows anything with a click action or a link in it."""
    for screen in app.screen_stack:
        for widget in screen.walk_children(Widget):
            if isinstance(widget, Static):
                visual = widget.visual
                for span in getattr(visual, "spans", []):
                    style = str(span.style)
                    assert "@click" not in style and "link" not in style, (widget, style)


async def paste(pilot: Any, text: str) -> None:
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


start = screens.start
step_id = screens.step_id
answer = screens.give
choose = screens.choose
press_button = screens.press


async def give(pilot: Any, typed: str) -> None:
    """Paste into the question's box (a line or some sentences) and send it."""
    box = (await screens.answer_area(pilot)).query_one("#text")
    box.focus()
    await paste(pilot, typed)
    assert pilot.app.focused is box
    if isinstance(box, Input):
        await box.action_submit()
    else:
        await screens.press(pilot, "done")
    await pilot.pause()


async def test_every_kind_of_question_and_every_screen(tmp_path: Path, kinds: Content) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    app = PlannerApp(kinds, store)
    long = f"{MARKUP}\n{ESCAPES}"
    good = {"count": "4", "money": "£25 a week", "wake": "6am", "visit": "3 March 2027"}
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await start(pilot, "kinds")
            await answer(pilot, None)  # info
            await answer(pilot, "black")
            await answer(pilot, ["mon"])
            await answer(pilot, "yes")
            await give(pilot, MARKUP)  # short text
            assert step_id(app) == "long", step_id(app)
            await give(pilot, long)  # long text
            for step in ("count", "money", "wake", "visit"):
                assert step_id(app) == step
                await give(pilot, MARKUP + ESCAPES)  # refused, with a problem said plainly
                assert step_id(app) == step and app.is_running
                assert str(app.screen.query_one("#problem", Static).render()).startswith("Problem: ")
                await answer(pilot, good[step])
            await answer(pilot, "2")
            assert step_id(app) == "helpers"
            app.screen.query_one("#field-name").focus()
            await paste(pilot, ESCAPES + MARKUP)
            await choose(pilot, "field-often", "daily")
            await press_button(pilot, "add")
            assert for_terminal(ESCAPES) + MARKUP in screen_words(app)  # the list of people added so far
            await press_button(pilot, "done")
            await answer(pilot, {"home": "keep", "friends": "change"})
            # Back shows what was said before: the screen that crashed on a bracket.
            for _ in range(8):
                await press_button(pilot, "back")
            assert step_id(app) == "long" and app.is_running
            words = screen_words(app)
            assert for_terminal(long) in words and "\x1b" not in words
            await press_button(pilot, "check")  # check my answers
            assert isinstance(app.screen, ReviewScreen)
            words = screen_words(app)
            assert MARKUP in words and for_terminal(long) in words and "\x1b" not in words
            no_actions(app)
            await press_button(pilot, "finish")
            assert isinstance(app.screen, FinishScreen) and app.is_running
            no_actions(app)
        assert app.fault is None and app.return_code in (0, None)
    finally:
        store.close()


async def test_a_huge_paste_is_refused_plainly(tmp_path: Path, kinds: Content) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    app = PlannerApp(kinds, store)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await tab_to(pilot, "code")
            await paste(pilot, HUGE)
            await pilot.press("enter")
            await pilot.pause()
            assert "Problem:" in screen_words(app)
            await start(pilot, "kinds")
            for raw in (None, "black", ["mon"], "yes"):
                await answer(pilot, raw)
            for step in ("short", "long"):
                await give(pilot, HUGE)
                assert step_id(app) == step and app.is_running
                assert "Problem:" in str(app.screen.query_one("#problem", Static).render())
                for box in app.screen.query("#answer-slot Input, #answer-slot TextArea"):
                    box.value = "" if isinstance(box, Input) else None  # type: ignore[attr-defined]
                    if not isinstance(box, Input):
                        box.text = ""  # type: ignore[attr-defined]
                await give(pilot, "Rex" if step == "short" else "Tea")
            await press_button(pilot, "check")
            assert isinstance(app.screen, ReviewScreen) and "x" * 1000 not in screen_words(app)
        assert app.fault is None
    finally:
        store.close()


async def test_typed_by_keyboard_markup_stays_words(tmp_path: Path, visit: Content) -> None:
    """Typed key by key (not pasted): the answer is quoted by the next text ('Thank you, ...') as typed."""
    store = SessionStore.in_folder(tmp_path / "data")
    app = PlannerApp(visit, store)
    typed = "[@click=app.suspend_process]Ann[/] [b"
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await start(pilot, "visit")
            await tab_to(pilot, "text")
            await type_text(pilot, typed)
            await pilot.press("enter")
            await pilot.pause()
            assert f"Thank you, {typed}." in screen_words(app)  # a content text quoting the answer
            await pilot.press("escape")
            await pilot.pause()
            assert app.is_running and f"said: {typed}" in screen_words(app)
            no_actions(app)
    finally:
        store.close()


async def test_planner_mode_names_notes_summary_and_differences(tmp_path: Path, visit: Content) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    app = PlannerApp(visit, store, mode="planner")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await start(pilot, "visit")
            await give(pilot, MARKUP)
            await answer(pilot, "yes")
            await answer(pilot, "good")
            await choose(pilot, "speaker", "__someone_else__")  # a second person, with a hostile name
            await paste(pilot, MARKUP + ", " + ESCAPES)
            await pilot.press("enter")
            await pilot.pause()
            session = app.opened.session  # type: ignore[union-attr]
            assert session.participants[session.speaker].name == MARKUP
            await pilot.press("escape")
            await pilot.pause()
            await answer(pilot, "poor")  # a difference of view, shown in the summary
            await press_button(pilot, "note")
            await paste(pilot, MARKUP)
            await pilot.press("enter")
            await pilot.pause()
            words = screen_words(app)
            assert "Differences of view:" in words and f"Planner's note: {MARKUP}" in words
            # the name in the 'Now asking' list and the transcript
            assert f"{MARKUP} ({for_terminal(ESCAPES)})" in words
            assert "\x1b" not in words
            no_actions(app)
            app.notify(MARKUP, title="[b")  # a notification is words too
            await pilot.pause()
            await press_button(pilot, "check")
            assert isinstance(app.screen, ReviewScreen) and MARKUP in screen_words(app)
            no_actions(app)
        assert app.fault is None
    finally:
        store.close()


async def test_the_code_box_and_a_saved_hostile_session_reopens(tmp_path: Path, visit: Content) -> None:
    """A session whose answers once crashed a screen opens again, and its screens show them."""
    store = SessionStore.in_folder(tmp_path / "data")
    app = PlannerApp(visit, store)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await tab_to(pilot, "code")
            await paste(pilot, MARKUP)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, WelcomeScreen) and "Problem:" in screen_words(app)
            await start(pilot, "visit")
            await give(pilot, MARKUP)
            code = app.opened.code  # type: ignore[union-attr]
            await press_button(pilot, "stop")
        again = PlannerApp(visit, store)
        async with again.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert again.resume_code(code) is None
            await pilot.pause()
            await pilot.press("escape")  # back to the first question: "answered before" quotes it
            await pilot.pause()
            await press_button(pilot, "check")
            assert isinstance(again.screen, ReviewScreen) and MARKUP in screen_words(again)
        assert again.fault is None
    finally:
        store.close()


def test_no_screen_takes_a_widget_that_reads_markup() -> None:
    """Every screen takes its text widgets from planner.ui.widgets, never straight from Textual."""
    guarded = {"Static", "Label", "Button", "Checkbox", "Select", "SelectionList", "OptionList", "Option", "Input",
               "TextArea", "RadioButton", "RadioSet", "ListItem", "Markdown", "RichLog", "Log", "Tree", "DataTable"}
    for path in UI.glob("*.py"):
        if path.name in ("widgets.py", "line.py", "line_start.py") or path.name.startswith("line_"):
            continue
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("textual.widgets"):
                taken = {alias.name for alias in node.names} & guarded
                assert not taken, f"{path.name} takes {taken} from {node.module}: use planner.ui.widgets"
            if isinstance(node, ast.Attribute) and node.attr == "notify" and path.name != "app.py":
                raise AssertionError(f"{path.name} calls notify: use the app's own notify (always words)")


def test_glossary_link_syntax_typed_in_an_answer_stays_words_where_a_text_quotes_it() -> None:
    """`[[...]]` is content's own markup: typed by a person and quoted by a text, it is never a link."""
    from planner.flows.expressions import compile_expression, render
    from planner.flows.links import plain, segments

    typed = "[[budget|personal budget]] and [[care]]"
    text = render(compile_expression("Thank you, {{ name }}. Read about [[direct payment]].", "text"),
                  {"name": typed})
    assert [term for _, term in segments(text) if term] == ["direct payment"]
    assert plain(text).replace("\u2060", "") == f"Thank you, {typed}. Read about direct payment."
