"""Sessions kept in SQLite: one file in the user's data folder."""

from . import faults
from .faults import StoreError
from .sessions import CodeCheck, SessionInUse, SessionRecord, SessionStore

__all__ = ["CodeCheck", "SessionInUse", "SessionRecord", "SessionStore", "StoreError", "faults"]
