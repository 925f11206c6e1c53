"""Synthetic flows of any size (groups of questions behind yes/no gates), and answers for them."""

from __future__ import annotations

from pathlib import Path

COUNCIL = """council:
  id: bench
  name: A council for benchmarks
  contact: {phone: "01632 960000"}
  urgent_contact: {label: Duty team, phone: "01632 960111"}
  review: {first_after_weeks: 6, then_every_months: 12}
"""


def write_flow(root: Path, questions: int, *, gate_every: int = 10, section_size: int = 50) -> Path:
    """A content folder with one flow 'synthetic' of `questions` questions."""
    lines = ["flow:", "  id: synthetic", "  title: A long test", "  for: person", "  version: 1",
             "  summary: Many questions.", "sections:"]
    for n in range(questions):
        if n % section_size == 0:
            lines += [f"  - id: part{n}", f"    title: Part {n}", "    steps:"]
        if n % gate_every == 0:
            lines.append(f"      - {{id: q{n}, kind: yes_no, prompt: Talk about {n}?}}")
        else:
            gate = n - n % gate_every
            lines.append(f"      - {{id: q{n}, kind: short_text, prompt: About {n}., when: \"q{gate} == 'yes'\"}}")
    (root / "flows").mkdir(parents=True, exist_ok=True)
    (root / "flows" / "synthetic.yaml").write_text("\n".join(lines) + "\n")
    (root / "councils" / "bench").mkdir(parents=True, exist_ok=True)
    (root / "councils" / "bench" / "council.yaml").write_text(COUNCIL)
    return root


def answers(questions: int, *, gate_every: int = 10) -> list[tuple[str, str]]:
    """(question, answer) in the order asked: every other gate opened."""
    given = []
    for n in range(questions):
        gate = n - n % gate_every
        opened = (gate // gate_every) % 2 == 0
        if n % gate_every == 0:
            given.append((f"q{n}", "yes" if opened else "no"))
        elif opened:
            given.append((f"q{n}", f"answer {n}"))
    return given


def write_answers(path: Path, questions: int, *, gate_every: int = 10) -> list[str]:
    """An answers file for `planner run`; returns the ids that will be asked, in order."""
    given = answers(questions, gate_every=gate_every)
    path.write_text("answers:\n" + "".join(f"  {q}: {a}\n" for q, a in given))
    return [q for q, _ in given]
