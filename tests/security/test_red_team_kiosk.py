"""#13, tried as a hostile member of the public at a kiosk: tricks the issue did not list.

The real app (Pilot) on a real SQLite store, with a clock the test moves.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from pathlib import Path
from typing import Any

import aiohttp
from textual.widgets import Input, Static

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.store import SessionStore
from planner.store.opening import start as start_session
from planner.ui.review import ReviewScreen
from tests.security.conftest import kiosk
from tests.security.test_serve import start as serve_start
from tests.security.test_serve import stop as serve_stop
from tests.security.test_serve import wait_until
from tests.ui.conftest import Clock
from tests.ui import screens
from tests.ui.keyboard import type_text


async def test_the_next_person_cannot_paste_what_the_last_one_copied(store: SessionStore, content: Content,
                                                                     clock: Clock) -> None:
    """A code copied (Ctrl+C) in the code box is not left in the kiosk's clipboard for Ctrl+V."""
    app = kiosk(content, store, clock)
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        driver: Any = app._driver
        written: list[str] = []
        send = driver.write

        def write(data: str) -> None:
            written.append(data)
            send(data)

        driver.write = write
        # Reaching the code box is not the point here: the screens' own controls take the test there, and the
        # copy and paste are the keys a person presses.
        await screens.start(pilot, "carer-assessment")
        code = app.opened.code  # type: ignore[union-attr]
        await screens.press(pilot, "stop")
        await screens.press(pilot, "done")
        # The first person comes back, types the code, copies it, and opens the conversation.
        box = app.screen.query_one("#code", Input)
        box.focus()
        await pilot.pause()
        await type_text(pilot, code)
        await pilot.press("shift+home", "ctrl+c", "enter")
        await pilot.pause()
        assert app.opened is not None
        await screens.press(pilot, "stop")
        await screens.press(pilot, "done")
        assert app.opened is None
        # The next person pastes into the code box.
        app.screen.query_one("#code", Input).focus()
        await pilot.pause()
        await pilot.press("ctrl+v")
        await pilot.pause()
        assert app.screen.query_one("#code", Input).value == ""
        assert code not in app.clipboard
        assert not any("\x1b]52" in data for data in written)  # nor in the terminal's own clipboard


async def _answer_sensitively(pilot: Any) -> None:
    """Start a carer's assessment at the kiosk, give a name, then a sensitive answer ("No, not right now")."""
    await screens.start(pilot, "carer-assessment")
    await screens.give(pilot, "Sam")
    await screens.give(pilot, "no")


async def test_check_my_answers_at_a_kiosk_does_not_show_a_sensitive_answer(store: SessionStore, content: Content,
                                                                             clock: Clock) -> None:
    """The conversation hides a sensitive answer at a kiosk; "Check my answers" must not show it either."""
    app = kiosk(content, store, clock)
    async with app.run_test(size=(80, 40)) as pilot:
        await _answer_sensitively(pilot)
        await screens.press(pilot, "check")
        assert isinstance(app.screen, ReviewScreen)
        words = "\n".join(str(s.render()) for s in app.screen.query(".review-words").results(Static))
        assert "Sam" in words  # an ordinary answer is still shown
        assert "No, not right now" not in words
        assert "It is not shown here, to keep it private." in words


async def test_going_back_at_a_kiosk_does_not_show_a_sensitive_answer(store: SessionStore, content: Content,
                                                                      clock: Clock) -> None:
    """Back to a sensitive question: the "Answered before" line does not read the answer out either."""
    app = kiosk(content, store, clock)
    async with app.run_test(size=(80, 40)) as pilot:
        await _answer_sensitively(pilot)
        await screens.press(pilot, "back")
        given = str(app.screen.query_one("#given", Static).render())
        assert "No, not right now" not in given
        assert "It is not shown here, to keep it private." in given


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def test_a_browser_asking_for_a_huge_screen_cannot_blow_up_its_kiosk(tmp_path: Path) -> None:
    """One resize message for 9,999 x 9,999 cells once grew a kiosk past a gigabyte in seconds."""
    served = serve_start(tmp_path)
    try:
        async def huge() -> float:
            async with aiohttp.ClientSession() as client, client.ws_connect(
                    f"{served.url}/ws?width=9999&height=9999", headers={"Origin": served.url}) as socket:
                assert wait_until(lambda: bool(served.kiosks()), 10)
                drawn = await socket.receive(timeout=60)  # the kiosk is up and drew its first screen
                assert drawn.type == aiohttp.WSMsgType.BINARY, drawn
                await socket.send_str(json.dumps(["resize", {"width": 9999, "height": 9999}]))
                most = 0.0
                for _ in range(12):
                    await asyncio.sleep(0.5)
                    for pid in served.kiosks():
                        with contextlib.suppress(OSError):
                            most = max(most, _rss_mb(pid))
                return most

        assert asyncio.run(huge()) < 300
    finally:
        serve_stop(served)


async def test_a_code_that_cannot_be_opened_never_shows_an_id_at_a_kiosk(store: SessionStore, content: Content,
                                                                         kinds: Content, clock: Clock) -> None:
    """A right code whose conversation cannot be opened says so plainly, without the session's id or a command."""
    made = start_session(store, kinds, "kinds", participants=[Participant("person", "person")], mode="kiosk")
    made.close()
    app = kiosk(content, store, clock)  # this kiosk's content no longer has that conversation
    async with app.run_test(size=(80, 30)) as pilot:
        box = app.screen.query_one("#code", Input)
        box.focus()
        box.value = made.code  # how it got there is not the point (typing is tested in tests/ui)
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        problem = str(app.screen.query_one("#code-problem", Static).render())
        assert app.opened is None and problem
        assert made.record.short_id not in problem and "planner sessions" not in problem
        assert problem == "Problem: Sorry, that conversation cannot be opened here. Please ask someone to help you."
