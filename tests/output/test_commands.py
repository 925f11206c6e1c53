"""`planner run --out` and `planner sessions export --out` write every output, owner-only."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import Planner
from tests.personas.runner import PERSONAS

EXPECTED = {"answers.json", "budget-sheet.md", "budget-sheet.txt", "budget-sheet.html", "budget-sheet.json",
            "budget-sheet.pdf"}


@pytest.fixture
def planner(planner_main: Planner) -> Planner:
    """The commands, in this process (tests/engine/test_run_command.py starts one as a program)."""
    return planner_main


def readable(path: Path) -> str:
    """A file's text; a PDF's as read back by pypdf."""
    if path.suffix != ".pdf":
        return path.read_text(encoding="utf-8")
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def test_run_and_export_write_the_documents_for_the_flow(tmp_path: Path, planner: Planner) -> None:
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
    assert refused.returncode == 4 and "is a file" in refused.stderr and "Traceback" not in refused.stderr


def test_a_worry_told_in_confidence_reaches_no_shared_file(tmp_path: Path, planner: Planner) -> None:
    import yaml

    spec = yaml.safe_load((PERSONAS / "support-plan" / "early-riser.yaml").read_text())
    worry = "The evening carer shouts at me when I am slow."
    spec["answers"]["worry_now"] = worry
    answers = tmp_path / "answers.yaml"
    answers.write_text(yaml.safe_dump({k: spec[k] for k in ("participants", "answers") if k in spec}))
    data = tmp_path / "data"
    run = planner("run", "support-plan", "--answers", str(answers), "--out", str(tmp_path / "run"), data=data)
    assert run.returncode == 0, run.stderr
    for path in (tmp_path / "run").iterdir():
        assert "shouts" not in readable(path), path.name
    document = json.loads((tmp_path / "run" / "answers.json").read_text())
    assert document["withheld"] == ["worry_now"]
    assert "contingency.worry_now" not in document["facts"]
    plan = " ".join((tmp_path / "run" / "support-plan.txt").read_text().split())
    assert "Talk with me privately about the worry I raised." in plan  # the plan says there is something to follow up
    # A page's footer may fall in the middle of the line, wherever the page breaks.
    pdf = re.sub(r" Page \d+ of \d+", "", readable(tmp_path / "run" / "support-plan.pdf"))
    assert "Talk with me privately about the worry I raised." in pdf

    session_id = run.stdout.splitlines()[0].split()[-1]
    printed = planner("sessions", "export", session_id[:8], "--include-private", data=data)
    assert printed.returncode == 0, printed.stderr
    full = json.loads(printed.stdout)
    assert full["withheld"] == [] and full["facts"]["contingency.worry_now"] == worry
    refused = planner("sessions", "export", session_id[:8], "--include-private", "--out", str(tmp_path / "x"),
                      data=data)
    assert refused.returncode == 1 and "never written into a folder" in refused.stderr
    assert not (tmp_path / "x").exists()
