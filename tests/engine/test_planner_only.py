"""Planner-voiced questions (the council's decisions, the planner's own record) are never asked at a kiosk or in
self-service; with a planner there they are. Played through the real store, with the need-not-met persona's answers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.flows.view import EndView, Progress
from planner.store import SessionStore
from planner.store.opening import Opened, resume, start
from tests.personas.runner import PERSONAS, _entries

PERSONA = PERSONAS / "support-plan" / "need-not-met.yaml"
HAROLD = Participant("harold", "person", "Harold")
PLANNER = Participant("planner", "planner", "Priya Shah", "social worker")


def planner_voiced(content: Content) -> set[str]:
    flow = content.flows["support-plan"]
    return {s.id for s in flow.questions() if getattr(s.model, "voice", "any") == "planner"}


def walk(opened: Opened, progress: list[Progress] | None = None) -> list[str]:
    """Answer every question the session asks with the persona's answers (the person's, or else the planner's)."""
    answers: dict[str, Any] = yaml.safe_load(PERSONA.read_text(encoding="utf-8"))["answers"]
    session = opened.session
    asked = []
    while not isinstance(view := session.current(), EndView):
        if not view.is_question:
            session.proceed()
            continue
        asked.append(view.id)
        if progress is not None:
            progress.append(view.progress)
        entries = _entries(PERSONA, answers[view.id]) if view.id in answers else []
        outcome = session.answer(entries[0].raw) if entries else session.set_status("skipped")
        assert outcome.accepted, (view.id, outcome.problem)
    return asked


@pytest.mark.parametrize("mode", ["kiosk", "self"])
def test_no_planner_voiced_question_is_asked_without_a_planner(mode: str, tmp_path: Path, content: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, content, "support-plan", participants=[HAROLD], mode=mode)
    try:
        progress: list[Progress] = []
        asked = walk(opened, progress)
        assert {"dp_amount", "dp_frequency", "dp_needs"} <= set(asked)  # the person's own part is asked
        # A section of the planner's questions alone is not counted in "section 3 of 10".
        sections = list(dict.fromkeys(p.section_id for p in progress))
        assert "council_decision" not in sections
        first = next(n for n, p in enumerate(progress) if p.section_id == "direct_payment")
        assert {p.section_count for p in progress[first:]} == {len(sections)}
        assert not planner_voiced(content) & set(asked)
        assert "needs_decision" in planner_voiced(content) and "needs_not_met" in planner_voiced(content)
        # Nor are they left over as "still to ask" in the documents made there.
        assert not {item.id for section in opened.session.review() for item in section.items} & planner_voiced(content)
    finally:
        opened.close()
        store.close()


def test_with_a_planner_there_the_councils_decision_is_asked(tmp_path: Path, content: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, content, "support-plan", participants=[HAROLD, PLANNER], mode="planner")
    try:
        asked = walk(opened)
        assert {"needs_decision", "needs_not_met"} <= set(asked)
    finally:
        opened.close()
        store.close()


def test_a_kiosk_conversation_opened_again_at_the_kiosk_still_asks_none(tmp_path: Path, content: Content) -> None:
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, content, "support-plan", participants=[HAROLD], mode="kiosk")
    record = opened.record
    opened.close()
    try:
        again = resume(store, content, record, place="kiosk")
        try:
            assert not planner_voiced(content) & set(walk(again))
        finally:
            again.close()
        # The planner opening it later, in planner mode, is asked for the council's decision.
        later = resume(store, content, record, place="planner")
        try:
            assert later.session.walk.relevant(later.session.flow.by_id["needs_decision"].index)
        finally:
            later.close()
    finally:
        store.close()
