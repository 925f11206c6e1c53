"""Shared helpers for the content-language tests (imported by the test modules and conftest).

`BROKEN` is a small content folder whose shared files (glossary, codes, council, plain
language) are valid and whose flows each hold one mistake. Tests that need a flow of
their own write it into a copy of that folder under `tmp_path`, so the glossary and
codes they are checked against are always the same small, known set.
"""

from __future__ import annotations

from pathlib import Path

from planner.flows import Content
from planner.flows.messages import code_of

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
CONTENT = REPO / "planner" / "content"
BROKEN = HERE / "broken"

# The first lines of most test flows; the first step is valid, so a broken step after it
# never leaves its section empty. It is 12 lines long; line numbers in tests count from it.
HEADER = """\
flow:
  id: {id}
  title: Test
  for: person
  version: 1
sections:
  - id: s
    title: Section
    steps:
      - id: welcome
        kind: info
        text: Hello.
"""


def expect(line: int, template: str, **params: object) -> tuple[int, str, str]:
    """An expected problem: its line, catalogue code and the message formatted from the catalogue."""
    code = code_of(template)
    assert code, f"not a catalogue template: {template!r}"
    return line, code, template.format(**params)


def found(content: Content) -> list[tuple[int, str, str]]:
    """The problems of a load as (line, code, message), in line order."""
    return sorted((p.line, p.code, p.message) for p in content.problems)
