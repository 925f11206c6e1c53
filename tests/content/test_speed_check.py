"""`planner check` of a 10,000-question flow: a file that large is not refused, and every pass finishes."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from benchmarks.synthetic import write_flow
from planner.check import check_paths, report


def test_a_ten_thousand_question_flow_over_a_megabyte_passes_check(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_CACHE", str(tmp_path / "cache"))
    root = write_flow(tmp_path / "content", 10_000)
    flow = root / "flows" / "synthetic.yaml"
    flow.write_text(flow.read_text().replace("prompt: About", "prompt: Please tell us a little about part"))
    assert flow.stat().st_size > 1_000_000  # the old fixed limit
    contents = check_paths([root])
    out = io.StringIO()
    assert report(contents, "text", out) == 0, out.getvalue()[:500]
    assert "1 flow and 10000 questions" in out.getvalue()
