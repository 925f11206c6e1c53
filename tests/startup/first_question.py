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
    from benchmarks.apps import driven
    from planner import cli
    from planner.ui import app as screens  # the command imports it before its first screen anyway

    seen: dict[str, Any] = {"welcome": None, "first_question": None}

    def first_question(app: Any) -> None:
        seen["first_question"] = loaded()
        app.exit()

    # the command looks the class up only when it starts
    screens.PlannerApp = driven(screens.PlannerApp, welcome=lambda app: seen.__setitem__("welcome", loaded()),
                                first_question=first_question)
    try:
        cli.main([])
    finally:
        out.write_text(json.dumps(seen))


if __name__ == "__main__":
    {"plain": plain, "tui": tui}[sys.argv[1]](Path(sys.argv[2]))
