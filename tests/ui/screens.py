"""Driving the app through its screens' own controls, without the keyboard.

For tests whose point is not the keys (a whole flow, what a screen shows, a kiosk's reset): each
answer goes in as a person leaves it in the widget (the option highlighted, the boxes ticked, the
words in the box), then the widget's own way of sending it (Enter's action, the Done button) runs,
so the screen's answer path is the one a person uses. The keys themselves are tested with
`tests.ui.keyboard`, once for each shape of input.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList, Select, SelectionList, TextArea

from planner.ui.answers import AnswerWidget
from planner.ui.app import PlannerApp
from planner.ui.conversation import ConversationScreen
from planner.ui.widgets import Button


def step_id(app: PlannerApp) -> str:
    """The id of the step on screen, or the name of the screen when it is not a conversation."""
    screen = app.screen
    return screen.view.id if isinstance(screen, ConversationScreen) and screen.view else type(screen).__name__


async def press(pilot: Pilot[Any], button_id: str) -> None:
    """Press a button on the screen on top (as a click would): only a shown, enabled one can be pressed."""
    for _ in range(50):  # a screen just pushed may not have made its widgets yet
        found = pilot.app.screen.query(f"#{button_id}").results(Button)
        button = next(iter(found), None)
        if button is not None:
            break
        await pilot.pause()
    assert button is not None, f"no #{button_id} on {pilot.app.screen!r}"
    assert button.display and not button.disabled, f"#{button_id} cannot be pressed"
    button.press()
    await pilot.pause()


async def moved_on(pilot: Pilot[Any], screen: Any, view: Any) -> bool:
    """Whether the app has left `view` on `screen` (another screen, or another step), given time to handle the press
    that should move it on: a pressed button's message travels up to the screen one widget at a time."""
    for _ in range(50):
        if pilot.app.screen is not screen or screen.view is not view:
            return True
        await pilot.pause()
    return False


async def start(pilot: Pilot[Any], flow_id: str, *, close_code: bool = True) -> None:
    """Start a conversation from the welcome screen, and close the dialog that shows its code."""
    await pilot.pause()
    await press(pilot, f"start-{flow_id}")
    if close_code:
        await press(pilot, "close")


async def choose(pilot: Pilot[Any], select_id: str, value: Any) -> None:
    """Choose a value in a drop-down (its Changed message goes where a person's choice would)."""
    select = pilot.app.screen.query_one(f"#{select_id}", Select)
    select.value = value
    await pilot.pause()


async def answer_area(pilot: Pilot[Any]) -> Widget:
    """The answer widget of the step on screen, once the last step's widget is gone and this one is made."""
    screen = pilot.app.screen
    assert isinstance(screen, ConversationScreen) and screen.view is not None, screen
    for _ in range(50):
        shown = [w for w in screen.query_one("#answer-slot").children if isinstance(w, AnswerWidget)]
        if len(shown) == 1 and shown[0].view is screen.view and shown[0].is_mounted and shown[0].children:
            return shown[0]
        await pilot.pause()
    raise AssertionError(f"the answer area never showed {screen.view.id}")


async def give(pilot: Pilot[Any], raw: Any) -> None:
    """Answer the step on screen: a choice's value, text, a list of values, rows, items, or None to go on."""
    app: PlannerApp = pilot.app  # type: ignore[assignment]
    screen = app.screen
    assert isinstance(screen, ConversationScreen) and screen.view is not None, screen
    view = screen.view
    slot = await answer_area(pilot)
    if not view.is_question:
        await press(pilot, "go-on")
        return
    if view.entry == "choose_one":
        options = slot.query_one("#choices", OptionList)
        options.highlighted = [value for value, _ in view.choices].index(raw)
        options.action_select()
    elif view.entry == "choose_many":
        selection = slot.query_one("#choices", SelectionList)
        selection.deselect_all()
        for value in raw:
            selection.select(value)
        await press(pilot, "done")
    elif view.entry == "several_lines":
        slot.query_one("#text", TextArea).text = raw
        await press(pilot, "done")
    elif view.entry == "grid":
        for row, value in raw.items():
            await choose(pilot, f"row-{row}", value)
        await press(pilot, "done")
    elif view.entry == "list_of_items":
        for item in raw:
            for field, value in item.items():
                box = slot.query_one(f"#field-{field}")
                if isinstance(box, Select):
                    await choose(pilot, f"field-{field}", value)
                else:
                    assert isinstance(box, Input)
                    box.value = value
                    await pilot.pause()
            await press(pilot, "add")
        await press(pilot, "done")
    else:
        box = slot.query_one("#text", Input)
        box.value = str(raw)
        await box.action_submit()
    await pilot.pause()
