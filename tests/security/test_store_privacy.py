"""Nothing is learnt from sessions.db without the key (#13, point 5): two sessions that differ only in
one private yes/no leave files that look the same, and no question id or status is in clear."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from planner.flows.answers import Answer, Participant
from planner.flows.loader import Content
from planner.store import SessionStore
from planner.store.crypto import bucket, load_key
from planner.store.opening import resume, start
from tests.security.version1 import make_version_1

NOW = "2026-03-04T10:11:12+00:00"
# Columns whose values are random (ids, salts, keyed hashes) or times: compared by length only.
RANDOM = {("sessions", "id"), ("sessions", "created"), ("sessions", "updated"), ("answers", "session_id"),
          ("codes", "session_id"), ("codes", "locator"), ("codes", "secret")}
WORDS = (b"safety_worry", b"answered", b"skipped", b"support-plan", b"person.safety_worry", b"preferred_name")


def one_session(folder: Path, content: Content, safety: str) -> str:
    """A support plan: the same answers, then a different answer to the private safety question."""
    store = SessionStore.in_folder(folder)
    opened = start(store, content, "support-plan", participants=[Participant("person", "person", "Ann")],
                   mode="kiosk")
    given: list[tuple[str, Any]] = [("preferred_name", "Ann"), ("in_danger", "no"), ("what_matters", "My cat"),
                                    ("safety_worry", safety)]
    for question, value in given:
        opened.recorder.commit(Answer(question, "answered", "person", NOW, value), opened.session.state())
    opened.session.add_note("I am fine")
    opened.close()
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return opened.record.id


def table_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    db = sqlite3.connect(path)
    tables = [name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    found = {}
    for table in tables:
        cursor = db.execute(f"SELECT * FROM {table}")
        names = [d[0] for d in cursor.description]
        found[table] = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    db.close()
    return found


def test_two_sessions_differing_in_one_private_answer_look_the_same(tmp_path: Path, content: Content) -> None:
    yes_id = one_session(tmp_path / "yes", content, "yes")
    one_session(tmp_path / "no", content, "no")
    yes_db, no_db = tmp_path / "yes" / "sessions.db", tmp_path / "no" / "sessions.db"

    yes_rows, no_rows = table_rows(yes_db), table_rows(no_db)
    assert yes_rows.keys() == no_rows.keys()
    for table in yes_rows:
        assert len(yes_rows[table]) == len(no_rows[table]), table
        for yes_row, no_row in zip(yes_rows[table], no_rows[table], strict=True):
            assert yes_row.keys() == no_row.keys()
            for column, value in yes_row.items():
                other = no_row[column]
                if isinstance(value, bytes) or (table, column) in RANDOM or (table, column) == ("meta", "value"):
                    assert len(value) == len(other), (table, column)
                else:
                    assert value == other, (table, column)
    assert yes_db.stat().st_size == no_db.stat().st_size

    for folder in (tmp_path / "yes", tmp_path / "no"):
        raw = b"".join(p.read_bytes() for p in folder.glob("sessions.db*"))
        for word in WORDS:
            assert word not in raw, word

    store = SessionStore.in_folder(tmp_path / "yes")  # and the engine still reads it all back
    assert [(a.question, a.value) for a in store.answers(yes_id)][-1] == ("safety_worry", "yes")
    record = store.get(yes_id)
    assert record is not None and record.flow_id == "support-plan" and record.mode == "kiosk"
    assert "safety_worry" in record.question_ids
    assert resume(store, content, record).session.primary("safety_worry").value == "yes"  # type: ignore[union-attr]


def test_sealed_values_are_padded_to_buckets() -> None:
    assert [bucket(n) for n in (1, 255, 256, 257, 1000, 4097, 65536, 65537)] == [
        256, 256, 256, 512, 1024, 8192, 65536, 131072]


def test_an_older_file_is_moved_on_and_keeps_nothing_in_clear(tmp_path: Path, content: Content) -> None:
    key = load_key(tmp_path / "elsewhere")
    flow = content.flows["support-plan"]
    make_version_1(tmp_path, key, session_id="cd" * 16, code="KM4P-XT7C-FAQ9", flow_id="support-plan",
                   digest=flow.digest, answers=[("preferred_name", "answered", "Ann"), ("safety_worry", "answered",
                                                                                        "yes")],
                   state={"participants": [{"id": "person", "role": "person", "name": "Ann"}]}, key_file=True)
    assert b"safety_worry" in (tmp_path / "sessions.db").read_bytes()
    store = SessionStore.in_folder(tmp_path)
    assert [(a.question, a.status, a.value) for a in store.answers("cd" * 16)] == [
        ("preferred_name", "answered", "Ann"), ("safety_worry", "answered", "yes")]
    record = store.get("cd" * 16)
    assert record is not None and record.flow_id == "support-plan" and record.mode == "kiosk"
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("sessions.db*"))
    for word in WORDS:
        assert word not in raw, word
