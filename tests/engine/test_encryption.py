"""Encryption at rest: nothing a person said can be read from the data file without the key."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import stat
from pathlib import Path

import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.store import SessionStore, StoreError
from planner.store.crypto import DecryptFailed, new_key
from planner.store.opening import resume, start

SECRET_NAME, SECRET_HELPER, SECRET_NOTE = "Philippa Quenby", "Bartholomew", "hides the bruises"


def fill(folder: Path, content: Content) -> str:
    store = SessionStore.in_folder(folder)
    opened = start(store, content, "visit", participants=[Participant("ann", "person", "Annabel Secretname")])
    for raw in (SECRET_NAME, "yes", "good", SECRET_HELPER):
        assert opened.session.answer(raw).accepted
    opened.session.add_note(SECRET_NOTE)
    opened.close()
    store.close()
    return opened.record.id


def everything_on_disk(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file() and p.name != "key")


def test_answers_names_and_notes_are_not_in_the_file(tmp_path: Path, visit: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, visit, "visit", participants=[Participant("ann", "person", "Annabel Secretname")])
    opened.session.answer(SECRET_NAME)
    opened.session.add_note(SECRET_NOTE)
    for secret in (SECRET_NAME, "Annabel Secretname", SECRET_NOTE):  # while open, the log holds it too
        assert secret.encode() not in everything_on_disk(tmp_path), secret
    opened.close()
    store.close()
    fill(tmp_path / "closed", visit)
    for secret in (SECRET_NAME, SECRET_HELPER, SECRET_NOTE, "Annabel Secretname"):
        assert secret.encode() not in everything_on_disk(tmp_path / "closed"), secret


def test_the_key_file_is_made_once_for_the_owner_only(tmp_path: Path, visit: Content,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANNER_KEY")
    monkeypatch.setenv("PLANNER_PASSPHRASE", "correct horse battery")
    session_id = fill(tmp_path, visit)
    key = tmp_path / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    first = key.read_text()
    assert '"kdf": "scrypt"' in first  # wrapped by the passphrase, never the key in clear
    store = SessionStore.in_folder(tmp_path)
    assert key.read_text() == first
    assert store.answers(session_id)[0].value == SECRET_NAME


def test_a_key_from_the_environment(tmp_path: Path, visit: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_KEY", new_key())
    session_id = fill(tmp_path, visit)
    assert not (tmp_path / "key").exists()
    assert SessionStore.in_folder(tmp_path).answers(session_id)[0].value == SECRET_NAME
    monkeypatch.setenv("PLANNER_KEY", new_key())
    before = hashlib.sha256((tmp_path / "sessions.db").read_bytes()).hexdigest()
    refused = re.escape("was saved with a different key, so it cannot be read. Nothing was changed")
    with pytest.raises(StoreError, match=refused):
        SessionStore.in_folder(tmp_path)
    assert hashlib.sha256((tmp_path / "sessions.db").read_bytes()).hexdigest() == before
    monkeypatch.setenv("PLANNER_KEY", "not a key")
    with pytest.raises(StoreError, match=r"The key in \$PLANNER_KEY is not a key for planner"):
        SessionStore.in_folder(tmp_path)


def test_values_cannot_be_moved_between_sessions(tmp_path: Path, visit: Content) -> None:
    first, second = fill(tmp_path, visit), fill(tmp_path, visit)
    connection = sqlite3.connect(tmp_path / "sessions.db")
    state = connection.execute("SELECT state FROM sessions WHERE id = ?", (first,)).fetchone()[0]
    connection.execute("UPDATE sessions SET state = ? WHERE id = ?", (state, second))
    connection.commit()
    connection.close()
    store = SessionStore.in_folder(tmp_path)
    with pytest.raises(DecryptFailed, match="cannot be read with this key"):
        store.get(second)
    record = store.get(first)
    assert record is not None
    assert resume(store, visit, record).session.primary("name").value == SECRET_NAME  # type: ignore[union-attr]


def test_old_kiosk_sessions_are_purged(tmp_path: Path, visit: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    kept = start(store, visit, "visit", mode="planner")
    kiosk = start(store, visit, "visit", mode="kiosk")
    kept.close()
    kiosk.close()
    assert store.purge(mode="kiosk", older_than="2000-01-01T00:00:00+00:00") == 0
    assert store.purge(mode="kiosk", older_than="2999-01-01T00:00:00+00:00") == 1
    assert [r.id for r in store.list()] == [kept.record.id]
