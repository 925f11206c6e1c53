"""The benchmark suite runs and writes its JSON (timings are measured there, never asserted here)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def test_a_quick_run_writes_ratios(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "benchmarks", "loading", "growth", "--quick", "--json", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    rows = json.loads(out.read_text())
    assert [r["name"] for r in rows] == ["content: load and check 1,000 questions", "growth: step at 1,000 questions",
                                       "growth: step at 10,000 questions"]
    for row in rows:
        assert set(row) == {"name", "value", "baseline", "ratio", "target", "unit"}
        assert row["ratio"] == round(row["value"] / row["baseline"], 3)
    assert "measurement" in result.stdout.splitlines()[0]


def test_an_unknown_benchmark_is_named() -> None:
    result = subprocess.run([sys.executable, "-m", "benchmarks", "speedy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 2 and "there is no benchmark called 'speedy'" in result.stderr


def test_the_start_up_case_runs_where_no_key_is_set(tmp_path: Path) -> None:
    """The harness gives its stores a key itself: with none in the environment, start-up once never got going."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_")}
    out = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, "-m", "benchmarks", "startup", "--quick", "--json", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr
    names = [r["name"] for r in json.loads(out.read_text())]
    assert names == ["tui: start to first question", "tui: peak memory", "line mode: start to first question"]
