"""A condition that fails while the conversation runs never hides its question silently."""

from __future__ import annotations

import io
import logging
import shutil
from pathlib import Path

import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content, load_content
from planner.flows.session import HELD_BACK, MemoryRecorder, Session
from planner.flows.view import StepView
from planner.store import SessionStore
from planner.store.opening import resume, start
from planner.ui.app import PlannerApp
from planner.ui.line import converse
from planner.ui.widgets import Static
from tests.conftest import FIXTURES
from tests.ui import screens

# `10 / (age - 70)` divides by zero only when the age given is 70: no check at load can see that coming.
FLOW = """\
flow:
  id: faults
  title: Faults
  for: person
  version: 1
sections:
  - id: about
    title: About you
    steps:
      - id: name
        kind: short_text
        prompt: What would you like me to call you?
      - id: age
        kind: number
        prompt: How old are you?
      - id: ordinary
        kind: yes_no
        prompt: Do you like gardening?
        when: "(name | length) * 10 / (age - 70) > 1"
      - id: safe
        kind: yes_no
        sensitive: true
        prompt: Do you feel safe at home?
        when: "(name | length) * 10 / (age - 70) > 1"
      - id: planner_view
        kind: yes_no
        voice: planner
        prompt: Does the home look safe?
        when: "(name | length) * 10 / (age - 70) > 1"
      - id: last
        kind: short_text
        prompt: Anything else?
"""
NAME = "Zebedee"  # an answer that must never reach a fault record or a log


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "visit-v1" / "councils", root / "councils")
    (root / "flows").mkdir()
    (root / "flows" / "faults.yaml").write_text(FLOW, encoding="utf-8")
    return root


@pytest.fixture
def faulty(folder: Path) -> Content:
    content = load_content(folder)
    assert content.ok, content.problems
    return content


def at(session: Session) -> str:
    view = session.current()
    return view.id if isinstance(view, StepView) else "end"


def line_of(folder: Path, question: str) -> int:
    lines = (folder / "flows" / "faults.yaml").read_text().splitlines()
    start = lines.index(f"      - id: {question}")
    return next(n for n, text in enumerate(lines[start:], start + 1) if "when:" in text)

WITH_PLANNER = [Participant("person", "person"), Participant("planner", "planner", "", "planner")]


def test_an_ordinary_question_is_asked_and_the_fault_recorded(faulty: Content, folder: Path,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    session = Session(faulty.flows["faults"], MemoryRecorder(), council=faulty.council().model_dump(),
                      participants=WITH_PLANNER)  # the planner's question is asked only with a planner there
    with caplog.at_level(logging.WARNING, logger="planner.conditions"):
        assert session.answer(NAME).accepted
        assert session.answer("70").accepted
    assert at(session) == "ordinary"  # before, the fault quietly counted as "no" and the question was gone
    fault = next(f for f in session.faults if f.step == "ordinary")
    assert not fault.held_back and fault.reason == "it divides by zero"
    assert fault.source == "(name | length) * 10 / (age - 70) > 1"
    assert fault.where.endswith(f"faults.yaml:{line_of(folder, 'ordinary')}")
    assert session.fault_count == 3  # the sensitive and the planner's question failed too
    logged = [r for r in caplog.records if r.name == "planner.conditions"]
    assert logged and any("ordinary" in r.getMessage() for r in logged)
    assert all(NAME not in r.getMessage() for r in logged)


def test_no_fault_when_an_answer_is_only_missing(faulty: Content) -> None:
    session = Session(faulty.flows["faults"], MemoryRecorder(), council=faulty.council().model_dump())
    assert session.set_status("skipped").accepted
    assert session.set_status("skipped").accepted
    assert at(session) == "last" and session.faults == []  # "not answered" is not a fault


def test_a_sensitive_question_is_held_back_with_a_note_that_survives_resume(faulty: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, faulty, "faults", participants=WITH_PLANNER)
    session = opened.session
    assert session.answer(NAME).accepted and session.answer("70").accepted
    assert session.answer("yes").accepted  # the ordinary question, asked anyway
    assert at(session) == "last"  # the sensitive and the planner's own question were held back
    held = {f.step for f in session.faults if f.held_back}
    assert held == {"safe", "planner_view"}
    note = HELD_BACK.format(question="Do you feel safe at home?")
    assert note in session.fault_notes()
    record_id = opened.record.id
    opened.close()
    store.close()

    store = SessionStore.in_folder(tmp_path / "data")
    record = store.get(record_id)
    assert record is not None
    reopened = resume(store, faulty, record)
    try:
        again = reopened.session
        assert {f.step for f in again.faults} == {"ordinary", "safe", "planner_view"}
        assert note in again.fault_notes()
        saved = repr(record.state.get("faults"))
        assert NAME not in saved and "'70'" not in saved
    finally:
        reopened.close()
        store.close()


def test_line_mode_check_tells_the_planner(faulty: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, faulty, "faults", mode="planner")
    out = io.StringIO()
    converse(opened, io.StringIO("\n".join([NAME, "70", "check", "stop", ""])), out)
    said = " ".join(out.getvalue().split())
    assert HELD_BACK.format(question="Do you feel safe at home?") in said
    opened.close()
    store.close()


async def test_the_side_panel_tells_the_planner(faulty: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    app = PlannerApp(faulty, store, mode="planner")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await screens.start(pilot, "faults")
            await screens.give(pilot, NAME)
            await screens.give(pilot, "70")
            summary = " ".join(str(app.screen.query_one("#summary-text", Static).render()).split())
            assert HELD_BACK.format(question="Do you feel safe at home?") in summary
    finally:
        store.close()


def test_a_fault_is_forgotten_once_the_content_is_fixed(faulty: Content, folder: Path) -> None:
    recorder = MemoryRecorder()
    session = Session(faulty.flows["faults"], recorder, council=faulty.council().model_dump())
    assert session.answer(NAME).accepted and session.answer("70").accepted
    assert recorder.state["faults"]
    (folder / "flows" / "faults.yaml").write_text(FLOW.replace("(name | length) * 10 / (age - 70) > 1", "age > 1"))
    fixed = load_content(folder)
    again = Session(fixed.flows["faults"], recorder, answers=recorder.answers, state=recorder.state)
    assert again.faults == [] and again.fault_notes() == []
