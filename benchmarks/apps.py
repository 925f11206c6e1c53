"""Programs the start-up benchmarks time: a bare Textual app, and the planner app, both headless.

Each prints 'ready' once its first screen (for the planner: the first question) is drawn.
"""

from __future__ import annotations

import sys
from pathlib import Path


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Hello")

        def on_mount(self) -> None:
            self.call_after_refresh(self._announce)

        def _announce(self) -> None:
            print("ready", flush=True)
            self.exit()

    Bare().run(headless=True)


def planner(data: str) -> None:
    from planner.flows.loader import load_content
    from planner.paths import BUILTIN_CONTENT
    from planner.store import SessionStore
    from planner.ui.app import PlannerApp
    from planner.ui.conversation import ConversationScreen

    class Timed(PlannerApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self._start)

        def _start(self) -> None:
            self.start_flow("carer-assessment")
            self.pop_screen()  # the dialog with the code
            self.call_after_refresh(self._announce)

        def _announce(self) -> None:
            assert isinstance(self.screen, ConversationScreen)
            print("ready", flush=True)
            self.exit()

    Timed(load_content(BUILTIN_CONTENT), SessionStore.in_folder(Path(data))).run(headless=True)


def baseline_imports() -> None:
    import cryptography.hazmat.primitives.ciphers.aead  # noqa: F401
    import jinja2  # noqa: F401
    import platformdirs  # noqa: F401
    import pydantic  # noqa: F401
    import yaml  # noqa: F401

    print("Type a number: ", flush=True)


if __name__ == "__main__":
    {"bare": bare, "planner": lambda: planner(sys.argv[2]), "imports": baseline_imports}[sys.argv[1]]()
