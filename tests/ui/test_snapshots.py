"""Snapshots of each screen, each kind of question, in both themes and at 40 columns.

Update them after a deliberate change with: pytest tests/ui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any
from collections.abc import Callable

import pytest

from planner.flows.loader import Content
from planner.ui.app import PlannerApp
from planner.ui.conversation import ConversationScreen

from .test_walk import KINDS_ANSWERS

WIDE, NARROW = (80, 30), (40, 40)


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The same code, session id and file paths on every run."""
    monkeypatch.setattr("planner.store.sessions.new_code", lambda: "KM4P-XT7C-FAQ9")
    monkeypatch.setattr("planner.store.sessions.uuid.uuid4", lambda: uuid.UUID(int=0xAB12CD34 << 96))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    from planner.ui import finish

    real = finish.default_folder
    monkeypatch.setattr(finish, "default_folder", lambda flow_id: real(flow_id, today=dt.date(2027, 3, 3)))


def at_step(step: str) -> Callable[[Any], Any]:
    """Start the 'kinds' flow and answer (without the keyboard) up to the given step."""

    async def run_before(pilot: Any) -> None:
        app: PlannerApp = pilot.app
        app.start_flow("kinds")
        await pilot.pause()
        await pilot.press("escape")
        session = app.opened.session  # type: ignore[union-attr]
        for name, raw in KINDS_ANSWERS.items():
            if name == step:
                break
            session.proceed() if raw is None else session.answer(raw)
        screen = app.screen
        assert isinstance(screen, ConversationScreen)
        screen.refresh_step()
        await pilot.pause()

    return run_before


def app_for(make_app: Callable[..., PlannerApp], content: Content, **options: Any) -> PlannerApp:
    return make_app(content, **options)


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "40-columns"])
@pytest.mark.parametrize("high_contrast", [False, True], ids=["default", "high-contrast"])
def test_welcome(snap_compare: Any, make_app: Callable[..., PlannerApp], content: Content, size: tuple[int, int],
                 high_contrast: bool) -> None:
    assert snap_compare(app_for(make_app, content, high_contrast=high_contrast), terminal_size=size)


@pytest.mark.parametrize("step", [s for s, raw in KINDS_ANSWERS.items() if s not in ("info", "bye")] + ["info"])
def test_each_kind_of_question(snap_compare: Any, make_app: Callable[..., PlannerApp], kinds: Content,
                               step: str) -> None:
    assert snap_compare(app_for(make_app, kinds), terminal_size=WIDE, run_before=at_step(step))


@pytest.mark.parametrize("step", ["single", "helpers", "areas"])
@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "40-columns"])
def test_questions_in_high_contrast(snap_compare: Any, make_app: Callable[..., PlannerApp], kinds: Content,
                                    step: str, size: tuple[int, int]) -> None:
    assert snap_compare(app_for(make_app, kinds, high_contrast=True), terminal_size=size, run_before=at_step(step))


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "40-columns"])
@pytest.mark.parametrize("high_contrast", [False, True], ids=["default", "high-contrast"])
def test_review(snap_compare: Any, make_app: Callable[..., PlannerApp], kinds: Content, size: tuple[int, int],
                high_contrast: bool) -> None:
    app = app_for(make_app, kinds, high_contrast=high_contrast)
    assert snap_compare(app, terminal_size=size, run_before=at_step("bye"), press=["enter"])


@pytest.mark.parametrize("size", [WIDE, NARROW], ids=["wide", "40-columns"])
@pytest.mark.parametrize("high_contrast", [False, True], ids=["default", "high-contrast"])
def test_finish(snap_compare: Any, make_app: Callable[..., PlannerApp], kinds: Content, size: tuple[int, int],
                high_contrast: bool) -> None:
    async def finished(pilot: Any) -> None:
        await at_step("bye")(pilot)
        await pilot.press("enter")
        await pilot.pause()
        pilot.app.finish(pilot.app.opened)
        await pilot.pause()

    assert snap_compare(app_for(make_app, kinds, high_contrast=high_contrast), terminal_size=size,
                        run_before=finished)
