"""`planner content copy DIR`: a council's own copy of the content, to change."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from planner.cli import main
from planner.paths import BUILTIN_CONTENT
from tests.conftest import FIXTURES


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts}


def test_copies_the_built_in_content_whole(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "our-content"
    assert main(["content", "copy", str(copy)]) == 0
    said = capsys.readouterr()
    assert f"planner check {copy}" in said.out and f"--content {copy}" in said.out and said.err == ""
    assert _files(copy) == _files(BUILTIN_CONTENT)
    assert not list(copy.rglob("__pycache__")) and not list(tmp_path.glob(".our-content*"))
    assert main(["check", str(copy), "--errors-only"]) == 0


def test_copies_into_an_empty_folder_and_from_the_content_named(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["--content", str(FIXTURES / "visit-v1"), "content", "copy", str(tmp_path / "empty")]) == 0
    assert _files(tmp_path / "empty") == _files(FIXTURES / "visit-v1")


def test_refuses_a_folder_with_files_in_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "busy"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    assert main(["content", "copy", str(folder)]) == 3
    assert "already has files in it, so nothing was copied" in capsys.readouterr().err
    assert _files(folder) == {"notes.txt": b"mine"}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".busy")]


def test_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x")
    assert main(["content", "copy", str(tmp_path / "a-file")]) == 4


def test_the_copy_can_be_changed_when_the_package_cannot(tmp_path: Path) -> None:
    locked = tmp_path / "installed"
    shutil.copytree(FIXTURES / "visit-v1", locked)
    for here, _, files in os.walk(locked):
        for name in files:
            os.chmod(Path(here) / name, 0o444)
        os.chmod(here, 0o555)
    try:
        assert main(["content", "copy", str(tmp_path / "ours"), "--content", str(locked)]) == 0
    finally:
        for here, _, _ in os.walk(locked):
            os.chmod(here, 0o755)
    for path in (tmp_path / "ours").rglob("*"):
        assert path.stat().st_mode & stat.S_IWUSR, path
