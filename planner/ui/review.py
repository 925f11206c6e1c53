"""Check my answers: every answer by section with who gave it; change any; revisit what was skipped."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll

from planner.flows.links import plain
from planner.flows.view import ReviewItem
from planner.store.opening import Opened

from .base import PlannerScreen
from .widgets import Button, Static


def _words(item: ReviewItem, screen: ReviewScreen) -> str:
    if not item.given:
        return screen._("Not answered yet.")
    app = screen.planner_app
    step = screen.opened.session.flow.by_id.get(item.id)
    if app.mode == "kiosk" and getattr(getattr(step, "model", None), "sensitive", False):
        # A kiosk is in a public place: someone passing must not read this answer (as in the conversation).
        return screen._("(Saved. It is not shown here, to keep it private.)")
    gettext = app.translator.gettext
    return "\n".join(f"{g.participant.label(gettext)}: {plain(g.words)}" for g in item.given)


class ReviewScreen(PlannerScreen):
    """All the answers so far; from here any answer can be changed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "carry_on", "Back to the questions", show=False)]

    def __init__(self, opened: Opened, at_end: bool) -> None:
        super().__init__(name="review")
        self.opened = opened
        self.at_end = at_end

    def compose(self) -> ComposeResult:
        session = self.opened.session
        _ = self._
        title = _("We have come to the end. Please check your answers.") if self.at_end else _("Your answers so far")
        yield Static(title, id="review-title", classes="screen-title")
        with VerticalScroll(id="review-body"):
            revisit = session.to_revisit()
            if revisit:
                yield Static(self.ngettext("Still to answer ({n}):", "Still to answer ({n}):", len(revisit)),
                             classes="section-title")
                for item in revisit:
                    with Vertical(classes="review-item"):
                        yield Static(plain(item.prompt))
                        yield Button(_("Answer it now"), id=f"answer-{item.id}", classes="change")
            for section in session.review(reached=not self.at_end):
                yield Static(section.title, classes="section-title")
                for item in section.items:
                    with Vertical(classes="review-item"):
                        yield Static(plain(item.prompt), classes="review-prompt")
                        yield Static(_words(item, self), classes="review-words")
                        yield Button(_("Change"), id=f"change-{item.id}", classes="change")
        with Grid(id="review-actions"):
            yield Button(_("Back to the questions"), id="carry-on")
            yield Button(_("Finish"), id="finish", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#finish" if self.at_end else "#carry-on", Button).focus()

    @on(Button.Pressed, ".change")
    def _change(self, event: Button.Pressed) -> None:
        question = (event.button.id or "").split("-", 1)[1]
        if self.opened.session.edit(question):
            self.planner_app.show_conversation(self.opened)

    @on(Button.Pressed, "#carry-on")
    def action_carry_on(self) -> None:
        if self.at_end:
            self.opened.session.back()
        self.planner_app.show_conversation(self.opened)

    @on(Button.Pressed, "#finish")
    def _finish(self) -> None:
        self.planner_app.finish(self.opened)
