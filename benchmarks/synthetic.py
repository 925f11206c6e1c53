"""Synthetic forms of any size (groups of questions behind yes/no gates), as planner YAML and as an XLSForm.

Both are written from one list of questions, so they hold the same questions, in the same sections, with
the same conditions: every tenth question is a yes/no gate, and the nine after it are asked only when the
gate was answered yes (`when: "q0 == 'yes'"` in YAML, `relevant: ${q0} = 'yes'` in the XLSForm).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

COUNCIL = """council:
  id: bench
  name: A council for benchmarks
  contact: {phone: "01632 960000"}
  urgent_contact: {label: Duty team, phone: "01632 960111"}
  review: {first_after_weeks: 6, then_every_months: 12}
"""


@dataclass(frozen=True)
class Question:
    """One question of a synthetic form: its section, id, whether it is a gate, its words, the gate it is behind."""

    section: str
    id: str
    gate: bool
    prompt: str
    behind: str | None  # the id of the yes/no question that must be 'yes' for this one to be asked


def questions(count: int, *, gate_every: int = 10, section_size: int = 50) -> list[Question]:
    """The form's questions, in order."""
    form = []
    for n in range(count):
        section = f"part{n - n % section_size}"
        if n % gate_every == 0:
            form.append(Question(section, f"q{n}", True, f"Talk about {n}?", None))
        else:
            form.append(Question(section, f"q{n}", False, f"About {n}.", f"q{n - n % gate_every}"))
    return form


def write_flow(root: Path, count: int, *, gate_every: int = 10, section_size: int = 50) -> Path:
    """A content folder with one flow 'synthetic' of `count` questions."""
    lines = ["flow:", "  id: synthetic", "  title: A long test", "  for: person", "  version: 1",
             "  summary: Many questions.", "sections:"]
    section = None
    for q in questions(count, gate_every=gate_every, section_size=section_size):
        if q.section != section:
            section = q.section
            lines += [f"  - id: {q.section}", f"    title: Part {q.section.removeprefix('part')}", "    steps:"]
        if q.gate:
            lines.append(f"      - {{id: {q.id}, kind: yes_no, prompt: {q.prompt}}}")
        else:
            lines.append(f"      - {{id: {q.id}, kind: short_text, prompt: {q.prompt}, when: \"{q.behind} == 'yes'\"}}")
    (root / "flows").mkdir(parents=True, exist_ok=True)
    (root / "flows" / "synthetic.yaml").write_text("\n".join(lines) + "\n")
    (root / "councils" / "bench").mkdir(parents=True, exist_ok=True)
    (root / "councils" / "bench" / "council.yaml").write_text(COUNCIL)
    return root


def write_xlsform(path: Path, count: int, *, gate_every: int = 10, section_size: int = 50) -> Path:
    """The same form as an XLSForm (.xlsx, for pyxform): a group per section, yes/no gates as select_one."""
    from openpyxl import Workbook

    book = Workbook()
    survey = book.active
    assert survey is not None
    survey.title = "survey"
    survey.append(["type", "name", "label", "relevant"])
    section = None
    for q in questions(count, gate_every=gate_every, section_size=section_size):
        if q.section != section:
            if section is not None:
                survey.append(["end_group"])
            section = q.section
            survey.append(["begin_group", q.section, f"Part {q.section.removeprefix('part')}"])
        if q.gate:
            survey.append(["select_one yes_no", q.id, q.prompt])
        else:
            survey.append(["text", q.id, q.prompt, f"${{{q.behind}}} = 'yes'"])
    if section is not None:
        survey.append(["end_group"])
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    choices.append(["yes_no", "yes", "Yes"])
    choices.append(["yes_no", "no", "No"])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id"])
    settings.append(["A long test", "synthetic"])
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def answers(count: int, *, gate_every: int = 10) -> list[tuple[str, str]]:
    """(question, answer) in the order asked: every other gate opened."""
    given = []
    for n in range(count):
        gate = n - n % gate_every
        opened = (gate // gate_every) % 2 == 0
        if n % gate_every == 0:
            given.append((f"q{n}", "yes" if opened else "no"))
        elif opened:
            given.append((f"q{n}", f"answer {n}"))
    return given


def write_answers(path: Path, count: int, *, gate_every: int = 10) -> list[str]:
    """An answers file for `planner run`; returns the ids that will be asked, in order."""
    given = answers(count, gate_every=gate_every)
    path.write_text("answers:\n" + "".join(f"  {q}: {a}\n" for q, a in given))
    return [q for q, _ in given]
