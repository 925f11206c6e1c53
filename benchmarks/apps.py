"""Programs the benchmarks start, each in a fresh process: `python -m benchmarks.apps NAME [ARG ...]`.

Only the standard library is imported here at the top, so each program's own imports are what it costs.
The start-up programs print 'ready' once their first screen (for planner: the first question) is drawn;
the in-process ones print `elapsed SECONDS`, timed from just before they import what they need.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

NOT_LIBRARIES = ("planner", "benchmarks", "__main__", "__mp_main__")


def say(text: str) -> None:
    """A line on standard output, straight to the file (Textual may be holding sys.stdout)."""
    os.write(1, (text + "\n").encode())


def libraries(modules: Sequence[str]) -> list[str]:
    """The third-party modules among `modules`: not the standard library's, not planner's (nor its
    editable install's finder), not these benchmarks'."""
    found = []
    for name in modules:
        top = name.partition(".")[0]
        if (top in sys.stdlib_module_names or top in NOT_LIBRARIES or top.startswith("__editable__")
                or top.startswith("_sysconfigdata_")):  # the interpreter's own build settings
            continue
        found.append(name)
    return found


def top_level(modules: Sequence[str]) -> list[str]:
    return sorted({name.partition(".")[0] for name in modules})


# ----------------------------------------------------------------- start-up programs
def bare() -> None:
    """A Textual app showing one Label."""
    from textual.app import App, ComposeResult
    from textual.widgets import Label

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Label("Hello")

        def on_mount(self) -> None:
            self.call_after_refresh(self._announce)

        def _announce(self) -> None:
            cpu = time.process_time()
            say("ready")
            say(f"cpu {cpu}")
            self.exit()

    Bare().run(headless=True)


def libs(listing: str) -> None:
    """The bare app, after importing every third-party module the planner app had imported by its first
    question (the list `planner` printed), in the order it imported them."""
    missing = []
    for name in json.loads(Path(listing).read_text()):
        try:
            importlib.import_module(name)
        except Exception:  # a module made at run time under another's name, say: counted as missing
            missing.append(name)
    if missing:
        say("missing " + json.dumps(missing))
    bare()


def planner() -> None:
    """The real `planner` command (planner.cli.main), headless, driven from the welcome screen to the first
    question by the keys a person would press: Enter on the first conversation, Enter to close the dialog with
    the code. Nothing is imported for it before the command imports it: the app class is wrapped as its module
    is first imported by the command itself."""
    sys.meta_path.insert(0, _WrapWhenImported("planner.ui.app", drive))
    from planner.cli import main

    sys.exit(main([]))


class _WrapWhenImported(importlib.abc.MetaPathFinder):
    """Runs `then(module)` just after the module `name` is first imported, by whoever imports it."""

    def __init__(self, name: str, then: Callable[[ModuleType], None]) -> None:
        self.name = name
        self.then = then

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None) -> Any:
        if fullname != self.name:
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        loader = spec.loader
        original = loader.exec_module
        then = self.then

        def exec_module(module: ModuleType) -> None:
            original(module)
            then(module)

        loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


def drive(module: Any) -> None:
    """Replace `module.PlannerApp` by the driven app (`driven`) that prints the third-party modules imported so far
    and 'ready' once the first question is drawn, and ends."""

    def announce(app: Any) -> None:
        cpu, modules = time.process_time(), list(sys.modules)  # as they are with the first question drawn
        say("ready")
        say(f"cpu {cpu}")
        say("modules " + json.dumps(libraries(modules)))
        app.exit()

    module.PlannerApp = driven(module.PlannerApp, first_question=announce)


def driven(base: Any, *, first_question: Callable[[Any], None],
           welcome: Callable[[Any], None] = lambda app: None) -> Any:
    """A subclass of the planner app `base` that runs headless and presses Enter twice, as a person would: on the
    first conversation of the welcome screen (calling `welcome(app)` just before), and on the dialog with the code.
    `first_question(app)` is called once the first question is drawn; it ends the app."""

    class Driven(base):  # type: ignore[misc, valid-type]
        """The planner app, run headless, with a person's two presses of Enter."""

        _pressed = 0
        _turns = 0

        def run(self, *args: Any, **kwargs: Any) -> Any:
            kwargs["headless"] = True
            return super().run(*args, **kwargs)

        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self._next)

        def _next(self) -> None:
            self._turns += 1
            if self._turns > 100_000:
                raise RuntimeError(f"the first question never came (screen: {type(self.screen).__name__})")
            screen = type(self.screen).__name__
            if screen == "ConversationScreen" and getattr(self.screen, "view", None) is not None:
                self.call_after_refresh(first_question, self)
                return
            if screen == "WelcomeScreen" and self._pressed == 0 and self.screen.focused is not None:
                welcome(self)
                self._pressed = 1
                self.simulate_key("enter")  # the first conversation in the list
            elif screen == "Message" and self._pressed == 1 and self.screen.focused is not None:
                self._pressed = 2
                self.simulate_key("enter")  # "Close", on the dialog with the code
            self.call_after_refresh(self._next)

    return Driven


# ----------------------------------------------------------------- in-process programs
def check_content() -> None:
    """Load and check (with lint) the built-in content, as `planner check` does, timed from its import."""
    start = time.perf_counter()
    from planner.check import check_paths
    from planner.paths import BUILTIN_CONTENT

    results = check_paths([BUILTIN_CONTENT])
    elapsed = time.perf_counter() - start
    say(f"problems {sum(len(content.problems) for content in results)}")
    say(f"elapsed {elapsed}")


def yaml_load(root: str) -> None:
    """`yaml.safe_load` of every YAML file under `root`, timed from the import of yaml."""
    start = time.perf_counter()
    import yaml

    files = sorted(Path(root).rglob("*.yaml"))
    for path in files:
        yaml.safe_load(path.read_text(encoding="utf-8"))
    elapsed = time.perf_counter() - start
    say(f"files {len(files)}")
    say(f"elapsed {elapsed}")


def load_form(root: str) -> None:
    """Load and validate a content folder, in-process: timed from after the import, so the first call."""
    from planner.flows.loader import load_content

    start = time.perf_counter()
    content = load_content(Path(root))
    elapsed = time.perf_counter() - start
    if not content.ok:
        raise SystemExit(f"the synthetic content has mistakes: {content.problems[:3]}")
    say(f"elapsed {elapsed}")


def xlsform(path: str) -> None:
    """pyxform's convert() of an XLSForm, in-process: timed from after the import, so the first call."""
    from pyxform.xls2xform import convert

    start = time.perf_counter()
    convert(xlsform=path)
    elapsed = time.perf_counter() - start
    say(f"elapsed {elapsed}")


def convert_process(path: str) -> None:
    """pyxform's convert() of an XLSForm, as a whole program (the harness times the process)."""
    from pyxform.xls2xform import convert

    convert(xlsform=path)


PROGRAMS: dict[str, Callable[..., None]] = {
    "bare": bare, "libs": libs, "planner": planner, "check-content": check_content, "yaml-load": yaml_load,
    "load-form": load_form, "xlsform": xlsform, "convert": convert_process,
}

if __name__ == "__main__":
    PROGRAMS[sys.argv[1]](*sys.argv[2:])
