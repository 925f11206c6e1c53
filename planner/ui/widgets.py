"""Textual's widgets, made to show words only: every screen takes its widgets from here.

Each one sends what it shows through `rich_text.shown`, so a string is never parsed as
markup, never becomes a clickable action, and carries no control sequence; and what is
typed or pasted into a box loses its control sequences before it is kept.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar
from collections.abc import Hashable, Iterable

from rich.console import RenderableType
from rich.text import Text
from textual import events, widgets
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.markup import escape
from textual.message import Message as TextualMessage
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets.option_list import Option as _Option
from textual.widgets.text_area import EditResult, Location

from planner.text import for_terminal

from .rich_text import shown

T = TypeVar("T", bound=Hashable)

__all__ = ["Button", "Checkbox", "Input", "Label", "Option", "OptionList", "Select", "SelectionList", "Static",
           "TextArea"]


class Static(widgets.Static):
    """Words on the screen."""

    def __init__(self, content: object = "", **options: Any) -> None:
        options.pop("markup", None)
        super().__init__(shown(content), markup=False, **options)

    def update(self, content: object = "", *, layout: bool = True) -> None:
        super().update(shown(content), layout=layout)


class Label(widgets.Label):
    """A short line of words."""

    def __init__(self, content: object = "", **options: Any) -> None:
        options.pop("markup", None)
        super().__init__(shown(content), markup=False, **options)

    def update(self, content: object = "", *, layout: bool = True) -> None:
        super().update(shown(content), layout=layout)


class Button(Widget, can_focus=True):
    """A button whose label is words: Enter, Space or a click presses it.

    Not Textual's own Button: its stylesheet (a rule for each variant, state and terminal kind) is parsed and
    matched for every button on every change of focus, which was a good part of the time to the first question.
    Its looks are in app.tcss; it says which variant it is with a class (`-primary`), as Textual's does.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "press", "Press", show=False),
                                             Binding("space", "press", "Press", show=False)]
    DEFAULT_CSS = """
    Button {
        width: auto;
        height: auto;
        min-width: 10;
        padding: 0 2;
        content-align: center middle;
        text-align: center;
    }
    """

    label: reactive[Text | Content | str] = reactive[Text | Content | str](Text(), layout=True)

    class Pressed(TextualMessage):
        """The button was pressed."""

        def __init__(self, button: Button) -> None:
            self.button = button
            super().__init__()

        @property
        def control(self) -> Button:
            return self.button

    def __init__(self, label: object = "", variant: str = "default", *, name: str | None = None,
                 id: str | None = None, classes: str | None = None, disabled: bool = False) -> None:
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.variant = variant
        if variant != "default":
            self.add_class(f"-{variant}")
        self.set_reactive(Button.label, shown(label))

    def validate_label(self, label: object) -> Text | Content:
        return shown(label)

    def render(self) -> Text | Content:
        return shown(self.label)  # already words (validate_label), so passed on as it is

    def press(self) -> Button:
        """Press it, as a key or a click would (a hidden or disabled button does nothing)."""
        if not self.disabled and self.display:
            self.post_message(Button.Pressed(self))
        return self

    def action_press(self) -> None:
        self.press()

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.press()


class Checkbox(widgets.Checkbox):
    """A tick box whose label is words."""

    def _make_label(self, label: Any) -> Content:
        return super()._make_label(shown(label))


class Option(_Option):
    """One line of an option list, as words."""

    def __init__(self, prompt: object, id: str | None = None, disabled: bool = False) -> None:
        super().__init__(shown(prompt), id, disabled)


class OptionList(widgets.OptionList):
    """A list to move through with the arrows; its lines are words."""

    def __init__(self, *content: Any, **options: Any) -> None:
        options.pop("markup", None)
        super().__init__(*content, markup=False, **options)

    def replace_option_prompt_at_index(self, index: int, prompt: Any) -> Any:
        return super().replace_option_prompt_at_index(index, shown(prompt))


class SelectionList(widgets.SelectionList[T]):
    """A list to tick; its lines are words."""

    def __init__(self, *selections: tuple[Any, T] | tuple[Any, T, bool], **options: Any) -> None:
        super().__init__(*[(shown(s[0]), *s[1:]) for s in selections], **options)


class Select(widgets.Select[T]):
    """A drop-down whose choices are words."""

    def __init__(self, options: Iterable[tuple[object, T]], *, prompt: str = "Select", **kw: Any) -> None:
        super().__init__([(_renderable(p), v) for p, v in options], prompt=escape(for_terminal(prompt)), **kw)

    def set_options(self, options: Iterable[tuple[Any, T]]) -> None:
        super().set_options([(_renderable(p), v) for p, v in options])


def _renderable(prompt: object) -> RenderableType:
    made = shown(prompt)
    return made if not isinstance(made, Content) else made.plain


class Input(widgets.Input):
    """A one-line box: what is typed or pasted keeps no control sequence."""

    def __init__(self, value: str | None = None, placeholder: str = "", **options: Any) -> None:
        super().__init__(value=_one_line(value or ""), placeholder=for_terminal(placeholder), **options)

    def replace(self, text: str, start: int, end: int) -> None:
        super().replace(_one_line(text), start, end)


class TextArea(widgets.TextArea):
    """A box for some sentences: what is typed or pasted keeps no control sequence."""

    def __init__(self, text: str = "", **options: Any) -> None:
        super().__init__(for_terminal(text), **options)

    def _replace_via_keyboard(self, insert: str, start: Location, end: Location) -> EditResult | None:
        return super()._replace_via_keyboard(for_terminal(insert), start, end)


def _one_line(text: str) -> str:
    return for_terminal(text).replace("\n", " ")
