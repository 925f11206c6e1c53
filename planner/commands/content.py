"""`planner content copy DIR`: a copy of the content for a council to edit.

Installed from a wheel, the built-in content lies inside the package, where nobody should edit it;
this copies it (or the folder --content names) into a new or empty folder of one's own.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
from pathlib import Path

from planner.flows.loader import load_content
from planner.i18n import catalogues
from planner.i18n.translator import N_
from planner.paths import content_dir

from .common import CommandError, Commands, Parser, language_from, output_refused, say

COPIED = N_("The content is copied into {folder}. Change it there, then check it with: planner check {folder}. "
            "To use it, add --content {folder}, or set PLANNER_CONTENT to {folder}.")
NOT_EMPTY_HERE = N_("The folder {folder} already has files in it, so nothing was copied. Choose an empty or new "
                    "folder.")
NO_CONTENT = N_("There is no content folder at {folder}.")
NOT_COPIED = N_("The content could not be copied into {folder} ({problem}), so nothing was copied. Try another "
                "folder.")
SKIPPED = ("__pycache__",)  # made by Python, not content


def add_parser(sub: Commands, common: Parser) -> None:
    content = sub.add_parser("content", help="get a copy of the content to change, for a council", parents=[common])
    actions = content.add_subparsers(dest="action", parser_class=type(content), required=True)
    copy = actions.add_parser("copy", parents=[common],
                              help="copy the built-in content (or the one --content names) into a new or empty "
                                   "folder, to change it there")
    copy.add_argument("folder", type=Path, help="a new or empty folder to copy the content into")


def main(args: argparse.Namespace) -> int:
    from planner.output.write import NOT_EMPTY, OutputError, check_folder  # here: the output stack is slow to load

    source = Path(args.content) if getattr(args, "content", None) else content_dir()
    if not source.is_dir():
        raise CommandError(catalogues.load(None).gettext(NO_CONTENT, folder=str(source)))
    tr = catalogues.load(language_from(args, load_content(source)), catalogues.folders_for(source))
    try:
        check_folder(args.folder, translator=tr)
    except OutputError as error:
        if error.code == NOT_EMPTY:
            raise CommandError(tr.gettext(NOT_EMPTY_HERE, folder=str(args.folder)), NOT_EMPTY) from None
        raise output_refused(error) from None
    try:
        copy_content(source, args.folder)
    except OSError as error:
        raise CommandError(tr.gettext(NOT_COPIED, folder=str(args.folder),
                                      problem=error.strerror or type(error).__name__)) from None
    say(tr.gettext(COPIED, folder=str(args.folder)))
    return 0


def copy_content(source: Path, folder: Path) -> None:
    """Copy every file under `source` into `folder` (new or empty), whole or not at all.

    The copy is made in a private folder beside `folder` and renamed into place. Files get the usual
    permissions for new files, so they can be changed even when the package's own are read-only.
    """
    target = Path(os.path.realpath(folder))
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        for here, folders, files in os.walk(source):
            folders[:] = sorted(name for name in folders if name not in SKIPPED)
            inside = temporary / Path(here).relative_to(source)
            inside.mkdir(exist_ok=True)
            for name in sorted(files):
                if not name.endswith(".pyc") and (Path(here) / name).is_file():
                    shutil.copyfile(Path(here) / name, inside / name)
        os.chmod(temporary, 0o777 & ~_umask())  # mkdtemp's folder is private; this one is to share
        if target.exists():
            target.rmdir()  # empty: check_folder said so
        os.rename(temporary, target)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask

