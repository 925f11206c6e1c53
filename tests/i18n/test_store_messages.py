"""Messages from the store reach people in their own language; the store itself keeps English for logs."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.i18n import catalogues
from planner.store import SessionStore, StoreError
from planner.store.opening import start
from tests.conftest import ROOT, environment


def test_an_answer_that_cannot_be_saved_is_told_in_welsh_in_a_welsh_conversation(tmp_path: Path,
                                                                                visit: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, visit, "visit", participants=[Participant("ann", "person", "Ann")], locale="cy")
    store.connection.execute("PRAGMA busy_timeout=0")  # another program holds the file: fail at once
    other = sqlite3.connect(tmp_path / "sessions.db", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        outcome = opened.session.answer("Ann")
    finally:
        other.execute("ROLLBACK")
        other.close()
        opened.close()
        store.close()
    assert not outcome.accepted
    assert "Doedd dim modd cadw eich ateb diwethaf" in outcome.problem
    assert "mae'r ffeil ddata yn brysur" in outcome.problem  # the reason inside it is Welsh too
    assert "could not be saved" not in outcome.problem


def test_a_store_error_is_welsh_for_a_welsh_front_end_and_english_in_logs(tmp_path: Path) -> None:
    path = tmp_path / "sessions.db"
    path.write_text("my shopping list\n")
    with pytest.raises(StoreError) as caught:
        SessionStore(path)
    error = caught.value
    assert str(error).startswith(f"{path} is not a planner data file")
    welsh = error.text(catalogues.load("cy"))
    assert str(path) in welsh
    assert "not a planner data file" not in welsh
    assert welsh == catalogues.load("cy").gettext(error.message, **error.params)


def test_a_special_file_names_what_it_is_in_welsh(tmp_path: Path) -> None:
    (tmp_path / "sessions.db").mkdir()
    with pytest.raises(StoreError) as caught:
        SessionStore(tmp_path / "sessions.db")
    assert "a folder" in str(caught.value)
    assert "ffolder" in caught.value.text(catalogues.load("cy"))


def test_the_command_line_says_a_store_fault_in_welsh_with_lang_cy(tmp_path: Path) -> None:
    (tmp_path / "sessions.db").write_text("my shopping list\n")
    done = subprocess.run([sys.executable, "-m", "planner", "--lang", "cy", "sessions", "list",
                           "--data-dir", str(tmp_path)], capture_output=True, text=True, env=environment(tmp_path),
                          cwd=ROOT, timeout=60)
    assert done.returncode == 1
    assert "not a planner data file" not in done.stderr
    assert "ffeil ddata planner" in done.stderr
