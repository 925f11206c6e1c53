"""The last screen of a visit: the code to carry on later, and the plan printed or saved when asked.

Nothing is written anywhere on its own: at a kiosk the plan can only be printed (sent to
the printer through `lp`'s standard input, so no file is left); elsewhere it can also be
saved, when the person asks, into a folder they choose.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, VerticalScroll

from planner.store import StoreError
from planner.store.opening import Opened

from .base import PlannerScreen
from .widgets import Button, Input, Static

PRINT_SECONDS = 60


def default_folder(flow_id: str, today: dt.date | None = None, home: Path | None = None) -> Path:
    """A new folder for this visit's documents: ~/Documents/planner/<date>-<flow id> (-2, -3... if taken)."""
    base = (home or Path.home()) / "Documents" / "planner"
    stem = f"{(today or dt.date.today()).isoformat()}-{flow_id}"
    folder, n = base / stem, 1
    while folder.exists():
        n += 1
        folder = base / f"{stem}-{n}"
    return folder


def as_typed(folder: Path) -> str:
    """A folder as a person would type it: under the home folder, starting with ~."""
    try:
        return str(Path("~") / folder.relative_to(Path.home()))
    except ValueError:
        return str(folder)


class FinishScreen(PlannerScreen):
    """Saying goodbye: finished, or stopped to carry on later."""

    def __init__(self, opened: Opened, *, finished: bool) -> None:
        super().__init__(name="finish")
        self.opened = opened
        self.finished = finished
        self.code = opened.code

    def compose(self) -> ComposeResult:
        _ = self._
        kiosk = self.planner_app.mode == "kiosk"
        with VerticalScroll(id="finish-body"):
            title = _("Thank you. That is everything.") if self.finished else _("Your answers are saved.")
            yield Static(title, classes="screen-title")
            if self.code:
                yield Static(_("Your code to carry on later is:\n\n    {code}\n\nPlease write it down. Keep it "
                               "private, like a PIN.", code=self.code), id="code-shown", classes="code")
            if self.finished and not kiosk:
                yield Static(_("To keep a copy of the plan and your answers, choose a folder and save them there."),
                             classes="how")
                with Horizontal(classes="code-row"):
                    yield Input(as_typed(default_folder(self.opened.session.flow.id)), id="folder")
                yield Button(_("Save the plan and answers to a folder"), id="save")
                yield Static("", id="save-result")
            yield Static("", id="print-result")
        with Grid(id="finish-actions"):
            if self.finished:
                yield Button(_("Print"), id="print")
            yield Button(_("Back to the start"), id="done", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#done", Button).focus()

    def _files(self) -> dict[str, str | bytes]:
        from planner.output.write import session_files  # here: the output stack is slow to load, and only needed now

        return session_files(self.opened, self.planner_app.store, self.planner_app.content)

    @on(Button.Pressed, "#print")
    def _print(self) -> None:
        """Send the plan's PDF to the printer through its standard input: no file is left anywhere."""
        result = self.query_one("#print-result", Static)
        kiosk = self.planner_app.mode == "kiosk"
        from planner.output.write import OutputError

        printer = shutil.which("lp") or shutil.which("lpr")
        if printer is None:
            result.update(self._("There is no printer set up here. Please ask a member of staff.") if kiosk else
                          self._("There is no printer set up on this computer. You can save the plan to a folder "
                                 "instead."))
            return
        try:
            pdf = next((data for name, data in self._files().items() if name.endswith(".pdf")), None)
        except OutputError as error:
            result.update(str(error))  # already in the conversation's language
            return
        except StoreError as error:
            result.update(error.text(self.planner_app.translator))
            return
        if not isinstance(pdf, bytes):
            result.update(self._("There is no plan to print for this conversation."))
            return
        try:
            done = subprocess.run([printer], input=pdf, capture_output=True, timeout=PRINT_SECONDS, check=False)
            sent = done.returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            sent = False
        result.update(self._("Sent to the printer.") if sent else
                      self._("The printer did not take it. Please ask someone to help."))

    @on(Input.Submitted, "#folder")
    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        """Save the documents into the folder typed, as one set; a plain message if that cannot be done."""
        result = self.query_one("#save-result", Static)
        typed = self.query_one("#folder", Input).value.strip()
        if not typed:
            result.update(self._("Please type the folder to save into."))
            return
        folder = Path(typed).expanduser()
        from planner.output.write import OutputError, save_files

        try:
            saved = save_files(self._files(), folder, translator=self.planner_app.translator)
        except OutputError as error:
            result.update(str(error))  # already in the conversation's language
            return
        except StoreError as error:
            result.update(error.text(self.planner_app.translator))
            return
        result.update(self.ngettext("Saved {n} file in {folder}.", "Saved {n} files in {folder}.", len(saved),
                                    folder=str(folder)))

    @on(Button.Pressed, "#done")
    def _done(self) -> None:
        self.planner_app.go_home(next_person=True)
