"""The answer area: one small widget per shape of input (`planner.questions.Entry`), each posting `Answered`.

Which shape a question has comes from its kind's registry entry; `WIDGETS` below is the one
place that turns a shape into a widget.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget

from planner.flows.links import plain
from planner.flows.view import StepView
from planner.i18n.translator import N_
from planner.questions import REGISTRY, Entry, kind_of
from planner.questions.groups import GridKind, ListKind

from .base import Words, translator_of
from .rich_text import linked
from .widgets import Button, Input, Label, Option, OptionList, Select, SelectionList, Static, TextArea

TYPE_YOUR_ANSWER = N_("Type your answer")
LIST = ListKind()
GRID = GridKind()


class Answered(Message):
    """Someone gave an answer: what they typed or chose, before it is checked."""

    def __init__(self, raw: Any) -> None:
        super().__init__()
        self.raw = raw


class AnswerWidget(Words, Vertical):
    """Base: knows the question; `start()` puts the keyboard focus in the right place."""

    def __init__(self, view: StepView) -> None:
        super().__init__(classes="answer")
        self.view = view
        self.question: Any = view.question

    def start(self) -> None:
        self.focus_first()

    def focus_first(self) -> None:
        for widget in self.query("Input, OptionList, SelectionList, TextArea, Select, Button"):
            if widget.focusable:
                widget.focus()
                return

    def stored(self) -> Any:
        return self.view.mine.value if self.view.mine and self.view.mine.status == "answered" else None


class ChoiceAnswer(AnswerWidget):
    """One choice from a list: arrows to move, Enter to choose."""

    def compose(self) -> ComposeResult:
        yield OptionList(*[Option(self._prompt(n, False), id=value) for n, (value, _) in enumerate(self.view.choices)],
                         id="choices")
        yield Label(self._("Use the arrow keys, then press Enter to choose."), classes="how")

    def _prompt(self, index: int, here: bool) -> Any:
        """The choice's words, with an arrow at the one the cursor is on (so it is not shown by colour alone)."""
        label = self.view.choices[index][1]
        return linked(f"{'▶' if here else ' '} {index + 1}. {label}")

    def on_mount(self) -> None:
        values = [value for value, _ in self.view.choices]
        self.query_one(OptionList).highlighted = values.index(self.stored()) if self.stored() in values else 0

    @on(OptionList.OptionHighlighted)
    def _moved(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        options = self.query_one(OptionList)
        for index in range(len(self.view.choices)):
            options.replace_option_prompt_at_index(index, self._prompt(index, index == event.option_index))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(Answered(event.option.id))


class MultiAnswer(AnswerWidget):
    """Several choices: Space to tick or untick, then Done."""

    def compose(self) -> ComposeResult:
        chosen = set(self.stored() or [])
        yield Label(self._("Press Space to tick each one that fits. Then choose Done."), classes="how")
        yield SelectionList[str](*[(plain(f"{n}. {label}"), value, value in chosen)
                                   for n, (value, label) in enumerate(self.view.choices, 1)], id="choices")
        yield Button(self._("Done"), id="done", variant="primary")

    @on(Button.Pressed, "#done")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(Answered(list(self.query_one(SelectionList).selected)))


class TextAnswer(AnswerWidget):
    """A line of text, a number, an amount of money, a time or a date: Enter to answer."""

    def compose(self) -> ComposeResult:
        value = self.stored()
        tr = translator_of(self)
        shown = kind_of(self.question).display(self.question, value, tr) if value is not None else ""
        placeholder = REGISTRY[self.view.kind].placeholder or TYPE_YOUR_ANSWER
        yield Input(value=shown, placeholder=self._(placeholder), id="text")
        yield Label(self._("Press Enter when you have finished."), classes="how")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(Answered(event.value))


class LongTextAnswer(AnswerWidget):
    """Some sentences: Enter starts a new line; Done when finished."""

    def compose(self) -> ComposeResult:
        yield TextArea(str(self.stored() or ""), id="text", soft_wrap=True, tab_behavior="focus")
        yield Button(self._("Done"), id="done", variant="primary")

    @on(Button.Pressed, "#done")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(Answered(self.query_one(TextArea).text))


class GridAnswer(AnswerWidget):
    """Several things answered on the same scale: one choice for each, then Done."""

    def compose(self) -> ComposeResult:
        stored = self.stored() or {}
        scale = [(plain(c.label), c.value) for c in self.question.scale]
        for row in self.question.rows:
            yield Label(linked(row.label), classes="grid-row")
            yield Select(scale, value=stored.get(row.value, Select.NULL), prompt=self._("Choose one"),
                         id=f"row-{row.value}")
        yield Button(self._("Done"), id="done", variant="primary")

    @on(Button.Pressed, "#done")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        cells = {row.value: self.query_one(f"#row-{row.value}", Select).value for row in self.question.rows}
        self.post_message(Answered(GRID.assemble(self.question, {k: v for k, v in cells.items()
                                                                 if v is not Select.NULL})))


def _choose_field(field: Any, _: Any) -> Widget:
    choices = getattr(kind_of(field), "choices", None)
    options = [(plain(c.label), c.value) for c in choices(field)] if choices else []
    return Select(options, prompt=_("Choose one"), id=f"field-{field.id}")


def _type_field(field: Any, _: Any) -> Widget:
    placeholder = REGISTRY[field.kind].placeholder
    return Input(placeholder=_(placeholder) if placeholder else "", id=f"field-{field.id}")


# A field of a list item: one box for each shape a field can have (a list or a grid is never a field).
FIELD_WIDGETS: dict[Entry, Any] = {
    "choose_one": _choose_field, "choose_many": _choose_field, "one_line": _type_field, "several_lines": _type_field,
    "list_of_items": _type_field, "grid": _type_field,
}


class ListAnswer(AnswerWidget):
    """A list of things (each person who helps): fill in one, add it, and so on; Done at the end."""

    def __init__(self, view: StepView) -> None:
        super().__init__(view)
        self.items: list[dict[str, Any]] = [LIST.editable(self.question, item, translator_of(self))
                                            for item in (self.stored() or [])]

    def compose(self) -> ComposeResult:
        yield Static(id="items", classes="list-items")
        _ = self._
        name = self.question.item_name or _("one")
        with Vertical(id="form", classes="list-form"):
            for field in self.question.fields:
                with Vertical(id=f"box-{field.id}", classes="list-field"):
                    yield Label(linked(field.prompt if field.required else _("{prompt} (you can leave this)",
                                                                             prompt=field.prompt)))
                    yield FIELD_WIDGETS[REGISTRY[field.kind].entry](field, _)
            yield Static("", id="item-problem", classes="problem")
            with Horizontal(classes="list-buttons"):
                yield Button(_("Add this {name}", name=name), id="add", variant="primary")
                yield Button(_("Done"), id="done")

    def on_mount(self) -> None:
        self._show_items()
        self._show_fields()

    def _typed(self, field: Any) -> Any:
        """What is in a field's box now (None when empty or not shown)."""
        widget = self.query_one(f"#field-{field.id}")
        value = widget.value if isinstance(widget, (Input, Select)) else None
        shown = self.query_one(f"#box-{field.id}").display
        return None if value is Select.NULL or value == "" or not shown else value

    @on(Select.Changed)
    @on(Input.Changed)
    def _show_fields(self) -> dict[str, Any]:
        """Show only the fields that apply to what is filled in so far; the item, as understood."""
        session = getattr(self.screen, "session", None)
        typed: dict[str, Any] = {}
        for field in self.question.fields:
            known = LIST.understood(self.question, typed)
            shown = session is None or session.field_shown(self.view.id, field.id, known)
            self.query_one(f"#box-{field.id}").display = shown
            typed[field.id] = self._typed(field)
        return LIST.understood(self.question, typed)

    def _show_items(self) -> None:
        if not self.items:
            text = self._("None added yet.")
        else:
            text = "\n".join(f"{n}. " + ", ".join(str(v) for v in item.values())
                             for n, item in enumerate(self.items, 1))
        self.query_one("#items", Static).update(text)

    @on(Button.Pressed, "#add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        checked = LIST.check_item(self.question, {f.id: self._typed(f) for f in self.question.fields})
        problem = self.query_one("#item-problem", Static)
        if checked.item is None:
            field, invalid = checked.field, checked.invalid
            if field is not None and invalid is not None:
                problem.update(self._("Problem with '{prompt}': {problem}", prompt=plain(field.prompt),
                                      problem=invalid.text(translator_of(self).gettext)))
            elif field is not None:
                problem.update(self._("Problem: please fill in {what}.", what=plain(field.prompt)))
            else:
                problem.update(self._("Problem: please fill in at least one box."))
            return
        self.items.append(checked.item)
        problem.update(self.ngettext(
            "Added. You have {n}. Add another, or choose Done.", "Added. You have {n}. Add another, or choose Done.",
            len(self.items)))
        for widget in self.query("#form Input").results(Input):
            widget.value = ""
        for select in self.query("#form Select").results(Select):
            select.clear()
        self._show_items()
        self.focus_first()

    @on(Button.Pressed, "#done")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(Answered(list(self.items)))


class NoAnswer(AnswerWidget):
    """An information step: just a button to go on."""

    def compose(self) -> ComposeResult:
        yield Button(self._("Go on"), id="go-on", variant="primary")


WIDGETS: dict[Entry, type[AnswerWidget]] = {
    "choose_one": ChoiceAnswer, "choose_many": MultiAnswer, "one_line": TextAnswer, "several_lines": LongTextAnswer,
    "list_of_items": ListAnswer, "grid": GridAnswer,
}


def answer_widget(view: StepView) -> AnswerWidget:
    """The right control for the step shown now."""
    return WIDGETS[view.entry](view) if view.entry is not None else NoAnswer(view)
