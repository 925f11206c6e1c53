"""Driving the app by keyboard only, as a person would: arrows, Tab, Space, Enter, Escape."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select, SelectionList, TextArea

from planner.ui.app import PlannerApp
from planner.ui.conversation import ConversationScreen

NAMED = {" ": "space", "-": "minus", ".": "full_stop", ",": "comma", "£": "pound_sign", ":": "colon", "'": "apostrophe"}


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*[NAMED.get(c, c) for c in text])


async def tab_to(pilot: Pilot[Any], widget_id: str, limit: int = 60) -> None:
    """Press Tab until the widget with this id has the focus."""
    app = pilot.app
    for _ in range(limit):
        if app.focused is not None and app.focused.id == widget_id:
            return
        await pilot.press("tab")
    raise AssertionError(f"Tab never reached #{widget_id} (focus is on {app.focused!r})")


async def first_question(pilot: Pilot[Any]) -> ConversationScreen:
    """From the welcome screen to the first question with a person's two presses of Enter: on the first
    conversation, and on Close in the dialog with the code."""
    for _ in range(2):
        await pilot.pause()
        await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ConversationScreen) and screen.view is not None, screen
    return screen


async def clear_input(pilot: Pilot[Any]) -> None:
    focused = pilot.app.focused
    if isinstance(focused, Input):
        await pilot.press("end", *["backspace"] * len(focused.value))


async def answer(pilot: Pilot[Any], raw: Any) -> None:
    """Answer the question on screen by keyboard: a choice's value, text, a list of values, or rows."""
    app: PlannerApp = pilot.app  # type: ignore[assignment]
    screen = app.screen
    assert isinstance(screen, ConversationScreen) and screen.view is not None
    view = screen.view
    await pilot.pause()
    if not view.is_question:
        await tab_to(pilot, "go-on")
        await pilot.press("enter")
    elif view.entry == "choose_one":
        await tab_to(pilot, "choices")
        options = app.focused
        assert isinstance(options, OptionList)
        target = [value for value, _ in view.choices].index(raw)
        moves = target - (options.highlighted or 0)
        await pilot.press(*(["down"] * moves if moves > 0 else ["up"] * -moves), "enter")
    elif view.entry == "choose_many":
        await tab_to(pilot, "choices")
        selection = app.focused
        assert isinstance(selection, SelectionList)
        await pilot.press("home")
        for value, _ in view.choices:
            if (value in raw) != (value in selection.selected):
                await pilot.press("space")
            await pilot.press("down")
        await tab_to(pilot, "done")
        await pilot.press("enter")
    elif view.entry == "several_lines":
        await tab_to(pilot, "text")
        assert isinstance(app.focused, TextArea)
        await type_text(pilot, raw)
        await tab_to(pilot, "done")
        await pilot.press("enter")
    elif view.entry == "grid":
        for row, value in raw.items():
            await choose(pilot, f"row-{row}", value)
        await tab_to(pilot, "done")
        await pilot.press("enter")
    elif view.entry == "list_of_items":
        for item in raw:
            for field, value in item.items():
                await tab_to(pilot, f"field-{field}")
                if isinstance(app.focused, Select):
                    await choose(pilot, f"field-{field}", value)
                else:
                    await type_text(pilot, value)
            await tab_to(pilot, "add")
            await pilot.press("enter")
        await tab_to(pilot, "done")
        await pilot.press("enter")
    else:
        await tab_to(pilot, "text")
        await clear_input(pilot)
        await type_text(pilot, str(raw))
        await pilot.press("enter")
    await pilot.pause()


async def choose(pilot: Pilot[Any], select_id: str, value: str) -> None:
    """Open a drop-down with Enter, move to the value with arrows, Enter to choose."""
    await tab_to(pilot, select_id)
    select = pilot.app.focused
    assert isinstance(select, Select)
    values = [v for _, v in select._options if v is not Select.NULL]
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press(*["down"] * (values.index(value) + (1 if select._allow_blank else 0)), "enter")
    await pilot.pause()
    assert select.value == value, (select_id, select.value, value)


async def press_button(pilot: Pilot[Any], button_id: str) -> None:
    await tab_to(pilot, button_id)
    await pilot.press("enter")
    await pilot.pause()
