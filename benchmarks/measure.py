"""Results and timing helpers: every number is compared with a baseline taken in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import asdict, dataclass
from collections.abc import Callable, Sequence


@dataclass(frozen=True)
class Result:
    """One measurement: our value, the baseline's, their ratio, and the ratio we aim to stay under."""

    name: str
    value: float
    baseline: float
    target: float
    unit: str = "s"

    @property
    def ratio(self) -> float:
        return self.value / self.baseline if self.baseline else float("inf")

    @property
    def within(self) -> bool:
        return self.ratio <= self.target

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ratio": round(self.ratio, 3)}


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def p95(samples: Sequence[float]) -> float:
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


def until_line(command: list[str], marker: str, *, stdin: str = "", env: dict[str, str] | None = None,
               cwd: str | None = None) -> tuple[float, int]:
    """Seconds from starting a program until it prints `marker`, and its peak memory in KiB."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=env, cwd=cwd)
    assert process.stdin is not None and process.stdout is not None
    if stdin:
        process.stdin.write(stdin)
        process.stdin.flush()
    seen = ""
    while marker not in seen:
        character = process.stdout.read(1)
        if not character:
            raise RuntimeError(f"{command[-1]} ended before printing {marker!r}: {seen[-200:]!r}")
        seen += character
    elapsed = time.perf_counter() - start
    process.stdin.close()
    process.stdout.close()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return elapsed, int(usage.ru_maxrss)
