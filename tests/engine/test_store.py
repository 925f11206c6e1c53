"""The SQLite store: refusing files that are not ours, resume codes, locks and deleting for good."""

from __future__ import annotations

import hashlib
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.store import SessionInUse, SessionStore, StoreError
from planner.store.codes import ALPHABET, new_code, normalise
from planner.store.opening import resume, start
from tests.conftest import ROOT, Planner, environment


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_store(folder: Path, content: Content) -> str:
    store = SessionStore.in_folder(folder)
    opened = start(store, content, "visit", participants=[Participant("ann", "person", "Ann")])
    opened.session.answer("Ann Smith-Jones")
    opened.close()
    store.close()
    return opened.record.id


def test_a_text_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    path.write_text("my shopping list\n")
    with pytest.raises(StoreError, match="is not a planner data file, so it was left as it is"):
        SessionStore(path)
    assert path.read_text() == "my shopping list\n"


def test_another_programs_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.commit()
    other.close()
    before = digest(path)
    with pytest.raises(StoreError, match="not a planner data file"):
        SessionStore(path)
    assert digest(path) == before


def test_a_damaged_file_is_refused_and_left_alone(tmp_path: Path, visit: Content) -> None:
    make_store(tmp_path, visit)
    path = tmp_path / "sessions.db"
    sqlite3.connect(path).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    data = bytearray(path.read_bytes())
    data[100:len(data) // 2] = b"\xff" * (len(data) // 2 - 100)
    path.write_bytes(bytes(data))
    before = digest(path)
    with pytest.raises(StoreError, match="is damaged and cannot be read"):
        SessionStore(path)
    assert digest(path) == before


def test_a_file_from_a_newer_version_is_refused(tmp_path: Path, visit: Content) -> None:
    make_store(tmp_path, visit)
    path = tmp_path / "sessions.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(StoreError, match="newer version of planner"):
        SessionStore(path)


def test_the_command_line_says_so_plainly(tmp_path: Path, planner_main: Planner) -> None:
    (tmp_path / "sessions.db").write_bytes(b"\x00\x01garbage" * 100)
    result = planner_main("sessions", "list", "--data-dir", str(tmp_path))
    assert result.returncode == 1
    assert "is not a planner data file" in result.stderr and "Traceback" not in result.stderr


def test_data_is_for_the_owner_only(tmp_path: Path, visit: Content) -> None:
    folder = tmp_path / "data"
    store = SessionStore.in_folder(folder)
    opened = start(store, visit, "visit")
    opened.session.answer("Ann")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = {p.name for p in folder.iterdir()}
    assert {"sessions.db", "sessions.db-wal", "locks"} <= names
    for path in [*folder.glob("sessions.db*"), *(folder / "locks").iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    opened.close()


def test_resume_codes_are_found_however_they_are_typed(tmp_path: Path, visit: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, visit, "visit")
    opened.close()
    code = opened.code
    assert normalise(code) == code and len(code) == 14
    for typed in (code, code.lower(), code.replace("-", " "), f"  {code.replace('-', '')} "):
        found = store.find(typed)
        assert found is not None and found.id == opened.record.id
    wrong = code[:-1] + next(c for c in ALPHABET if c != code[-1])
    assert store.find(wrong) is None
    assert store.find(opened.record.id[:8]).id == opened.record.id  # type: ignore[union-attr]
    assert code not in (tmp_path / "sessions.db").read_bytes().decode("latin-1")


def test_codes_avoid_letters_that_are_misread() -> None:
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200
    assert not any(c in "".join(codes) for c in "0O1IL2Z5S8B")


def test_a_session_open_in_one_program_cannot_be_opened_in_another(tmp_path: Path, visit: Content) -> None:
    session_id = make_store(tmp_path, visit)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\n"
         "from pathlib import Path\n"
         "from planner.store import SessionStore\n"
         f"store = SessionStore.in_folder(Path({str(tmp_path)!r}))\n"
         f"recorder = store.recorder(store.get({session_id!r}))\n"
         "print('holding', flush=True)\n"
         "time.sleep(60)\n"], stdout=subprocess.PIPE, text=True, env=environment(tmp_path), cwd=ROOT)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        store = SessionStore.in_folder(tmp_path)
        record = store.get(session_id)
        assert record is not None
        with pytest.raises(SessionInUse, match="open somewhere else"):
            resume(store, visit, record)
        with pytest.raises(SessionInUse):
            store.delete(session_id)
    finally:
        holder.kill()
        holder.wait()
    opened = resume(store, visit, record)  # the lock went with the program
    assert opened.session.primary("name").value == "Ann Smith-Jones"  # type: ignore[union-attr]
    opened.close()


def test_delete_removes_every_trace(tmp_path: Path, visit: Content) -> None:
    session_id = make_store(tmp_path, visit)
    store = SessionStore.in_folder(tmp_path)
    assert store.delete(session_id)
    assert store.get(session_id) is None and store.answers(session_id) == []
    store.close()
    for path in tmp_path.glob("sessions.db*"):
        assert b"Smith-Jones" not in path.read_bytes(), path.name
