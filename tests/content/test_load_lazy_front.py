"""The front ends build only the conversation a person picks, and say its mistakes plainly when it has some."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.paths import BUILTIN_CONTENT
from tests.conftest import ROOT, Planner

pytestmark = pytest.mark.usefixtures("passphrase_env")


@pytest.fixture
def passphrase_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("PLANNER_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("PLANNER_PASSPHRASE", "a long enough passphrase for tests")


def _broken_budget_check(tmp_path: Path) -> Path:
    """A copy of the built-in content whose budget check has a question of a kind that does not exist."""
    root = tmp_path / "content"
    shutil.copytree(BUILTIN_CONTENT, root)
    flow = root / "flows" / "budget-check.yaml"
    text = flow.read_text(encoding="utf-8")
    assert "kind: single_choice" in text
    flow.write_text(text.replace("kind: single_choice", "kind: single_chioce", 1), encoding="utf-8")
    return root


def _line_mode(planner_main: Planner, monkeypatch: pytest.MonkeyPatch, root: Path, typed: str) -> tuple[int, str]:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO(typed))
    ran = planner_main("--plain", "--content", str(root))
    return ran.returncode, ran.stdout + ran.stderr


def test_a_broken_conversation_is_said_plainly_when_chosen_and_the_others_still_work(
        tmp_path: Path, planner_main: Planner, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _broken_budget_check(tmp_path)
    _, said = _line_mode(planner_main, monkeypatch, root, "3\n")  # the budget check is third by title
    assert "has mistakes" in said and "budget-check" in said and "single_chioce" in said
    assert "Traceback" not in said and "Your code to carry on later" not in said
    _, said = _line_mode(planner_main, monkeypatch, root, "1\n")  # planning your support: fine
    assert "Your code to carry on later" in said and "has mistakes" not in said


def test_only_the_chosen_conversation_is_built_in_line_mode(tmp_path: Path, planner_main: Planner,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.flows import loader

    loaded: list[loader.Content] = []
    real = loader.load_content

    def watched(*args: object, **kwargs: object) -> loader.Content:
        loaded.append(real(*args, **kwargs))  # type: ignore[arg-type]
        return loaded[-1]

    monkeypatch.setattr("planner.commands.common.load_content", watched)
    _, said = _line_mode(planner_main, monkeypatch, BUILTIN_CONTENT, "1\n")
    assert "Your code to carry on later" in said
    assert [sorted(content.listed) for content in loaded] == [["budget-check", "carer-assessment"]]
    assert loaded[0].flows["support-plan"].built


def test_planner_run_builds_only_its_conversation_and_says_a_broken_one_plainly(
        tmp_path: Path, planner_main: Planner) -> None:
    root = _broken_budget_check(tmp_path)
    persona = sorted((ROOT / "tests" / "personas" / "budget-check").glob("*.yaml"))[0]
    broken = planner_main("run", "budget-check", "--content", str(root), "--answers", str(persona),
                          "--out", str(tmp_path / "out"))
    assert broken.returncode != 0 and "Traceback" not in broken.stderr
    assert "has mistakes" in broken.stderr and "budget-check.yaml:" in broken.stderr
    assert not (tmp_path / "out").exists()
    # The same broken budget check does not stop a support plan being played and written.
    persona = sorted((ROOT / "tests" / "personas" / "support-plan").glob("*.yaml"))[0]
    played = planner_main("run", "support-plan", "--content", str(root), "--answers", str(persona),
                          "--out", str(tmp_path / "plan"))
    assert played.returncode == 0, played.stderr
    assert (tmp_path / "plan" / "answers.json").is_file()
