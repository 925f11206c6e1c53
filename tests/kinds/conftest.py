"""The screen tests' app maker, shared with tests/ui."""

from tests.ui.conftest import clock, make_app

__all__ = ["clock", "make_app"]
