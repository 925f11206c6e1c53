"""`planner run --out` and `planner sessions export --out` write every output, owner-only."""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, environment
from tests.personas.runner import PERSONAS

EXPECTED = {"answers.json", "budget-sheet.md", "budget-sheet.txt", "budget-sheet.html", "budget-sheet.json"}


def planner(*args: str, data: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", *args], capture_output=True, text=True,
                          env=environment(data), cwd=ROOT, timeout=120)


def test_run_and_export_write_the_documents_for_the_flow(tmp_path: Path) -> None:
    data = tmp_path / "data"
    answers = PERSONAS / "budget-check" / "not-sure-at-all.yaml"
    run = planner("run", "budget-check", "--answers", str(answers), "--out", str(tmp_path / "run"), data=data)
    assert run.returncode == 0, run.stderr
    written = [line.split(": ", 1)[1] for line in run.stdout.splitlines() if line.startswith("written: ")]
    assert {Path(p).name for p in written} == EXPECTED
    for path in written:
        assert stat.S_IMODE(Path(path).stat().st_mode) == 0o600
    sheet = json.loads((tmp_path / "run" / "budget-sheet.json").read_text())
    assert sheet["kind"] == "budget-sheet" and "How much is my budget?" in sheet["questions"]
    assert "<html lang=\"en-GB\">" in (tmp_path / "run" / "budget-sheet.html").read_text()

    session_id = run.stdout.splitlines()[0].split()[-1]
    export = planner("sessions", "export", session_id[:8], "--out", str(tmp_path / "export"), data=data)
    assert export.returncode == 0, export.stderr
    assert {p.name for p in (tmp_path / "export").iterdir()} == EXPECTED
    assert (tmp_path / "export" / "budget-sheet.txt").read_text() == (tmp_path / "run" / "budget-sheet.txt").read_text()
    printed = planner("sessions", "export", session_id[:8], data=data)
    assert json.loads(printed.stdout)["session"]["id"] == session_id

    (tmp_path / "a-file").write_text("")
    refused = planner("sessions", "export", session_id[:8], "--out", str(tmp_path / "a-file"), data=data)
    assert refused.returncode == 1 and "is a file" in refused.stderr and "Traceback" not in refused.stderr
