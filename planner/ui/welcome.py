"""The welcome screen: choose a language and a conversation, carry on one with a code, choose how it looks."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll

from planner.flows.translate import header
from planner.i18n.catalogues import language_name

from .base import PlannerScreen
from .rich_text import linked
from .widgets import Button, Checkbox, Input, Label, Static

LANGUAGE = "Language / Iaith"  # in both languages, for someone who cannot read the one on screen


class WelcomeScreen(PlannerScreen):
    """Where every visit starts (and, at a kiosk, where it always comes back to)."""

    # Textual would focus the scrolling body first, restyling the whole screen on the way in and again on the
    # way out; on_mount focuses the first conversation instead (focused sooner, it would scroll the greeting away).
    AUTO_FOCUS = ""

    def __init__(self) -> None:
        super().__init__(name="welcome")

    def compose(self) -> ComposeResult:
        app = self.planner_app
        _ = self._
        with VerticalScroll(id="welcome-body"):
            if len(app.languages()) > 1:
                with Horizontal(id="languages"):
                    yield Label(LANGUAGE, classes="how")
                    for locale in app.languages():
                        here = locale == app.locale
                        yield Button(("✓ " if here else "") + language_name(locale), id=f"lang-{locale}",
                                     classes="language" + (" chosen" if here else ""))
            yield Static(_("Hello. I am here to help you plan your care and support, one question at a time."),
                         classes="screen-title")
            yield Static(_("What would you like to talk about?"), classes="section-title")
            for flow in app.flows():
                shown = header(flow, app.translator)
                yield Button(shown.title, id=f"start-{flow.id}", classes="start")
                yield Static(linked(shown.summary) if shown.summary else "", classes="flow-summary")
            yield Static(_("Carry on a conversation you started before"), classes="section-title")
            yield Static(_("Type the code you were given. It looks like KM4P-XT7C-FAQ9."), classes="how")
            with Horizontal(classes="code-row"):
                yield Input(placeholder=_("Your code"), id="code")
                yield Button(_("Carry on"), id="resume")
            yield Static("", id="code-problem", classes="problem")
            yield Static(_("How it looks"), classes="section-title")
            yield Static(_("High contrast is white and yellow on black. More space puts more room between lines."),
                         classes="how")
            yield Checkbox(self._switch(_("High contrast"), app.high_contrast),
                           app.high_contrast, id="contrast")
            yield Checkbox(self._switch(_("More space"), app.spacious), app.spacious, id="spacing")

    def on_mount(self) -> None:
        self.query(".start").first(Button).focus()

    @on(Button.Pressed, ".language")
    async def _language(self, event: Button.Pressed) -> None:
        chosen = (event.button.id or "").removeprefix("lang-")
        self.planner_app.set_language(chosen)
        await self.recompose()
        self.query_one(f"#lang-{chosen}", Button).focus()

    @on(Button.Pressed, ".start")
    def _start(self, event: Button.Pressed) -> None:
        self.planner_app.start_flow((event.button.id or "").removeprefix("start-"))

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#resume")
    def _resume(self) -> None:
        code = self.query_one("#code", Input)
        problem = self.planner_app.resume_code(code.value)
        code.value = ""
        self.query_one("#code-problem", Static).update(self._("Problem: {problem}", problem=problem) if problem else "")

    def holds_anything(self) -> bool:
        """Whether a code is typed in the box, or a problem with one is shown."""
        return bool(self.query_one("#code", Input).value or str(self.query_one("#code-problem", Static).render()))

    def _switch(self, label: str, on: bool) -> str:
        """The setting's name and whether it is on, in words: a tick box shows it only by colour."""
        state = self._("on") if on else self._("off")  # outside the f-string, where pybabel can find them
        return f"{label}: {state}"

    @on(Checkbox.Changed, "#contrast")
    def _contrast(self, event: Checkbox.Changed) -> None:
        self.planner_app.set_high_contrast(event.value)
        event.checkbox.label = self._switch(self._("High contrast"), event.value)

    @on(Checkbox.Changed, "#spacing")
    def _spacing(self, event: Checkbox.Changed) -> None:
        self.planner_app.set_spacious(event.value)
        event.checkbox.label = self._switch(self._("More space"), event.value)
