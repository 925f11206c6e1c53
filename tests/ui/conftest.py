"""Apps for screen tests: built-in or fixture content, a private store, and a clock the test drives."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from collections.abc import Callable

import pytest

from planner.flows.loader import Content
from planner.store import SessionStore
from planner.ui.app import PlannerApp


class Clock:
    """Time that only moves when the test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_app(tmp_path: Path, clock: Clock) -> Callable[..., PlannerApp]:
    stores: list[SessionStore] = []

    def make(content: Content, **options: Any) -> PlannerApp:
        store = SessionStore.in_folder(tmp_path / "data")
        stores.append(store)
        return PlannerApp(content, store, clock=clock, **options)

    yield make  # type: ignore[misc]
    for store in stores:
        store.close()
