"""Problems found in content: where they are, how bad, and the sentence to show."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from collections.abc import Iterable

from . import messages

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with content, located to a file and line."""

    path: str
    line: int
    message: str
    severity: Severity = "error"
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else "warning: "
        return f"{where}: {label}{self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


@dataclass
class Problems:
    """Collects problems for one file; every stage reports into it and carries on."""

    path: str
    items: list[Problem] = field(default_factory=list)

    def add(self, line: int, template: str, *, severity: Severity = "error", **params: object) -> None:
        """Add a problem from a catalogue template (see `messages`)."""
        code = messages.code_of(template)
        self.items.append(Problem(self.path, line, template.format(**params), severity, code))

    def extend(self, other: Iterable[Problem]) -> None:
        self.items.extend(other)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """Return " Did you mean 'x'?" for the closest option, or "" when nothing is close."""
    close = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def display_path(path: Path) -> str:
    """A path as people expect to see it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
