"""`planner serve`: a real headless Chromium loads the kiosk, and nothing is fetched from the internet."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, environment

from .browser import chromium, free_port, visit

pytestmark = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (apt-get install chromium)")


def wait_for_port(port: int, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing is listening on port {port}")


async def test_the_browser_kiosk_loads(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    server = subprocess.Popen([sys.executable, "-m", "planner", "serve", "--port", str(port), "--data-dir", str(data)],
                              cwd=ROOT, env=environment(data), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
    try:
        wait_for_port(port)
        shot, requested = await visit(f"http://localhost:{port}/", lambda: (data / "sessions.db").exists())
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert (data / "sessions.db").exists(), output  # the kiosk app started for this browser
    assert "GET /ws?" in output
    assert len(shot) > 10_000  # a real picture, not a blank page
    outside = [url for url in requested if not url.startswith((f"http://localhost:{port}", f"ws://localhost:{port}",
                                                                "data:"))]
    assert outside == [], outside
