"""#13 point 9 (content paths): a content file that is a pipe or a link to a device is refused plainly, at once.

A flow file, glossary, council.yaml or .po file under the content folder that is a FIFO used to
make `planner check` wait for ever, and one linked to /dev/zero or /dev/urandom grew memory
without end. Every run here is a real subprocess with a timeout, so a hang fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from planner.flows import messages as m
from planner.flows.problems import Problems
from planner.flows.source import MAX_BYTES, read_bytes, read_limited
from tests.conftest import FIXTURES, ROOT, environment

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(),
                                reason="needs named pipes and /dev/zero")

NOT_ORDINARY = "is not an ordinary file"


def hostile_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "kinds", root)
    os.mkfifo(root / "flows" / "pipe.yaml")
    (root / "glossary.yaml").symlink_to("/dev/zero")
    (root / "councils" / "endless").mkdir()
    (root / "councils" / "endless" / "council.yaml").symlink_to("/dev/urandom")
    (root / "locales" / "cy" / "LC_MESSAGES").mkdir(parents=True)
    os.mkfifo(root / "locales" / "cy" / "LC_MESSAGES" / "planner.po")
    return root


def planner(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", *args], cwd=ROOT, env=environment(tmp_path / "data"),
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_planner_check_refuses_pipes_and_devices_at_their_paths_and_finishes(tmp_path: Path) -> None:
    root = hostile_content(tmp_path)
    result = planner(tmp_path, "check", str(root))
    assert result.returncode == 1, result.stdout + result.stderr
    said = result.stdout + result.stderr
    expected = {
        "flows/pipe.yaml": "(it is a pipe)",
        "glossary.yaml": "(it is a link to a device)",
        "councils/endless/council.yaml": "(it is a link to a device)",
        "locales/cy/LC_MESSAGES/planner.po": "(it is a pipe)",
    }
    lines = said.splitlines()
    for path, kind in expected.items():
        found = [line for line in lines if f"{root / path}:" in line]
        assert found and NOT_ORDINARY in found[0] and kind in found[0], (path, said)
    assert "Traceback" not in said


def test_starting_with_such_content_stops_with_the_message(tmp_path: Path) -> None:
    root = hostile_content(tmp_path)
    result = planner(tmp_path, "--plain", "--content", str(root))
    assert result.returncode == 1
    assert f"{root / 'flows' / 'pipe.yaml'}: " in result.stderr and NOT_ORDINARY in result.stderr


def test_a_folder_where_a_file_should_be_is_said_too(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").mkdir()
    problems = Problems(str(tmp_path / "glossary.yaml"))
    assert read_bytes(tmp_path / "glossary.yaml", problems) is None
    assert [p.message for p in problems.items] == [m.NOT_ORDINARY_FILE.format(kind="a folder")]


def test_reading_stops_one_byte_past_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"a" * (MAX_BYTES * 3))
    assert len(read_limited(big)) == MAX_BYTES + 1
    problems = Problems(str(big))
    assert read_bytes(big, problems) is None
    assert problems.items[0].message == m.FILE_TOO_LARGE.format(size=MAX_BYTES * 3, limit=MAX_BYTES)
