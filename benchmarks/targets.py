"""The twelve rows of issue #14's "Targets" table: what is measured, against what, and the ratio to stay under.

The measure and baseline words and the targets are copied from the issue. They are not ours to change.
"""

from __future__ import annotations

from dataclasses import dataclass

LIMIT = 120.0  # seconds: one run of ours that takes longer is cut off and its row reported as not met


@dataclass(frozen=True)
class Row:
    """One row of the targets table."""

    number: int
    key: str  # a short name, for --json and the tests
    case: str  # the case (python -m benchmarks CASE) that measures it
    short: str  # the name in the printed table
    measure: str  # the words
    baseline: str  # the words
    target: float
    unit: str = "s"


ROWS: tuple[Row, ...] = (
    Row(1, "tui_start_vs_libs", "start", "TUI start → first question (libs app)",
        "TUI start → first question",
        "a Textual app showing one Label that imports the same third-party libraries the product imports before "
        "its first question", 1.3),
    Row(2, "tui_start_vs_bare", "start", "TUI start → first question (bare app)",
        "TUI start → first question", "the bare Textual app", 2.0),
    Row(3, "line_start", "line", "line mode start → first question",
        "line mode start → first question", "`python -c 'import textual, jinja2, yaml, babel, pydantic'`", 1.5),
    Row(4, "step_p95", "step", "step p95, support-plan, durable",
        "step p95 (answer → durable save → next), shipped support-plan flow; report CPU time too",
        "bare SQLite commit, WAL + synchronous=FULL, same bytes", 2.0),
    Row(5, "step_p95_10000", "growth", "step p95 at 10,000 questions, durable",
        "step p95 at 10,000 questions, durable", "the same at 100", 2.0),
    Row(6, "load_check", "load", "load + check shipped content, fresh process",
        "load + check (with lint), shipped content, fresh process, caches cleared",
        "`yaml.safe_load` of the same files", 2.0),
    Row(7, "form_1000", "form", "1,000-question form load + validate",
        "1,000-question form load + validate, in-process, caches cleared",
        "pyxform `convert()` of the same form as an XLSForm", 0.25),
    Row(8, "check_10000", "check", "planner check, 10,000 questions",
        "`planner check` of a 10,000-question flow, caches cleared", "pyxform `convert()` of the same form", 1.0),
    Row(9, "documents_text", "documents", "documents md/txt/html/json, warm",
        "every document in md, txt, html and json, largest persona, in-process, warm", "bare Textual app start",
        0.5),
    Row(10, "documents_pdf", "documents", "documents as PDF, warm",
        "the same documents as PDF, in-process, warm", "bare Textual app start", 2.0),
    Row(11, "run_every_format", "run", "planner run, every format, fresh process",
        "`planner run` of the largest persona, every format, fresh process", "bare Textual app start", 4.0),
    Row(12, "tui_peak_rss", "start", "peak RSS, TUI process",
        "peak RSS of the TUI process alone", "the libraries' Textual app above", 1.3, "KiB"),
)
BY_KEY = {row.key: row for row in ROWS}
CASES: tuple[str, ...] = tuple(dict.fromkeys(row.case for row in ROWS))
