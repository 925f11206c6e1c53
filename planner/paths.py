"""Where things live: the built-in content, and the user's data folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Literal

BUILTIN_CONTENT = Path(__file__).resolve().parent / "content"
FileKind = Literal["file", "fifo", "device", "folder", "socket", "other"]


def content_dir() -> Path:
    """The content folder to use: $PLANNER_CONTENT, or the built-in one."""
    return Path(os.environ.get("PLANNER_CONTENT") or BUILTIN_CONTENT)


def data_dir() -> Path:
    """The folder for the session database: $PLANNER_DATA, or the user's data directory."""
    if os.environ.get("PLANNER_DATA"):
        return Path(os.environ["PLANNER_DATA"])
    from platformdirs import user_data_dir

    return Path(user_data_dir("planner", appauthor=False))


def file_kind(mode: int) -> FileKind:
    """What a path is, from its `os.stat` mode: only a plain file is safe to read (a pipe waits for ever)."""
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISDIR(mode):
        return "folder"
    return "socket" if stat.S_ISSOCK(mode) else "other"


def cache_dir() -> Path:
    """The folder for caches that can always be made again: $PLANNER_CACHE, or the user's cache folder.

    It is made owner-only when it is made here.
    """
    if os.environ.get("PLANNER_CACHE"):
        folder = Path(os.environ["PLANNER_CACHE"])
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("planner", appauthor=False))
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    return folder


def private_folder(folder: Path, *, create: bool = True, others: int = stat.S_IRWXG | stat.S_IRWXO) -> bool:
    """Whether `folder` is (or, when `create` and missing, is now made as) a real folder of this user's with none
    of the permissions `others` (by default: no one else may read, write or enter it). Caches that hold code or
    pickles are kept only in such a folder; where there is no owner to check, there is none."""
    if not hasattr(os, "getuid"):
        return False
    try:
        if create:
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = os.lstat(folder)
    except OSError:
        return False
    return stat.S_ISDIR(found.st_mode) and found.st_uid == os.getuid() and not found.st_mode & others
