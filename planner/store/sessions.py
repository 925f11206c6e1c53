"""Sessions and their answers in the SQLite file, with a lock so only one program writes each."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from planner.flows.answers import Answer, Participant
from planner.flows.flow import Flow
from planner.flows.session import SaveFailed, utc_now

from .codes import code_hash, new_code, normalise
from .crypto import KEY_VARIABLE, WRONG_KEY, Cipher, DecryptFailed, load_key
from .database import StoreError, connect
from .lock import Lock

IN_USE = ("This conversation is open somewhere else, so it cannot be opened here too. "
          "Close it there first, then try again.")
NOT_SAVED = ("Your last answer could not be saved ({reason}). Everything before it is safe. "
             "Please try again, or tell the person in charge.")
FILE_NAME = "sessions.db"


class SessionInUse(StoreError):
    """Another program has this session open."""


@dataclass(frozen=True)
class SessionRecord:
    """One saved conversation, without its answers."""

    id: str
    flow_id: str
    flow_version: int
    flow_digest: str
    council_id: str | None
    locale: str
    mode: str
    linked_to: str | None
    created: str
    updated: str
    state: dict[str, Any]
    question_ids: tuple[str, ...] = ()

    @property
    def finished(self) -> bool:
        return bool(self.state.get("finished"))

    @property
    def participants(self) -> list[Participant]:
        return [Participant(**p) for p in self.state.get("participants", [])]

    @property
    def short_id(self) -> str:
        return self.id[:8]


class SessionStore:
    """All saved conversations in one file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection = connect(path)
        try:
            self.cipher = Cipher(load_key(path.parent))
            self._check_key()
        except BaseException:
            self.connection.close()
            raise

    def _check_key(self) -> None:
        """The key must be the one the file was made with; say so plainly if not."""
        row = self._read("SELECT value FROM meta WHERE name = 'key_check'").fetchone()
        if row is None:
            with self._write():
                self.connection.execute("INSERT OR IGNORE INTO meta (name, value) VALUES ('key_check', ?)",
                                        (self.cipher.seal("planner", context="key-check"),))
            return
        try:
            self.cipher.open(row[0], context="key-check")
        except DecryptFailed:
            raise StoreError(WRONG_KEY.format(path=self.path, variable=KEY_VARIABLE)) from None

    @classmethod
    def in_folder(cls, folder: Path) -> "SessionStore":
        return cls(folder / FILE_NAME)

    def close(self) -> None:
        self.connection.close()

    # ----------------------------------------------------------------- sessions
    def create(self, flow: Flow, state: dict[str, Any], *, council_id: str | None = None, locale: str = "en",
               mode: str = "planner", linked_to: str | None = None, now: str) -> tuple[SessionRecord, str]:
        """A new session; returns it with its resume code (shown once, never stored as it is)."""
        session_id = uuid.uuid4().hex
        code = new_code()
        with self._write():
            self.connection.execute(
                "INSERT INTO sessions (id, code_hash, flow_id, flow_version, flow_digest, council_id, locale, mode,"
                " linked_to, question_ids, created, updated, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (session_id, code_hash(code), flow.id, flow.version, flow.digest, council_id, locale, mode,
                 linked_to, _question_ids(flow), now, now, self.seal_state(session_id, state)))
        record = self.get(session_id)
        assert record is not None
        return record, code

    def get(self, session_id: str) -> SessionRecord | None:
        row = self._read("SELECT * FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return self._record(row) if row else None

    def find(self, typed: str) -> SessionRecord | None:
        """A session by its id, the first 8 or more characters of it, or its resume code."""
        typed = typed.strip()
        code = normalise(typed)
        if code:
            row = self._read("SELECT * FROM sessions WHERE code_hash = ?", (code_hash(code),)).fetchone()
            if row:
                return self._record(row)
        word = typed.lower()
        if len(word) >= 8 and all(c in "0123456789abcdef" for c in word):
            rows = self._read("SELECT * FROM sessions WHERE id LIKE ?", (word + "%",)).fetchall()
            if len(rows) == 1:
                return self._record(rows[0])
        return None

    def list(self, *, mode: str | None = None) -> list[SessionRecord]:
        """Every session, the most recently changed first."""
        rows = self._read("SELECT * FROM sessions ORDER BY updated DESC, id").fetchall()
        return [r for r in map(self._record, rows) if mode is None or r.mode == mode]

    def linked(self, session_id: str) -> list[SessionRecord]:
        """Sessions linked to this one (a carer's assessment linked to the person's plan)."""
        rows = self._read("SELECT * FROM sessions WHERE linked_to = ? ORDER BY created", (session_id,)).fetchall()
        return [self._record(r) for r in rows]

    def answers(self, session_id: str) -> list[Answer]:
        """Every answer ever given in the session, oldest first (later ones replace earlier)."""
        rows = self._read("SELECT seq, question, participant, status, value, at FROM answers"
                          " WHERE session_id = ? ORDER BY seq", (session_id,)).fetchall()
        return [Answer(question=q, status=st, by=self.cipher.open(p, context=f"{session_id}:participant"), at=at,
                       value=None if v is None else json.loads(self.cipher.open(v, context=f"{session_id}:{q}")),
                       seq=seq)
                for seq, q, p, st, v, at in rows]

    def set_content(self, session_id: str, flow: Flow, state: dict[str, Any], now: str) -> None:
        """Record that a session now follows this version of its flow."""
        with self._write():
            self.connection.execute(
                "UPDATE sessions SET flow_version = ?, flow_digest = ?, question_ids = ?, state = ?, updated = ?"
                " WHERE id = ?",
                (flow.version, flow.digest, _question_ids(flow), self.seal_state(session_id, state), now, session_id))

    def set_locale(self, session_id: str, locale: str, now: str) -> None:
        """Record the language a session now speaks (its answers are untouched)."""
        with self._write():
            self.connection.execute("UPDATE sessions SET locale = ?, updated = ? WHERE id = ?", (locale, now, session_id))

    def delete(self, session_id: str) -> bool:
        """Remove a session and all its answers for good."""
        with Lock.take(self._lock_path(session_id)) as lock:
            if lock is None:
                raise SessionInUse(IN_USE)
            with self._write():
                gone = self.connection.execute("DELETE FROM sessions WHERE id = ?", (session_id,)).rowcount
            self._scrub()
        self._lock_path(session_id).unlink(missing_ok=True)
        return bool(gone)

    def purge(self, *, mode: str, older_than: str) -> int:
        """Delete for good every session in this mode not changed since `older_than` (an ISO time)."""
        gone = 0
        for record in self.list(mode=mode):
            if record.updated < older_than:
                try:
                    gone += self.delete(record.id)
                except SessionInUse:
                    continue  # someone is using it right now; it goes next time
        return gone

    def _scrub(self) -> None:
        """Rewrite the file so nothing deleted (nor any older copy of it) is left in free pages."""
        try:
            self.connection.execute("PRAGMA secure_delete=ON")
            self.connection.execute("VACUUM")
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as error:
            raise StoreError(f"The session was deleted, but the file could not be tidied ({_plain(error)}).") from None
        finally:
            self.connection.execute("PRAGMA secure_delete=OFF")

    # ----------------------------------------------------------------- writing
    def recorder(self, record: SessionRecord) -> "StoredRecorder":
        """The one writer of a session; raises SessionInUse if another program has it."""
        lock = Lock.acquire(self._lock_path(record.id))
        if lock is None:
            raise SessionInUse(IN_USE)
        return StoredRecorder(self, record.id, lock)

    def _lock_path(self, session_id: str) -> Path:
        return self.path.parent / "locks" / f"{session_id}.lock"

    def seal_answer(self, session_id: str, answer: Answer) -> tuple[bytes, bytes | None]:
        """The participant and value of an answer, encrypted for the file."""
        value = None if answer.value is None else self.cipher.seal(json.dumps(answer.value),
                                                                   context=f"{session_id}:{answer.question}")
        return self.cipher.seal(answer.by, context=f"{session_id}:participant"), value

    def seal_state(self, session_id: str, state: dict[str, Any]) -> bytes:
        """A session's state (names, position, notes), encrypted for the file."""
        return self.cipher.seal(json.dumps(state), context=f"{session_id}:state")

    def _record(self, row: tuple[Any, ...]) -> SessionRecord:
        (session_id, _hash, flow_id, version, digest, council_id, locale, mode, linked_to, question_ids, created,
         updated, state) = row
        return SessionRecord(session_id, flow_id, version, digest, council_id, locale, mode, linked_to, created,
                             updated, _json(self.cipher.open(state, context=f"{session_id}:state"), {}),
                             tuple(_json(question_ids, [])))

    def _write(self) -> "_Transaction":
        return _Transaction(self.connection)

    def _read(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        try:
            return self.connection.execute(sql, tuple(params))
        except sqlite3.Error as error:
            raise StoreError(f"The data file {self.path} could not be read ({error}).") from None


class StoredRecorder:
    """Commits each answer together with the session's state, in one transaction."""

    def __init__(self, store: SessionStore, session_id: str, lock: Lock) -> None:
        self.store = store
        self.session_id = session_id
        self.lock = lock

    def commit(self, answer: Answer | None, state: dict[str, Any]) -> int:
        now = answer.at if answer else utc_now()
        try:
            with self.store._write() as connection:
                seq = 0
                if answer is not None:
                    participant, value = self.store.seal_answer(self.session_id, answer)
                    cursor = connection.execute(
                        "INSERT INTO answers (session_id, question, participant, status, value, at)"
                        " VALUES (?,?,?,?,?,?)", (self.session_id, answer.question, participant, answer.status,
                                                  value, now))
                    seq = cursor.lastrowid or 0
                connection.execute("UPDATE sessions SET state = ?, updated = ? WHERE id = ?",
                                   (self.store.seal_state(self.session_id, state), now, self.session_id))
            return seq
        except StoreError as error:
            raise SaveFailed(NOT_SAVED.format(reason=str(error))) from None

    def close(self) -> None:
        self.lock.release()

    def __enter__(self) -> "StoredRecorder":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any failure, with a plain message."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise StoreError(_plain(error)) from None
        return self.connection

    def __exit__(self, kind: type | None, error: BaseException | None, tb: object) -> None:
        if kind is None:
            try:
                self.connection.execute("COMMIT")
                return
            except sqlite3.Error as failure:
                error = failure
        try:
            self.connection.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        if isinstance(error, sqlite3.Error):
            raise StoreError(_plain(error)) from None


def _plain(error: sqlite3.Error) -> str:
    text = str(error)
    if "full" in text:
        return "the disk is full"
    if "locked" in text or "busy" in text:
        return "the data file is busy"
    if "readonly" in text or "read-only" in text:
        return "the data file cannot be written to"
    return f"the data file gave an error: {text}"


def _json(text: str, empty: Any) -> Any:
    try:
        loaded = json.loads(text)
    except ValueError:
        return empty
    return loaded if isinstance(loaded, type(empty)) else empty


def _question_ids(flow: Flow) -> str:
    return json.dumps([step.id for step in flow.questions()])
