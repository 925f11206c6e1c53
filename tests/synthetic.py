"""Synthetic flows of any size, for crash tests and benchmarks."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import FIXTURES


def write_flow(root: Path, questions: int, *, gate_every: int = 10) -> Path:
    """A content folder with one flow 'synthetic': groups of questions, each group behind a yes/no gate."""
    lines = ["flow:", "  id: synthetic", "  title: A long test", "  for: person", "  version: 1",
             "  summary: Many questions.", "sections:"]
    for n in range(questions):
        if n % (gate_every * 5) == 0:
            lines += [f"  - id: part{n}", f"    title: Part {n}", "    steps:"]
        if n % gate_every == 0:
            lines += [f"      - id: q{n}", "        kind: yes_no", f"        prompt: Shall we talk about part {n}?"]
        else:
            gate = n - n % gate_every
            lines += [f"      - id: q{n}", "        kind: short_text", f"        prompt: Tell me about {n}.",
                      f"        when: \"q{gate} == 'yes'\""]
    (root / "flows").mkdir(parents=True, exist_ok=True)
    (root / "flows" / "synthetic.yaml").write_text("\n".join(lines) + "\n")
    shutil.copytree(FIXTURES / "visit-v1" / "councils", root / "councils", dirs_exist_ok=True)
    return root


def write_answers(path: Path, questions: int, *, gate_every: int = 10) -> list[str]:
    """Answers that open every other gate; returns the ids that will be asked, in order."""
    lines, asked = ["answers:"], []
    for n in range(questions):
        gate = n - n % gate_every
        opened = (gate // gate_every) % 2 == 0
        if n % gate_every == 0:
            lines.append(f"  q{n}: {'yes' if opened else 'no'}")
            asked.append(f"q{n}")
        elif opened:
            lines.append(f"  q{n}: answer {n}")
            asked.append(f"q{n}")
    path.write_text("\n".join(lines) + "\n")
    return asked
