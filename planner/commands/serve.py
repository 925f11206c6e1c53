"""`planner serve`: the kiosk in a browser on this machine, through textual-serve."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from planner.paths import content_dir, data_dir

from .common import CommandError

TEMPLATES = Path(__file__).resolve().parent.parent / "ui" / "serve"


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    serve = sub.add_parser("serve", help="show the kiosk in a web browser on this computer", parents=[common])
    serve.add_argument("--host", default="localhost", help="address to listen on (default: localhost, this computer only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--high-contrast", action="store_true", help="white and yellow on black")


def command_for(args: argparse.Namespace) -> str:
    """The command each browser visit runs: the kiosk, with this content and data folder."""
    parts = [sys.executable, "-m", "planner", "--kiosk",
             "--content", str(Path(args.content) if args.content else content_dir()),
             "--data-dir", str(Path(args.data_dir) if args.data_dir else data_dir())]
    if args.high_contrast:
        parts.append("--high-contrast")
    if getattr(args, "lang", None):
        parts += ["--lang", args.lang]
    return shlex.join(parts)


def main(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise CommandError(f"The port must be a number from 1 to 65535, not {args.port}.")
    from textual_serve.server import Server

    print(f"Open http://{args.host}:{args.port} in a web browser on this computer. Press Ctrl+C to stop.",
          flush=True)
    Server(command_for(args), host=args.host, port=args.port, title="Planner",
           templates_path=TEMPLATES).serve()
    return 0
