"""`planner serve`: the kiosk in a browser on this machine, through textual-serve."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from planner.paths import content_dir, data_dir
from planner.text import for_terminal

from planner.i18n.translator import N_

from .common import NO_TRANSLATION, CommandError, Commands, Parser, TerminalPassphrase

TEMPLATES = Path(__file__).resolve().parent.parent / "ui" / "serve"
BAD_PORT = N_("The port must be a number from 1 to 65535, not {port}.")
CANNOT_LISTEN = N_("The kiosk cannot listen at {host} port {port} ({problem}). Another program may be using that "
                   "port: try another one with --port.")
DEFAULT_HOST = "127.0.0.1"  # not "localhost", which may also name other addresses
DEFAULT_MAX_SESSIONS = 2
DEFAULT_IDLE_MINUTES = 5.0  # a little longer than the kiosk's own idle time, which resets it first


def add_parser(sub: Commands, common: Parser) -> None:
    serve = sub.add_parser("serve", help="show the kiosk in a web browser on this computer", parents=[common])
    serve.add_argument("--host", default=DEFAULT_HOST,
                       help=f"address to listen on (default: {DEFAULT_HOST}, this computer only; any other address "
                            "lets other computers open the kiosk)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--max-sessions", type=_whole_number, default=DEFAULT_MAX_SESSIONS,
                       help=f"how many people can use the kiosk at once (default: {DEFAULT_MAX_SESSIONS})")
    serve.add_argument("--idle-minutes", type=_minutes, default=DEFAULT_IDLE_MINUTES,
                       help=f"close a browser that has sent nothing for this many minutes (default: "
                            f"{DEFAULT_IDLE_MINUTES:g})")
    # SUPPRESS: left out here, `planner --high-contrast serve` is not undone
    serve.add_argument("--high-contrast", action="store_true", default=argparse.SUPPRESS,
                       help="white and yellow on black")


def _whole_number(text: str) -> int:
    if not text.strip().isascii() or not text.strip().isdigit() or not 1 <= int(text) <= 100:
        raise argparse.ArgumentTypeError(f"'{text}' should be a whole number from 1 to 100")
    return int(text)


def _minutes(text: str) -> float:
    try:
        minutes = float(text) if text.strip().isascii() else -1.0
    except ValueError:
        minutes = -1.0
    if not 0 < minutes <= 24 * 60:
        raise argparse.ArgumentTypeError(f"'{text}' should be a number of minutes, more than 0 and at most 1440")
    return minutes


def command_for(args: argparse.Namespace) -> str:
    """The command each browser visit runs: the kiosk, with this content and data folder."""
    parts = [sys.executable, "-m", "planner", "--kiosk",
             "--content", str(Path(args.content) if args.content else content_dir()),
             "--data-dir", str(Path(args.data_dir) if args.data_dir else data_dir())]
    if getattr(args, "high_contrast", False):
        parts.append("--high-contrast")
    if getattr(args, "lang", None):
        parts += ["--lang", args.lang]
    return shlex.join(parts)


def _key_for_kiosks(folder: Path) -> None:
    """Ask for the passphrase once, here, and hand the key to each kiosk: they have no terminal to ask at."""
    from planner.store.keys import KEY_VARIABLE, key_for_children

    passphrase = TerminalPassphrase() if sys.stdin.isatty() else None
    os.environ[KEY_VARIABLE] = key_for_children(folder, passphrase)


def main(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CommandError(BAD_PORT, port=args.port)
    from planner.i18n import catalogues
    from planner.ui.serve.server import KioskServer, exposure_warning

    host = args.host.strip()
    warning = exposure_warning(host, args.port)
    if warning:
        print(for_terminal(warning), file=sys.stderr, flush=True)
    content = Path(args.content) if args.content else content_dir()
    folders = catalogues.folders_for(content)
    locale = catalogues.supported(args.lang, folders) if args.lang else catalogues.from_environment(folders=folders)
    if locale is None:
        raise CommandError(NO_TRANSLATION, asked=args.lang, choices=", ".join(catalogues.languages(folders)))
    _key_for_kiosks(Path(args.data_dir) if args.data_dir else data_dir())
    server = KioskServer(command_for(args), host=host, port=args.port, max_sessions=args.max_sessions,
                         idle_seconds=args.idle_minutes * 60, translator=catalogues.load(locale, folders))
    try:
        server.serve()
    except OSError as error:
        raise CommandError(CANNOT_LISTEN, host=for_terminal(host), port=args.port,
                           problem=error.strerror or str(error)) from None
    return 0
