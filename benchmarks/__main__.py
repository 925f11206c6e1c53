"""`python -m benchmarks [--json FILE] [--quick] [--markdown] [CASE ...]`: measure the twelve rows of issue #14's
targets, each as a ratio to a baseline measured in the same run. A row not met is said plainly; the exit status
is 0 all the same (this measures, it does not judge), and 1 only when a measurement itself failed."""

from __future__ import annotations

import argparse
import base64
import compileall
import datetime as dt
import json
import os
import platform
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .measure import TIMES, Result
from .targets import CASES, LIMIT, ROWS

ROOT = Path(__file__).resolve().parent.parent
CASE_LIMIT = 15 * 60  # seconds for a whole case, a safety net: each run of ours has its own limit (LIMIT)


def figure(value: float | None, unit: str) -> str:
    if value is None:
        return f"> {LIMIT:.0f} s"
    if unit == "KiB":
        return f"{value / 1024:.1f} MiB"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def ratio(result: Result) -> str:
    return "-" if result.ratio is None else f"{result.ratio:.2f}{TIMES}"


def table(results: list[Result], info: dict[str, Any]) -> str:
    """The rows as a plain table, with what else was measured underneath."""
    lines = [f"{'#':>2}  {'measurement':46} {'value':>10} {'baseline':>10} {'ratio':>7} {'target':>7}  met"]
    for r in results:
        met = "yes" if r.met else "NOT MET"
        value, baseline = ("failed", "-") if r.failed else (figure(r.value, r.unit), figure(r.baseline, r.unit))
        target = f"≤ {r.target:g}{TIMES}"
        lines.append(f"{r.row.number:>2}  {r.row.short:46} {value:>10} {baseline:>10} {ratio(r):>7} {target:>7}  {met}")
    lines.append("")
    for r in results:
        if r.note:
            lines.append(f"{r.row.number:>2}: {r.note}")
    if info.get("libraries"):
        lines.append(f"libraries imported before the first question: {', '.join(info['libraries'])}")
    missing = [r.row.number for r in results if not r.met]
    lines.append(f"NOT MET: rows {', '.join(map(str, missing))}" if missing
                 else "Every row measured is within its target.")
    return "\n".join(lines)


def markdown(results: list[Result], info: dict[str, Any]) -> str:
    """A dated Markdown table for the README: each figure beside its target."""
    machine = info.get("machine", {})
    load = f"{machine['load_average'][0]:.1f}" if machine.get("load_average") else "?"
    lines = [f"Measured on {info.get('date', '')[:10]} with `python -m benchmarks`"
             f"{' --quick' if info.get('quick') else ''} on a machine with {machine.get('cores', '?')} cores "
             f"(Python {machine.get('python', '?')}, load average {load} at the start); "
             "each figure is a ratio to a baseline measured in the same run.",
             "", "| measure | baseline | target | measured | met |", "|---|---|---|---|---|"]
    for r in results:
        measured = (f"{ratio(r)} ({figure(r.value, r.unit)} against {figure(r.baseline, r.unit)})"
                    if r.value is not None else "not measured (failed)" if r.failed else f"> {LIMIT:.0f} s (cut off)")
        if r.beside and r.value is not None:
            measured += f"; {r.beside}"
        lines.append(f"| {r.row.measure} | {r.row.baseline} | ≤ {r.target:g}{TIMES} | {measured} | "
                     f"{'yes' if r.met else '**no**'} |")
    if info.get("libraries"):
        lines += ["", f"The libraries' app imports what planner has imported by its first question: "
                      f"{', '.join(info['libraries'])}."]
    return "\n".join(lines)


def run_case(case: str, folder: Path, quick: bool) -> tuple[list[Result], dict[str, Any], str | None]:
    """One case in a fresh process of its own: its rows, what it found beside them, and what failed, if it did."""
    out = folder / f"{case}.json"
    command = [sys.executable, "-m", "benchmarks.cases", case, str(folder / case), str(out)]
    env = {**{k: v for k, v in os.environ.items() if k not in ("PLANNER_KEY_FILE", "PLANNER_PASSPHRASE")},
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
           "PLANNER_CACHE": str(folder / case / "worker-cache"), "XDG_CACHE_HOME": str(folder / case / "worker-cache")}
    try:
        done = subprocess.run([*command, *(["--quick"] if quick else [])], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=CASE_LIMIT, start_new_session=True)
    except subprocess.TimeoutExpired:
        return [], {}, f"the case '{case}' took longer than {CASE_LIMIT} s"
    if done.returncode != 0 or not out.exists():
        return [], {}, f"the case '{case}' failed:\n{done.stderr[-3000:]}"
    data = json.loads(out.read_text())
    return [Result.from_dict(row) for row in data["results"]], data["info"], None


def failed(case: str, problem: str) -> list[Result]:
    return [Result(row.key, None, 0.0, {"failed": problem}, f"not measured: {problem.splitlines()[0]}", "failed")
            for row in ROWS if row.case == case]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("cases", nargs="*", metavar="CASE",
                        help=f"which to run: {', '.join(CASES)}, or a row's number (default: all)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the results to FILE as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a quick look")
    parser.add_argument("--markdown", "--readme", action="store_true",
                        help="print a dated Markdown table for the README instead of the plain table")
    parser.add_argument("--from", dest="saved", type=Path, metavar="FILE",
                        help="measure nothing: show the results saved in FILE (by --json)")
    args = parser.parse_args(argv)
    if args.saved:
        saved = json.loads(args.saved.read_text())
        rows = [Result.from_dict(row) for row in saved["rows"]]
        print(markdown(rows, saved) if args.markdown else table(rows, saved))
        return 0
    chosen = []
    for name in args.cases:
        case = next((row.case for row in ROWS if name == str(row.number)), name)
        if case not in CASES:
            parser.error(f"there is no benchmark called {name!r}; choose from {', '.join(CASES)} or a row's number")
        chosen.append(case)
    # Every store the measured programs make opens with one key given as a managed kiosk gives it: no
    # passphrase to type, and no Scrypt work counted in a start-up time.
    # (made as planner.store.crypto.new_key makes one; importing that would import the whole engine here)
    if not os.environ.get("PLANNER_KEY"):
        os.environ["PLANNER_KEY"] = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    # Python's bytecode, compiled now as pip compiles an installed package's: from a checkout (an editable
    # install, PYTHONDONTWRITEBYTECODE set), every start would otherwise compile planner's source again,
    # while the libraries it is measured against come compiled.
    for package in ("planner", "benchmarks"):
        compileall.compile_dir(ROOT / package, quiet=2)
    info: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "quick": args.quick,
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": list(os.getloadavg())}, "seconds": {}}
    results: list[Result] = []
    problems = []
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        for case in [c for c in CASES if c in chosen] if chosen else list(CASES):
            print(f"measuring {case} ...", file=sys.stderr, end=" ", flush=True)
            begin = time.perf_counter()
            found, more, problem = run_case(case, Path(folder), args.quick)
            took = info["seconds"][case] = round(time.perf_counter() - begin, 1)
            print(f"{took:.0f} s", file=sys.stderr, flush=True)
            if problem:
                problems.append(problem)
                print(problem, file=sys.stderr)
                found = failed(case, problem)
            results.extend(found)
            info.update(more)
    info["machine"]["load_average_after"] = list(os.getloadavg())
    results.sort(key=lambda r: r.row.number)
    print(markdown(results, info) if args.markdown else table(results, info))
    if args.json:
        args.json.write_text(json.dumps({**info, "rows": [r.as_dict() for r in results]}, indent=2,
                                        ensure_ascii=False) + "\n")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
