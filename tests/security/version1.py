"""A data folder as planner made it before #13 (schema 1: codes as plain SHA-256, question ids and
statuses in clear, values not padded, the key in clear beside the data), built by hand for upgrade tests."""

from __future__ import annotations

import base64
import json
import secrets
import sqlite3
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from planner.store.codes import legacy_hash

SCHEMA_1 = """
CREATE TABLE sessions (id TEXT PRIMARY KEY, code_hash TEXT UNIQUE, flow_id TEXT NOT NULL,
    flow_version INTEGER NOT NULL, flow_digest TEXT NOT NULL, council_id TEXT, locale TEXT NOT NULL DEFAULT 'en',
    mode TEXT NOT NULL DEFAULT 'planner', linked_to TEXT, question_ids TEXT NOT NULL DEFAULT '[]',
    created TEXT NOT NULL, updated TEXT NOT NULL, state BLOB NOT NULL);
CREATE TABLE answers (seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, question TEXT NOT NULL,
    participant BLOB NOT NULL, status TEXT NOT NULL, value BLOB, at TEXT NOT NULL);
CREATE INDEX answers_by_session ON answers(session_id, seq);
CREATE TABLE meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)
"""


def seal_1(key: bytes, text: str, context: str) -> bytes:
    nonce = secrets.token_bytes(12)
    return b"\x01" + nonce + AESGCM(key).encrypt(nonce, text.encode(), context.encode())


def make_version_1(folder: Path, key: bytes, *, session_id: str, code: str, flow_id: str, digest: str,
                   answers: list[tuple[str, str, Any]], state: dict[str, Any], key_file: bool = False) -> Path:
    """sessions.db (and, with key_file, the clear key file) as version 1 wrote them."""
    folder.mkdir(parents=True, exist_ok=True)
    if key_file:
        (folder / "key").write_text(base64.urlsafe_b64encode(key).decode() + "\n")
        (folder / "key").chmod(0o600)
    path = folder / "sessions.db"
    db = sqlite3.connect(path, isolation_level=None)
    for statement in filter(str.strip, SCHEMA_1.split(";")):
        db.execute(statement)
    db.execute(f"PRAGMA application_id={0x504C4E52}")
    db.execute("PRAGMA user_version=1")
    db.execute("INSERT INTO meta VALUES ('key_check', ?)", (seal_1(key, "planner", "key-check"),))
    now = "2026-01-01T10:00:00+00:00"
    db.execute("INSERT INTO sessions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)", (
        session_id, legacy_hash(code), flow_id, 1, digest, None, "en", "kiosk", None,
        json.dumps([q for q, _, _ in answers]), now, now, seal_1(key, json.dumps(state), f"{session_id}:state")))
    for question, status, value in answers:
        db.execute("INSERT INTO answers (session_id, question, participant, status, value, at) VALUES (?,?,?,?,?,?)",
                   (session_id, question, seal_1(key, "person", f"{session_id}:participant"), status,
                    None if value is None else seal_1(key, json.dumps(value), f"{session_id}:{question}"), now))
    db.close()
    return path
