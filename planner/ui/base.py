"""What every screen of the app shares."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

if TYPE_CHECKING:
    from .app import PlannerApp


class PlannerScreen(Screen[None]):
    """A screen that can reach the app's own methods (start, finish, go home) with their types."""

    @property
    def planner_app(self) -> "PlannerApp":
        return self.app  # type: ignore[return-value]
