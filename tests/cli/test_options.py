"""--content, --data-dir and --lang mean the same before or after the command; --version."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest

from planner.cli import build_parser, main
from planner.commands.serve import command_for
from tests.conftest import FIXTURES, ROOT, Planner

PERSONA = ROOT / "tests" / "personas" / "budget-check" / "not-sure-at-all.yaml"  # a short flow: one document

# Every command, as typed, with what it needs after it.
COMMANDS = [
    ["run", "support-plan", "--answers", "a.yaml", "--out", "out"],
    ["check"],
    ["check", "some/folder"],
    ["sessions", "list"],
    ["sessions", "show", "abc"],
    ["sessions", "export", "abc", "--out", "out"],
    ["sessions", "resume", "abc"],
    ["sessions", "delete", "abc", "--yes"],
    ["sessions", "unlock", "abc"],
    ["schema", "support-plan"],
    ["serve"],
    ["key"],
    ["content", "copy", "new"],
]
OPTIONS = [("--lang", "lang", "cy"), ("--data-dir", "data_dir", Path("here")), ("--content", "content", Path("mine"))]


def _ids(command: list[str]) -> str:
    return " ".join(word for word in command if not word.startswith("-") and word not in ("a.yaml", "out"))


@pytest.mark.parametrize("command", COMMANDS, ids=_ids)
@pytest.mark.parametrize(("option", "name", "value"), OPTIONS, ids=[o for o, _, _ in OPTIONS])
def test_an_option_means_the_same_before_or_after_the_command(command: list[str], option: str, name: str,
                                                              value: object) -> None:
    before = build_parser().parse_args([option, str(value), *command])
    after = build_parser().parse_args([*command, option, str(value)])
    assert getattr(before, name) == getattr(after, name) == value
    assert vars(before) == vars(after)


@pytest.mark.parametrize("command", COMMANDS, ids=_ids)
def test_given_both_before_and_after_the_later_one_wins(command: list[str]) -> None:
    args = build_parser().parse_args(["--lang", "en", "--data-dir", "first", *command, "--lang", "cy",
                                      "--data-dir", "second"])
    assert (args.lang, args.data_dir) == ("cy", Path("second"))
    # In `planner sessions --lang en list --lang cy`, the command's own part is later still.
    if command[0] in ("sessions", "content"):
        args = build_parser().parse_args([command[0], "--lang", "en", *command[1:], "--lang", "cy"])
        assert args.lang == "cy"


@pytest.mark.parametrize("command", COMMANDS, ids=_ids)
def test_left_out_the_options_are_none(command: list[str]) -> None:
    args = build_parser().parse_args(command)
    assert (args.lang, args.data_dir, args.content) == (None, None, None)


def test_help_says_the_later_one_wins(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["--help"], ["run", "--help"], ["sessions", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        assert "the later one is used" in " ".join(capsys.readouterr().out.split())


@pytest.mark.parametrize("where", ["before", "after"])
def test_check_checks_the_content_named_by_content(where: str, capsys: pytest.CaptureFixture[str]) -> None:
    folder = FIXTURES / "visit-v1"
    argv = ["--content", str(folder), "check"] if where == "before" else ["check", "--content", str(folder)]
    assert main([*argv, "--errors-only"]) == 0
    out = capsys.readouterr().out
    assert "1 flow and 6 questions in" in out and "visit-v1" in out


def test_check_without_content_checks_the_built_in_content(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--errors-only"]) == 0
    assert "3 flows" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["--high-contrast", "serve"], ["serve", "--high-contrast"]],
                         ids=["before", "after"])
def test_serve_high_contrast_before_or_after(argv: list[str]) -> None:
    assert "--high-contrast" in command_for(build_parser().parse_args(argv))
    assert "--high-contrast" not in command_for(build_parser().parse_args(["serve"]))


@pytest.mark.parametrize("argv", [["--lang", "cy", "--data-dir", "{data}", "run"],
                                  ["run", "--lang", "cy", "--data-dir", "{data}"]], ids=["before", "after"])
def test_run_writes_welsh_into_the_chosen_data_folder(argv: list[str], tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "chosen"
    words = [word.format(data=data) for word in argv]
    assert main([*words, "budget-check", "--answers", str(PERSONA), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "budget-sheet.md").read_text(encoding="utf-8").startswith("# Eich cyllideb bersonol")
    assert (data / "sessions.db").is_file()
    capsys.readouterr()
    for listing in (["--data-dir", str(data), "sessions", "list"], ["sessions", "list", "--data-dir", str(data)]):
        assert main(listing) == 0
        assert "budget-check" in capsys.readouterr().out
    assert main(["sessions", "list"]) == 0  # the usual data folder has none
    assert "There are no saved conversations" in capsys.readouterr().out


def test_version(planner_main: Planner) -> None:
    done = planner_main("--version")  # the installed script's --version: tests/packaging/test_wheel.py
    assert (done.returncode, done.stdout, done.stderr) == (0, f"planner {version('planner')}\n", "")
    assert version("planner") == "0.1.0"
