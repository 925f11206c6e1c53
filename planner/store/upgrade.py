"""Moving data files made by earlier versions forward, one schema version at a time (never back)."""

from __future__ import annotations

import sqlite3
from typing import Callable

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


STEPS: dict[int, Callable[[sqlite3.Connection, Cipher], None]] = {2: _to_2}


def upgrade(connection: sqlite3.Connection, cipher: Cipher) -> bool:
    """Bring the file up to SCHEMA_VERSION in one transaction; True if anything was done."""
    if connection.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
        return False
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
    return True
