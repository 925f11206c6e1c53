"""Hostile input: odd answers of every kind, a full disk, and two programs writing at once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.flows.session import MemoryRecorder, Session
from planner.questions import KINDS
from planner.questions.base import Invalid, Parsed
from planner.store import SessionStore
from planner.store.opening import resume, start
from tests.conftest import FIXTURES, ROOT, environment

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp", "So", "Sk"]), max_size=80),
    st.sampled_from(["\x1b[2J\x1b[H", "\x1b]0;owned\x07", "\u202egnp.exe", "<script>alert(1)</script>", "{{ 7*7 }}",
                     "[[respite]]", "£", "£-0", "1e309", "NaN", "inf", "-0", "0x10", "\uff11\uff12\uff10", "٣", "½",
                     "🙂" * 50, "a" * 100_000, "\x00",
                     "\ud800".encode("utf-8", "surrogatepass").decode("utf-8", "replace")]),
    st.integers(), st.floats(allow_nan=True), st.booleans(), st.none(),
    st.lists(st.text(max_size=20), max_size=5), st.dictionaries(st.text(max_size=10), st.text(max_size=10), max_size=3),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=HOSTILE)
def test_every_kind_takes_anything_and_answers_plainly(kinds: Content, raw: object) -> None:
    flow = kinds.flows["kinds"]
    for step in flow.questions():
        result = KINDS[step.model.kind].parse(step.model, raw)
        assert isinstance(result, (Parsed, Invalid))
        if isinstance(result, Invalid):
            text = result.text()
            assert text.strip() and not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in text), text
        else:
            assert "\x1b" not in repr(result.value) and "\u202e" not in repr(result.value)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.text(max_size=2000))
def test_typed_text_is_kept_clean_and_shown_safely(visit: Content, raw: str) -> None:
    session = Session(visit.flows["visit"], MemoryRecorder(), council=visit.council().model_dump())
    outcome = session.answer(raw)
    if outcome.accepted:
        value = session.primary("name").value  # type: ignore[union-attr]
        assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0x202A <= ord(c) <= 0x202E for c in value)
        assert "\x1b" not in outcome.ack


def test_a_full_disk_loses_nothing_already_saved(tmp_path: Path, visit: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, visit, "visit", participants=[Participant("ann", "person", "Ann")])
    assert opened.session.answer("Ann").accepted
    pages = store.connection.execute("PRAGMA page_count").fetchone()[0]
    store.connection.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    big = opened.session.add_note("n" * 50_000)  # needs new pages
    assert not big.accepted and "the disk is full" in big.problem and "Everything before it is safe" in big.problem
    opened.close()
    store.close()
    again = SessionStore.in_folder(tmp_path)
    record = again.get(opened.record.id)
    assert record is not None
    reopened = resume(again, visit, record)
    assert reopened.session.primary("name").value == "Ann"  # type: ignore[union-attr]
    assert reopened.session.notes == []
    reopened.close()


def test_two_programs_writing_different_sessions_at_once(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  name: Ann\n  helpers: 'no'\n  mood: good\n  anything_else: nothing\n")
    runs = [subprocess.Popen([sys.executable, "-m", "planner", "run", "visit", "--content", str(FIXTURES / "visit-v1"),
                              "--answers", str(answers), "--out", str(tmp_path / f"out{n}"), "--data-dir",
                              str(tmp_path / "data")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=environment(tmp_path / "data"), cwd=ROOT) for n in range(4)]
    results = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0, 0, 0], results
    store = SessionStore.in_folder(tmp_path / "data")
    sessions = store.list()
    assert len(sessions) == 4
    assert all([a.value for a in store.answers(s.id)][:2] == ["Ann", "no"] for s in sessions)
    assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
