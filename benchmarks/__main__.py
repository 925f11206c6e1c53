"""`python -m benchmarks [--json FILE] [--quick] [CASE ...]`: measure, as ratios to baselines."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from planner.store.crypto import KEY_VARIABLE, new_key

from .cases import CASES, run
from .measure import Result


def table(results: list[Result]) -> str:
    rows = [f"{'measurement':44} {'value':>12} {'baseline':>12} {'ratio':>7} {'target':>7}  ok"]
    for r in results:
        value, baseline = (f"{r.value * 1000:.2f} ms", f"{r.baseline * 1000:.2f} ms") if r.unit == "s" else \
            (f"{r.value:,.0f} {r.unit}", f"{r.baseline:,.0f} {r.unit}")
        rows.append(f"{r.name:44} {value:>12} {baseline:>12} {r.ratio:7.2f} {r.target:7.1f}  "
                    f"{'yes' if r.within else 'NO'}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("cases", nargs="*", help=f"which to run: {', '.join(CASES)} (default: all)")
    parser.add_argument("--json", type=Path, help="also write the results to this file as JSON")
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for a quick look")
    args = parser.parse_args(argv)
    unknown = [name for name in args.cases if name not in CASES]
    if unknown:
        parser.error(f"there is no benchmark called {unknown[0]!r}; choose from {', '.join(CASES)}")
    # Every store the cases make, in this process and in the programs they start, opens with one key given
    # as a managed kiosk gives it: no passphrase to type, and no Scrypt work counted in a start-up time.
    os.environ.setdefault(KEY_VARIABLE, new_key())
    results = run(args.cases or list(CASES), args.quick)
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps([r.as_dict() for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
