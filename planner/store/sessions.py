"""Sessions and their answers in the SQLite file, with a lock so only one program writes each."""

from __future__ import annotations

import builtins
import contextlib
import json
import math
import sqlite3
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterable

from planner.flows.answers import Answer, Participant
from planner.flows.flow import Flow
from planner.flows.session import SaveFailed, utc_now

from planner.i18n.translator import N_, Message

from . import faults
from .codes import CodeKeys, legacy_hash, new_code, normalise, split
from .crypto import KEY_VARIABLE, WRONG_KEY, Cipher, DecryptFailed, load_key
from .database import FILE_NAME, connect, refuse_foreign
from .faults import StoreError
from .keys import Passphrase
from .lock import Lock
from .upgrade import upgrade

IN_USE = N_("This conversation is open somewhere else, so it cannot be opened here too. "
          "Close it there first, then try again.")
NOT_SAVED = N_("Your last answer could not be saved ({reason}). Everything before it is safe. "
             "Please try again, or tell the person in charge.")
NO_SESSION = N_("There is no saved session '{id}'.")
NOT_UPGRADED = N_("The data file {path} could not be brought up to date ({reason}). Nothing was changed.")
NOT_TIDIED = N_("The session was deleted, but the file could not be tidied ({reason}).")
NOT_READ = N_("The data file {path} could not be read ({reason}).")
NOT_CHANGED = N_("The data file {path} could not be changed ({reason}).")
DISK_FULL = N_("the disk is full")
BUSY = N_("the data file is busy")
READ_ONLY = N_("the data file cannot be written to")
OTHER_ERROR = N_("the data file gave an error: {error}")

LOCK_AFTER = 5  # wrong tries at one code before it is locked
WAITS = (0, 5, 10, 20, 40, 60)  # seconds to wait after the 1st, 2nd, ... wrong try at a place; never more than 60
COLUMNS = "id, mode, created, updated, about, state"
ANSWER_ROWS = 32  # a session's answer rows come in blocks of this many, so their number says little
SPARE = "spare"  # the sealed text of a spare answer row (an answer is always a JSON object)
FORGET_AFTER = 15 * 60  # a place's wrong tries are forgotten after this long without one
UPTO = "~upto"  # in a saved state: the last answer row it already includes
MOVES = "~"  # in an answer row: where the session went with it [position, speaker, editing, info steps seen]
LIGHT = ("position", "speaker", "editing", "seen")  # the parts of a state an answer row can carry
TOUCH_EVERY = 60.0  # seconds: `updated` is rewritten at most this often between answers (and on closing)


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


@dataclass(frozen=True)
class CodeCheck:
    """What came of typing a resume code at a place (such as a kiosk)."""

    record: SessionRecord | None  # the session, when the code was right (else None)
    wait: int  # whole seconds before another try is allowed at this place (0: none); never more than 60
    locked: bool  # True when this code is locked after too many wrong tries at it


class SessionStore:
    """All saved conversations in one file."""

    def __init__(self, path: Path, passphrase: Passphrase | None = None) -> None:
        """Open the store; `passphrase` is asked for the key file's passphrase if nothing else gives a key."""
        self.path = path
        faults.check_path(path)
        refuse_foreign(path)
        # The key first: a folder is given a new key only when it has no store, and a failure here
        # (no passphrase, say) leaves nothing behind.
        key = load_key(path.parent, passphrase, store_exists=_has_data(path))
        self.connection = connect(path)
        self.clock: Callable[[], float] = time.time  # tests may set another clock for the waits
        try:
            self.cipher = Cipher(key)
            self._check_key()
            self.keys = CodeKeys(self.cipher.derive("code-locator"), self.cipher.derive("code-secret"),
                                 self.cipher.derive("place"))
            try:
                upgrade(self.connection, self.cipher)
            except sqlite3.Error as error:
                named = faults.classify(error, path)
                raise named or StoreError(NOT_UPGRADED, path=str(path), reason=_plain(error)) from None
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
            raise StoreError(WRONG_KEY, faults.WRONG_KEY, path=str(self.path), variable=KEY_VARIABLE) from None

    @classmethod
    def in_folder(cls, folder: Path, passphrase: Passphrase | None = None) -> SessionStore:
        return cls(folder / FILE_NAME, passphrase)

    def close(self) -> None:
        self.connection.close()

    # ----------------------------------------------------------------- sessions
    def create(self, flow: Flow, state: dict[str, Any], *, council_id: str | None = None, locale: str = "en",
               mode: str = "planner", linked_to: str | None = None, now: str) -> tuple[SessionRecord, str]:
        """A new session; returns it with its resume code (shown once, never stored as it is)."""
        session_id = uuid.uuid4().hex
        with self._write():
            about = {"flow_id": flow.id, "flow_version": flow.version, "flow_digest": flow.digest,
                     "council_id": council_id, "locale": locale, "linked_to": linked_to,
                     "question_ids": _question_ids(flow)}
            self.connection.execute(
                "INSERT INTO sessions (id, mode, created, updated, about, state) VALUES (?,?,?,?,?,?)",
                (session_id, mode, now, now, self._seal_about(session_id, about), self.seal_state(session_id, state)))
            # Its first block of spare rows comes with it, so no answer waits for a block to be sealed.
            self._add_spare(self.connection, session_id, _next_seq(self.connection), ANSWER_ROWS)
            code = self._store_code(session_id)
        record = self.get(session_id)
        assert record is not None
        return record, code

    def _store_code(self, session_id: str) -> str:
        """A new code for the session, its locator unique among live sessions (inside a transaction)."""
        while True:
            code = new_code()
            locator, secret = split(code)
            try:
                self.connection.execute(
                    "INSERT INTO codes (session_id, locator, secret, legacy, wrong) VALUES (?,?,?,NULL,0)"
                    " ON CONFLICT(session_id) DO UPDATE SET locator = excluded.locator, secret = excluded.secret,"
                    " legacy = NULL, wrong = 0",
                    (session_id, self.keys.locator(locator), self.keys.secret(session_id, secret)))
                return code
            except sqlite3.IntegrityError:
                continue  # another live session has this locator: draw again

    def get(self, session_id: str) -> SessionRecord | None:
        row = self._read(f"SELECT {COLUMNS} FROM sessions WHERE id = ?", (session_id,)).fetchone()
        return self._record(row) if row else None

    def find(self, typed: str) -> SessionRecord | None:
        """A session by its id, the first 8 or more characters of it, or its resume code.

        Only for people with the planner's access (the command line, planner mode): ids and prefixes work
        here. It counts no wrong tries, and a locked code opens nothing here either. Anything the public
        can type into (a kiosk, self mode, the web) must use open_by_code instead.
        """
        typed = typed.strip()
        code = normalise(typed)
        if code:
            session_id, _locked = self._match_code(code)
            if session_id:
                return self.get(session_id)
        word = typed.lower()
        if len(word) >= 8 and all(c in "0123456789abcdef" for c in word):
            rows = self._read(f"SELECT {COLUMNS} FROM sessions WHERE id LIKE ?", (word + "%",)).fetchall()
            if len(rows) == 1:
                return self._record(rows[0])
        return None

    def open_by_code(self, typed: str, *, place: str) -> CodeCheck:
        """The session whose resume code this is; the only way a code typed by the public opens one.

        Wrong tries are counted in the file, per place (kept only as a keyed hash) and per code, so they
        survive restarts, crashes, a right code and new connections. After each wrong try at a place the
        next try there must wait (WAITS, at most 60 seconds); a try during a wait is refused unchecked and
        told what is left. After LOCK_AFTER wrong tries at one code it opens nothing until unlock_code.
        Starting a new conversation never goes through here, so nobody is ever stopped from doing that.
        """
        now = self.clock()
        where = self.keys.place(place)
        with self._write() as connection:
            row = connection.execute("SELECT wrong, last, until FROM tries WHERE place = ?", (where,)).fetchone()
            wrong, last, until = row if row else (0, 0.0, 0.0)
            if now < until:
                return CodeCheck(None, _whole(until - now), False)
            code = normalise(typed)
            session_id, locked = self._match_code(code, count=True) if code else (None, False)
            if session_id is None:
                wrong = 1 if now - last > FORGET_AFTER else wrong + 1
                wait = WAITS[min(wrong, len(WAITS)) - 1]
                connection.execute(
                    "INSERT INTO tries (place, wrong, last, until) VALUES (?,?,?,?) ON CONFLICT(place) DO UPDATE"
                    " SET wrong = excluded.wrong, last = excluded.last, until = excluded.until",
                    (where, wrong, now, now + wait))
                return CodeCheck(None, wait, locked)
        return CodeCheck(self.get(session_id), 0, False)

    def unlock_code(self, session_id: str) -> str:
        """Unlock a session's code by giving it a new one (the old code opens nothing any more)."""
        with self._write() as connection:
            if connection.execute("SELECT 1 FROM sessions WHERE id = ?", (session_id,)).fetchone() is None:
                raise StoreError(NO_SESSION, id=session_id)
            return self._store_code(session_id)

    def code_locked(self, session_id: str) -> bool:
        """Whether this session's code is locked after too many wrong tries."""
        row = self._read("SELECT wrong FROM codes WHERE session_id = ?", (session_id,)).fetchone()
        return bool(row) and row[0] >= LOCK_AFTER

    def _match_code(self, code: str, *, count: bool = False) -> tuple[str | None, bool]:
        """(session id or None, locked) for a code in standard form; inside a transaction.

        With count, a wrong secret at a known locator counts against that code, and a right one clears
        its count. A locked code is refused without its secret being checked.
        """
        locator, secret = split(code)
        row = self.connection.execute("SELECT session_id, secret, wrong FROM codes WHERE locator = ?",
                                      (self.keys.locator(locator),)).fetchone()
        if row is None:
            return self._match_legacy(code), False
        session_id, stored, wrong = row
        if wrong >= LOCK_AFTER:
            return None, True
        if self.keys.matches(session_id, secret, stored or ""):
            if count and wrong:
                self.connection.execute("UPDATE codes SET wrong = 0 WHERE session_id = ?", (session_id,))
            return session_id, False
        if count:
            self.connection.execute("UPDATE codes SET wrong = wrong + 1 WHERE session_id = ?", (session_id,))
            return None, wrong + 1 >= LOCK_AFTER
        return None, False

    def _match_legacy(self, code: str) -> str | None:
        """A session from before schema 2 whose code this is: accepted once by the old check, then kept
        in the keyed form (unless its locator is taken by a newer session: then the old form stays)."""
        row = self.connection.execute("SELECT session_id FROM codes WHERE legacy = ?",
                                      (legacy_hash(code),)).fetchone()
        if row is None:
            return None
        locator, secret = split(code)
        # If the locator is taken, or the file is read-only, the old form still works next time.
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute("UPDATE codes SET locator = ?, secret = ?, legacy = NULL WHERE session_id = ?",
                                    (self.keys.locator(locator), self.keys.secret(row[0], secret), row[0]))
        return str(row[0])

    def list(self, *, mode: str | None = None) -> list[SessionRecord]:
        """Every session, the most recently changed first."""
        if mode is None:
            rows = self._read(f"SELECT {COLUMNS} FROM sessions ORDER BY updated DESC, id").fetchall()
        else:
            rows = self._read(f"SELECT {COLUMNS} FROM sessions WHERE mode = ? ORDER BY updated DESC, id",
                              (mode,)).fetchall()
        return [self._record(r) for r in rows]

    def linked(self, session_id: str) -> builtins.list[SessionRecord]:
        """Sessions linked to this one (a carer's assessment linked to the person's plan).

        The link is sealed, so every session is opened to look; there are only ever a few hundred."""
        found = [r for r in self.list() if r.linked_to == session_id]
        return sorted(found, key=lambda r: (r.created, r.id))

    def answers(self, session_id: str) -> builtins.list[Answer]:
        """Every answer ever given in the session, oldest first (later ones replace earlier)."""
        return self.log(session_id).answers

    def log(self, session_id: str) -> Log:
        """A session's answers and its state as last saved: the saved state with the moves its later answers carry."""
        row = self._read("SELECT state FROM sessions WHERE id = ?", (session_id,)).fetchone()
        state = _json(self.cipher.open(row[0], context=f"{session_id}:state"), {}) if row else {}
        upto = state.pop(UPTO, None)
        upto = upto if isinstance(upto, int) else 0
        rows = self._read("SELECT seq, sealed FROM answers WHERE session_id = ? ORDER BY seq", (session_id,)).fetchall()
        found, spare = [], []
        for seq, sealed in rows:
            text = self.cipher.open(sealed, context=f"{session_id}:answer:{seq}")
            if _is_spare(text):
                spare.append(int(seq))
                continue
            item = json.loads(text)
            found.append(Answer(question=item["question"], status=item["status"], by=item["by"], at=item["at"],
                                value=item.get("value"), seq=seq))
            moves = item.get(MOVES)
            if seq > upto and isinstance(moves, list) and len(moves) == len(LIGHT):
                position, speaker, editing, seen = moves
                state.update(position=position, speaker=speaker, editing=editing,
                             seen=sorted({*state.get("seen", []), *seen}))
        return Log(found, state, spare, found[-1].seq if found else 0)

    def set_content(self, session_id: str, flow: Flow, state: dict[str, Any], now: str, *, upto: int) -> None:
        """Record that a session now follows this version of its flow (`upto`: its last answer's number)."""
        with self._write():
            self._change_about(session_id, flow_version=flow.version, flow_digest=flow.digest,
                               question_ids=_question_ids(flow))
            self.connection.execute("UPDATE sessions SET state = ?, updated = ? WHERE id = ?",
                                    (self.seal_state(session_id, state, upto), now, session_id))

    def set_locale(self, session_id: str, locale: str, now: str) -> None:
        """Record the language a session now speaks (its answers are untouched)."""
        with self._write():
            self._change_about(session_id, locale=locale)
            self.connection.execute("UPDATE sessions SET updated = ? WHERE id = ?", (now, session_id))

    def _change_about(self, session_id: str, **changes: Any) -> None:
        """Change sealed facts about a session (inside a transaction: read, change, seal again)."""
        row = self.connection.execute("SELECT about FROM sessions WHERE id = ?", (session_id,)).fetchone()
        if row is None:
            return
        about = _json(self.cipher.open(row[0], context=f"{session_id}:about"), {})
        about.update(changes)
        self.connection.execute("UPDATE sessions SET about = ? WHERE id = ?",
                                (self._seal_about(session_id, about), session_id))

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
        old = self._read("SELECT id FROM sessions WHERE mode = ? AND updated < ?", (mode, older_than)).fetchall()
        for (session_id,) in old:  # chosen by clear columns only: even a session that cannot be read goes
            try:
                gone += self.delete(session_id)
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
            raise StoreError(NOT_TIDIED, reason=_plain(error)) from None
        finally:
            self.connection.execute("PRAGMA secure_delete=OFF")

    # ----------------------------------------------------------------- writing
    def recorder(self, record: SessionRecord) -> StoredRecorder:
        """The one writer of a session; raises SessionInUse if another program has it."""
        lock = Lock.acquire(self._lock_path(record.id))
        if lock is None:
            raise SessionInUse(IN_USE)
        return StoredRecorder(self, record.id, lock)

    def _lock_path(self, session_id: str) -> Path:
        return self.path.parent / "locks" / f"{session_id}.lock"

    def seal_answer(self, session_id: str, seq: int, answer: Answer, at: str,
                    moves: builtins.list[Any] | None = None) -> bytes:
        """An answer (its question, status, who gave it, when, and value), encrypted for the file.

        `moves` is where the session went with it (see LIGHT), so most answers need no other row written."""
        item: dict[str, Any] = {"question": answer.question, "status": answer.status, "by": answer.by, "at": at,
                                "value": answer.value}
        if moves is not None:
            item[MOVES] = moves
        return self.cipher.seal(json.dumps(item, separators=(",", ":")), context=f"{session_id}:answer:{seq}")

    def _place_answer(self, connection: sqlite3.Connection, session_id: str, answer: Answer, at: str,
                      spare: builtins.list[int], moves: builtins.list[Any] | None = None) -> int:
        """Write an answer into the session's first spare row, adding a block of spare rows when there is none.

        A session has its answer rows in blocks of ANSWER_ROWS, the spare ones sealed like answers, so the
        number of rows (more questions follow some answers: each care need chosen, say) says nothing.
        Spare rows are always the session's last ones, so answers stay in order. `spare` lists the spare
        rows (known from when the session was read, so none is opened here); it is changed in place."""
        if spare:
            seq = spare[0]
            connection.execute("UPDATE answers SET sealed = ? WHERE seq = ?",
                               (self.seal_answer(session_id, seq, answer, at, moves), seq))
            del spare[0]
            return seq
        seq = _next_seq(connection)
        connection.execute("INSERT INTO answers (seq, session_id, sealed) VALUES (?,?,?)",
                           (seq, session_id, self.seal_answer(session_id, seq, answer, at, moves)))
        count = connection.execute("SELECT count(*) FROM answers WHERE session_id = ?", (session_id,)).fetchone()[0]
        spare += self._add_spare(connection, session_id, seq + 1, -count % ANSWER_ROWS)
        return seq

    def _add_spare(self, connection: sqlite3.Connection, session_id: str, first: int,
                   count: int) -> builtins.list[int]:
        """Add `count` spare answer rows from number `first` on (inside a transaction); their numbers."""
        numbers = builtins.list(range(first, first + count))
        sealed = self.cipher.seal_each(SPARE, [f"{session_id}:answer:{seq}" for seq in numbers])
        connection.executemany("INSERT INTO answers (seq, session_id, sealed) VALUES (?,?,?)",
                               [(seq, session_id, blob) for seq, blob in zip(numbers, sealed, strict=True)])
        return numbers

    def seal_state(self, session_id: str, state: dict[str, Any], upto: int = 0) -> bytes:
        """A session's state (names, position, notes), encrypted for the file.

        `upto` is its last answer's number: later answer rows carry the moves made since."""
        return self.cipher.seal(json.dumps({**state, UPTO: upto}), context=f"{session_id}:state")

    def _seal_about(self, session_id: str, about: dict[str, Any]) -> bytes:
        return self.cipher.seal(json.dumps(about), context=f"{session_id}:about")

    def _record(self, row: tuple[Any, ...]) -> SessionRecord:
        session_id, mode, created, updated, about_blob, state = row
        about = _json(self.cipher.open(about_blob, context=f"{session_id}:about"), {})
        saved = _json(self.cipher.open(state, context=f"{session_id}:state"), {})
        saved.pop(UPTO, None)
        return SessionRecord(session_id, str(about.get("flow_id", "")), int(about.get("flow_version", 0)),
                             str(about.get("flow_digest", "")), about.get("council_id"),
                             str(about.get("locale") or "en"), mode, about.get("linked_to"), created, updated,
                             saved, tuple(about.get("question_ids") or ()))

    def _write(self) -> _Transaction:
        return _Transaction(self.connection, self.path)

    def _read(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        try:
            return self.connection.execute(sql, tuple(params))
        except sqlite3.Error as error:
            named = faults.classify(error, self.path)
            raise named or StoreError(NOT_READ, path=str(self.path), reason=_plain(error)) from None


@dataclass
class Log:
    """A session as read from the file: answers, the state to carry on from, the spare rows, the last answer."""

    answers: builtins.list[Answer]
    state: dict[str, Any]
    spare: builtins.list[int]
    last: int


class StoredRecorder:
    """Commits each answer with what changed in the session's state, in one small transaction.

    Usually that is one answer row: the row carries the new position, speaker and info steps seen,
    so the session's own row (its whole sealed state) is written only when something else changed
    (participants, notes, faults, finishing) or without an answer. A state `hold` gives (passing an
    info step, a new speaker) waits for the next commit, or for `close`.
    """

    def __init__(self, store: SessionStore, session_id: str, lock: Lock) -> None:
        self.store = store
        self.session_id = session_id
        self.lock = lock
        self._log: Log | None = None
        self._written: dict[str, Any] = {}  # the state as it is in the file
        self._held: dict[str, Any] | None = None
        self._touched = -math.inf  # time.monotonic() when `updated` was last written
        self._stale = ""  # a time `updated` should show but does not yet

    def prime(self, log: Log) -> None:
        """Start from the session as just read (so the recorder need not read it again)."""
        self._log = log
        self._written = log.state

    def _read(self) -> Log:
        if self._log is None:
            self.prime(self.store.log(self.session_id))
        assert self._log is not None
        return self._log

    def hold(self, state: dict[str, Any]) -> None:
        self._held = state

    def commit(self, answer: Answer | None, state: dict[str, Any]) -> int:
        log = self._read()
        now = answer.at if answer else utc_now()
        moves = _moves(self._written, state) if answer is not None else None
        spare = list(log.spare)
        touch = moves is None or time.monotonic() - self._touched >= TOUCH_EVERY
        try:
            with self.store._write() as connection:
                seq = 0
                if answer is not None:
                    seq = self.store._place_answer(connection, self.session_id, answer, now, spare, moves)
                if moves is None:
                    connection.execute("UPDATE sessions SET state = ?, updated = ? WHERE id = ?",
                                       (self.store.seal_state(self.session_id, state, seq or log.last), now,
                                        self.session_id))
                elif touch:
                    connection.execute("UPDATE sessions SET updated = ? WHERE id = ?", (now, self.session_id))
        except StoreError as error:
            raise SaveFailed(NOT_SAVED, reason=getattr(error, "reason", None) or error.said) from None
        log.spare, log.last = spare, max(log.last, seq)
        self._written, self._held = state, None
        if touch:
            self._touched, self._stale = time.monotonic(), ""
        else:
            self._stale = now
        return seq

    def flush(self) -> None:
        """Write a held state, and the time of the last change, if they are not in the file yet."""
        if self._held is not None:
            self.commit(None, self._held)
        elif self._stale:
            with self.store._write() as connection:
                connection.execute("UPDATE sessions SET updated = ? WHERE id = ?", (self._stale, self.session_id))
            self._stale = ""

    def close(self) -> None:
        try:
            with contextlib.suppress(SaveFailed, StoreError):  # every answer is already in the file
                self.flush()
        finally:
            self.lock.release()

    def __enter__(self) -> StoredRecorder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class WriteFailed(StoreError):
    """A change could not be written; `reason` is the short plain reason, for inside a sentence."""

    def __init__(self, error: sqlite3.Error, path: Path) -> None:
        self.reason = _plain(error)
        named = faults.classify(error, path)
        if named is not None:
            super().__init__(named.said, named.exit_code)
        else:
            super().__init__(NOT_CHANGED, 1, path=str(path), reason=self.reason)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any failure, with a plain message."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path

    def __enter__(self) -> sqlite3.Connection:
        try:
            self.connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            raise WriteFailed(error, self.path) from None
        return self.connection

    def __exit__(self, kind: type | None, error: BaseException | None, tb: object) -> None:
        if kind is None:
            try:
                self.connection.execute("COMMIT")
                return
            except sqlite3.Error as failure:
                error = failure
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute("ROLLBACK")
        if isinstance(error, sqlite3.Error):
            raise WriteFailed(error, self.path) from None


def _plain(error: sqlite3.Error) -> Message:
    """The short reason, for inside a sentence."""
    text = str(error)
    if "full" in text:
        return Message(DISK_FULL)
    if "locked" in text or "busy" in text:
        return Message(BUSY)
    if "readonly" in text or "read-only" in text:
        return Message(READ_ONLY)
    return Message(OTHER_ERROR, error=text)


def _has_data(path: Path) -> bool:
    try:
        return path.stat().st_size > 0
    except OSError:
        return False


def _whole(seconds: float) -> int:
    return max(1, min(WAITS[-1], math.ceil(seconds)))


def _json(text: str, empty: Any) -> Any:
    try:
        loaded = json.loads(text)
    except ValueError:
        return empty
    return loaded if isinstance(loaded, type(empty)) else empty


def _question_ids(flow: Flow) -> list[str]:
    return [step.id for step in flow.questions()]


def _moves(written: dict[str, Any], state: dict[str, Any]) -> list[Any] | None:
    """What an answer row must carry for the file to hold `state`; None if the whole state must be written."""
    if any(state.get(key) != written.get(key) for key in state if key not in LIGHT):
        return None
    if any(key not in state for key in written):
        return None
    before = set(written.get("seen", []))
    seen = state.get("seen", [])
    if not before.issubset(seen):
        return None
    return [state.get("position"), state.get("speaker"), bool(state.get("editing")),
            [step for step in seen if step not in before]]


def _is_spare(text: str) -> bool:
    """A spare answer row (see _place_answer), not an answer."""
    return text == SPARE


def _next_seq(connection: sqlite3.Connection) -> int:
    """The number the next answer will have (known before it is sealed, so the seal can name it)."""
    row = connection.execute("SELECT seq FROM sqlite_sequence WHERE name = 'answers'").fetchone()
    top = connection.execute("SELECT coalesce(max(seq), 0) FROM answers").fetchone()[0]
    return max(int(row[0]) if row else 0, int(top)) + 1
