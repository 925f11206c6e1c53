"""Resume codes (#13, point 3): only the code opens a session; wrong tries are counted in the store,
per place and per code, survive restarts, and the wait is exact and never more than a minute."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.store import CodeCheck, SessionStore
from planner.store.codes import legacy_hash
from planner.store.crypto import load_key
from planner.store.opening import start
from planner.store.sessions import LOCK_AFTER
from tests.security.version1 import make_version_1


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def opened_store(folder: Path, clock: Clock) -> SessionStore:
    store = SessionStore.in_folder(folder)
    store.clock = clock
    return store


def new_session(store: SessionStore, content: Content, mode: str = "kiosk") -> tuple[str, str]:
    opened = start(store, content, "visit", participants=[Participant("ann", "person", "Ann")], mode=mode)
    opened.session.answer("Ann Smith-Jones")
    opened.close()
    return opened.record.id, opened.code


def wrong_secret(code: str) -> str:
    """The same locator (first group) with another secret."""
    last = "A" if code[-1] != "A" else "C"
    return code[:-1] + last


def test_only_the_code_opens_a_session_never_its_id_or_a_prefix(tmp_path: Path, visit: Content) -> None:
    clock = Clock()
    store = opened_store(tmp_path, clock)
    session_id, code = new_session(store, visit)
    for typed in (session_id, session_id[:8], session_id[:12].upper()):
        check = store.open_by_code(typed, place="kiosk")
        assert check.record is None
        clock.now += 61
    check = store.open_by_code(code.lower().replace("-", " "), place="kiosk")
    assert check == CodeCheck(check.record, 0, False) and check.record and check.record.id == session_id


def test_the_wait_is_exact_grows_is_capped_and_survives_a_restart(tmp_path: Path, visit: Content) -> None:
    clock = Clock()
    store = opened_store(tmp_path, clock)
    _, code = new_session(store, visit)
    waits = []
    for _ in range(9):
        check = store.open_by_code("AAAA-AAAA-AAAA", place="kiosk")
        assert check.record is None
        waits.append(check.wait)
        clock.now += check.wait
    assert waits == [0, 5, 10, 20, 40, 60, 60, 60, 60]
    store.close()

    store = opened_store(tmp_path, clock)  # a restart (or a crash, or a new browser connection)
    check = store.open_by_code("AAAA-AAAA-AAAA", place="kiosk")
    assert check.wait == 60
    clock.now += 18.2
    # A try during a wait is refused without being checked, even with the right code, and says what is left.
    assert store.open_by_code(code, place="kiosk") == CodeCheck(None, 42, False)
    clock.now += 42
    right = store.open_by_code(code, place="kiosk")
    assert right.record is not None and right.wait == 0
    # A right code does not wipe the count: the next wrong try still waits the longest.
    assert store.open_by_code("AAAA-AAAA-AAAA", place="kiosk").wait == 60


def test_wrong_tries_are_per_place_and_the_place_is_kept_only_as_a_keyed_hash(tmp_path: Path, visit: Content) -> None:
    clock = Clock()
    store = opened_store(tmp_path, clock)
    _, code = new_session(store, visit)
    for _ in range(3):
        store.open_by_code("AAAA-AAAA-AAAA", place="library-kiosk-7")
    assert store.open_by_code(code, place="library-kiosk-7").record is None
    assert store.open_by_code(code, place="office-kiosk-2").record is not None
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("sessions.db*"))
    assert b"library-kiosk-7" not in raw


def test_a_code_is_locked_after_five_wrong_tries_at_it_until_unlocked(tmp_path: Path, visit: Content) -> None:
    clock = Clock()
    store = opened_store(tmp_path, clock)
    session_id, code = new_session(store, visit)
    for attempt in range(1, LOCK_AFTER + 1):
        check = store.open_by_code(wrong_secret(code), place=f"kiosk-{attempt}")  # even spread over places
        assert check.record is None and check.locked == (attempt == LOCK_AFTER)
    clock.now += 3600
    store.close()
    store = opened_store(tmp_path, clock)
    locked = store.open_by_code(code, place="kiosk-fresh")
    assert locked.record is None and locked.locked
    assert store.find(code) is None  # the command line cannot get round the lock with the code either
    assert store.code_locked(session_id)

    new = store.unlock_code(session_id)
    assert new != code
    clock.now += 3600
    assert store.open_by_code(code, place="kiosk-fresh").record is None
    clock.now += 3600
    opened = store.open_by_code(new, place="kiosk-fresh")
    assert opened.record is not None and opened.record.id == session_id
    assert not store.code_locked(session_id)


def test_a_wait_never_stops_anyone_starting_a_new_conversation(tmp_path: Path, visit: Content) -> None:
    clock = Clock()
    store = opened_store(tmp_path, clock)
    for _ in range(6):
        store.open_by_code("AAAA-AAAA-AAAA", place="kiosk")
    assert store.open_by_code("AAAA-AAAA-AAAA", place="kiosk").wait > 0
    _, code = new_session(store, visit)
    assert code


def test_find_counts_nothing_and_codes_are_kept_only_as_keyed_hashes(tmp_path: Path, visit: Content) -> None:
    clock = Clock()
    store = opened_store(tmp_path, clock)
    session_id, code = new_session(store, visit)
    for _ in range(10):
        assert store.find(wrong_secret(code)) is None
    assert not store.code_locked(session_id)
    assert store.open_by_code(code, place="kiosk").record is not None
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("sessions.db*"))
    for form in (code, code.replace("-", ""), code[:4], legacy_hash(code)):
        assert form.encode() not in raw


def test_a_session_from_an_older_version_opens_once_by_its_old_code_then_moves_on(
        tmp_path: Path, visit: Content) -> None:
    key = load_key(tmp_path / "elsewhere")
    make_version_1(tmp_path, key, session_id="ab" * 16, code="KM4P-XT7C-FAQ9", flow_id="visit",
                   digest=visit.flows["visit"].digest, answers=[("name", "answered", "Ann")],
                   state={"participants": [{"id": "person", "role": "person", "name": "Ann"}]}, key_file=True)
    clock = Clock()
    store = opened_store(tmp_path, clock)
    assert store.connection.execute("SELECT legacy FROM codes").fetchone()[0] == legacy_hash("KM4P-XT7C-FAQ9")
    check = store.open_by_code("km4p xt7c faq9", place="kiosk")
    assert check.record is not None and check.record.id == "ab" * 16
    assert [a.value for a in store.answers("ab" * 16)] == ["Ann"]
    row = store.connection.execute("SELECT locator, secret, legacy FROM codes").fetchone()
    assert row[0] and row[1] and row[2] is None  # now kept only in the keyed form
    store.close()
    store = opened_store(tmp_path, clock)
    assert store.open_by_code("KM4P-XT7C-FAQ9", place="kiosk").record is not None
    assert store.open_by_code("KM4P-XT7C-FAQ7", place="kiosk").record is None
    store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert legacy_hash("KM4P-XT7C-FAQ9").encode() not in (tmp_path / "sessions.db").read_bytes()


@pytest.mark.parametrize("typed", ["", "   ", "x" * 10_000, "\x1b]0;hi\x07", "KM4P"])
def test_odd_input_is_a_wrong_try_and_nothing_else(tmp_path: Path, visit: Content, typed: str) -> None:
    store = opened_store(tmp_path, Clock())
    new_session(store, visit)
    check = store.open_by_code(typed, place="kiosk")
    assert check.record is None and not check.locked
