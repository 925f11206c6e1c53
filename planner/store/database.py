"""Opening the SQLite file safely: ours, whole, and not from a newer version."""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from planner.i18n.translator import N_, Message

from . import faults
from .faults import StoreError

FILE_NAME = "sessions.db"

APPLICATION_ID = 0x504C4E52  # "PLNR", marks the file as ours
SCHEMA_VERSION = 4  # 2: codes as keyed hashes, wrong tries counted; 3: nothing about answers in clear;
# 4: answer rows carry the moves made with them, so a saved state is read with the answers after it
HEADER = b"SQLite format 3\x00"

# What stays in clear, and why: random ids (to find rows and lock files), `mode` and `updated` (so old
# kiosk sessions can be purged without the key being able to read them, and listed newest first),
# `created`, and counters of wrong code tries. Everything else (flow, council, language, link, question
# ids, state, names, notes, and every answer with its question id and status) is in the sealed values,
# padded to size buckets (crypto.pad) so that their lengths say nothing about what was answered.
SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id TEXT PRIMARY KEY,
    mode TEXT NOT NULL DEFAULT 'planner',
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    about BLOB NOT NULL,
    state BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS answers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    sealed BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS answers_by_session ON answers(session_id, seq);
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
);
CREATE TABLE IF NOT EXISTS meta (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
"""

NOT_OURS = N_("{path} is not a planner data file, so it was left as it is. "
            "Use --data-dir to choose another folder, or move the file away.")
DAMAGED = N_("{path} is damaged and cannot be read. It was left as it is. "
           "Keep a copy, then ask for help to recover it, or use --data-dir to start a new store.")
TOO_NEW = N_("{path} was saved by a newer version of planner. It was left as it is. "
           "Update planner to open it.")
CANNOT_OPEN = N_("The data file {path} cannot be opened: {reason}. "
                 "Check the folder exists and that you may write to it.")
BUSY = N_("another program is busy with it")


def connect(path: Path) -> sqlite3.Connection:
    """Open (or create) the data file, refusing anything that is not ours, naming any fault plainly."""
    faults.check_path(path)  # before any open: a FIFO would hang, a device would never end
    refuse_foreign(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        faults.check_writable(path)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        connection = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    except OSError as error:
        raise _os_fault(error, path) from None
    except sqlite3.Error as error:
        raise faults.classify(error, path) or StoreError(CANNOT_OPEN, path=str(path), reason=_reason(error)) from None
    try:
        _prepare(connection, path)
    except sqlite3.Error as error:
        connection.close()
        raise opening_fault(error, path) from None
    return connection


def opening_fault(error: sqlite3.Error, path: Path) -> StoreError:
    """The plain message for an SQLite error while opening: damaged only when SQLite finds it corrupt."""
    named = faults.classify(error, path)
    if named is not None:
        return named
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
        return StoreError(DAMAGED, faults.DAMAGED, path=str(path))
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StoreError(CANNOT_OPEN, path=str(path), reason=Message(BUSY))
    return StoreError(CANNOT_OPEN, path=str(path), reason=_reason(error))


def _os_fault(error: OSError, path: Path) -> StoreError:
    if error.errno == errno.EROFS:
        return faults.fault(faults.READ_ONLY_DISK, path)
    if error.errno == errno.ENOSPC:
        return faults.fault(faults.DISK_FULL, path)
    if error.errno in (errno.EACCES, errno.EPERM):
        try:
            faults.check_writable(path)
        except StoreError as named:
            return named
        return faults.fault(faults.FOLDER_READ_ONLY if not path.exists() else faults.FILE_READ_ONLY, path)
    return StoreError(CANNOT_OPEN, path=str(path), reason=_reason(error))


def refuse_foreign(path: Path) -> None:
    try:
        with open(path, "rb") as file:
            start = file.read(len(HEADER))
    except FileNotFoundError:
        return
    except OSError as error:
        raise _os_fault(error, path) from None
    if start and start != HEADER:
        raise StoreError(NOT_OURS, path=str(path))


def _prepare(connection: sqlite3.Connection, path: Path) -> None:
    if not _check(connection, path):
        connection.execute("BEGIN IMMEDIATE")  # one program at a time makes a new file ready
        try:
            if not _check(connection, path):
                for statement in filter(str.strip, SCHEMA.split(";")):
                    connection.execute(statement)
                connection.execute(f"PRAGMA application_id={APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise
    connection.execute("PRAGMA journal_mode=WAL")  # only now: the file is known to be ours
    connection.execute("PRAGMA synchronous=FULL")  # an answer is on disk before the next question shows
    connection.execute("PRAGMA foreign_keys=ON")
    for extra in ("-wal", "-shm"):
        sidecar = path.with_name(path.name + extra)
        if sidecar.exists():
            os.chmod(sidecar, 0o600)


def _check(connection: sqlite3.Connection, path: Path) -> bool:
    """True if the file is ours and ready, False if it is empty; StoreError if it is anything else."""
    tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    if not tables:
        return False
    if connection.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
        raise StoreError(NOT_OURS, path=str(path))
    if connection.execute("PRAGMA user_version").fetchone()[0] > SCHEMA_VERSION:
        raise StoreError(TOO_NEW, path=str(path))
    if connection.execute("PRAGMA quick_check").fetchone()[0] != "ok":
        raise StoreError(DAMAGED, faults.DAMAGED, path=str(path))
    return True


def _reason(error: BaseException) -> str | Message:
    """The system's own words for what went wrong (English, as the system gives them)."""
    text = getattr(error, "strerror", None) or str(error)
    return text[0].lower() + text[1:] if text else Message(N_("unknown reason"))
