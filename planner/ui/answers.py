"""The answer area: one small widget per question kind, each posting `Answered` with what was given."""

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
from planner.questions import KINDS
from planner.questions.base import Invalid
from planner.questions.groups import SIMPLE_KINDS

from .base import Words, translator_of
from .rich_text import linked
from .widgets import Button, Input, Label, Option, OptionList, Select, SelectionList, Static, TextArea

PLACEHOLDERS = {"money": N_("For example: 120 a week"), "time": N_("For example: 9am"),
                "date": N_("For example: 3 March 2027"), "number": N_("Type a number"),
                "short_text": N_("Type your answer")}
TYPE_YOUR_ANSWER = N_("Type your answer")


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
        shown = KINDS[self.view.kind].display(self.question, value, tr) if value is not None else ""
        yield Input(value=shown, placeholder=self._(PLACEHOLDERS.get(self.view.kind, TYPE_YOUR_ANSWER)), id="text")
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
        answers = {}
        for row in self.question.rows:
            value = self.query_one(f"#row-{row.value}", Select).value
            if value is not Select.NULL:
                answers[row.value] = value
        self.post_message(Answered(answers))


class ListAnswer(AnswerWidget):
    """A list of things (each person who helps): fill in one, add it, and so on; Done at the end."""

    def __init__(self, view: StepView) -> None:
        super().__init__(view)
        self.items: list[dict[str, Any]] = [self._editable(item) for item in (self.stored() or [])]

    def _editable(self, item: dict[str, Any]) -> dict[str, Any]:
        fields = {f.id: f for f in self.question.fields}
        tr = translator_of(self)
        return {k: v if getattr(SIMPLE_KINDS[fields[k].kind], "choices", None) else
                SIMPLE_KINDS[fields[k].kind].display(fields[k], v, tr) for k, v in item.items() if k in fields}

    def compose(self) -> ComposeResult:
        yield Static(id="items", classes="list-items")
        _ = self._
        name = self.question.item_name or _("one")
        with Vertical(id="form", classes="list-form"):
            for field in self.question.fields:
                with Vertical(id=f"box-{field.id}", classes="list-field"):
                    yield Label(linked(field.prompt if field.required else _("{prompt} (you can leave this)",
                                                                             prompt=field.prompt)))
                    kind = SIMPLE_KINDS[field.kind]
                    choices = getattr(kind, "choices", None)
                    if choices:
                        yield Select([(plain(c.label), c.value) for c in choices(field)], prompt=_("Choose one"),
                                     id=f"field-{field.id}")
                    else:
                        placeholder = PLACEHOLDERS.get(field.kind)
                        yield Input(placeholder=_(placeholder) if placeholder else "", id=f"field-{field.id}")
            yield Static("", id="item-problem", classes="problem")
            with Horizontal(classes="list-buttons"):
                yield Button(_("Add this {name}", name=name), id="add", variant="primary")
                yield Button(_("Done"), id="done")

    def on_mount(self) -> None:
        self._show_items()
        self._show_fields()

    @on(Select.Changed)
    @on(Input.Changed)
    def _show_fields(self) -> dict[str, Any]:
        """Show only the fields that apply to what is filled in so far; the item, as understood."""
        session = getattr(self.screen, "session", None)
        known: dict[str, Any] = {}
        for field in self.question.fields:
            shown = session is None or session.field_shown(self.view.id, field.id, known)
            self.query_one(f"#box-{field.id}").display = shown
            widget = self.query_one(f"#field-{field.id}")
            value = widget.value if shown and isinstance(widget, (Input, Select)) else None
            if value is not None and value is not Select.NULL and value != "":
                result = SIMPLE_KINDS[field.kind].parse(field, value)
                if not isinstance(result, Invalid):
                    known[field.id] = result.value
        return known

    def _show_items(self) -> None:
        if not self.items:
            text = self._("None added yet.")
        else:
            text = "\n".join(f"{n}. " + ", ".join(str(v) for v in item.values()) for n, item in enumerate(self.items, 1))
        self.query_one("#items", Static).update(text)

    @on(Button.Pressed, "#add")
    def _add(self, event: Button.Pressed) -> None:
        event.stop()
        item: dict[str, Any] = {}
        for field in self.question.fields:
            widget = self.query_one(f"#field-{field.id}")
            value = widget.value if isinstance(widget, (Input, Select)) else None
            if value is Select.NULL or value == "" or not self.query_one(f"#box-{field.id}").display:
                continue
            result = SIMPLE_KINDS[field.kind].parse(field, value)
            if isinstance(result, Invalid):
                problem = result.text(translator_of(self).gettext)
                self.query_one("#item-problem", Static).update(
                    self._("Problem with '{prompt}': {problem}", prompt=plain(field.prompt), problem=problem))
                return
            item[field.id] = value
        missing = [plain(f.prompt) for f in self.question.fields if f.required and f.id not in item]
        if missing or not item:
            self.query_one("#item-problem", Static).update(
                self._("Problem: please fill in {what}.", what=missing[0]) if missing else
                self._("Problem: please fill in at least one box."))
            return
        self.items.append(item)
        self.query_one("#item-problem", Static).update(self.ngettext(
            "Added. You have {n}. Add another, or choose Done.", "Added. You have {n}. Add another, or choose Done.",
            len(self.items)))
        for widget in self.query("#form Input"):
            widget.value = ""  # type: ignore[attr-defined]
        for select in self.query("#form Select"):
            select.clear()  # type: ignore[attr-defined]
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


WIDGETS: dict[str, type[AnswerWidget]] = {
    "single_choice": ChoiceAnswer, "yes_no": ChoiceAnswer, "scale": ChoiceAnswer, "multi_choice": MultiAnswer,
    "short_text": TextAnswer, "number": TextAnswer, "money": TextAnswer, "time": TextAnswer, "date": TextAnswer,
    "long_text": LongTextAnswer, "grid": GridAnswer, "list": ListAnswer,
}


def answer_widget(view: StepView) -> Widget:
    """The right control for the step shown now."""
    return WIDGETS[view.kind](view) if view.is_question else NoAnswer(view)
