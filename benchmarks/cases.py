"""The measurements, each against a baseline taken in the same run, interleaved with ours.

Each case measures one or more rows of targets.ROWS. `python -m benchmarks` runs each case in a fresh
process of its own (`python -m benchmarks.cases CASE ...`), so no case sees another's caches.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from .apps import top_level
from .measure import TIMES, Result, Run, TimedOut, deadline, median, p95, reported, timed_out, until_line, whole
from .synthetic import answers, write_flow, write_xlsform
from .targets import CASES

ROOT = Path(__file__).resolve().parent.parent
PERSONAS = ROOT / "tests" / "personas"
APPS = [sys.executable, "-m", "benchmarks.apps"]
# Left out of the environment of every program we start: the key is in PLANNER_KEY, the content is the built-in.
UNSET = ("PLANNER_CONTENT", "PLANNER_LOCALES", "PLANNER_LANG", "PLANNER_DATA", "PLANNER_CACHE", "PLANNER_KEY_FILE",
         "PLANNER_PASSPHRASE")
TODAY = dt.date(2026, 11, 23)  # the date printed on documents, so every run makes the same ones
T = TypeVar("T")


@dataclass
class Outcome:
    """What a case found: its rows, and facts to report beside them (the libraries' list, say)."""

    results: list[Result] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)


class Work:
    """The case's folder: a new subfolder for each data folder, cache folder or output it needs."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.made = 0
        root.mkdir(parents=True, exist_ok=True)

    def new(self, name: str) -> Path:
        """A path that does not exist yet (the program makes it, as it would make its own folder)."""
        self.made += 1
        return self.root / f"{name}-{self.made}"

    def env(self, *, cache: Path | None = None) -> dict[str, str]:
        """The environment of a program we start: a new data folder, and an empty cache folder unless
        `cache` is given (caches cleared); the key in PLANNER_KEY; the built-in content."""
        env = {k: v for k, v in os.environ.items() if k not in UNSET}
        cache = cache or self.new("cache")
        env.update(PLANNER_DATA=str(self.new("data")), PLANNER_CACHE=str(cache), XDG_CACHE_HOME=str(cache),
                   PYTHONPATH=os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
        return env


def interleaved(runs: int, *sides: Callable[[], T]) -> list[list[T]]:
    """Each side called `runs` times, taking turns (who goes first changes each round)."""
    samples: list[list[T]] = [[] for _ in sides]
    for n in range(runs):
        order = list(range(len(sides)))
        shift = n % len(order)
        for k in order[shift:] + order[:shift]:
            samples[k].append(sides[k]())
    return samples


def cold_and_warm(key: str, runs: int, ours: Callable[[Path | None], float], baseline: Callable[[], float],
                  warm_cache: Path, *, about: str = "", extra: dict[str, Any] | None = None) -> Outcome:
    """A row whose main figure is ours with caches cleared, warm beside it: one warm-up each (which fills the
    warm cache), then cold, warm and the baseline in turns."""
    try:
        ours(warm_cache)
        baseline()
        cold, warm, base = interleaved(runs, lambda: ours(None), lambda: ours(warm_cache), baseline)
    except TimedOut:
        return Outcome([timed_out(key, baseline())])
    c, w, b = median(cold), median(warm), median(base)
    return Outcome([Result(key, c, b, {"warm": w, "warm_ratio": w / b, **(extra or {})},
                           f"{about}cold {seconds(c)}, warm {seconds(w)} ({ratio_text(w, b)})",
                           f"warm {ratio_text(w, b)}")])


def ratio_text(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}{TIMES}" if baseline else "-"


def seconds(value: float) -> str:
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


# ----------------------------------------------------------------- rows 1, 2, 12: the TUI
def start(work: Work, quick: bool) -> Outcome:
    """The planner app to its first question, cold and warm, against the bare app and the libraries' app."""
    runs = 2 if quick else 5
    env = work.env
    outcome = Outcome()

    def ours(cache: Path | None = None) -> Run:
        return until_line([*APPS, "planner"], "ready", env=env(cache=cache), cwd=str(ROOT))

    def bare() -> Run:
        return until_line([*APPS, "bare"], "ready", env=env(), cwd=str(ROOT))

    try:
        first = ours()  # also a warm-up: the same files are in the disk cache for every later run
    except TimedOut:
        base = bare()  # with no first question there is no list of libraries: the bare app stands in
        for key in ("tui_start_vs_libs", "tui_start_vs_bare"):
            outcome.results.append(timed_out(key, base.seconds, baseline_is="the bare app"))
        outcome.results.append(timed_out("tui_peak_rss", base.peak_kib, baseline_is="the bare app"))
        return outcome
    modules = json.loads(next(line for line in first.output.splitlines() if line.startswith("modules "))[8:])
    listing = work.root / "libraries.json"
    listing.write_text(json.dumps(modules))

    def libs() -> Run:
        return until_line([*APPS, "libs", str(listing)], "ready", env=env(), cwd=str(ROOT))

    warm_cache = work.new("warm-cache")
    ours(warm_cache)  # fills it
    missing_line = next((line for line in libs().output.splitlines() if line.startswith("missing ")), "")
    missing = json.loads(missing_line[8:]) if missing_line else []
    bare()
    outcome.info.update(libraries=top_level(modules), library_modules=modules, not_importable=missing)
    timed_out_after = None
    try:
        cold, warm, lib, plain = interleaved(runs, ours, lambda: ours(warm_cache), libs, bare)
    except TimedOut as stop:
        timed_out_after = str(stop)
    if timed_out_after is not None:
        lib, plain = [libs()], [bare()]
        outcome.results += [timed_out("tui_start_vs_libs", lib[0].seconds),
                            timed_out("tui_start_vs_bare", plain[0].seconds),
                            timed_out("tui_peak_rss", lib[0].peak_kib)]
        return outcome
    c, w, lb, b = (median([r.seconds for r in s]) for s in (cold, warm, lib, plain))
    cc, lc, bc = (median([reported(r, "cpu") for r in s]) for s in (cold, lib, plain))
    outcome.results += [
        Result("tui_start_vs_libs", c, lb, {"warm": w, "warm_ratio": w / lb, "cpu": cc, "baseline_cpu": lc,
                                            "cpu_ratio": cc / lc, "libraries": top_level(modules)},
               f"cold {seconds(c)}, warm {seconds(w)} ({ratio_text(w, lb)}); CPU to the first question "
               f"{seconds(cc)} against {seconds(lc)} ({ratio_text(cc, lc)}); the libs app imports {len(modules)} "
               f"modules ({len(missing)} not importable by name)", f"warm {ratio_text(w, lb)}"),
        Result("tui_start_vs_bare", c, b, {"warm": w, "warm_ratio": w / b, "cpu": cc, "baseline_cpu": bc,
                                           "cpu_ratio": cc / bc},
               f"cold {seconds(c)}, warm {seconds(w)} ({ratio_text(w, b)}); CPU {seconds(cc)} against {seconds(bc)} "
               f"({ratio_text(cc, bc)})", f"warm {ratio_text(w, b)}"),
    ]
    rss, warm_rss, lib_rss, bare_rss = (median([r.peak_kib for r in s]) for s in (cold, warm, lib, plain))
    outcome.results.append(Result(
        "tui_peak_rss", rss, lib_rss, {"warm": warm_rss, "bare_app": bare_rss},
        f"{rss / 1024:.1f} MiB (warm {warm_rss / 1024:.1f} MiB); libs app {lib_rss / 1024:.1f} MiB, bare app "
        f"{bare_rss / 1024:.1f} MiB", f"bare app {ratio_text(rss, bare_rss)}"))
    return outcome


# ----------------------------------------------------------------- row 3: line mode
def line(work: Work, quick: bool) -> Outcome:
    """`python -m planner --plain` to its first question, against importing the libraries it needs."""
    runs = 2 if quick else 5
    warm_cache = work.new("warm-cache")

    def ours(cache: Path | None = None) -> float:
        return until_line([sys.executable, "-m", "planner", "--plain"], "> ", stdin="1\n",
                          env=work.env(cache=cache), cwd=str(ROOT)).seconds

    def imports() -> float:
        return whole([sys.executable, "-c", "import textual, jinja2, yaml, babel, pydantic"], env=work.env(),
                     cwd=str(ROOT)).seconds

    return cold_and_warm("line_start", runs, ours, imports, warm_cache)


# ----------------------------------------------------------------- row 4: a step, shipped flow
WRITES = re.compile(r"x'([0-9a-f]*)'|'((?:[^']|'')*)'|\b(where)\b", re.IGNORECASE)


class Writes:
    """A trace callback counting what SQL statements write: the bytes of the blob and text values in
    INSERT, UPDATE and REPLACE statements (before any WHERE), and the commits."""

    def __init__(self) -> None:
        self.bytes = 0
        self.commits = 0

    def __call__(self, sql: str) -> None:
        head = sql.lstrip()[:7].upper()
        if head.startswith(("COMMIT", "END")):
            self.commits += 1
        elif head.startswith(("INSERT", "UPDATE", "REPLACE")):
            for match in WRITES.finditer(sql):
                blob, text, where = match.groups()
                if where:
                    break
                self.bytes += len(blob) // 2 if blob is not None else len(text.replace("''", "'").encode())


def connections(store: Any) -> list[sqlite3.Connection]:
    """The SQLite connections a store holds."""
    found = [v for v in vars(store).values() if isinstance(v, sqlite3.Connection)]
    if not found:
        raise RuntimeError("the store's SQLite connection was not found (benchmarks/cases.py looks in its attributes)")
    return found


class BareCommits:
    """A bare SQLite file in WAL mode with synchronous=FULL: one commit of a row holding so many bytes."""

    def __init__(self, path: Path) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.execute("CREATE TABLE rows (id INTEGER PRIMARY KEY, value BLOB)")

    def commit(self, size: int) -> tuple[float, float]:
        """Seconds and CPU seconds to commit `size` bytes (nothing at all when `size` is None-like: < 0)."""
        value = os.urandom(size) if size >= 0 else b""
        wall, cpu = time.perf_counter(), time.process_time()
        if size >= 0:
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute("INSERT INTO rows (value) VALUES (?)", (value,))
            self.connection.execute("COMMIT")
        return time.perf_counter() - wall, time.process_time() - cpu

    def close(self) -> None:
        self.connection.close()


def persona_steps(session: Any, script: Any) -> Iterator[Callable[[], object]]:
    """Each step a person takes through a persona, as `planner.script.play` takes them: one call that answers
    (or goes on past an information step), which saves durably, then shows the next step."""
    from planner.flows.view import EndView
    from planner.script import Entry, check_script

    check_script(script, session.flow, session.participants)
    default = session.speaker
    while not isinstance(view := session.current(), EndView):
        if not view.is_question:
            yield lambda: (session.proceed(), session.current())
            continue
        entries = script.answers.get(view.id) or [Entry(None, "skipped", None, 0)]
        for n, entry in enumerate(entries):
            yield _giving(session, entry, n == len(entries) - 1, default)
    session.finish()


def _giving(session: Any, entry: Any, last: bool, default: str) -> Callable[[], object]:
    def give() -> object:
        session.set_speaker(entry.by or default)
        if entry.status == "answered":
            outcome = session.answer(entry.raw, move=last)
        else:
            outcome = session.set_status(entry.status, move=last)
        if not outcome.accepted:
            raise RuntimeError(f"a persona's answer was not accepted: {outcome.problem}")
        if last:
            session.set_speaker(default)
        return session.current()

    return give


def personas(flow: str | None = None) -> list[tuple[Path, Any, int]]:
    """The persona files `planner run` can play (path, script, number of answers), most answers first."""
    from planner.script import ScriptError, read_script

    found = []
    for path in sorted(PERSONAS.glob("*/*.yaml")):
        try:
            script = read_script(path)
        except ScriptError:
            continue  # a step-by-step persona (actions:), for the persona tests only
        named = _flow_of(path)
        if script.answers and (flow is None or named == flow):
            found.append((path, script, sum(len(entries) for entries in script.answers.values())))
    return sorted(found, key=lambda item: -item[2])


def _flow_of(path: Path) -> str:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return str(data.get("flow") or path.parent.name)


def step(work: Work, quick: bool) -> Outcome:
    """Every step of the support-plan personas on the real encrypted store, against bare commits of as many bytes."""
    from planner.flows.loader import load_content
    from planner.paths import BUILTIN_CONTENT
    from planner.store import SessionStore
    from planner.store.opening import start as open_new

    content = load_content(BUILTIN_CONTENT)
    found = personas("support-plan")
    chosen = found[-1:] if quick else found  # --quick: the persona with the fewest answers
    with deadline():
        store = SessionStore.in_folder(work.new("data"))
        connection = connections(store)[0]
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
        synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(
            connection.execute("PRAGMA synchronous").fetchone()[0], "?")
        wal = Path(str(store.path) + "-wal")

        def opened(script: Any) -> Any:
            return open_new(store, content, "support-plan", participants=script.participants,
                            council_id=script.council)

        # First each persona once with the statements traced: what each step writes, and how many commits.
        writes: list[tuple[int, int, int]] = []  # (bytes of values, commits, WAL growth) per step
        for _, script, _ in chosen:
            session = opened(script)
            for action in persona_steps(session.session, script):
                count = Writes()
                for c in connections(store):
                    c.set_trace_callback(count)
                before = wal.stat().st_size if wal.exists() else 0
                action()
                after = wal.stat().st_size if wal.exists() else 0
                for c in connections(store):
                    c.set_trace_callback(None)
                writes.append((count.bytes, count.commits, max(0, after - before)))
            session.close()
        # Then again, untraced and timed, each step followed by a bare commit of the same bytes.
        bare = BareCommits(work.new("bare").with_suffix(".db"))
        ours: list[tuple[float, float]] = []
        base: list[tuple[float, float]] = []
        for _, script, _ in chosen:
            session = opened(script)
            for action in persona_steps(session.session, script):
                size, commits, _ = writes[len(ours)]
                wall, cpu = time.perf_counter(), time.process_time()
                action()
                ours.append((time.perf_counter() - wall, time.process_time() - cpu))
                base.append(bare.commit(size if commits else -1))
            session.close()
        bare.close()
        store.close()
    if len(ours) != len(writes):
        raise RuntimeError("the personas took different steps the second time")
    wall_p95, base_p95 = p95([w for w, _ in ours]), p95([w for w, _ in base])
    cpu_p95, base_cpu = p95([c for _, c in ours]), p95([c for _, c in base])
    committed = [w for w in writes if w[1]]
    data: float = median([w[0] for w in committed]) if committed else 0.0
    grown = [w[2] for w in committed if w[2]]
    wal_bytes: float = median(grown) if grown else 0.0
    per_step = sum(w[1] for w in writes) / len(writes)
    extra = {"cpu_p95": cpu_p95, "baseline_cpu_p95": base_cpu, "cpu_ratio": cpu_p95 / base_cpu if base_cpu else None,
             "median": median([w for w, _ in ours]), "baseline_median": median([w for w, _ in base]),
             "steps": len(ours), "personas": [p.name for p, _, _ in chosen], "bytes_per_step": data,
             "wal_bytes_per_step": wal_bytes, "commits_per_step": per_step, "journal_mode": journal,
             "synchronous": synchronous}
    note = (f"{len(ours)} steps of {len(chosen)} persona(s); CPU p95 {seconds(cpu_p95)} (bare commit "
            f"{seconds(base_cpu)}); median {seconds(extra['median'])} (bare {seconds(extra['baseline_median'])}); "
            f"a step that saves writes {data:,.0f} bytes of values (median; the WAL grows {wal_bytes:,.0f} bytes); "
            f"{per_step:.2f} commits a step; store: journal_mode={journal}, synchronous={synchronous}")
    return Outcome([Result("step_p95", wall_p95, base_p95, extra, note,
                           f"CPU p95 {seconds(cpu_p95)} against {seconds(base_cpu)}")])


# ----------------------------------------------------------------- row 5: a step at 10,000 questions
class Synthetic:
    """Answering a synthetic flow on a real store, one step at a time, starting a new session at the end."""

    def __init__(self, store: Any, content: Any, size: int) -> None:
        self.store = store
        self.content = content
        self.given = answers(size)
        self.at = 0
        self.opened: Any = None

    def step(self) -> tuple[float, float]:
        """Seconds and CPU seconds for one answer: durably saved, and the next question shown."""
        from planner.store.opening import start as open_new

        if self.opened is None:
            self.opened = open_new(self.store, self.content, "synthetic")
            self.at = 0
        session = self.opened.session
        question, raw = self.given[self.at]
        shown = session.current()
        if getattr(shown, "id", None) != question:
            raise RuntimeError(f"expected question {question}, but {getattr(shown, 'id', shown)} was asked")
        wall, cpu = time.perf_counter(), time.process_time()
        session.answer(raw)
        session.current()
        took = time.perf_counter() - wall, time.process_time() - cpu
        self.at += 1
        if self.at == len(self.given):
            session.finish()
            self.opened.close()
            self.opened = None
        return took

    def close(self) -> None:
        if self.opened is not None:
            self.opened.close()
        self.store.close()


def growth(work: Work, quick: bool) -> Outcome:
    """Steps in the middle of a 10,000-question flow, against steps of a 100-question flow, both durable."""
    from planner.flows.loader import load_content
    from planner.store import SessionStore

    window = 30 if quick else 100
    big_root = write_flow(work.new("content-10000"), 10_000)
    small = Synthetic(SessionStore.in_folder(work.new("data")), load_content(write_flow(work.new("content-100"), 100)),
                      100)
    try:
        with deadline():
            begin = time.perf_counter()
            big = Synthetic(SessionStore.in_folder(work.new("data")), load_content(big_root), 10_000)
            loaded = time.perf_counter() - begin
            for _ in range(len(big.given) // 2 - window // 2):
                big.step()  # to the middle, every answer saved as in the window
            ours, base = interleaved(window, big.step, small.step)
            big.close()
    except TimedOut:
        return Outcome([timed_out("step_p95_10000", p95([w for w, _ in (small.step() for _ in range(window))]))])
    small.close()
    o, b = p95([w for w, _ in ours]), p95([w for w, _ in base])
    oc, bc = p95([c for _, c in ours]), p95([c for _, c in base])
    extra = {"cpu_p95": oc, "baseline_cpu_p95": bc, "cpu_ratio": oc / bc if bc else None, "steps": window,
             "answers_before": len(big.given) // 2 - window // 2, "load_10000": loaded}
    note = (f"{window} steps from answer {extra['answers_before']:,} of {len(big.given):,}; CPU p95 {seconds(oc)} "
            f"(at 100: {seconds(bc)}, {ratio_text(oc, bc)}); loading the 10,000 took {seconds(loaded)}")
    return Outcome([Result("step_p95_10000", o, b, extra, note, f"CPU p95 {ratio_text(oc, bc)}")])


# ----------------------------------------------------------------- row 6: load + check, shipped content
def load(work: Work, quick: bool) -> Outcome:
    """Load and check the built-in content in a fresh process, caches cleared, against yaml.safe_load of its files."""
    from planner.paths import BUILTIN_CONTENT

    runs = 2 if quick else 5
    warm_cache = work.new("warm-cache")

    def ours(cache: Path | None = None) -> tuple[float, float]:
        run = whole([*APPS, "check-content"], env=work.env(cache=cache), cwd=str(ROOT))
        return reported(run), run.seconds

    def parse() -> tuple[float, float]:
        run = whole([*APPS, "yaml-load", str(BUILTIN_CONTENT)], env=work.env(), cwd=str(ROOT))
        return reported(run), run.seconds

    try:
        ours(warm_cache)
        parse()
        cold, warm, base = interleaved(runs, ours, lambda: ours(warm_cache), parse)
    except TimedOut:
        return Outcome([timed_out("load_check", parse()[0])])
    c, w, b = (median([inside for inside, _ in s]) for s in (cold, warm, base))
    pc, pb = median([p for _, p in cold]), median([p for _, p in base])
    extra = {"warm": w, "warm_ratio": w / b, "process": pc, "baseline_process": pb}
    note = (f"cold {seconds(c)}, warm {seconds(w)} ({ratio_text(w, b)}); whole processes {seconds(pc)} against "
            f"{seconds(pb)} ({ratio_text(pc, pb)})")
    return Outcome([Result("load_check", c, b, extra, note, f"warm {ratio_text(w, b)}")])


# ----------------------------------------------------------------- row 7: a 1,000-question form
def form(work: Work, quick: bool) -> Outcome:
    """Loading and validating a 1,000-question flow, first call in a fresh process, caches cleared, against
    pyxform's convert() of the same form as an XLSForm, first call in a fresh process."""
    runs = 2 if quick else 5
    root = write_flow(work.new("content"), 1_000)
    sheet = write_xlsform(work.new("form").with_suffix(".xlsx"), 1_000)
    warm_cache = work.new("warm-cache")

    def ours(cache: Path | None = None) -> float:
        return reported(whole([*APPS, "load-form", str(root)], env=work.env(cache=cache), cwd=str(ROOT)))

    def pyxform() -> float:
        return reported(whole([*APPS, "xlsform", str(sheet)], env=work.env(), cwd=str(ROOT)))

    return cold_and_warm("form_1000", runs, ours, pyxform, warm_cache)


# ----------------------------------------------------------------- row 8: planner check, 10,000 questions
def check(work: Work, quick: bool) -> Outcome:
    """`planner check` of a 10,000-question flow, caches cleared, against a program running pyxform's convert()
    of the same form: both whole processes."""
    runs = 1 if quick else 2
    root = write_flow(work.new("content"), 10_000)
    sheet = write_xlsform(work.new("form").with_suffix(".xlsx"), 10_000)
    warm_cache = work.new("warm-cache")

    def ours(cache: Path | None = None) -> float:
        return whole([sys.executable, "-m", "planner", "check", str(root)], env=work.env(cache=cache), cwd=str(ROOT),
                     ok=(0, 1)).seconds

    def pyxform() -> float:
        return whole([*APPS, "convert", str(sheet)], env=work.env(), cwd=str(ROOT)).seconds

    try:
        cold, base = interleaved(runs, ours, pyxform)
        ours(warm_cache)
        warm = [ours(warm_cache) for _ in range(runs)]
    except TimedOut:
        return Outcome([timed_out("check_10000", median([pyxform()]))])
    c, w, b = median(cold), median(warm), median(base)
    return Outcome([Result("check_10000", c, b, {"warm": w, "warm_ratio": w / b},
                           f"cold {seconds(c)}, warm {seconds(w)} ({ratio_text(w, b)})", f"warm {ratio_text(w, b)}")])


# ----------------------------------------------------------------- rows 9, 10: documents in-process
def documents(work: Work, quick: bool) -> Outcome:
    """Every document of the largest persona in md, txt, html and json, then as PDF, in-process, against
    starting the bare Textual app. The first call in the process is reported beside, as cold."""
    from planner.flows.loader import load_content
    from planner.flows.session import MemoryRecorder, Session
    from planner.output.answers import answers_document
    from planner.output.documents import build_documents
    from planner.output.documents.base import babel_locale
    from planner.output.render import Renderer
    from planner.output.write import council_templates, render_all, render_pdfs
    from planner.paths import BUILTIN_CONTENT
    from planner.script import play
    from planner.store.opening import council_data

    runs = 3 if quick else 7
    content = load_content(BUILTIN_CONTENT)
    path, script, _ = personas()[0]
    session = Session(content.flows[_flow_of(path)], MemoryRecorder(), council=council_data(content, script.council),
                      participants=script.participants)
    play(session, script, lambda line: None)
    made: list[Any] = []

    def text() -> None:
        """What planner.output.write.output_files does, but for PDFs."""
        answers_json = json.dumps(answers_document(session).model_dump(mode="json"), indent=2, ensure_ascii=False)
        built = build_documents(session, None, today=TODAY)
        council = next(iter(built.values())).about.council
        renderer = Renderer(council_templates=council_templates(content, council.id if council else None),
                            locale=babel_locale(None), translator=session.translator)
        made[:] = [built, renderer, render_all(built, renderer), answers_json]

    def pdf() -> None:
        render_pdfs(made[0], made[1], made[2])

    def bare() -> float:
        return until_line([*APPS, "bare"], "ready", env=work.env(), cwd=str(ROOT)).seconds

    def timed(action: Callable[[], None]) -> float:
        begin = time.perf_counter()
        action()
        return time.perf_counter() - begin

    try:
        with deadline():
            cold_text = timed(text)
            cold_pdf = timed(pdf)
            bare()
            texts, pdfs, base = interleaved(runs, lambda: timed(text), lambda: timed(pdf), bare)
    except TimedOut:
        b = bare()
        return Outcome([timed_out("documents_text", b), timed_out("documents_pdf", b)])
    t, p, b = median(texts), median(pdfs), median(base)
    files = len(made[2]) + 1
    who = f"{path.parent.name}/{path.name}"
    return Outcome([
        Result("documents_text", t, b, {"cold": cold_text, "cold_ratio": cold_text / b, "files": files,
                                        "persona": who},
               f"{files} files for {who}; cold (first call) {seconds(cold_text)} ({ratio_text(cold_text, b)})",
               f"cold {ratio_text(cold_text, b)}"),
        Result("documents_pdf", p, b, {"cold": cold_pdf, "cold_ratio": cold_pdf / b, "files": len(made[0])},
               f"{len(made[0])} PDFs, made from the HTML of row 9; cold (first call) {seconds(cold_pdf)} "
               f"({ratio_text(cold_pdf, b)})", f"cold {ratio_text(cold_pdf, b)}"),
    ])


# ----------------------------------------------------------------- row 11: planner run
def run(work: Work, quick: bool) -> Outcome:
    """`planner run` of the largest persona into a new folder, a fresh process, against starting the bare app."""
    runs = 2 if quick else 3
    path, _, _ = personas()[0]
    warm_cache = work.new("warm-cache")

    def ours(cache: Path | None = None) -> float:
        command = [sys.executable, "-m", "planner", "run", _flow_of(path), "--answers", str(path), "--out",
                   str(work.new("out"))]
        return whole(command, env=work.env(cache=cache), cwd=str(ROOT)).seconds

    def bare() -> float:
        return until_line([*APPS, "bare"], "ready", env=work.env(), cwd=str(ROOT)).seconds

    who = f"{path.parent.name}/{path.name}"
    return cold_and_warm("run_every_format", runs, ours, bare, warm_cache, about=f"{who}; ", extra={"persona": who})


MEASURES: dict[str, Callable[[Work, bool], Outcome]] = {
    "start": start, "line": line, "step": step, "growth": growth, "load": load, "form": form, "check": check,
    "documents": documents, "run": run}
assert tuple(MEASURES) == CASES, "every case of targets.ROWS is measured here, in the same order"


def main() -> None:
    """`python -m benchmarks.cases CASE WORK OUT [--quick]`: one case, in this fresh process; rows to OUT as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("case", choices=CASES)
    parser.add_argument("work", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    outcome = MEASURES[args.case](Work(args.work), args.quick)
    args.out.write_text(json.dumps({"results": [r.as_dict() for r in outcome.results], "info": outcome.info}))


if __name__ == "__main__":
    main()
