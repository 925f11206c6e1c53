"""Line mode's input at a kiosk: whole lines from standard input, with an idle timeout.

Lines are read straight from the file descriptor (select, then os.read) with a buffer of our
own, so a line typed ahead is never hidden in Python's buffer while select waits. Ctrl+C,
Ctrl+Z and Ctrl+\\ never stop or suspend the program: Ctrl+C and Ctrl+D only end what the
person is doing. Only an input closed for good (a pipe at its end, a terminal hung up) ends it.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import termios
import time
from dataclasses import dataclass
from types import FrameType
from typing import Any, TextIO

# The same times as the screen kiosk (planner.ui.app.PlannerApp's idle_seconds and warning_seconds).
IDLE_SECONDS = 120.0
WARNING_SECONDS = 30.0
IDLE_VARIABLE = "PLANNER_KIOSK_IDLE_SECONDS"
WARNING_VARIABLE = "PLANNER_KIOSK_WARNING_SECONDS"
LONGEST_LINE = 100_000  # characters; a longer paste is cut into lines of this length


@dataclass(frozen=True)
class Idle:
    """How long a kiosk waits for a key before asking, and then before closing."""

    seconds: float = IDLE_SECONDS
    warning: float = WARNING_SECONDS

    @classmethod
    def from_environment(cls) -> Idle:
        """The times from PLANNER_KIOSK_IDLE_SECONDS and PLANNER_KIOSK_WARNING_SECONDS (for tests and set-up)."""
        return cls(_seconds(IDLE_VARIABLE, IDLE_SECONDS), _seconds(WARNING_VARIABLE, WARNING_SECONDS))


def _seconds(variable: str, default: float) -> float:
    try:
        value = float(os.environ.get(variable, default))
    except ValueError:
        return default
    return value if value > 0 else default


class EndOfLine(Exception):
    """Ctrl+D or Ctrl+C: the person wants to stop what they are doing (not the program)."""


class InputClosed(Exception):
    """Standard input has ended for good: nobody can type any more."""


class KioskInput:
    """Whole lines from a file descriptor, waiting at most a given time for each."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.tty = os.isatty(fd)
        self.buffer = b""
        self.ended = False
        self.interrupted = False  # Ctrl+C was pressed: set by KioskSignals
        self.wakeup: int | None = None  # a pipe a signal writes to, so select wakes at once

    @classmethod
    def of(cls, stream: TextIO) -> KioskInput | None:
        """Input for this stream, or None when it has no file descriptor (a StringIO in a test)."""
        try:
            return cls(stream.fileno())
        except (AttributeError, OSError, ValueError):
            return None

    def read(self, timeout: float | None) -> str | None:
        """The next line (without its line break), or None if nothing came in `timeout` seconds."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while b"\n" not in self.buffer and len(self.buffer) < LONGEST_LINE:
            if self.ended:
                if self.buffer:
                    break
                raise InputClosed
            if self.interrupted:
                self.interrupted = False
                raise EndOfLine
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
                return None
            watched = [self.fd] if self.wakeup is None else [self.fd, self.wakeup]
            ready, _, _ = select.select(watched, [], [], left)
            if self.wakeup is not None and self.wakeup in ready:
                _drain(self.wakeup)
            if self.fd in ready:
                self._take()
        line, _, self.buffer = self.buffer.partition(b"\n")
        if len(line) > LONGEST_LINE:
            line, self.buffer = line[:LONGEST_LINE], line[LONGEST_LINE:] + b"\n" + self.buffer
        return line.decode("utf-8", errors="replace")

    def _take(self) -> None:
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:  # EIO: the terminal has gone
            self.ended = True
            return
        if chunk:
            self.buffer += chunk
            return
        if not self.tty or not self._terminal_alive():
            self.ended = True
            return
        if self.buffer:  # Ctrl+D after some words sends them without Enter: wait for the rest
            return
        raise EndOfLine

    def _terminal_alive(self) -> bool:
        """A hung-up terminal reads as empty for ever, like Ctrl+D; it also refuses to give its settings."""
        try:
            termios.tcgetattr(self.fd)
        except termios.error:
            return False
        return True

    def flush(self) -> None:
        """Forget anything typed but not yet read, so the next person does not inherit it."""
        self.buffer = b""
        self.interrupted = False
        if self.tty:
            with contextlib.suppress(termios.error):
                termios.tcflush(self.fd, termios.TCIFLUSH)


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 512):
            pass
    except OSError:  # empty (it does not block)
        pass


class KioskSignals:
    """While held: Ctrl+C ends what the person is being asked (at the next question if busy); Ctrl+Z and Ctrl+\\
    do nothing; and the terminal echoes a typed control character as ^[ and the like, never as itself (so an
    escape sequence typed at the keyboard cannot set the window title either)."""

    def __init__(self, reader: KioskInput | None) -> None:
        self.reader = reader
        self.saved: dict[int, Any] = {}
        self.pipe: tuple[int, int] | None = None
        self.old_wakeup = -1
        self.old_terminal: list[Any] | None = None

    def _interrupt(self, number: int, frame: FrameType | None) -> None:
        if self.reader is not None:
            self.reader.interrupted = True  # never raised here: a save in progress is not cut short

    def __enter__(self) -> KioskSignals:
        if self.reader is not None:
            read, write = os.pipe()
            os.set_blocking(read, False)
            os.set_blocking(write, False)
            try:
                self.old_wakeup = signal.set_wakeup_fd(write)
            except ValueError:  # not the main thread: select just waits on
                os.close(read)
                os.close(write)
            else:
                self.pipe = (read, write)
                self.reader.wakeup = read
        if self.reader is not None and self.reader.tty:
            self._echo_controls_as_words()
        wanted: dict[signal.Signals, Any] = {signal.SIGINT: self._interrupt, signal.SIGQUIT: signal.SIG_IGN,
                                             signal.SIGTSTP: signal.SIG_IGN}
        for number, handler in wanted.items():
            try:
                self.saved[number] = signal.signal(number, handler)
            except (ValueError, OSError):  # not the main thread: nothing to change
                continue
        return self

    def _echo_controls_as_words(self) -> None:
        assert self.reader is not None
        try:
            self.old_terminal = termios.tcgetattr(self.reader.fd)
            settings = termios.tcgetattr(self.reader.fd)
            settings[3] |= termios.ECHOCTL  # local modes
            termios.tcsetattr(self.reader.fd, termios.TCSANOW, settings)
        except termios.error:
            self.old_terminal = None

    def __exit__(self, *exc: object) -> None:
        if self.old_terminal is not None and self.reader is not None:
            with contextlib.suppress(termios.error):
                termios.tcsetattr(self.reader.fd, termios.TCSANOW, self.old_terminal)
        for number, handler in self.saved.items():
            try:
                signal.signal(number, handler)
            except (ValueError, OSError):
                continue
        if self.pipe is not None:
            signal.set_wakeup_fd(self.old_wakeup)
            for fd in self.pipe:
                os.close(fd)
            if self.reader is not None:
                self.reader.wakeup = None
