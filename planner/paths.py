"""Where things live: the built-in content, and the user's data folder."""

from __future__ import annotations

import os
from pathlib import Path

BUILTIN_CONTENT = Path(__file__).resolve().parent / "content"


def content_dir() -> Path:
    """The content folder to use: $PLANNER_CONTENT, or the built-in one."""
    return Path(os.environ.get("PLANNER_CONTENT") or BUILTIN_CONTENT)


def data_dir() -> Path:
    """The folder for the session database: $PLANNER_DATA, or the user's data directory."""
    if os.environ.get("PLANNER_DATA"):
        return Path(os.environ["PLANNER_DATA"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("planner", appauthor=False))
