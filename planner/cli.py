"""The `planner` command: start the assistant, check content, run scripts, manage sessions."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .commands import key, run, schema, serve, sessions
from .commands.common import (CommandError, cleaned, content_from, fail, language_from, say, store_from,
                              terminal_translator, told)
from .output.write import OutputError
from .paths import content_dir
from .store import StoreError
from .text import for_terminal

if TYPE_CHECKING:
    from _typeshed import SupportsWrite


class _Parser(argparse.ArgumentParser):
    """argparse, but with a plain message and a pointer to --help instead of a usage dump."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"planner: {message}.\nType 'planner --help' to see what you can type.\n")

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        """Help and errors, cleaned: an error quotes what was typed, which may hold escape sequences."""
        if message:
            try:
                (file or sys.stderr).write(for_terminal(message))
            except (AttributeError, OSError):
                pass


class _TopParser(_Parser):
    """The `planner` parser: a shared option given before the command is not undone by the command's own."""

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, rest = super().parse_known_args(args, namespace)
        for name in SHARED:
            if not hasattr(parsed, name):
                setattr(parsed, name, None)
        return parsed, rest


SHARED = ("content", "data_dir", "lang")


def build_parser() -> argparse.ArgumentParser:
    # SUPPRESS: a command's own copy of these options, left out, must not reset what was given before it
    # (`planner --data-dir X run ...` once saved in the usual data folder, not in X).
    common = _Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--content", type=Path, help="content folder to use (default: built-in, or $PLANNER_CONTENT)")
    common.add_argument("--data-dir", type=Path, help="folder for saved conversations (default: $PLANNER_DATA,"
                                                         " or your data folder)")
    common.add_argument("--lang", help="the language to speak and write in, such as cy for Welsh (default:"
                                       " $PLANNER_LANG, or $LANG if there is a translation for it, else English)")
    parser = _TopParser(prog="planner", description="An assistant for support planning and carer assessments.",
                     parents=[common])
    parser.add_argument("--plain", action="store_true", help="plain lines of text, for screen readers and braille")
    parser.add_argument("--planner", action="store_true", help="planner mode: several people can answer")
    parser.add_argument("--kiosk", action="store_true", help="kiosk mode: for a public screen; cannot be quit")
    parser.add_argument("--high-contrast", action="store_true", help="white and yellow on black")
    parser.add_argument("--spacious", action="store_true", help="more space between lines")
    parser.add_argument("--kiosk-keep-days", type=_days,
                        help="kiosk: delete conversations not touched for this many days (default 30)")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    check = sub.add_parser("check", help="check content files for mistakes and plain language", parents=[common])
    check.add_argument("paths", nargs="*", type=Path, help="content folders or flow files (default: built-in)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="how to print the problems")
    check.add_argument("--errors-only", action="store_true", help="skip the plain-language warnings")
    run.add_parser(sub, common)
    sessions.add_parser(sub, common)
    schema.add_parser(sub, common)
    serve.add_parser(sub, common)
    key.add_parser(sub, common)
    return parser


INTERNAL_ERROR = ("Sorry, something went wrong inside planner ({kind}). Every answer already given is saved. "
                  "Please tell whoever looks after this computer. To see the details, run the same command again "
                  "with PLANNER_DEBUG=1 set.")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args)
        if args.command == "run":
            return run.main(args)
        if args.command == "sessions":
            return sessions.main(args)
        if args.command == "schema":
            return schema.main(args)
        if args.command == "serve":
            return serve.main(args)
        if args.command == "key":
            return key.main(args)
        return _start(args)
    except (CommandError, OutputError) as error:
        return fail(told(error, terminal_translator(args)), code=error.code)
    except StoreError as error:
        return fail(told(error, terminal_translator(args)), code=error.exit_code)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # whatever read the output stopped early (`| head`): nothing went wrong here
        _stop_writing()
        return 141
    except Exception as error:  # a fault of ours: say so plainly, never a traceback (PLANNER_DEBUG shows it)
        if os.environ.get("PLANNER_DEBUG"):
            raise
        return fail(INTERNAL_ERROR.format(kind=type(error).__name__))


def _start(args: argparse.Namespace) -> int:
    if args.planner and args.kiosk:
        raise CommandError("Choose --planner or --kiosk, not both.")
    content = content_from(args)
    locale = language_from(args, content)
    store = store_from(args)
    keep_days = args.kiosk_keep_days or _keep_days_from_environment()
    try:
        if args.plain:
            from .ui.line_start import welcome

            return welcome(content, store, sys.stdin, sys.stdout, planner_mode=args.planner, locale=locale,
                           kiosk=args.kiosk, keep_days=keep_days)
        from .ui.app import PlannerApp

        mode: Literal["self", "planner", "kiosk"] = "planner" if args.planner else "kiosk" if args.kiosk else "self"

        from .ui.line_input import Idle

        idle = Idle.from_environment()  # the same times as line mode's kiosk

        def make() -> PlannerApp:
            return PlannerApp(content, store, mode=mode, high_contrast=args.high_contrast, spacious=args.spacious,
                              locale=locale, keep_days=keep_days, idle_seconds=idle.seconds,
                              warning_seconds=round(idle.warning))

        if mode == "kiosk":
            from .ui.kiosk import keep_running

            return keep_running(make)  # a fault brings the kiosk back to its welcome screen, never to a shell
        app = make()
        app.run()
        if app.fault is not None:
            raise app.fault  # said in one plain line by main(), with a non-zero exit code
        return app.return_code or 0
    finally:
        store.close()


def _stop_writing() -> None:
    """Send what is left for standard output nowhere, so Python's last flush does not fail again."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _days(text: str) -> int:
    """A whole number of days, at least 1 (argparse shows a plain error otherwise)."""
    if not text.strip().isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' should be a whole number of days, 1 or more")
    return int(text)


def _keep_days_from_environment() -> int:
    try:
        return _days(os.environ.get("PLANNER_KIOSK_KEEP_DAYS", "30"))
    except argparse.ArgumentTypeError as error:
        raise CommandError(f"PLANNER_KIOSK_KEEP_DAYS: {error}.") from None


def _check(args: argparse.Namespace) -> int:
    from .check import check_paths, report

    paths = args.paths or [content_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            say(f"planner: there is no file or folder called '{path}'.", stream=sys.stderr)
        return 2
    return report(check_paths(paths, errors_only=args.errors_only), args.format, cleaned(sys.stdout))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
