"""The welcome screen: choose a conversation, carry on one with a code, and choose how it looks."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Static

from .base import PlannerScreen
from .rich_text import linked


class WelcomeScreen(PlannerScreen):
    """Where every visit starts (and, at a kiosk, where it always comes back to)."""

    def __init__(self) -> None:
        super().__init__(name="welcome")

    def compose(self) -> ComposeResult:
        app = self.planner_app
        with VerticalScroll(id="welcome-body"):
            yield Static("Hello. I am here to help you plan your care and support, one question at a time.",
                         classes="screen-title")
            yield Label("What would you like to talk about?", classes="section-title")
            for flow in app.flows():
                with Vertical(classes="flow-choice"):
                    yield Button(flow.header.title, id=f"start-{flow.id}", classes="start")
                    if flow.header.summary:
                        yield Static(linked(flow.header.summary), classes="flow-summary")
            yield Label("Carry on a conversation you started before", classes="section-title")
            yield Static("Type the code you were given. It looks like KM4P-XT7C-FAQ9.", classes="how")
            with Horizontal(classes="code-row"):
                yield Input(placeholder="Your code", id="code")
                yield Button("Carry on", id="resume")
            yield Static("", id="code-problem", classes="problem")
            yield Label("How it looks", classes="section-title")
            yield Checkbox("High contrast (white and yellow on black)", app.high_contrast, id="contrast")
            yield Checkbox("More space between lines", app.spacious, id="spacing")

    def on_mount(self) -> None:
        self.query(".start").first(Button).focus()

    @on(Button.Pressed, ".start")
    def _start(self, event: Button.Pressed) -> None:
        self.planner_app.start_flow((event.button.id or "").removeprefix("start-"))

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#resume")
    def _resume(self) -> None:
        code = self.query_one("#code", Input)
        problem = self.planner_app.resume_code(code.value)
        code.value = ""
        self.query_one("#code-problem", Static).update(f"Problem: {problem}" if problem else "")

    @on(Checkbox.Changed, "#contrast")
    def _contrast(self, event: Checkbox.Changed) -> None:
        self.planner_app.set_high_contrast(event.value)

    @on(Checkbox.Changed, "#spacing")
    def _spacing(self, event: Checkbox.Changed) -> None:
        self.planner_app.set_spacious(event.value)
