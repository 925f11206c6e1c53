"""Results and timing helpers: every number is compared with a baseline taken in the same run."""

from __future__ import annotations

import contextlib
import os
import signal
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .targets import BY_KEY, LIMIT

TIMES = "\u00d7"  # the multiplication sign, as in "1.3x"


class TimedOut(Exception):
    """One run of ours took longer than the limit."""


@dataclass(frozen=True)
class Result:
    """One row: our value, the baseline's, their ratio, and the ratio to stay under (from targets.ROWS).

    `value` is None when our side ran past the time limit: the row is then not met. `extra` holds the
    figures reported beside the row (warm beside cold, CPU time, bytes written...), never instead of it.
    """

    key: str
    value: float | None
    baseline: float
    extra: dict[str, Any] = field(default_factory=dict)
    note: str = ""  # what else was measured, in words
    beside: str = ""  # the figure shown beside the ratio in the README (warm beside cold, say)

    @property
    def row(self) -> Any:
        return BY_KEY[self.key]

    @property
    def target(self) -> float:
        return float(self.row.target)

    @property
    def unit(self) -> str:
        return str(self.row.unit)

    @property
    def ratio(self) -> float | None:
        if self.value is None:
            return None
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def failed(self) -> bool:
        """Not measured at all: the case itself went wrong (see extra["failed"])."""
        return "failed" in self.extra

    @property
    def met(self) -> bool:
        return self.ratio is not None and self.ratio <= self.target

    def as_dict(self) -> dict[str, Any]:
        ratio = self.ratio
        return {"row": self.row.number, "key": self.key, "name": self.row.short, "measure": self.row.measure,
                "baseline_is": self.row.baseline, "unit": self.unit, "value": self.value, "baseline": self.baseline,
                "ratio": None if ratio is None else round(ratio, 3), "target": self.target, "met": self.met,
                "timed_out": self.value is None and not self.failed, "extra": self.extra, "note": self.note,
                "beside": self.beside}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        return cls(data["key"], data["value"], data["baseline"], dict(data.get("extra") or {}), data.get("note", ""),
                   data.get("beside", ""))


def timed_out(key: str, baseline: float, limit: float = LIMIT, **extra: Any) -> Result:
    """The row of a run of ours that was cut off at `limit` seconds."""
    return Result(key, None, baseline, extra, f"> {limit:.0f} s: cut off, so not met", f"> {limit:.0f} s")


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile, by the nearest rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(action: Callable[[], object], repeat: int) -> list[float]:
    """Seconds taken by each of `repeat` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        samples.append(time.perf_counter() - start)
    return samples


@contextlib.contextmanager
def deadline(seconds: float = LIMIT) -> Iterator[None]:
    """Raise TimedOut in this (main) thread if the block runs longer than `seconds`."""

    def expired(signum: int, frame: object) -> None:
        raise TimedOut(f"took longer than {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Run:
    """One program run: seconds (until its marker, or until it ended), its own peak memory, what it printed."""

    seconds: float
    peak_kib: int
    output: str
    code: int


class _Program:
    """A started program: its process, a thread that keeps its error output, and a timer that ends it."""

    def __init__(self, command: list[str], env: dict[str, str] | None, cwd: str | None, stdin: str,
                 timeout: float) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, env=env, cwd=cwd, bufsize=0, start_new_session=True)
        assert self.process.stdin is not None and self.process.stderr is not None
        self.errors: list[bytes] = []
        stderr = self.process.stderr
        self._reader = threading.Thread(target=lambda: self.errors.append(stderr.read()), daemon=True)
        self._reader.start()
        self.killer = _Killer(self.process, timeout)
        if stdin:
            self.process.stdin.write(stdin.encode())
            self.process.stdin.flush()

    def finish(self, seen: bytes) -> tuple[bytes, int, int, float]:
        """Read the rest of its output and wait for it: what it printed, its own peak memory (KiB, from
        os.wait4 on its pid: not the harness's), its exit code, and when it ended."""
        process = self.process
        assert process.stdout is not None and process.stdin is not None
        with contextlib.suppress(OSError):
            process.stdin.close()  # a program waiting for more input now ends
        rest = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        ended = time.perf_counter()
        process.returncode = os.waitstatus_to_exitcode(status)
        self._reader.join(5)
        self.killer.cancel()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()
        return seen + (rest or b""), int(usage.ru_maxrss), process.returncode, ended

    @property
    def error_text(self) -> str:
        return b"".join(self.errors).decode(errors="replace")[-1500:]


class _Killer:
    """Ends a program (its whole process group) once `seconds` have passed."""

    def __init__(self, process: subprocess.Popen[bytes], seconds: float) -> None:
        self.fired = False
        self._pid = process.pid
        self._timer = threading.Timer(seconds, self._kill)
        self._timer.daemon = True
        self._timer.start()

    def _kill(self) -> None:
        self.fired = True
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._pid, signal.SIGKILL)

    def cancel(self) -> None:
        self._timer.cancel()


def until_line(command: list[str], marker: str, *, stdin: str = "", env: dict[str, str] | None = None,
               cwd: str | None = None, timeout: float = LIMIT) -> Run:
    """Seconds from starting a program until it prints `marker`; its peak memory (KiB) once it has ended.

    Raises TimedOut after `timeout` seconds, RuntimeError if it ends without printing the marker.
    """
    start = time.perf_counter()
    program = _Program(command, env, cwd, stdin, timeout)
    assert program.process.stdout is not None
    wanted = marker.encode()
    seen = b""
    elapsed = None
    while True:
        chunk = os.read(program.process.stdout.fileno(), 65536)
        if not chunk:
            break
        seen += chunk
        if wanted in seen:
            elapsed = time.perf_counter() - start
            break
    output, peak, code, _ = program.finish(seen)
    if elapsed is None:
        if program.killer.fired:
            raise TimedOut(f"{command[-1]} took longer than {timeout:.0f} s")
        raise RuntimeError(f"{' '.join(command[-2:])} ended before printing {marker!r}:\n"
                           f"{output.decode(errors='replace')[-400:]}\n{program.error_text}")
    return Run(elapsed, peak, output.decode(errors="replace"), code)


def whole(command: list[str], *, env: dict[str, str] | None = None, cwd: str | None = None,
          timeout: float = LIMIT, ok: Sequence[int] = (0,)) -> Run:
    """Seconds from starting a program until it has ended, and its own peak memory (KiB).

    Raises TimedOut after `timeout` seconds, RuntimeError if it ends with a code not in `ok`.
    """
    start = time.perf_counter()
    program = _Program(command, env, cwd, "", timeout)
    output, peak, code, ended = program.finish(b"")
    if program.killer.fired:
        raise TimedOut(f"{command[-1]} took longer than {timeout:.0f} s")
    if code not in ok:
        raise RuntimeError(f"{' '.join(command)} ended with code {code}:\n{program.error_text}")
    return Run(ended - start, peak, output.decode(errors="replace"), code)


def reported(run: Run, name: str = "elapsed") -> float:
    """A figure the program printed itself, as `name <seconds>` on a line of its own."""
    for line in run.output.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise RuntimeError(f"the program did not print its {name!r}:\n{run.output[-400:]}")
