"""A real headless Chromium, driven through the DevTools protocol (aiohttp comes with textual-serve)."""

from __future__ import annotations

import asyncio
import base64
import shutil
import socket
import subprocess
import tempfile
from typing import Any
from collections.abc import Callable

import aiohttp


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def visit(url: str, done: Callable[[], bool], timeout: float = 30) -> tuple[bytes, list[str]]:
    """Open the page; wait until `done()`; return a screenshot and every URL the page asked for."""
    port = free_port()
    profile = tempfile.mkdtemp()
    browser = subprocess.Popen([chromium() or "chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                                f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
                                "--window-size=1000,700", "about:blank"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    requested: list[str] = []
    try:
        async with aiohttp.ClientSession() as http:
            targets = await _targets(http, port)
            page = next(t for t in targets if t["type"] == "page")
            async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                calls = _Caller(ws, requested)
                await calls("Network.enable")
                await calls("Page.navigate", url=url)
                for _ in range(int(timeout * 10)):
                    if done():
                        break
                    await calls.drain(0.1)
                await calls.drain(2)  # let the first screen arrive
                shot = await calls("Page.captureScreenshot", format="png")
                return base64.b64decode(shot["data"]), requested
    finally:
        browser.kill()
        browser.wait()
        shutil.rmtree(profile, ignore_errors=True)


async def _targets(http: aiohttp.ClientSession, port: int) -> list[dict[str, Any]]:
    for _ in range(200):
        try:
            async with http.get(f"http://127.0.0.1:{port}/json") as response:
                return list(await response.json())
        except aiohttp.ClientError:
            await asyncio.sleep(0.1)
    raise AssertionError("Chromium did not start")


class _Caller:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse, requested: list[str]) -> None:
        self.ws, self.requested, self.number = ws, requested, 0

    async def __call__(self, method: str, **params: Any) -> dict[str, Any]:
        self.number += 1
        await self.ws.send_json({"id": self.number, "method": method, "params": params})
        while True:
            message = await self.ws.receive_json()
            self._note(message)
            if message.get("id") == self.number:
                return dict(message.get("result", {}))

    async def drain(self, seconds: float) -> None:
        try:
            while True:
                self._note(await asyncio.wait_for(self.ws.receive_json(), seconds))
        except TimeoutError:
            return

    def _note(self, message: dict[str, Any]) -> None:
        if message.get("method") in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            params = message["params"]
            self.requested.append(params.get("request", {}).get("url") or params.get("url", ""))
