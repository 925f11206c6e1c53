"""Compiled templates kept on disk between runs (Jinja's bytecode cache), only in a folder that is ours alone.

Loading compiled code runs it, so the folder must be one nobody else can write in: a real
folder (not a link), owned by the user running planner, that no group or other user may
read, write or enter. If it is not, or cannot be made, templates are compiled in memory
only, as before. The folder's name carries a fingerprint of the code that compiles
templates (our sandbox's code generator, Jinja's and Python's versions), so code compiled
by another version is never loaded; Jinja itself also checks each template's source. Every
format shares the one environment (`planner.output.render`), so each template is kept once.
"""

from __future__ import annotations

import hashlib
import stat
import sys
from functools import cache
from pathlib import Path

import jinja2
from jinja2 import FileSystemBytecodeCache

from planner.flows import sandbox as expressions
from planner.paths import cache_dir, private_folder

from . import sandbox

__all__ = ["bytecode_cache", "bytecode_folder"]


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """Jinja's bytecode cache for the templates' environment, or None when there is no safe folder for it."""
    folder = bytecode_folder()
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None


def bytecode_folder() -> Path | None:
    """The private folder that compiled templates are kept in; None if it is not safe to use."""
    try:
        base = cache_dir()
    except OSError:
        return None
    folder = base / f"templates-{_fingerprint()}"
    # No one else may write in the cache folder (or they could swap ours for theirs), nor use ours at all.
    if not private_folder(base, others=stat.S_IWGRP | stat.S_IWOTH):
        return None
    return folder if private_folder(folder) else None


@cache
def _fingerprint() -> str:
    """What compiled templates depend on besides their source: the code that compiles them."""
    digest = hashlib.sha256(f"{jinja2.__version__} {sys.version}".encode())
    for module in (sandbox, expressions):
        if module.__file__:
            digest.update(Path(module.__file__).read_bytes())
    # How printed values are escaped (a finalize Jinja may or may not run while compiling) is set there.
    digest.update((Path(__file__).parent / "render.py").read_bytes())
    return digest.hexdigest()[:16]
