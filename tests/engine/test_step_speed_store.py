"""What one answer costs the store: a new session comes with its spare rows, so every answer, the first too,
is one sealed row changed in one small transaction."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from benchmarks.synthetic import answers, write_flow
from planner.flows.loader import load_content
from planner.store import SessionStore
from planner.store.crypto import DecryptFailed
from planner.store.opening import start
from planner.store.sessions import ANSWER_ROWS


def test_every_answer_from_the_first_changes_one_row_in_one_transaction(tmp_path: Path) -> None:
    content = load_content(write_flow(tmp_path / "content", 100))
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, content, "synthetic")
    statements: list[str] = []
    store.connection.set_trace_callback(statements.append)
    for _, raw in answers(100)[:ANSWER_ROWS - 1]:
        statements.clear()
        assert opened.session.answer(raw).accepted
        words = [s.split()[0].upper() for s in statements]
        assert words[0] == "BEGIN" and words[-1] == "COMMIT", statements
        assert words.count("UPDATE") <= 2 and words.count("INSERT") == 0 and "SELECT" not in words, statements
        assert sum(1 for s in statements if "UPDATE answers" in s) == 1
    opened.close()
    store.close()


def test_a_new_session_has_a_block_of_spare_rows_and_none_is_read_back_as_an_answer(tmp_path: Path) -> None:
    content = load_content(write_flow(tmp_path / "content", 100))
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, content, "synthetic")
    session_id = opened.record.id
    rows = store.connection.execute("SELECT count(*) FROM answers WHERE session_id = ?", (session_id,)).fetchone()[0]
    assert rows == ANSWER_ROWS
    given = answers(100)
    assert len(given) > ANSWER_ROWS + 3
    for _, raw in given[:ANSWER_ROWS + 3]:  # past the first block: a second one is added
        assert opened.session.answer(raw).accepted
    opened.close()
    store.close()
    # A fresh connection sees every answer, in order, and the rows still come in whole blocks.
    again = SessionStore.in_folder(tmp_path / "data")
    assert [a.question for a in again.answers(session_id)] == [q for q, _ in given[:ANSWER_ROWS + 3]]
    with sqlite3.connect(again.path) as plain:
        count = plain.execute("SELECT count(*) FROM answers WHERE session_id = ?", (session_id,)).fetchone()[0]
    assert count == 2 * ANSWER_ROWS
    again.close()


def test_spare_rows_sealed_together_are_each_sealed_on_their_own(tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    contexts = [f"s:answer:{n}" for n in range(ANSWER_ROWS)]
    sealed = store.cipher.seal_each("spare", contexts)
    assert len({blob[1:13] for blob in sealed}) == ANSWER_ROWS  # a nonce of its own each
    assert len({len(blob) for blob in sealed}) == 1
    assert len(sealed[0]) == len(store.cipher.seal("spare", context=contexts[0]))  # as big as one sealed alone
    assert [store.cipher.open(blob, context=c) for blob, c in zip(sealed, contexts, strict=True)] == ["spare"] * 32
    with pytest.raises(DecryptFailed):
        store.cipher.open(sealed[0], context=contexts[1])  # bound to its own row
    store.close()
