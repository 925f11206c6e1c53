"""Faults of the data folder (#13, point 9): each has its own plain message and exit code, nothing is
called damaged unless it is, nothing hangs on a FIFO or a device, and no key is made for a store.

Tests run as root, which ignores permission bits, so "read-only" is made the way root feels it too:
the immutable flag (chattr +i) for a file or folder, and a read-only bind mount for a file system."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path
from collections.abc import Iterator

import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.store import SessionStore, StoreError, faults
from planner.store.opening import start
from tests.conftest import PLANNER, ROOT, environment


def fill(folder: Path, content: Content) -> None:
    store = SessionStore.in_folder(folder)
    opened = start(store, content, "visit", participants=[Participant("ann", "person", "Ann")])
    opened.session.answer("Ann Smith-Jones")
    opened.close()
    store.close()


def planner(data: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PLANNER, "sessions", "list", "--data-dir", str(data), *args],
                          env=env or environment(data), cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=30)


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot make a file read-only for root here (chattr: {made.stderr.strip()})")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@contextlib.contextmanager
def mounted(*command: str, at: Path) -> Iterator[None]:
    made = subprocess.run(["mount", *command, str(at)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount here ({made.stderr.strip()})")
    try:
        yield
    finally:
        subprocess.run(["umount", str(at)], check=True)


def assert_said(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    assert words in result.stderr, result.stderr
    assert "damaged" not in result.stderr and "Traceback" not in result.stderr


def test_a_read_only_data_file(tmp_path: Path, visit: Content) -> None:
    data = tmp_path / "data"
    fill(data, visit)
    with immutable(data / "sessions.db"):
        assert_said(planner(data), faults.FILE_READ_ONLY, "can only be read, not changed")


def test_a_read_only_data_folder(tmp_path: Path, visit: Content) -> None:
    data = tmp_path / "data"
    fill(data, visit)
    with immutable(data):
        assert_said(planner(data), faults.FOLDER_READ_ONLY, f"The data folder {data} can only be read")


def test_a_read_only_file_system(tmp_path: Path, visit: Content) -> None:
    data = tmp_path / "data"
    fill(data, visit)
    with mounted("--bind", "-o", "ro", str(data), at=data):
        assert_said(planner(data), faults.READ_ONLY_DISK, "on a disk that can only be read")


def test_a_full_disk_when_opening(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    disk.mkdir()
    with mounted("-t", "tmpfs", "-o", "size=64k", "tmpfs", at=disk):
        with contextlib.suppress(OSError):
            (disk / "filler").write_bytes(b"x" * 200_000)
        assert_said(planner(disk / "data"), faults.DISK_FULL, "The disk is full")


def test_a_full_disk_when_saving(tmp_path: Path, visit: Content) -> None:
    fill(tmp_path, visit)
    store = SessionStore.in_folder(tmp_path)
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own SQLITE_FULL
    with pytest.raises(StoreError) as error:
        for _ in range(50):
            start(store, visit, "visit").close()
    assert error.value.exit_code == faults.DISK_FULL and "The disk is full" in str(error.value)
    assert "damaged" not in str(error.value)


def test_a_missing_key_with_an_existing_store(tmp_path: Path, visit: Content,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANNER_KEY")
    monkeypatch.setenv("PLANNER_PASSPHRASE", "a walk by the river")
    data = tmp_path / "data"
    fill(data, visit)
    (data / "key").unlink()
    assert_said(planner(data, env=environment(data)), faults.KEY_MISSING, "is missing")
    assert not (data / "key").exists()


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_data_file_that_is_not_a_plain_file(tmp_path: Path, kind: str) -> None:
    data = tmp_path / "data"
    data.mkdir()
    target = data / "sessions.db"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    else:
        target.mkdir()
    assert_said(planner(data), faults.SPECIAL_FILE, "is not a plain file")  # and it did not hang


def test_a_damaged_file_is_still_called_damaged(tmp_path: Path, visit: Content) -> None:
    data = tmp_path / "data"
    fill(data, visit)
    path = data / "sessions.db"
    raw = bytearray(path.read_bytes())
    raw[100:len(raw) // 2] = b"\xff" * (len(raw) // 2 - 100)
    path.write_bytes(bytes(raw))
    result = planner(data)
    assert result.returncode == faults.DAMAGED and "is damaged" in result.stderr
