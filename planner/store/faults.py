"""What went wrong with the data folder, in plain words, each fault with its own exit code.

Nothing is called damaged unless SQLite itself says so (quick_check, or its corrupt / not-a-database
errors): a read-only file, a read-only folder or file system, or a full disk is named for what it is.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

from planner.i18n.translator import N_, Fault, Message
from planner.paths import file_kind

# Exit codes. 5, 7 and 8 mean the same as when writing documents (planner.output.write).
SPECIAL_FILE = 5  # a data or key path is a FIFO, a device or a folder, not a plain file
READ_ONLY_DISK = 7  # the file system is mounted read-only
DISK_FULL = 8
FILE_READ_ONLY = 11  # the data file (or its -wal / -shm) may not be written to
FOLDER_READ_ONLY = 12  # the data folder may not be written to
KEY_MISSING = 13  # a store exists but its key does not
WRONG_KEY = 14  # the key or passphrase does not open this store
NO_KEY_SOURCE = 15  # no key, no passphrase, and no terminal to ask at
DAMAGED = 16

MESSAGES = {
    SPECIAL_FILE: N_("{path} is not a plain file (it is {what}), so planner did not open it. Nothing was changed. "
                   "Move it away, or choose another place for it."),
    READ_ONLY_DISK: N_("The data folder {folder} is on a disk that can only be read, so nothing can be saved. "
                     "Nothing was changed. Use --data-dir to choose a folder on another disk."),
    DISK_FULL: N_("The disk is full, so nothing more can be saved. Everything saved before is safe. "
                  "Make some space, then try again."),
    FILE_READ_ONLY: N_("The data file {path} can only be read, not changed, so nothing can be saved. "
                     "Nothing was changed. Ask whoever looks after this computer to let you write to it."),
    FOLDER_READ_ONLY: N_("The data folder {folder} can only be read, not changed, so nothing can be saved. "
                       "Nothing was changed. Ask whoever looks after this computer to let you write to it, "
                       "or use --data-dir to choose another folder."),
}
KEY_UNREADABLE = N_("The key file {path} cannot be read ({reason}). Check who owns it.")
TOO_BIG = N_("The key file {path} is far too big to be a key for planner. Nothing was changed. "
             "Check it is the right file.")
MAX_KEY_BYTES = 4096


class StoreError(Fault):
    """A plain message about the data folder, for people to read; `exit_code` says which fault it is.

    `message` is a catalogue message id (marked with N_) filled in with `params`: the store does not know
    the language, so front ends show `error.text(tr)`; `str(error)` is the English, for logs.
    """

    def __init__(self, message: str | Message, exit_code: int = 1, /, **params: Any) -> None:
        super().__init__(message, **params)
        self.exit_code = exit_code


def fault(code: int, path: Path) -> StoreError:
    """The plain message for one of the faults above, about the data file `path`."""
    return StoreError(MESSAGES[code], code, path=str(path), folder=str(path.parent), what=_what(path))


def check_path(path: Path) -> None:
    """Refuse a path that exists and is not a plain file, before anything opens it (a FIFO would hang)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError:
        return  # opening it will say why
    if not stat.S_ISREG(mode):
        raise fault(SPECIAL_FILE, path)


def check_writable(path: Path) -> None:
    """Name the reason the data file cannot be written, if it cannot (before SQLite says it vaguely)."""
    folder = path.parent
    probe = folder if folder.exists() else next((p for p in folder.parents if p.exists()), Path("/"))
    try:
        if os.statvfs(probe).f_flag & os.ST_RDONLY:
            raise fault(READ_ONLY_DISK, path)
    except OSError:
        pass
    for target in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if target.exists() and not os.access(target, os.W_OK):
            raise fault(FILE_READ_ONLY, path)
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise fault(FOLDER_READ_ONLY, path)


def classify(error: sqlite3.Error, path: Path) -> StoreError | None:
    """The plain fault for an SQLite error, if it is one of ours to name (None otherwise)."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    if code == sqlite3.SQLITE_FULL:
        return fault(DISK_FULL, path)
    if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_IOERR):
        try:
            check_writable(path)
        except StoreError as named:
            return named
    if code == sqlite3.SQLITE_READONLY:
        return fault(FILE_READ_ONLY, path)
    return None


def read_small(path: Path) -> bytes:
    """A key file's bytes: only a plain file, never more than MAX_KEY_BYTES, never waiting on a FIFO."""
    check_path(path)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise fault(SPECIAL_FILE, path)
        data = os.read(descriptor, MAX_KEY_BYTES + 1)
    finally:
        os.close(descriptor)
    if len(data) > MAX_KEY_BYTES:
        raise StoreError(TOO_BIG, WRONG_KEY, path=str(path))
    return data


_KIND_WORDS = {"file": N_("a plain file"), "fifo": N_("a pipe"), "device": N_("a device"), "folder": N_("a folder"),
               "socket": N_("a socket"), "other": N_("a plain file")}


def _what(path: Path) -> Message:
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return Message(N_("not there"))
    return Message(_KIND_WORDS[file_kind(mode)])
