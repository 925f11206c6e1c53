"""The measurements, each against a baseline taken in the same run."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from collections.abc import Callable, Iterator

import yaml

from planner.flows.loader import load_content
from planner.flows.session import MemoryRecorder, Session
from planner.store import SessionStore
from planner.store.opening import start

from .measure import Result, median, p95, timed, until_line
from .synthetic import answers, write_flow

ROOT = Path(__file__).resolve().parent.parent
Case = Callable[[Path, bool], Iterator[Result]]


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "PLANNER_DATA": str(data), "PYTHONPATH": str(ROOT)}


def startup(work: Path, quick: bool) -> Iterator[Result]:
    """Start to the first question on screen, and peak memory, against a bare Textual app."""
    runs = 2 if quick else 5
    python = [sys.executable, "-m", "benchmarks.apps"]
    bare = [until_line([*python, "bare"], "ready", cwd=str(ROOT)) for _ in range(runs)]
    ours = [until_line([*python, "planner", str(work / f"tui{n}")], "ready", cwd=str(ROOT)) for n in range(runs)]
    yield Result("tui: start to first question", median([t for t, _ in ours]), median([t for t, _ in bare]), 4.0)
    yield Result("tui: peak memory", median([m for _, m in ours]), median([m for _, m in bare]), 2.5, "KiB")
    plain = [until_line([sys.executable, "-m", "planner", "--plain"], "> ", stdin="2\n",
                        env=_env(work / f"plain{n}"), cwd=str(ROOT)) for n in range(runs)]
    imports = [until_line([*python, "imports"], "Type a number", cwd=str(ROOT)) for _ in range(runs)]
    yield Result("line mode: start to first question", median([t for t, _ in plain]),
                 median([t for t, _ in imports]), 6.0)


def step(work: Path, quick: bool) -> Iterator[Result]:
    """Answer, check, save to disk, show the next question: against a bare SQLite commit of the same size."""
    root = write_flow(work / "step-content", 400)
    content = load_content(root)
    store = SessionStore.in_folder(work / "step-data")
    opened = start(store, content, "synthetic")
    session = opened.session
    given = answers(400)[: 60 if quick else 200]
    samples = []
    for _, raw in given:
        begin = time.perf_counter()
        session.answer(raw)
        session.current()
        samples.append(time.perf_counter() - begin)
    state_size = len(json.dumps(session.state()))
    opened.close()
    store.close()
    bare = _bare_commits(work / "bare.db", len(given), state_size)
    yield Result("step: median", median(samples), median(bare), 6.0)
    yield Result("step: p95", p95(samples), p95(bare), 8.0)


def _bare_commits(path: Path, count: int, state_size: int) -> list[float]:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")
    connection.execute("CREATE TABLE answers (seq INTEGER PRIMARY KEY, value BLOB)")
    connection.execute("CREATE TABLE state (id INTEGER PRIMARY KEY, value BLOB)")
    connection.execute("INSERT INTO state VALUES (1, '')")

    def commit() -> None:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("INSERT INTO answers (value) VALUES (?)", (os.urandom(80),))
        connection.execute("UPDATE state SET value = ? WHERE id = 1", (os.urandom(state_size),))
        connection.execute("COMMIT")

    samples = timed(commit, count)
    connection.close()
    return samples


def growth(work: Path, quick: bool) -> Iterator[Result]:
    """Step time in the middle of flows of 100, 1,000 and 10,000 questions: it must not grow with size."""
    medians = {}
    for size in (100, 1_000, 10_000):
        content = load_content(write_flow(work / f"growth{size}", size))
        session = Session(content.flows["synthetic"], MemoryRecorder(), council={})
        given = answers(size)
        half = len(given) // 2
        for _, raw in given[: half - 20]:
            session.answer(raw)
        samples = []
        for _, raw in given[half - 20: half + 20]:
            begin = time.perf_counter()
            session.answer(raw)
            session.current()
            samples.append(time.perf_counter() - begin)
        medians[size] = median(samples)
    yield Result("growth: step at 1,000 questions", medians[1_000], medians[100], 2.0)
    yield Result("growth: step at 10,000 questions", medians[10_000], medians[100], 3.0)


def loading(work: Path, quick: bool) -> Iterator[Result]:
    """Loading and checking content, per 1,000 questions, against parsing the same YAML with PyYAML."""
    root = write_flow(work / "load-content", 1_000)
    text = (root / "flows" / "synthetic.yaml").read_text()
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    runs = 2 if quick else 5
    ours = timed(lambda: load_content(root), runs)
    bare = timed(lambda: yaml.load(text, Loader=loader), runs)
    yield Result("content: load and check 1,000 questions", median(ours), median(bare), 25.0)


def outputs(work: Path, quick: bool) -> Iterator[Result]:
    """Building and rendering every document in every format for a full persona, against serialising its answers."""
    import datetime as dt

    from planner.output.answers import answers_document
    from planner.output.documents import build_documents
    from planner.output.render import Renderer
    from planner.output.write import render_all
    from planner.paths import BUILTIN_CONTENT
    from planner.script import play, read_script

    content = load_content(BUILTIN_CONTENT)
    script = read_script(ROOT / "tests" / "personas" / "support-plan" / "early-riser.yaml")
    session = Session(content.flows["support-plan"], MemoryRecorder(), council=content.council().model_dump(),
                      participants=script.participants)
    play(session, script, lambda line: None)
    renderer = Renderer(council_templates=None, locale="en_GB")
    runs = 3 if quick else 10
    ours = timed(lambda: render_all(build_documents(session, None, today=dt.date(2026, 11, 23)), renderer), runs)
    bare = timed(lambda: json.dumps(answers_document(session).model_dump(mode="json")), runs)
    yield Result("outputs: every document, every format", median(ours), median(bare), 5.0)


CASES: dict[str, Case] = {"startup": startup, "step": step, "growth": growth, "loading": loading, "outputs": outputs}


def run(names: list[str], quick: bool) -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        for name in names:
            results.extend(CASES[name](Path(folder) / name, quick))
    return results
