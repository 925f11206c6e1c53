"""What the commands share: loading content and opening the store, with plain messages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from planner.flows.loader import Content, load_content
from planner.paths import content_dir, data_dir
from planner.store import SessionStore

CONTENT_BROKEN = "The content in {root} has mistakes, so it cannot be used until they are fixed:"


class CommandError(Exception):
    """A plain message for the person at the keyboard; the command stops with exit code 1."""


def content_from(args: argparse.Namespace) -> Content:
    """The content to use, or CommandError listing its mistakes."""
    root = Path(args.content) if getattr(args, "content", None) else content_dir()
    if not root.is_dir():
        raise CommandError(f"There is no content folder at {root}.")
    content = load_content(root)
    errors = [p for p in content.problems if p.severity == "error"]
    if errors:
        raise CommandError("\n".join([CONTENT_BROKEN.format(root=root), *(str(p) for p in errors)]))
    return content


def language_from(args: argparse.Namespace, content: Content) -> str:
    """The language asked for with --lang, else PLANNER_LANG or LANG when there is a catalogue for it, else English."""
    from planner.i18n import catalogues

    folders = catalogues.folders_for(content.root)
    asked = getattr(args, "lang", None)
    if not asked:
        return catalogues.from_environment(folders=folders)
    found = catalogues.supported(asked, folders)
    if found is None:
        raise CommandError(f"There is no translation for '{asked}'. Try one of: "
                           f"{', '.join(catalogues.languages(folders))}.")
    return found


def store_from(args: argparse.Namespace) -> SessionStore:
    """The session store in the chosen data folder."""
    folder = Path(args.data_dir) if getattr(args, "data_dir", None) else data_dir()
    return SessionStore.in_folder(folder)


def fail(message: str, stream: TextIO | None = None) -> int:
    print(f"planner: {message}", file=stream or sys.stderr)  # looked up now: sys.stderr may have been replaced
    return 1
