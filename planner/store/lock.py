"""One writer per session: an advisory lock file that the system frees if the program dies."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from collections.abc import Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Windows; sessions are then not locked
    fcntl = None  # type: ignore[assignment]  # the module is missing there, so the name holds None


class Lock:
    """A held lock on one session."""

    def __init__(self, descriptor: int) -> None:
        self.descriptor = descriptor

    @classmethod
    def acquire(cls, path: Path) -> Lock | None:
        """The lock, or None when another program holds it."""
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_CREAT | os.O_RDWR, 0o600)
        if fcntl is not None:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(descriptor)
                return None
        return cls(descriptor)

    @classmethod
    @contextlib.contextmanager
    def take(cls, path: Path) -> Iterator[Lock | None]:
        """Hold the lock for a moment (None if it is held elsewhere)."""
        lock = cls.acquire(path)
        try:
            yield lock
        finally:
            if lock is not None:
                lock.release()

    def release(self) -> None:
        if self.descriptor >= 0:
            os.close(self.descriptor)  # closing the file frees the lock
            self.descriptor = -1
