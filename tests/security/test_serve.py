"""#13 point 8: `planner serve` listens on 127.0.0.1, lets in only its own pages, a few at a time, and never idles.

The real server runs in a subprocess on a free loopback port; aiohttp's client (installed with
textual-serve) plays the browser and the hostile web page.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import ROOT, TEST_KEY, environment


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def listening(address: str, port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(2)
        return probe.connect_ex((address, port)) == 0


def children(pid: int) -> list[int]:
    """Processes whose parent is `pid` (the kiosks the server started)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry))
    return found


def wait_until(check: Callable[[], bool], seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.1)
    return check()


class Served:
    def __init__(self, process: subprocess.Popen[str], port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log
        self.url = f"http://127.0.0.1:{port}"

    @property
    def output(self) -> str:
        return self.log.read_text()

    def kiosks(self) -> list[int]:
        return children(self.process.pid)


def start(tmp: Path, *extra: str) -> Served:
    port = free_port()
    log = tmp / "serve.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "planner", "serve", "--port", str(port),
                                    "--data-dir", str(tmp / "data"), *extra],
                                   cwd=ROOT, env={**environment(tmp / "data"), "PLANNER_KEY": TEST_KEY},
                                   stdout=out, stderr=subprocess.STDOUT,
                                   text=True)
    served = Served(process, port, log)
    if not wait_until(lambda: listening("127.0.0.1", port) or process.poll() is not None, 30):
        process.kill()
        raise AssertionError(f"nothing is listening on port {port}: {served.output}")
    return served


def stop(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait(timeout=5)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One server, one person at a time, closing a quiet browser after 6 seconds."""
    server = start(tmp_path_factory.mktemp("serve"), "--max-sessions", "1", "--idle-minutes", "0.1")
    try:
        yield server
    finally:
        stop(server)
    assert server.kiosks() == []


async def handshake_status(served: Served, headers: dict[str, str]) -> int:
    """The status a websocket handshake gets (101 when let in); the socket is closed straight away."""
    async with aiohttp.ClientSession() as http:
        try:
            async with http.ws_connect(f"ws://127.0.0.1:{served.port}/ws?width=80&height=24", headers=headers,
                                       timeout=aiohttp.ClientWSTimeout(ws_close=5)):
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status


def test_it_listens_on_127_0_0_1_only_and_says_so_without_a_warning(served: Served) -> None:
    assert listening("127.0.0.1", served.port)
    assert not listening("127.0.0.2", served.port)  # another address of this computer: not listening there
    assert f"http://127.0.0.1:{served.port}" in served.output
    assert "Warning" not in served.output


@pytest.mark.parametrize("headers", [
    {},  # no Origin at all
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://127.0.0.1:1"},  # another port on this computer
    {"Origin": "https://127.0.0.1:{port}"},
    {"Origin": "http://localhost:{port}"},  # a different name from the one the browser connected to
    {"Origin": "http://evil.example:{port}", "Host": "evil.example:{port}"},  # a name pointed at this computer
], ids=["none", "foreign", "null", "other-port", "https", "other-name", "rebound-name"])
def test_a_websocket_from_another_page_is_refused_before_any_kiosk_starts(served: Served,
                                                                          headers: dict[str, str]) -> None:
    headers = {name: value.format(port=served.port) for name, value in headers.items()}
    assert asyncio.run(handshake_status(served, headers)) == 403
    assert served.kiosks() == []
    assert "Refused a connection" in served.output


def test_a_page_served_to_another_name_is_refused(served: Served) -> None:
    async def page() -> int:
        async with (aiohttp.ClientSession() as http,
                    http.get(served.url + "/", headers={"Host": f"evil.example:{served.port}"}) as response):
            return response.status
    assert asyncio.run(page()) == 403


def test_its_own_page_is_let_in_up_to_the_cap_then_busy_and_the_kiosk_ends_with_the_socket(served: Served) -> None:
    async def scenario() -> None:
        origin = {"Origin": served.url}
        async with aiohttp.ClientSession() as http:
            async with http.get(served.url + "/") as page:
                assert page.status == 200
                assert f"ws://127.0.0.1:{served.port}/ws" in await page.text()
            async with http.ws_connect(f"ws://127.0.0.1:{served.port}/ws?width=80&height=24", headers=origin) as ws:
                first = await ws.receive(timeout=60)  # the kiosk drew its first screen
                assert first.type == aiohttp.WSMsgType.BINARY, first
                assert len(served.kiosks()) == 1
                # The cap is 1: the next person is told plainly, and nothing more is started.
                assert await handshake_status(served, origin) == 503
                async with http.get(served.url + "/") as busy:
                    assert busy.status == 503
                    text = await busy.text()
                    assert "This kiosk is busy" in text and '<html lang="en">' in text and "<h1>" in text
                    assert "http" not in text.replace(served.url, "")  # nothing fetched from elsewhere
                assert len(served.kiosks()) == 1

    asyncio.run(scenario())
    assert wait_until(lambda: served.kiosks() == [], 15), served.kiosks()  # the kiosk ended with its socket


def test_a_quiet_browser_is_closed_and_its_kiosk_ended(served: Served) -> None:
    async def scenario() -> list[aiohttp.WSMsgType]:
        async with (aiohttp.ClientSession() as http,
                    http.ws_connect(f"ws://127.0.0.1:{served.port}/ws", headers={"Origin": served.url},
                                    heartbeat=None) as ws):
            seen = []
            while True:  # bounded: the server closes after 6 s of nothing, the timeout is far above it
                message = await ws.receive(timeout=60)
                seen.append(message.type)
                if message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
                    return seen
    seen = asyncio.run(scenario())
    # The kiosk was let in and drew its screen; then, with nothing sent to it, the server closed it.
    assert seen[0] == aiohttp.WSMsgType.BINARY and seen[-1] != aiohttp.WSMsgType.BINARY, seen
    assert wait_until(lambda: served.kiosks() == [], 15), served.kiosks()


def test_another_host_warns_that_other_computers_can_reach_it(tmp_path: Path) -> None:
    # The port is held here first, so the server prints its warning and then cannot listen:
    # nothing is ever reachable from outside during the test.
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "planner", "serve", "--host", "0.0.0.0", "--port", str(port),
                                 "--data-dir", str(tmp_path / "data")], cwd=ROOT, env=environment(tmp_path / "data"),
                                capture_output=True, text=True, timeout=60)
    assert "Warning: --host 0.0.0.0 means every network this computer is on" in result.stderr
    assert "Any computer that can reach this one can open the kiosk" in result.stderr
    assert result.returncode == 1
    assert "Another program may be using that port" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_the_defaults_are_loopback_two_sessions_and_a_few_idle_minutes() -> None:
    from planner.cli import build_parser
    from planner.ui.serve.server import exposure_warning

    args = build_parser().parse_args(["serve"])
    assert (args.host, args.max_sessions) == ("127.0.0.1", 2)
    assert 150 / 60 < args.idle_minutes <= 10  # longer than the kiosk's own 2.5 minutes
    assert exposure_warning("127.0.0.1", 8000) is None and exposure_warning("localhost", 8000) is None
    assert "other computers can open the kiosk at http://192.168.1.5:8000" in (exposure_warning("192.168.1.5", 8000)
                                                                                or "")


def test_with_a_passphrase_the_key_is_handed_to_each_kiosk(tmp_path: Path) -> None:
    """A kiosk has no terminal to ask at: serve unwraps the key once and each kiosk opens the store with it."""
    port = free_port()
    log = tmp_path / "serve.log"
    env = {k: v for k, v in environment(tmp_path / "data").items() if k != "PLANNER_KEY"}
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "planner", "serve", "--port", str(port),
                                    "--data-dir", str(tmp_path / "data")], cwd=ROOT, stdin=subprocess.DEVNULL,
                                   env={**env, "PLANNER_PASSPHRASE": "a long passphrase"}, stdout=out,
                                   stderr=subprocess.STDOUT, text=True)
    served = Served(process, port, log)
    try:
        assert wait_until(lambda: listening("127.0.0.1", port) or process.poll() is not None, 30), served.output
        assert b"planner-key" in (tmp_path / "data" / "key").read_bytes()  # made here, wrapped, once

        async def scenario() -> None:
            async with (aiohttp.ClientSession() as http,
                        http.ws_connect(f"ws://127.0.0.1:{port}/ws?width=80&height=24",
                                        headers={"Origin": served.url}) as ws):
                drawn = b""
                end = time.monotonic() + 60
                while b"sessions.db" not in b"".join(p.name.encode() for p in (tmp_path / "data").iterdir()):
                    message = await ws.receive(timeout=max(1.0, end - time.monotonic()))
                    assert message.type == aiohttp.WSMsgType.BINARY, (message, served.output)
                    drawn += message.data
                assert served.kiosks(), served.output  # the kiosk opened the store and is still running

        asyncio.run(scenario())
    finally:
        stop(served)
