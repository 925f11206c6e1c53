"""`planner check` names a broken words file in a content folder with its line, before anyone answers in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main


def _words(root: Path, text: str) -> Path:
    folder = root / "locales" / "cy"
    folder.mkdir(parents=True)
    (folder / "words.yaml").write_text(text, encoding="utf-8")
    return folder / "words.yaml"


def test_a_broken_words_file_is_a_problem_at_its_line(small_content: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    path = _words(small_content, "yes: [ie, iawn]\nno: nage\n")
    assert main(["check", str(small_content), "--format", "json"]) == 1
    problems = json.loads(capsys.readouterr().out)["problems"]
    found = [p for p in problems if p["code"] == "WORDS_BROKEN"]
    assert len(found) == 1
    assert found[0]["path"].endswith(str(path.relative_to(small_content.parent))) and found[0]["line"] == 2
    assert "'no' should be a list of words" in found[0]["message"]


def test_a_good_words_file_is_no_problem(small_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _words(small_content, "yes: [ie, iawn]\nno: [na, nage]\n")
    main(["check", str(small_content), "--format", "json"])
    problems = json.loads(capsys.readouterr().out)["problems"]
    assert not [p for p in problems if p["code"] == "WORDS_BROKEN"]
