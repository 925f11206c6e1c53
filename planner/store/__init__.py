"""Sessions kept in SQLite: one file in the user's data folder."""

from .database import StoreError
from .sessions import SessionInUse, SessionRecord, SessionStore

__all__ = ["SessionInUse", "SessionRecord", "SessionStore", "StoreError"]
