"""#13 points 2, 3 and 4 at a kiosk's screens: nothing of a person is left, only a code opens, no fall to a shell.

The real app (Pilot) on a real SQLite store, with a clock the test moves; the fault test runs
`planner --kiosk` itself in a real pseudo-terminal.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

import pexpect
import pytest
from textual.widget import Widget
from textual.widgets import Input, Static

from planner.flows.loader import Content
from planner.store import SessionStore
from planner.ui.app import PlannerApp
from planner.ui.dialogs import StillThere
from planner.ui.finish import FinishScreen
from planner.ui.welcome import WelcomeScreen

from tests.conftest import FIXTURES, ROOT, environment
from tests.security.conftest import kiosk
from tests.ui.conftest import Clock
from tests.ui import screens

SECRET = "Secret Sue"


def everything_shown(app: PlannerApp) -> str:
    """Every word in every widget and every box on every screen in the stack."""
    found = []
    for screen in app.screen_stack:
        for widget in screen.walk_children(Widget):
            if isinstance(widget, Static):
                found.append(str(widget.render()))
            elif isinstance(widget, Input):
                found.append(widget.value)
            label = getattr(widget, "label", None)
            if label is not None and not callable(label):
                found.append(str(label))
    return "\n".join(found)


async def idle_out(pilot: Any, app: PlannerApp, clock: Clock) -> None:
    """Nobody touches the kiosk: the warning comes, then the reset."""
    for _ in range(60):
        clock.now += 1
        app.tick()
    await pilot.pause()
    assert isinstance(app.screen, StillThere), app.screen
    for _ in range(21):
        clock.now += 1
        app.tick()
    await pilot.pause()


def at_rest(app: PlannerApp) -> bool:
    return isinstance(app.screen, WelcomeScreen) and len(app.screen_stack) == 2 and app.opened is None


# What these tests check is what is left on screen and in the store, not the keys: they answer through
# each screen's own controls (the keys are tested in tests/ui).
start = screens.start
answer = screens.give
press_button = screens.press


async def leave_in_code_box(pilot: Any, code: str) -> None:
    """Words left in the welcome screen's code box, which then has the focus (typing is tested in tests/ui)."""
    box = pilot.app.screen.query_one("#code", Input)
    box.focus()
    box.value = code
    await pilot.pause()


@pytest.mark.parametrize("where", ["code dialog", "save and stop", "finish"])
async def test_every_screen_times_out_to_a_clean_start(store: SessionStore, kinds: Content, clock: Clock,
                                                        where: str) -> None:
    app = kiosk(kinds, store, clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, "kinds", close_code=where != "code dialog")
        opened = app.opened
        assert opened is not None
        if where != "code dialog":
            for raw in (None, "black", ["mon"], "yes", SECRET):
                await answer(pilot, raw)
            await press_button(pilot, "stop" if where == "save and stop" else "check")
            if where == "finish":
                await press_button(pilot, "finish")
            assert isinstance(app.screen, FinishScreen)
        assert opened.code in everything_shown(app)
        await idle_out(pilot, app, clock)
        assert at_rest(app)
        shown = everything_shown(app)
        assert opened.code not in shown and SECRET not in shown
        assert opened.code.replace("-", "") not in shown


async def test_a_code_typed_but_not_sent_is_gone_after_reset(store: SessionStore, content: Content,
                                                            clock: Clock) -> None:
    app = kiosk(content, store, clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await leave_in_code_box(pilot, "ZZ7Q-W3RT")
        assert app.screen.query_one("#code", Input).value == "ZZ7Q-W3RT"
        await idle_out(pilot, app, clock)
        assert at_rest(app) and app.screen.query_one("#code", Input).value == ""
        assert "ZZ7Q" not in everything_shown(app)


async def test_a_dialog_with_something_typed_is_cleared_too(store: SessionStore, content: Content,
                                                           clock: Clock) -> None:
    app = kiosk(content, store, clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, "carer-assessment")
        await answer(pilot, SECRET)
        await press_button(pilot, "why") if not app.screen.query_one("#why").disabled else None
        await idle_out(pilot, app, clock)
        assert at_rest(app) and SECRET not in everything_shown(app)


async def test_only_the_code_opens_a_kiosk_session(store: SessionStore, content: Content, clock: Clock) -> None:
    """Never an id or the first characters of one (shown nowhere at a kiosk either)."""
    app = kiosk(content, store, clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, "carer-assessment")
        opened = app.opened
        assert opened is not None
        record = opened.record
        assert record.id not in everything_shown(app) and record.short_id not in everything_shown(app)
        await press_button(pilot, "stop")
        assert record.short_id not in everything_shown(app)
        await press_button(pilot, "done")
        for typed in (record.id, record.short_id, record.id[:12], record.id.upper()):
            clock.now += 61  # no wait in the way: the id itself is refused
            assert app.resume_code(typed) is not None and app.opened is None, typed
        clock.now += 61
        assert app.resume_code(opened.code) is None and app.opened is not None
        await pilot.pause()


async def test_waits_are_said_exactly_and_survive_a_restart(store: SessionStore, content: Content,
                                                            clock: Clock) -> None:
    app = kiosk(content, store, clock)
    async with app.run_test(size=(80, 30)) as pilot:
        for _ in range(2):
            await leave_in_code_box(pilot, "AAAA-BBBB-CCCC")
            await pilot.press("enter")
            await pilot.pause()
        problem = str(app.screen.query_one("#code-problem", Static).render())
        assert problem == "Problem: Please check your code. Please wait 5 seconds, then try again."
        assert app.screen.query_one("#code", Input).value == ""  # the code typed is not left in the box
    clock.now += 1
    again = kiosk(content, store, clock)  # a restart (or a crash) does not forget the wait
    async with again.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        assert again.resume_code("AAAA-BBBB-CCCC") == "Please check your code. Please wait 4 seconds, then try again."
        # Waiting never stops the next person starting a new conversation.
        await start(pilot, "carer-assessment")
        assert again.opened is not None


async def test_a_code_tried_too_often_is_locked_plainly(store: SessionStore, content: Content, clock: Clock) -> None:
    app = kiosk(content, store, clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, "carer-assessment")
        code = app.opened.code  # type: ignore[union-attr]
        await press_button(pilot, "stop")
        await press_button(pilot, "done")
        wrong = code[:-1] + ("A" if code[-1] != "A" else "C")  # both in the codes' alphabet (it has no B)
        said = []
        for _ in range(5):
            clock.now += 61
            said.append(app.resume_code(wrong))
        assert said[-1] == ("That code has been tried too many times, so it is locked to keep it safe. Please ask a "
                            "member of staff to help.")
        clock.now += 61
        assert app.resume_code(code) is not None and app.opened is None  # locked, even to the right code


async def test_a_kiosk_prints_through_lp_and_keeps_no_file(store: SessionStore, content: Content, clock: Clock,
                                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF goes to the printer on its standard input; no file is written anywhere."""
    bin_dir, printed = tmp_path / "bin", tmp_path / "printed.pdf"
    bin_dir.mkdir()
    lp = bin_dir / "lp"
    lp.write_text(f"#!/bin/sh\nif [ $# -ne 0 ]; then exit 9; fi\ncat > '{printed}'\n")
    lp.chmod(lp.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    app = kiosk(content, store, clock)
    before = set((tmp_path / "data").rglob("*"))
    async with app.run_test(size=(80, 30)) as pilot:
        await start(pilot, "budget-check")
        await answer(pilot, SECRET)
        await press_button(pilot, "check")
        await press_button(pilot, "finish")
        assert isinstance(app.screen, FinishScreen) and not app.screen.query("#folder")  # no saving at a kiosk
        await press_button(pilot, "print")
        assert "Sent to the printer." in everything_shown(app)
    assert printed.read_bytes().startswith(b"%PDF")
    after = {p for p in (tmp_path / "data").rglob("*") if not p.name.endswith(("-wal", "-shm", ".lock"))}
    assert not {p for p in after - before if p.is_file() and p.suffix in (".pdf", ".txt", ".json", ".html", ".md")}
    assert not (tmp_path / "data" / "outputs").exists()
    for path in (tmp_path / "data").rglob("*"):  # a search of the whole data folder finds nothing they said
        if path.is_file():
            data = path.read_bytes()
            assert SECRET.encode() not in data and SECRET.encode("utf-16-le") not in data, path


async def test_elsewhere_the_plan_is_saved_only_when_asked(tmp_path: Path, kinds: Content, clock: Clock) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    app = PlannerApp(kinds, store, mode="planner", clock=clock)
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await start(pilot, "kinds")
            for raw in (None, "black", ["mon"], "yes", SECRET):
                await answer(pilot, raw)
            await press_button(pilot, "check")
            await press_button(pilot, "finish")
            screen = app.screen
            assert isinstance(screen, FinishScreen)
            box = screen.query_one("#folder", Input)
            assert "Documents/planner/" in box.value and box.value.endswith("-kinds")
            full = tmp_path / "full"
            full.mkdir()
            (full / "someone-else.txt").write_text("another person's plan")
            box.value = str(full)
            await press_button(pilot, "save")
            refused = str(screen.query_one("#save-result", Static).render())
            assert "already has files" in refused and "--force" not in refused  # no flags on a screen
            assert "Traceback" not in refused and sorted(p.name for p in full.iterdir()) == ["someone-else.txt"]
            box.value = str(tmp_path / "plan")
            await press_button(pilot, "save")
            assert "Saved" in str(screen.query_one("#save-result", Static).render())
            assert SECRET in (tmp_path / "plan" / "answers.json").read_text()
    finally:
        store.close()
    assert not (tmp_path / "data" / "outputs").exists()


FAULTY_KIOSK = """
import sys
from planner.ui import conversation
def broken(self):
    raise RuntimeError("a fault of ours, with an answer in it: Secret Sue")
conversation.ConversationScreen.refresh_step = broken
from planner.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_a_fault_at_a_kiosk_comes_back_to_the_welcome_screen(tmp_path: Path) -> None:
    """A real `planner --kiosk` in a pseudo-terminal: a fault in a screen, then the welcome screen again."""
    child = pexpect.spawn(sys.executable, ["-c", FAULTY_KIOSK, "--kiosk", "--content", str(FIXTURES / "visit-v1"),
                                           "--data-dir", str(tmp_path / "data")],
                          env={**environment(tmp_path / "data"), "TERM": "xterm-256color"}, cwd=str(ROOT),
                          dimensions=(24, 80), timeout=30)
    try:
        child.expect("Hello. I am here")
        child.send("\r")  # the first conversation's button has the focus: start it, and the screen fails
        child.expect("Hello. I am here")  # a fresh kiosk, at its welcome screen
        seen = child.before.decode("utf-8", "replace")
        assert child.isalive()
        assert "Traceback" not in seen and "Secret Sue" not in seen and "RuntimeError" not in seen
    finally:
        child.terminate(force=True)
    started = time.monotonic()
    while child.isalive() and time.monotonic() - started < 5:
        time.sleep(0.1)


def test_elsewhere_a_fault_exits_non_zero_in_one_plain_line(tmp_path: Path) -> None:
    """Not a kiosk: the same fault ends planner with a non-zero code and a plain line, no traceback, no answer."""
    child = pexpect.spawn(sys.executable, ["-c", FAULTY_KIOSK, "--content", str(FIXTURES / "visit-v1"),
                                           "--data-dir", str(tmp_path / "data")],
                          env={**environment(tmp_path / "data"), "TERM": "xterm-256color"}, cwd=str(ROOT),
                          dimensions=(24, 80), timeout=30)
    child.expect("Hello. I am here")
    child.send("\r")
    child.expect(pexpect.EOF)
    child.close()
    said = child.before.decode("utf-8", "replace")
    assert child.exitstatus not in (0, None)
    assert "something went wrong inside planner" in said
    assert "Traceback" not in said and "Secret Sue" not in said
