"""The `planner` command: start the assistant, check content, run scripts, manage sessions."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import content_dir


class _Parser(argparse.ArgumentParser):
    """argparse, but with a plain message and a pointer to --help instead of a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"planner: {message}.\nType 'planner --help' to see what you can type.\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="planner", description="An assistant for support planning and carer assessments.")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = sub.add_parser("check", help="check content files for mistakes and plain language")
    check.add_argument("paths", nargs="*", type=Path, help="content folders or flow files (default: built-in)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="how to print the problems")
    check.add_argument("--errors-only", action="store_true", help="skip the plain-language warnings")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    if args.command == "check":
        return _check(args)
    build_parser().print_help()
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check import check_paths, report

    paths = args.paths or [content_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            print(f"planner: there is no file or folder called '{path}'.", file=sys.stderr)
        return 2
    return report(check_paths(paths, errors_only=args.errors_only), args.format, sys.stdout)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
