"""The `planner` command: start the assistant, check content, run scripts, manage sessions."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO, cast

from .i18n.translator import N_
from .commands.common import (CommandError, Parser, cleaned, content_from, fail, language_from, say,
                              store_from, terminal_translator, told)
from .paths import content_dir
from .flows.loader import ContentError
from .store import StoreError

# Each command's module, imported only when that command is used (or --help lists them all): some need the
# output stack (documents, PDF), which takes longer to load than the rest of planner before the first question.
COMMANDS = ("run", "sessions", "schema", "serve", "key", "content")  # each is planner.commands.NAME

if TYPE_CHECKING:
    _SubParsers = argparse._SubParsersAction[Parser]
else:  # Python 3.11 cannot subscript it at run time
    _SubParsers = argparse._SubParsersAction


class _TopParser(Parser):
    """The `planner` parser: a shared option given before the command is not undone by the command's own."""

    commands: _Commands | None = None

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        parsed, rest = super().parse_known_args(args, namespace)
        for name in SHARED:
            if not hasattr(parsed, name):
                setattr(parsed, name, None)
        return parsed, rest

    def format_help(self) -> str:
        if self.commands is not None:
            self.commands.load_all()  # each command's line of help comes from its module
        return super().format_help()


class _Commands(_SubParsers):
    """The subcommands: a command's module is imported, and its parser made, only once that command is chosen.

    Until then the command has a stand-in parser, so argparse knows its name (`planner --content run` still
    reads `run` as a folder, and a mistyped command is still named with the choices).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.common = Parser(add_help=False)  # the options every command shares: set by build_parser
        self.waiting: set[str] = set()

    def stand_in(self, name: str) -> None:
        self.waiting.add(name)
        self.add_parser(name, add_help=False)

    def load(self, name: str) -> None:
        """Make `name`'s own parser (from its module) in place of its stand-in, keeping the commands' order."""
        if name not in self.waiting:
            return
        self.waiting.discard(name)
        order = list(self._name_parser_map)
        del self._name_parser_map[name]
        importlib.import_module(f"planner.commands.{name}").add_parser(self, self.common)
        self._name_parser_map[name].epilog = SHARED_NOTE
        ordered = {key: self._name_parser_map[key] for key in order}
        self._name_parser_map.clear()
        self._name_parser_map.update(ordered)

    def load_all(self) -> None:
        for name in COMMANDS:
            self.load(name)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        if values:
            self.load(values[0])
        super().__call__(parser, namespace, values, option_string)


class _Version(argparse.Action):
    """`--version`: planner's version as installed (read only when asked: finding it takes a moment)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser._print_message(f"planner {version()}\n", sys.stdout)
        parser.exit()


def version() -> str:
    """planner's version, from the installed package's metadata."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("planner")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


SHARED = ("content", "data_dir", "lang")
SHARED_NOTE = ("--content, --data-dir and --lang mean the same before or after the command (planner --lang cy run "
               "... is planner run ... --lang cy); given twice, the later one is used.")


def build_parser() -> argparse.ArgumentParser:
    # SUPPRESS: a command's own copy of these options, left out, must not reset what was given before it
    # (`planner --data-dir X run ...` once saved in the usual data folder, not in X). Given in both places,
    # the command's own copy is parsed last, so the later one wins.
    common = Parser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--content", type=Path, help="content folder to use (default: built-in, or $PLANNER_CONTENT)")
    common.add_argument("--data-dir", type=Path, help="folder for saved conversations (default: $PLANNER_DATA,"
                                                         " or your data folder)")
    common.add_argument("--lang", help="the language to speak and write in, such as cy for Welsh (default:"
                                       " $PLANNER_LANG, or $LANG if there is a translation for it, else English)")
    parser = _TopParser(prog="planner", description="An assistant for support planning and carer assessments.",
                        epilog=SHARED_NOTE, parents=[common])
    parser.add_argument("--version", action=_Version, help="say which version of planner this is")
    parser.add_argument("--plain", action="store_true", help="plain lines of text, for screen readers and braille")
    parser.add_argument("--planner", action="store_true", help="planner mode: several people can answer")
    parser.add_argument("--kiosk", action="store_true", help="kiosk mode: for a public screen; cannot be quit")
    parser.add_argument("--high-contrast", action="store_true", help="white and yellow on black")
    parser.add_argument("--spacious", action="store_true", help="more space between lines")
    parser.add_argument("--kiosk-keep-days", type=_days,
                        help="kiosk: delete conversations not touched for this many days (default 30)")
    sub = cast(_Commands, parser.add_subparsers(dest="command", parser_class=Parser, action=_Commands))
    sub.common = common
    parser.commands = sub

    check = sub.add_parser("check", help="check content files for mistakes and plain language", parents=[common],
                           epilog=SHARED_NOTE)
    check.add_argument("paths", nargs="*", type=Path,
                       help="content folders or flow files (default: --content, or the built-in content)")
    check.add_argument("--format", choices=["text", "json"], default="text", help="how to print the problems")
    check.add_argument("--errors-only", action="store_true", help="skip the plain-language warnings")
    check.add_argument("--personas", type=Path, metavar="DIR", help="also play the persona files in DIR")
    for name in COMMANDS:
        sub.stand_in(name)
    return parser


INTERNAL_ERROR = N_("Sorry, something went wrong inside planner ({kind}). Every answer already given is saved. "
                    "Please tell whoever looks after this computer. To see the details, run the same command again "
                    "with PLANNER_DEBUG=1 set.")
BOTH_MODES = N_("Choose --planner or --kiosk, not both.")
KEEP_DAYS = N_("PLANNER_KIOSK_KEEP_DAYS: {problem}.")
NOT_THERE = N_("planner: there is no file or folder called '{path}'.")


# Commands that only print: a reader that stops early (`| head`) must not stop their work (`run` still saves
# every answer and writes its documents). A conversation (no command, `sessions resume`) stops instead.
PRINTING = ("check", "run", "sessions", "schema", "key", "content")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    printing = args.command in PRINTING and getattr(args, "action", None) != "resume"
    if not printing:
        return _command(args)
    real = sys.stdout
    quiet = _Unbroken(real)
    sys.stdout = cast(TextIO, quiet)
    try:
        code = _command(args)
        quiet.flush()  # now, not at exit, where a closed pipe would print "Exception ignored"
        return code
    finally:
        sys.stdout = real


def _command(args: argparse.Namespace) -> int:
    try:
        if args.command == "check":
            return _check(args)
        if args.command in COMMANDS:
            main: Any = importlib.import_module(f"planner.commands.{args.command}").main
            return int(main(args))
        return _start(args)
    except CommandError as error:
        return fail(told(error, terminal_translator(args)), code=error.code)
    except StoreError as error:
        return fail(told(error, terminal_translator(args)), code=error.exit_code)
    except ContentError as error:  # a conversation built when first used (lazy loading) has mistakes
        return fail(told(error, terminal_translator(args)))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # whatever read the output stopped early (`| head`): nothing went wrong here
        _stop_writing()
        return 141
    except Exception as error:  # a fault of ours: say so plainly, never a traceback (PLANNER_DEBUG shows it)
        if _refused_output(error):
            return fail(told(error, terminal_translator(args)), code=getattr(error, "code", 1))
        if os.environ.get("PLANNER_DEBUG"):
            raise
        return fail(terminal_translator(args).gettext(INTERNAL_ERROR, kind=type(error).__name__))


def _start(args: argparse.Namespace) -> int:
    if args.planner and args.kiosk:
        raise CommandError(BOTH_MODES)
    _settle()
    content = content_from(args, lazy=True)  # a person uses one conversation: only that one is built
    locale = language_from(args, content)
    store = store_from(args)
    keep_days = args.kiosk_keep_days or _keep_days_from_environment()
    try:
        if args.plain and args.kiosk:
            from .ui.line_kiosk import kiosk

            return kiosk(content, store, sys.stdin, sys.stdout, locale=locale, keep_days=keep_days)
        if args.plain:
            from .ui.line_start import welcome

            return welcome(content, store, sys.stdin, sys.stdout, planner_mode=args.planner, locale=locale)
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

            _settle()

            return keep_running(make)  # a fault brings the kiosk back to its welcome screen, never to a shell
        app = make()
        _settle()
        app.run()
        if app.fault is not None:
            raise app.fault  # said in one plain line by main(), with a non-zero exit code
        return app.return_code or 0
    finally:
        store.close()


def _settle() -> None:
    """What is made so far (modules, content, the store) lasts as long as the program: the garbage collector
    need not look through it again. Its full sweeps over all of it took ~45 ms before the first question."""
    gc.freeze()


def _refused_output(error: Exception) -> bool:
    """Whether `error` is the output stack's plain refusal (an OutputError): that stack is loaded only when used,
    and an OutputError can only have come from it once it is."""
    write = sys.modules.get("planner.output.write")
    return write is not None and isinstance(error, write.OutputError)


def _stop_writing(stream: TextIO | None = None) -> None:
    """Send what is left for standard output nowhere, so Python's last flush does not fail again."""
    try:
        nowhere = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(nowhere, (stream or sys.stdout).fileno())
        finally:
            os.close(nowhere)
    except (OSError, ValueError):
        pass


class _Unbroken:
    """Standard output that, once whatever reads it has gone (`planner run ... | head`), quietly writes nowhere,
    so the command carries on to the end instead of stopping part-way."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.broken = False

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._give_up()
            return len(text)

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._give_up()

    def _give_up(self) -> None:
        self.broken = True
        _stop_writing(self._stream)
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()  # what was waiting goes nowhere, so Python's last flush has nothing to fail on

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def _days(text: str) -> int:
    """A whole number of days, at least 1 (argparse shows a plain error otherwise)."""
    if not text.strip().isdecimal() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' should be a whole number of days, 1 or more")
    return int(text)


def _keep_days_from_environment() -> int:
    try:
        return _days(os.environ.get("PLANNER_KIOSK_KEEP_DAYS", "30"))
    except argparse.ArgumentTypeError as error:
        raise CommandError(KEEP_DAYS, problem=str(error)) from None


def _check(args: argparse.Namespace) -> int:
    from .check import check_paths, report

    paths = args.paths or [Path(args.content) if args.content else content_dir()]
    missing = [p for p in paths if not p.exists()]
    if missing:
        for path in missing:
            say(terminal_translator(args).gettext(NOT_THERE, path=str(path)), stream=sys.stderr)
        return 2
    return report(check_paths(paths, errors_only=args.errors_only, personas=args.personas), args.format,
                  cleaned(sys.stdout), terminal_translator(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
