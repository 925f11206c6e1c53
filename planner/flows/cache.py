"""The compiled-content cache: loaded content kept on disk, keyed by a hash of every file it came from.

Only the person's own files are trusted: the folder must be theirs and closed to others
(0700), each file theirs and private (0600), written whole or not at all. Anything else
(another owner, open permissions, a link, a stale, torn or damaged file) is ignored and the
content is loaded afresh, so the cache can only ever make loading faster, never fail it.
Pickle is used only under these checks (the trust Jinja's bytecode cache needs).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

import planner
from planner.paths import cache_dir, private_folder

from .source import MAX_BYTES, read_limited

MAGIC = b"planner-content-cache-2\n"  # 2: expressions kept as interpreter programs
_CODE = Path(__file__).resolve().parent.parent  # planner's own code: a change to it must not reuse old results


def content_files(root: Path) -> list[Path]:
    """Every file a content folder's loading reads, in a fixed order."""
    files = [root / "glossary.yaml", root / "plain-language.yaml"]
    files += sorted(root.glob("codes/*.yaml")) + sorted(root.glob("councils/*/council.yaml"))
    files += sorted(root.glob("flows/*.yaml")) + sorted(root.glob("flows/*.yml"))
    return files


def content_key(root: Path) -> bytes | None:
    """A hash of everything loading depends on, or None when a file cannot be hashed (then no caching)."""
    digest = hashlib.sha256()
    for part in (planner.__version__, sys.version, str(root), str(root.resolve()), os.getcwd()):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    for folder in ("flows", "questions"):
        for source in sorted((_CODE / folder).glob("*.py")):
            info = source.stat()
            digest.update(f"{source.name}:{info.st_mtime_ns}:{info.st_size}\0".encode())
    for path in content_files(root):
        name = str(path.relative_to(root)).encode("utf-8", "surrogateescape")
        if not path.exists() and not path.is_symlink():
            digest.update(b"-" + name + b"\0")
            continue
        try:
            data = read_limited(path, MAX_BYTES * 64)
        except OSError:
            return None
        digest.update(b"+" + name + b"\0" + str(len(data)).encode() + b"\0" + data)
    return digest.digest()


def _private_folder(create: bool) -> Path | None:
    """The cache folder if it is the person's own and closed to others (made so when `create`)."""
    try:
        folder = cache_dir() / "content"
    except OSError:
        return None
    return folder if private_folder(folder, create=create) else None


def _entry(folder: Path, root: Path) -> Path:
    where = f"{root}\0{root.resolve()}\0{os.getcwd()}".encode("utf-8", "surrogateescape")
    name = hashlib.sha256(where).hexdigest()[:32]
    return folder / f"{name}.cache"


def read(root: Path, key: bytes) -> Any:
    """The cached content for this key, or None (missing, stale, foreign, open to others or damaged)."""
    folder = _private_folder(create=False)
    if folder is None:
        return None
    try:
        descriptor = os.open(_entry(folder, root), os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
            return None
        with os.fdopen(os.dup(descriptor), "rb") as file:
            head = file.read(len(MAGIC) + len(key))
            if head != MAGIC + key:
                return None
            return pickle.load(file)  # only the person's own private file, checked above
    except Exception:  # a damaged cache is rebuilt, never an error for the person
        return None
    finally:
        os.close(descriptor)


def write(root: Path, key: bytes, content: Any) -> None:
    """Keep loaded content for next time; any failure just means no cache."""
    folder = _private_folder(create=True)
    if folder is None:
        return
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")  # made 0600
    except OSError:
        return
    try:
        with os.fdopen(descriptor, "wb") as file:  # written as it is pickled: no second copy in memory
            file.write(MAGIC + key)
            pickle.dump(content, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, _entry(folder, root))
    except Exception:  # something that cannot be pickled, or a full disk: no cache, and no part of one left
        with contextlib.suppress(OSError):
            os.unlink(temporary)
