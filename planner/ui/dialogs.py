"""Small screens on top of the conversation: confirm, explain words, why we ask, idle warning."""

from __future__ import annotations

import math
from typing import Any, ClassVar
from collections.abc import Callable, Iterable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen

from planner.i18n.translator import N_

from .base import Words
from .rich_text import linked
from .widgets import Button, Input, Label, Static

NO_GO_BACK = N_("No, go back")


def _focus(screen: ModalScreen[Any], selector: str) -> None:
    """Focus a control, if the screen still has it (it may be closed before it is drawn)."""
    for widget in screen.query(selector):
        widget.focus()


class Confirm(Words, ModalScreen[bool]):
    """Ask yes or no; Escape means no."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(False)", "No")]

    def __init__(self, question: str, yes: str, no: str = NO_GO_BACK) -> None:
        super().__init__()
        self.question, self.yes, self.no = question, yes, no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="yes", variant="primary")
                yield Button(self._(self.no), id="no")

    def on_mount(self) -> None:
        _focus(self, "#no")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class Message(Words, ModalScreen[None]):
    """Some text to read, and a button to close it (Escape closes it too)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Close")]
    AUTO_FOCUS = "#close"

    def __init__(self, title: str, paragraphs: Iterable[str]) -> None:
        super().__init__()
        self.title_text = title
        self.paragraphs = list(paragraphs)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            # One Static for every paragraph: the code dialog opens on the way to the first question.
            with VerticalScroll(classes="dialog-body"):
                yield Static(Text("\n").join(linked(paragraph) for paragraph in self.paragraphs),
                             classes="dialog-text")
            yield Button(self._("Close"), id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)


class AskText(Words, ModalScreen[str | None]):
    """Ask for a line of text (a name, a note); Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, question: str, placeholder: str = "") -> None:
        super().__init__()
        self.question, self.placeholder = question, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.question, classes="dialog-title")
            yield Input(placeholder=self.placeholder, id="text")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self._("Save"), id="save", variant="primary")
                yield Button(self._("Cancel"), id="cancel")

    def on_mount(self) -> None:
        _focus(self, "#text")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.query_one("#text", Input).value.strip() or None)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class StillThere(Words, ModalScreen[bool]):
    """Kiosk: 'Are you still there?' with a big button and a countdown. True means more time."""

    def __init__(self, seconds: int, clock: Callable[[], float], *, saving: bool = True) -> None:
        super().__init__()
        self.clock = clock
        self.saving = saving  # a conversation is open (else only something typed, or a code, is on screen)
        self.deadline = clock() + seconds
        self.left = seconds

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog still-there"):
            yield Static(self._("Are you still there?"), classes="dialog-title")
            yield Static(self._words(), id="countdown", classes="dialog-text")
            yield Button(self._("I need more time"), id="more", variant="primary", classes="big")

    def on_mount(self) -> None:
        _focus(self, "#more")

    def tick(self) -> None:
        """Count down by the app's clock."""
        self.left = max(0, math.ceil(self.deadline - self.clock()))
        for countdown in self.query("#countdown").results(Static):
            countdown.update(self._words())

    def _words(self) -> str:
        if not self.saving:
            return self.ngettext("To keep this private, I will clear the screen in {n} second.",
                                 "To keep this private, I will clear the screen in {n} seconds.", self.left)
        return self.ngettext("To keep your answers private, I will save them and close in {n} second. "
                             "Your answers are safe. You can carry on later with your code.",
                             "To keep your answers private, I will save them and close in {n} seconds. "
                             "Your answers are safe. You can carry on later with your code.", self.left)

    @on(Button.Pressed, "#more")
    def _more(self) -> None:
        self.dismiss(True)
