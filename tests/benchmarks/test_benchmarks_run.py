"""The benchmarks run, write every field, and compare like with like (timings are measured there, never asserted
here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from benchmarks.__main__ import main, table
from benchmarks.apps import drive, libraries
from benchmarks.measure import TimedOut, timed_out, whole
from benchmarks.synthetic import questions, write_flow, write_xlsform
from benchmarks.targets import ROWS
from planner.flows.loader import Content, load_content
from tests.conftest import ROOT

FIELDS = {"row", "key", "name", "measure", "baseline_is", "unit", "value", "baseline", "ratio", "target", "met",
          "timed_out", "extra", "note", "beside"}


def test_a_quick_run_writes_every_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The step row, run as `python -m benchmarks` runs it, where no key is set: the harness gives one itself."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "benchmarks", "step", "--quick", "--json", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    saved = json.loads(out.read_text())
    assert saved["machine"]["cores"] == os.cpu_count() and saved["date"]
    [row] = saved["rows"]
    assert set(row) == FIELDS
    assert (row["row"], row["key"], row["target"]) == (4, "step_p95", 2.0)
    assert row["value"] > 0 and row["baseline"] > 0 and row["ratio"] == round(row["value"] / row["baseline"], 3)
    assert row["extra"]["cpu_p95"] > 0 and row["extra"]["bytes_per_step"] > 0
    assert (row["extra"]["journal_mode"], row["extra"]["synchronous"]) == ("wal", "FULL")
    assert "step p95" in result.stdout and ("NOT MET" in result.stdout) != row["met"]
    # The same results as a Markdown table for the README, from the saved file: the row beside its target.
    assert main(["--from", str(out), "--markdown"]) == 0
    table = capsys.readouterr().out
    assert table.startswith(f"Measured on {saved['date'][:10]}")
    assert f"| {ROWS[3].measure} | {ROWS[3].baseline} | ≤ 2\u00d7 |" in table


def test_an_unknown_benchmark_is_named(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["speedy"])
    assert stopped.value.code == 2 and "there is no benchmark called 'speedy'" in capsys.readouterr().err


def test_the_rows_are_the_issues_twelve() -> None:
    assert [row.number for row in ROWS] == list(range(1, 13))
    assert [row.target for row in ROWS] == [1.3, 2, 1.5, 2, 2, 2, 0.25, 1, 0.5, 2, 4, 1.3]


def test_the_libraries_app_imports_no_standard_or_planner_module() -> None:
    import yaml  # noqa: F401

    found = libraries(list(sys.modules))
    assert "yaml" in found and "pytest" in found
    tops = {name.partition(".")[0] for name in found}
    assert not tops & set(sys.stdlib_module_names)
    assert not tops & {"planner", "benchmarks", "__main__"}
    assert not any(top.startswith(("__editable__", "_sysconfigdata_")) for top in tops)


def test_the_xlsform_and_the_flow_ask_the_same_questions_on_the_same_conditions(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")  # from the bench extra
    flow = load_content(write_flow(tmp_path / "content", 120)).flows["synthetic"]
    sheet = openpyxl.load_workbook(write_xlsform(tmp_path / "form.xlsx", 120))["survey"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    in_yaml = [(section.id, step.id, step.kind, step.when) for section in flow.sections for step in section.steps]
    in_sheet, section = [], None
    for kind, name, _, relevant in (tuple(row) + (None,) * (4 - len(row)) for row in rows):
        if kind == "begin_group":
            section = name
        elif kind != "end_group":
            when = relevant.replace("${", "").replace("}", "").replace(" = ", " == ") if relevant else None
            in_sheet.append((section, name, {"select_one yes_no": "yes_no", "text": "short_text"}[kind], when))
    assert in_sheet == in_yaml
    assert len(in_yaml) == 120 and len({s for s, *_ in in_yaml}) == 3
    assert [q.id for q in questions(120)] == [name for _, name, _, _ in in_yaml]


def test_the_driven_app_starts_the_first_conversation_and_names_its_libraries(
        content: Content, private_data: Path, capfd: pytest.CaptureFixture[str]) -> None:
    """Row 1's program: two presses of Enter reach the first question; what it lists is the libraries' app's list."""
    from planner.store import SessionStore
    from planner.ui.app import PlannerApp

    holder = SimpleNamespace(PlannerApp=PlannerApp)
    drive(holder)
    store = SessionStore.in_folder(private_data)
    try:
        holder.PlannerApp(content, store).run()
        [record] = store.list()
    finally:
        store.close()
    assert record.flow_id == PlannerApp(content, store).flows()[0].id  # the first in the list
    printed = capfd.readouterr().out.splitlines()
    assert "ready" in printed
    modules = json.loads(next(line for line in printed if line.startswith("modules "))[8:])
    assert "textual.app" in modules and "yaml" in modules
    assert not any(name.partition(".")[0] in sys.stdlib_module_names | {"planner", "benchmarks"} for name in modules)


def test_a_run_past_the_limit_is_stopped_and_its_row_not_met() -> None:
    with pytest.raises(TimedOut):
        whole([sys.executable, "-c", "import time; time.sleep(60)"], timeout=0.5)
    row = timed_out("check_10000", 18.0)
    assert not row.met and row.as_dict()["timed_out"] and row.as_dict()["ratio"] is None
    [line] = [line for line in table([row], {}).splitlines() if line.startswith(" 8  ")]
    assert "> 120 s" in line and line.endswith("NOT MET")
