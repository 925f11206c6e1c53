"""#13 point 3: a code locked after too many wrong tries is unlocked by staff, who get a new code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from planner.flows.loader import Content
from planner.store import SessionStore
from planner.store.opening import start
from tests.conftest import ROOT, environment


def planner(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", *args, "--data-dir", str(data)], cwd=ROOT,
                          env=environment(data), capture_output=True, text=True, timeout=60)


def test_a_locked_code_is_marked_in_the_list_and_unlock_gives_a_new_one(content: Content,
                                                                          private_data: Path) -> None:
    store = SessionStore.in_folder(private_data)
    opened = start(store, content, "carer-assessment", mode="kiosk")
    code, session_id = opened.code, opened.record.id
    opened.close()
    wrong = code[:5] + ("A" if code[5] != "A" else "C") + code[6:]
    for _try in range(5):
        store.open_by_code(wrong, place=f"kiosk {_try}")  # different places: no waits, only the code's count
    assert store.open_by_code(code, place="elsewhere").locked
    store.close()

    listed = planner(private_data, "sessions", "list")
    assert listed.returncode == 0 and "code locked" in listed.stdout

    unlocked = planner(private_data, "sessions", "unlock", session_id[:8])
    assert unlocked.returncode == 0, unlocked.stderr
    new = unlocked.stdout.split(" is ", 1)[1].split(".")[0]
    store = SessionStore.in_folder(private_data)
    try:
        assert store.open_by_code(new, place="kiosk").record is not None
        check = store.open_by_code(code, place="another kiosk")
        assert check.record is None
    finally:
        store.close()
    assert "code locked" not in planner(private_data, "sessions", "list").stdout
