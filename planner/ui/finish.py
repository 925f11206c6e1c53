"""The last screen of a visit: where the answers and plan are, and the code to carry on later."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, VerticalScroll
from textual.widgets import Button, Static

from .base import PlannerScreen


class FinishScreen(PlannerScreen):
    """Saying goodbye: finished, or stopped to carry on later."""

    def __init__(self, *, finished: bool, code: str, written: list[Path], printable: Path | None) -> None:
        super().__init__(name="finish")
        self.finished = finished
        self.code = code
        self.written = written
        self.printable = printable

    def compose(self) -> ComposeResult:
        _ = self._
        with VerticalScroll(id="finish-body"):
            title = _("Thank you. That is everything.") if self.finished else _("Your answers are saved.")
            yield Static(title, classes="screen-title")
            if self.code:
                yield Static(_("Your code to carry on later is:\n\n    {code}\n\nPlease write it down. Keep it private, "
                               "like a PIN.", code=self.code), id="code-shown", classes="code")
            if self.written:
                yield Static(_("Your plan and answers are saved here:") + "\n" + "\n".join(f"  {p}" for p in self.written),
                             id="written")
            yield Static("", id="print-result")
        with Grid(id="finish-actions"):
            if self.printable is not None:
                yield Button(_("Print"), id="print")
            yield Button(_("Back to the start"), id="done", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#done", Button).focus()

    @on(Button.Pressed, "#print")
    def _print(self) -> None:
        result = self.query_one("#print-result", Static)
        printer = shutil.which("lp") or shutil.which("lpr")
        if printer is None or self.printable is None:
            result.update(self._("There is no printer set up on this computer. The plan is saved in the file shown "
                                 "above."))
            return
        done = subprocess.run([printer, str(self.printable)], capture_output=True, text=True)
        result.update(self._("Sent to the printer.") if done.returncode == 0 else
                      self._("The printer did not take it. Please ask someone to help, or use the saved file."))

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.planner_app.go_home(next_person=True)
