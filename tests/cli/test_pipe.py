"""A reader that stops early (`planner run ... | head`): planner ends quietly, with every answer saved."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.conftest import PLANNER, ROOT, Planner, environment

PERSONA = ROOT / "tests" / "personas" / "support-plan" / "simple-and-fine.yaml"
QUIET = (0, 141)  # 141: the shell's usual code for a program stopped by a closed pipe


def _reader_stops(argv: list[str], data: Path, *, read: int) -> tuple[int, str]:
    """Run planner into a real pipe whose reader takes `read` bytes (a line when -1), then closes it."""
    process = subprocess.Popen([*PLANNER, *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               stdin=subprocess.DEVNULL, env=environment(data), cwd=data.parent)
    assert process.stdout is not None and process.stderr is not None
    if read < 0:
        process.stdout.readline()
    elif read:
        process.stdout.read(read)
    process.stdout.close()
    errors = process.stderr.read().decode()
    return process.wait(timeout=120), errors


def _assert_quiet(code: int, errors: str) -> None:
    assert code in QUIET, errors
    assert "Traceback" not in errors and "Exception ignored" not in errors and "BrokenPipe" not in errors
    assert errors == ""


def test_run_into_head_saves_every_answer_and_writes_the_documents(tmp_path: Path, planner_main: Planner) -> None:
    data = tmp_path / "data"
    code, errors = _reader_stops(["run", "support-plan", "--answers", str(PERSONA), "--out", str(tmp_path / "out")],
                                 data, read=-1)
    _assert_quiet(code, errors)
    assert code == 0  # nothing went wrong: only nobody read the rest
    assert (tmp_path / "out" / "support-plan.pdf").is_file()
    listed = planner_main("sessions", "list", data=data)
    assert "support-plan" in listed.stdout and "finished" in listed.stdout


def test_sessions_list_into_a_closed_pipe(tmp_path: Path) -> None:
    _assert_quiet(*_reader_stops(["sessions", "list"], tmp_path / "data", read=0))


def test_check_json_into_a_closed_pipe(tmp_path: Path) -> None:
    _assert_quiet(*_reader_stops(["check", "--format", "json"], tmp_path / "data", read=10))


def test_schema_into_a_closed_pipe(tmp_path: Path) -> None:
    _assert_quiet(*_reader_stops(["schema", "support-plan"], tmp_path / "data", read=0))
