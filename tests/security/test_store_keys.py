"""The key is not kept in clear beside the data (#13, point 5): a passphrase wraps the key file,
PLANNER_KEY and PLANNER_KEY_FILE keep it elsewhere, and no key is ever made for an existing store."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pexpect
import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.store import SessionStore, StoreError, faults
from planner.store.crypto import new_key
from planner.store.opening import start
from tests.conftest import PLANNER, ROOT, TEST_KEY, environment

PASSPHRASE = "a walk by the river"


@pytest.fixture
def no_key(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    monkeypatch.delenv("PLANNER_KEY")
    return monkeypatch


def fill(folder: Path, content: Content) -> str:
    store = SessionStore.in_folder(folder)
    opened = start(store, content, "visit", participants=[Participant("ann", "person", "Ann")])
    opened.session.answer("Ann Smith-Jones")
    opened.close()
    store.close()
    return opened.record.id


def digest(*paths: Path) -> str:
    return hashlib.sha256(b"".join(p.read_bytes() for p in paths if p.exists())).hexdigest()


def test_the_key_file_is_wrapped_by_a_slow_passphrase(tmp_path: Path, visit: Content,
                                                      no_key: pytest.MonkeyPatch) -> None:
    no_key.setenv("PLANNER_PASSPHRASE", PASSPHRASE)
    session_id = fill(tmp_path, visit)
    wrapped = json.loads((tmp_path / "key").read_text())
    assert wrapped["format"] == "planner-key" and wrapped["version"] == 1
    assert wrapped["kdf"] == "scrypt" and wrapped["n"] >= 2**17 and wrapped["r"] == 8 and wrapped["p"] == 1
    assert len(base64.urlsafe_b64decode(wrapped["salt"])) >= 16
    assert SessionStore.in_folder(tmp_path).answers(session_id)[0].value == "Ann Smith-Jones"

    before = digest(tmp_path / "key", tmp_path / "sessions.db")
    no_key.setenv("PLANNER_PASSPHRASE", "not the right one at all")
    with pytest.raises(StoreError, match="That passphrase does not open the key") as error:
        SessionStore.in_folder(tmp_path)
    assert error.value.exit_code == faults.WRONG_KEY
    assert digest(tmp_path / "key", tmp_path / "sessions.db") == before


def test_an_old_clear_key_file_is_wrapped_on_first_open(tmp_path: Path, visit: Content, no_key: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    no_key.setenv("PLANNER_KEY", TEST_KEY)
    session_id = fill(tmp_path, visit)
    no_key.delenv("PLANNER_KEY")
    (tmp_path / "key").write_text(TEST_KEY + "\n")  # as earlier versions kept it
    no_key.setenv("PLANNER_PASSPHRASE", PASSPHRASE)
    store = SessionStore.in_folder(tmp_path)
    assert store.answers(session_id)[0].value == "Ann Smith-Jones"
    assert "now locked with your passphrase" in capsys.readouterr().err
    text = (tmp_path / "key").read_text()
    assert TEST_KEY not in text and '"kdf": "scrypt"' in text
    assert oct((tmp_path / "key").stat().st_mode & 0o777) == "0o600"
    assert not list(tmp_path.glob(".key.*"))  # replaced whole, nothing left half-written
    store.close()
    assert SessionStore.in_folder(tmp_path).answers(session_id)[0].value == "Ann Smith-Jones"


def test_a_missing_key_with_an_existing_store_is_said_and_no_key_is_made(
        tmp_path: Path, visit: Content, no_key: pytest.MonkeyPatch) -> None:
    no_key.setenv("PLANNER_PASSPHRASE", PASSPHRASE)
    fill(tmp_path, visit)
    (tmp_path / "key").unlink()
    before = digest(tmp_path / "sessions.db")
    with pytest.raises(StoreError, match=r"the saved conversations in .* is missing") as error:
        SessionStore.in_folder(tmp_path)
    assert error.value.exit_code == faults.KEY_MISSING and "no new key was made" in str(error.value)
    assert not (tmp_path / "key").exists()
    assert digest(tmp_path / "sessions.db") == before


def test_a_key_file_elsewhere(tmp_path: Path, visit: Content, no_key: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "credentials" / "planner-key"
    elsewhere.parent.mkdir()
    elsewhere.write_text(new_key() + "\n")
    no_key.setenv("PLANNER_KEY_FILE", str(elsewhere))
    session_id = fill(tmp_path / "data", visit)
    assert not (tmp_path / "data" / "key").exists()
    assert SessionStore.in_folder(tmp_path / "data").answers(session_id)[0].value == "Ann Smith-Jones"
    elsewhere.write_bytes(b"x" * 100_000)
    with pytest.raises(StoreError, match="far too big"):
        SessionStore.in_folder(tmp_path / "data")
    no_key.setenv("PLANNER_KEY_FILE", str(tmp_path / "gone"))
    with pytest.raises(StoreError, match="is not there") as error:
        SessionStore.in_folder(tmp_path / "data")
    assert error.value.exit_code == faults.KEY_MISSING


def test_with_no_key_and_no_terminal_the_command_says_what_to_set(tmp_path: Path, no_key: pytest.MonkeyPatch) -> None:
    env = {k: v for k, v in environment(tmp_path / "data").items() if k != "PLANNER_KEY"}
    result = subprocess.run([*PLANNER, "sessions", "list"], env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == faults.NO_KEY_SOURCE
    assert "PLANNER_PASSPHRASE" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_planner_key_prints_a_raw_key_that_opens_a_store(tmp_path: Path, visit: Content,
                                                        no_key: pytest.MonkeyPatch) -> None:
    printed = subprocess.run([*PLANNER, "key"], env=environment(tmp_path), cwd=ROOT, capture_output=True,
                             text=True, timeout=60).stdout.strip()
    assert len(base64.urlsafe_b64decode(printed)) == 32
    no_key.setenv("PLANNER_KEY", printed)
    fill(tmp_path, visit)
    assert not (tmp_path / "key").exists()


def test_at_a_terminal_a_passphrase_is_chosen_once_then_asked(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {k: v for k, v in environment(data).items() if k != "PLANNER_KEY"}
    child = pexpect.spawn(PLANNER[0], [*PLANNER[1:], "sessions", "list"], env=env, cwd=str(ROOT), timeout=30)
    child.expect_exact(b"Choose a passphrase to lock")
    child.expect_exact(b"Choose a passphrase: ")
    child.sendline(b"short")
    child.expect_exact(b"That is too short")
    child.expect_exact(b"Choose a passphrase: ")
    child.sendline(PASSPHRASE.encode())
    child.expect_exact(b"Type the same passphrase again: ")
    child.sendline(PASSPHRASE.encode())
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    assert PASSPHRASE.encode() not in (child.before or b"")
    assert (data / "key").exists() and (data / "sessions.db").exists()

    child = pexpect.spawn(PLANNER[0], [*PLANNER[1:], "sessions", "list"], env=env, cwd=str(ROOT), timeout=30)
    for _ in range(3):
        child.expect_exact(b"Passphrase: ")
        child.sendline(b"not it, not it")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == faults.WRONG_KEY
    assert b"That passphrase does not open the key" in (child.before or b"")

    child = pexpect.spawn(PLANNER[0], [*PLANNER[1:], "sessions", "list"], env=env, cwd=str(ROOT), timeout=30)
    child.expect_exact(b"Passphrase: ")
    child.sendline(PASSPHRASE.encode())
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_the_key_file_is_never_read_from_a_fifo_or_device(tmp_path: Path, no_key: pytest.MonkeyPatch) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    env = {k: v for k, v in environment(tmp_path / "data").items() if k != "PLANNER_KEY"}
    for source in (fifo, Path("/dev/zero")):
        result = subprocess.run([*PLANNER, "sessions", "list"], env={**env, "PLANNER_KEY_FILE": str(source)},
                                cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
        assert result.returncode == faults.SPECIAL_FILE, result.stderr
        assert "is not a plain file" in result.stderr
    (tmp_path / "data").mkdir(exist_ok=True)
    os.mkfifo(tmp_path / "data" / "key")
    env["PLANNER_PASSPHRASE"] = PASSPHRASE
    result = subprocess.run([*PLANNER, "sessions", "list"], env=env, cwd=ROOT, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == faults.SPECIAL_FILE and "(it is a pipe)" in result.stderr


def test_a_program_that_starts_others_can_hand_them_the_key(tmp_path: Path, visit: Content,
                                                            no_key: pytest.MonkeyPatch) -> None:
    from planner.store.keys import FromEnvironment, key_for_children

    no_key.setenv("PLANNER_PASSPHRASE", PASSPHRASE)
    fill(tmp_path, visit)
    text = key_for_children(tmp_path, FromEnvironment(PASSPHRASE))
    no_key.delenv("PLANNER_PASSPHRASE")
    no_key.setenv("PLANNER_KEY", text)
    assert SessionStore.in_folder(tmp_path).list()


def test_an_old_clear_key_file_is_removed_once_the_same_key_is_given_from_elsewhere(tmp_path: Path, visit: Content,
                                                                                    no_key: pytest.MonkeyPatch) -> None:
    """A kiosk moved to PLANNER_KEY must not keep the old clear copy beside the data; another key's file is kept."""
    key = new_key()
    (tmp_path / "key").write_text(key + "\n")
    no_key.setenv("PLANNER_KEY", key)
    session_id = fill(tmp_path, visit)
    assert not (tmp_path / "key").exists()
    assert SessionStore.in_folder(tmp_path).answers(session_id)[0].value == "Ann Smith-Jones"

    other = tmp_path / "other"
    other.mkdir()
    (other / "key").write_text(new_key() + "\n")  # not the key in use: not ours to remove
    store = SessionStore.in_folder(other)
    store.close()
    assert (other / "key").exists()
