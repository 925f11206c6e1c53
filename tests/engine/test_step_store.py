"""Each accepted answer is one small durable write; passing a step or changing who answers writes nothing."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

from benchmarks.synthetic import answers, write_flow
from planner.flows.answers import Participant
from planner.flows.loader import Content, load_content
from planner.flows.session import Session
from planner.flows.view import StepView
from planner.store import SessionStore
from planner.store.database import SCHEMA_VERSION
from planner.store.opening import Opened, resume, start

PAGE_FRAME = 4096 + 24  # one page in the write-ahead log


class Watch:
    """What the store's connection writes: each statement as SQLite ran it, and transactions."""

    def __init__(self, store: SessionStore) -> None:
        self.statements: list[str] = []
        self.wal = store.path.with_name(store.path.name + "-wal")
        store.connection.set_trace_callback(self.statements.append)

    def commits(self) -> int:
        return sum(1 for s in self.statements if s.strip().upper() == "COMMIT")

    def wal_size(self) -> int:
        return self.wal.stat().st_size if self.wal.exists() else 0

    def clear(self) -> None:
        self.statements.clear()


def at(session: Session) -> str:
    view = session.current()
    return view.id if isinstance(view, StepView) else "end"


def to_info_step(opened: Opened) -> str:
    """Answer the support plan until an information step shows; its id."""
    session = opened.session
    while True:
        view = session.current()
        assert isinstance(view, StepView)
        if not view.is_question:
            return view.id
        if view.question is not None and view.question.required:
            raw = view.choices[0][0] if view.choices else "Ann"
            assert session.answer(raw).accepted, view.id
        else:
            assert session.set_status("skipped").accepted


def test_passing_an_information_step_writes_nothing_yet_resuming_lands_after_it(content: Content,
                                                                                 tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, content, "support-plan")
    info = to_info_step(opened)
    watch = Watch(store)
    other = sqlite3.connect(store.path)
    version = other.execute("PRAGMA data_version").fetchone()[0]
    size = watch.wal_size()
    assert opened.session.proceed().accepted
    after = at(opened.session)
    assert after != info
    assert watch.commits() == 0 and watch.wal_size() == size
    assert other.execute("PRAGMA data_version").fetchone()[0] == version
    other.close()
    opened.close()
    store.close()
    store = SessionStore.in_folder(tmp_path)
    record = store.get(opened.record.id)
    assert record is not None
    again = resume(store, content, record)
    assert at(again.session) == after
    again.close()
    store.close()


def test_the_place_passed_to_rides_with_the_next_answer(content: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, content, "support-plan")
    info = to_info_step(opened)
    opened.session.proceed()
    view = opened.session.current()
    assert isinstance(view, StepView) and view.is_question
    watch = Watch(store)
    if view.question is not None and view.question.required:
        assert opened.session.answer(view.choices[0][0] if view.choices else "Ann").accepted
    else:
        assert opened.session.set_status("skipped").accepted
    assert watch.commits() == 1
    now = at(opened.session)
    # Read from the file as it is (the session is still open: nothing more is written on closing).
    log = SessionStore.in_folder(tmp_path).log(opened.record.id)
    assert log.state["position"] == now and info in log.state["seen"]
    opened.close()
    store.close()


def test_another_participants_answer_is_one_transaction(content: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, content, "support-plan",
                   participants=[Participant("ann", "person", "Ann"), Participant("sue", "carer", "Sue")])
    session = opened.session
    while not (isinstance(view := session.current(), StepView) and view.is_question):
        session.proceed()
    watch = Watch(store)
    assert session.set_speaker("sue").accepted
    assert watch.commits() == 0
    outcome = session.set_status("not_sure") if view.question and view.question.not_sure else session.answer("Sue")
    assert outcome.accepted
    assert session.set_speaker("ann").accepted
    assert watch.commits() == 1
    opened.close()
    store.close()
    store = SessionStore.in_folder(tmp_path)
    record = store.get(opened.record.id)
    assert record is not None
    assert [a.by for a in store.answers(record.id)][-1] == "sue"
    store.close()


def synthetic(tmp_path: Path, size: int) -> tuple[SessionStore, Opened, list[tuple[str, str]]]:
    content = load_content(write_flow(tmp_path / f"content{size}", size))
    store = SessionStore.in_folder(tmp_path / f"data{size}")
    return store, start(store, content, "synthetic"), answers(size)


def test_an_answer_writes_one_row_and_one_page_and_the_state_is_not_written_again(tmp_path: Path) -> None:
    store, opened, given = synthetic(tmp_path, 300)
    watch = Watch(store)
    frames = []
    for _, raw in given:
        size = watch.wal_size()
        watch.clear()
        assert opened.session.answer(raw).accepted
        assert watch.commits() == 1
        frames.append((watch.wal_size() - size) // PAGE_FRAME)
        assert not any("SET state" in s for s in watch.statements)
        # No answer row is read back (nor opened) to find where the next one goes.
        assert not any(s.lstrip().upper().startswith("SELECT") and "sealed" in s for s in watch.statements)
    assert sorted(frames)[len(frames) // 2] == 1
    opened.close()
    store.close()


def written(statements: list[str]) -> int:
    """Bytes of values written: the hex of every blob in the statements."""
    return sum(len(blob) // 2 for blob in re.findall(r"x'([0-9a-f]*)'", "".join(statements), re.IGNORECASE))


def test_what_a_commit_writes_does_not_grow_with_the_steps_seen(content: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, content, "support-plan")
    watch = Watch(store)
    session = opened.session
    sizes = []
    while isinstance(view := session.current(), StepView):
        if not view.is_question:
            session.proceed()
            continue
        watch.clear()
        if view.question is not None and view.question.required:
            assert session.answer(view.choices[0][0] if view.choices else "Ann").accepted
        else:
            assert session.set_status("skipped").accepted
        sizes.append(written(watch.statements))
    first, last = sorted(sizes[:10])[5], sorted(sizes[-10:])[5]  # medians: a new block of spare rows is rare
    assert len(sizes) > 20 and last <= first < 600, sizes
    opened.close()
    store.close()


def test_a_file_of_schema_3_opens_and_carries_on_where_it_was(tmp_path: Path) -> None:
    content = load_content(write_flow(tmp_path / "content", 40))
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, content, "synthetic")
    session_id = opened.record.id
    for _, raw in answers(40)[:5]:
        opened.session.answer(raw)
    where = at(opened.session)
    state = opened.session.state()
    opened.close()
    # The file as schema 3 wrote it: the whole state in the session's row, answer rows without moves.
    connection = store.connection
    rows = connection.execute("SELECT seq, sealed FROM answers WHERE session_id = ?", (session_id,)).fetchall()
    for seq, sealed in rows:
        text = store.cipher.open(sealed, context=f"{session_id}:answer:{seq}")
        if text != "spare":
            item = json.loads(text)
            item.pop("~", None)
            connection.execute("UPDATE answers SET sealed = ? WHERE seq = ?",
                               (store.cipher.seal(json.dumps(item), context=f"{session_id}:answer:{seq}"), seq))
    connection.execute("UPDATE sessions SET state = ? WHERE id = ?",
                       (store.cipher.seal(json.dumps(state), context=f"{session_id}:state"), session_id))
    connection.execute("PRAGMA user_version=3")
    store.close()
    store = SessionStore.in_folder(tmp_path / "data")
    assert store.connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    record = store.get(session_id)
    assert record is not None
    again = resume(store, content, record)
    assert at(again.session) == where
    assert [a.question for a in store.answers(session_id)] == [q for q, _ in answers(40)[:5]]
    again.close()
    store.close()
