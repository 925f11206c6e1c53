"""Moving data files made by earlier versions forward, one schema version at a time (never back)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

from .crypto import Cipher
from .database import SCHEMA_VERSION

CODES_AND_TRIES = """
CREATE TABLE IF NOT EXISTS codes (
    session_id TEXT PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
    locator TEXT UNIQUE,
    secret TEXT,
    legacy TEXT UNIQUE,
    wrong INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS tries (
    place TEXT PRIMARY KEY,
    wrong INTEGER NOT NULL,
    last REAL NOT NULL,
    until REAL NOT NULL
)
"""


def _to_2(connection: sqlite3.Connection, cipher: Cipher) -> None:
    """Codes get their own table. Old codes were plain SHA-256: kept as 'legacy' until first used,
    then stored in the keyed form (their code is not known before that, so it cannot be done now)."""
    for statement in filter(str.strip, CODES_AND_TRIES.split(";")):
        connection.execute(statement)
    connection.execute("INSERT OR IGNORE INTO codes (session_id, legacy) SELECT id, code_hash FROM sessions")
    connection.execute("UPDATE sessions SET code_hash = NULL")


def _to_3(connection: sqlite3.Connection, cipher: Cipher) -> None:
    """Nothing about answers in clear: question ids, statuses, flow, language and links are sealed with
    the answers, and every sealed value is padded to a size bucket."""
    connection.execute("CREATE TABLE sessions_v3 (id TEXT PRIMARY KEY, mode TEXT NOT NULL DEFAULT 'planner',"
                       " created TEXT NOT NULL, updated TEXT NOT NULL, about BLOB NOT NULL, state BLOB NOT NULL)")
    connection.execute("CREATE TABLE answers_v3 (seq INTEGER PRIMARY KEY AUTOINCREMENT, session_id TEXT NOT NULL"
                       " REFERENCES sessions_v3(id) ON DELETE CASCADE, sealed BLOB NOT NULL)")
    rows = connection.execute("SELECT id, flow_id, flow_version, flow_digest, council_id, locale, mode, linked_to,"
                              " question_ids, created, updated, state FROM sessions").fetchall()
    for (sid, flow_id, version, digest, council_id, locale, mode, linked_to, question_ids, created, updated,
         state) in rows:
        try:
            ids = json.loads(question_ids)
        except ValueError:
            ids = []
        about = {"flow_id": flow_id, "flow_version": version, "flow_digest": digest, "council_id": council_id,
                 "locale": locale, "linked_to": linked_to, "question_ids": ids}
        connection.execute("INSERT INTO sessions_v3 VALUES (?,?,?,?,?,?)", (
            sid, mode, created, updated, cipher.seal(json.dumps(about), context=f"{sid}:about"),
            cipher.seal(cipher.open(state, context=f"{sid}:state"), context=f"{sid}:state")))
    answers = connection.execute("SELECT seq, session_id, question, participant, status, value, at FROM answers"
                                 " ORDER BY seq").fetchall()
    for seq, sid, question, participant, status, value, at in answers:
        item = {"question": question, "status": status, "at": at,
                "by": cipher.open(participant, context=f"{sid}:participant"),
                "value": None if value is None else json.loads(cipher.open(value, context=f"{sid}:{question}"))}
        connection.execute("INSERT INTO answers_v3 (seq, session_id, sealed) VALUES (?,?,?)",
                           (seq, sid, cipher.seal(json.dumps(item), context=f"{sid}:answer:{seq}")))
    connection.execute("DROP TABLE answers")
    connection.execute("DROP TABLE sessions")
    connection.execute("ALTER TABLE sessions_v3 RENAME TO sessions")
    connection.execute("ALTER TABLE answers_v3 RENAME TO answers")
    connection.execute("CREATE INDEX IF NOT EXISTS answers_by_session ON answers(session_id, seq)")


def _to_4(connection: sqlite3.Connection, cipher: Cipher) -> None:
    """Nothing to move: a saved state without a mark of its last answer is whole, and old answer rows carry
    no moves. The new number only stops an older planner reading a state that later rows have moved on."""


STEPS: dict[int, Callable[[sqlite3.Connection, Cipher], None]] = {2: _to_2, 3: _to_3, 4: _to_4}


def upgrade(connection: sqlite3.Connection, cipher: Cipher) -> bool:
    """Bring the file up to SCHEMA_VERSION in one transaction; True if anything was done."""
    if connection.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return False
    connection.execute("PRAGMA foreign_keys=OFF")  # tables are rebuilt: dropping one must not cascade
    connection.execute("BEGIN IMMEDIATE")
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]  # another program may have done it
        for target in range(version + 1, SCHEMA_VERSION + 1):
            STEPS[target](connection, cipher)
        connection.execute(f"PRAGMA user_version={max(version, SCHEMA_VERSION)}")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    finally:
        connection.execute("PRAGMA foreign_keys=ON")
    connection.execute("PRAGMA secure_delete=ON")  # the old clear values must not linger in free pages
    try:
        connection.execute("VACUUM")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.execute("PRAGMA secure_delete=OFF")
    return True
