"""Start planner in this process, as a person would, up to its first question; then write down (as JSON in
the file OUT) which modules were loaded by then, and which of Babel's locale data.

    python first_question.py plain OUT   `python -m planner --plain`, answering 1 to the welcome's question
    python first_question.py tui OUT     `planner`, headless, pressing Enter on the first conversation and on
                                         the dialog with the code

Not a test itself: tests/startup/test_first_question.py starts it, once for each mode.
"""

from __future__ import annotations

import json
import runpy
import sys
from pathlib import Path
from typing import Any, TextIO

TURNS = 10_000  # the TUI's refreshes before giving up: the first question never came


def loaded() -> dict[str, list[str]]:
    """The modules loaded now, and the locales whose CLDR data Babel has read (if Babel is loaded at all)."""
    localedata = sys.modules.get("babel.localedata")
    return {"modules": sorted(sys.modules), "locale_data": sorted(getattr(localedata, "_cache", {}))}


class _Watched:
    """Standard input that notes what is loaded each time a line is read, that is, each time a question waits."""

    def __init__(self, stream: TextIO, seen: list[dict[str, list[str]]]) -> None:
        self.stream = stream
        self.seen = seen

    def readline(self) -> str:
        self.seen.append(loaded())
        return self.stream.readline()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def plain(out: Path) -> None:
    seen: list[dict[str, list[str]]] = []
    sys.stdin = _Watched(sys.stdin, seen)
    sys.argv = ["planner", "--plain"]
    try:
        runpy.run_module("planner", run_name="__main__", alter_sys=True)
    except SystemExit as end:
        if end.code:
            raise
    finally:
        out.write_text(json.dumps({"welcome": seen[0] if seen else None,
                                   "first_question": seen[1] if len(seen) > 1 else None}))


def tui(out: Path) -> None:
    from planner import cli
    from planner.ui import app as screens  # the command imports it before its first screen anyway

    seen: dict[str, Any] = {"welcome": None, "first_question": None}

    class Driven(screens.PlannerApp):
        """The app, headless, with a person's two presses of Enter."""

        pressed = 0
        turns = 0

        def run(self, *args: Any, **kwargs: Any) -> Any:
            kwargs["headless"] = True
            return super().run(*args, **kwargs)

        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self.next)

        def next(self) -> None:
            self.turns += 1
            screen = type(self.screen).__name__
            if self.turns > TURNS:
                self.exit()
                return
            if screen == "ConversationScreen" and getattr(self.screen, "view", None) is not None:
                seen["first_question"] = loaded()
                self.exit()
                return
            if screen == "WelcomeScreen" and self.pressed == 0 and self.screen.focused is not None:
                seen["welcome"] = loaded()
                self.pressed = 1
                self.simulate_key("enter")  # the first conversation in the list
            elif screen == "Message" and self.pressed == 1 and self.screen.focused is not None:
                self.pressed = 2
                self.simulate_key("enter")  # "Close", on the dialog with the code
            self.call_after_refresh(self.next)

    screens.PlannerApp = Driven  # type: ignore[misc]  # the command looks the class up only when it starts
    try:
        cli.main([])
    finally:
        out.write_text(json.dumps(seen))


if __name__ == "__main__":
    {"plain": plain, "tui": tui}[sys.argv[1]](Path(sys.argv[2]))
