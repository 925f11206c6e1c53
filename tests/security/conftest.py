"""What the kiosk screen tests share: a private store, a clock the test drives, and the kiosk app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner.flows.loader import Content
from planner.store import SessionStore
from planner.ui.app import PlannerApp
from tests.ui.conftest import Clock


def kiosk(content: Content, store: SessionStore, clock: Clock, **options: Any) -> PlannerApp:
    """The kiosk app, warning after 60 s without a key and resetting 20 s later, on the test's clock."""
    store.clock = clock
    return PlannerApp(content, store, mode="kiosk", clock=clock, idle_seconds=60, warning_seconds=20, **options)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> Any:
    opened = SessionStore.in_folder(tmp_path / "data")
    yield opened
    opened.close()
