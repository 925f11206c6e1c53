"""What every screen of the app shares: the app's own methods, and its words in the chosen language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.dom import DOMNode
from textual.screen import Screen

from planner.i18n.translator import ENGLISH, Translator

if TYPE_CHECKING:
    from .app import PlannerApp


def translator_of(node: DOMNode) -> Translator:
    """The language the app speaks now (English before it has one)."""
    try:
        return getattr(node.app, "translator", ENGLISH)
    except Exception:  # not attached to an app yet
        return ENGLISH


class Words:
    """`_()` and `ngettext()` for a widget or screen, in the app's language."""

    def _(self, message: str, **params: Any) -> str:
        return self._translator().gettext(message, **params)

    def translated(self, message: str, **params: Any) -> str:
        """A message marked elsewhere with N_(), in the app's language."""
        return self._translator().gettext(message, **params)

    def ngettext(self, singular: str, plural: str, n: int, **params: Any) -> str:
        return self._translator().ngettext(singular, plural, n, **params)

    def _translator(self) -> Translator:
        return translator_of(self) if isinstance(self, DOMNode) else ENGLISH


class PlannerScreen(Words, Screen[None]):
    """A screen that can reach the app's own methods (start, finish, go home) with their types."""

    @property
    def planner_app(self) -> PlannerApp:
        return cast("PlannerApp", self.app)  # only PlannerApp pushes planner's screens
