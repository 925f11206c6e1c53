"""`planner check` finds condition faults: at load where it can, and by playing personas where it cannot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.cli import main
from tests.conftest import FIXTURES
from tests.engine.test_condition_faults import FLOW
from tests.personas.runner import PERSONAS

LOAD_TIME = """\
flow:
  id: faulty
  title: Faulty
  for: person
  version: 1
sections:
  - id: about
    title: About you
    steps:
      - id: name
        kind: short_text
        prompt: What would you like me to call you?
      - id: age
        kind: number
        prompt: How old are you?
      - id: words_as_number
        kind: yes_no
        prompt: Do you like gardening?
        when: "name > 5"
      - id: by_zero
        kind: yes_no
        prompt: Do you like walking?
        when: "age / 0 > 1"
      - id: calls
        kind: yes_no
        prompt: Do you like reading?
        when: "council.name.upper() == 'X'"
      - id: always_fails
        kind: yes_no
        prompt: Do you like music?
        when: "('a' > 1) or age"
"""


def folder(tmp_path: Path, flow: str, name: str) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "visit-v1" / "councils", root / "councils")
    (root / "flows").mkdir()
    (root / "flows" / name).write_text(flow, encoding="utf-8")
    return root


def when_line(text: str, question: str) -> int:
    lines = text.splitlines()
    start = lines.index(f"      - id: {question}")
    return next(n for n, line in enumerate(lines[start:], start + 1) if "when:" in line)


def test_faults_seen_at_load_are_errors_with_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = folder(tmp_path, LOAD_TIME, "faulty.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--errors-only", "content"]) == 1
    out = capsys.readouterr().out
    where = "content/flows/faulty.yaml"
    assert f"{where}:{when_line(LOAD_TIME, 'words_as_number')}: question 'words_as_number' compares 'name' " \
           "with the number 5" in out
    assert f"{where}:{when_line(LOAD_TIME, 'by_zero')}: question 'by_zero' divides by zero" in out
    assert f"{where}:{when_line(LOAD_TIME, 'calls')}: question 'calls' calls 'council.name.upper'" in out
    assert f"{where}:{when_line(LOAD_TIME, 'always_fails')}: question 'always_fails' has a part that always fails" \
           in out
    assert root.is_dir() and "4 errors" in out


def test_playing_personas_finds_a_fault_and_a_failing_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    folder(tmp_path, FLOW, "faults.yaml")
    personas = tmp_path / "personas"
    personas.mkdir()
    (personas / "seventy.yaml").write_text("persona: Zeb is seventy\nflow: faults\n"
                                           "answers:\n  name: Zebedee\n  age: 70\n", encoding="utf-8")
    (personas / "lost.yaml").write_text("persona: a wrong step\nflow: faults\nactions:\n  - answer: {name: Ann}\n"
                                        "  - at: last\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--errors-only", "content", "--personas", "personas"]) == 1
    out = capsys.readouterr().out
    line = when_line(FLOW, "safe")
    assert (f"content/flows/faults.yaml:{line}: The condition of 'safe' failed when seventy.yaml was played: "
            "it divides by zero. Fix") in out
    assert "personas/lost.yaml:5: lost.yaml, action 2 (at): expected to be at 'last', but at 'age'." in out
    assert "Zebedee" not in out


def test_the_built_in_personas_pass(capsys: pytest.CaptureFixture[str]) -> None:
    for group in ("visit", "budget-check"):  # the others are played by tests/engine/test_personas.py
        assert main(["check", "--errors-only", "--personas", str(PERSONAS / group)]) == 0, capsys.readouterr().out
        assert "All clear" in capsys.readouterr().out
