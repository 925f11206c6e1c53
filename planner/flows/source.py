"""Reading YAML safely, keeping the line of every key and item.

Plain `yaml.safe_load` hangs or explodes on hostile input and forgets where things came
from. This reader walks the parser's events instead: it refuses aliases and tags,
limits size, depth and item count, and builds dicts and lists that remember lines.
Scalars follow YAML 1.2's core schema, so `yes` and `no` stay words.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from planner.paths import file_kind

from . import messages as m
from .problems import Problems

# A file may be as large as what it holds needs: up to FREE_BYTES whatever it holds, beyond that
# at most BYTES_PER_ITEM for each item (a key, a value, a list), never beyond MAX_BYTES. A long
# flow of many questions loads; a file of padding, one huge value or a bomb of items does not.
MAX_BYTES = 16_000_000
FREE_BYTES = 1_000_000
BYTES_PER_ITEM = 1_000
MAX_SCALAR = 100_000
MAX_DEPTH = 40
MAX_NODES = 500_000

try:  # the C parser is much faster; fall back where libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader
_C_PARSER = _Loader is not yaml.SafeLoader  # it reports reader errors at byte, not character, positions

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
_INT = re.compile(r"[-+]?[0-9]+")
_INT_BASED = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_FLOAT_SPECIAL = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"), "+.inf": float("inf"),
                  "+.Inf": float("inf"), "+.INF": float("inf"), "-.inf": float("-inf"), "-.Inf": float("-inf"),
                  "-.INF": float("-inf"), ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_WORDS_NOT_TEXT = _NULL | set(_BOOL)  # plain scalars starting with a letter that are not words
_PLAIN_TAGS = {None, "!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class LDict(dict[Any, Any]):
    """A mapping that remembers its own line and the line of each key."""

    line: int
    key_lines: dict[str, int]


class LList(list[Any]):
    """A list that remembers its own line and the line of each item."""

    line: int
    item_lines: list[int]


def line_of(node: Any, path: tuple[Any, ...]) -> int:
    """The line for a path of keys and indexes into located data (the deepest known)."""
    line = getattr(node, "line", 0)
    for step in path:
        if isinstance(node, LDict) and step in node:
            line = node.key_lines.get(step, line)
            node = node[step]
        elif isinstance(node, LList) and isinstance(step, int) and 0 <= step < len(node):
            line = node.item_lines[step]
            node = node[step]
        else:
            break
        line = getattr(node, "line", line) if isinstance(node, LDict) and isinstance(step, int) else line
    return line


def _scalar(event: yaml.ScalarEvent) -> Any:
    # libyaml gives plain scalars the style '' and the pure-Python parser None; any tag
    # (even the non-specific '!') means the text is meant as written.
    if event.style not in (None, "") or event.tag is not None:
        return event.value
    value = event.value
    if value in _NULL:
        return None
    if value in _BOOL:
        return _BOOL[value]
    if value[0].isalpha():  # a number starts with a digit, a sign or a point: this is words
        return value
    try:
        if _INT.fullmatch(value):
            return int(value)
        if _INT_BASED.fullmatch(value):
            return int(value[2:], 8 if value[1] == "o" else 16)
    except ValueError:  # more digits than Python will convert: keep the text
        return value
    if _FLOAT.fullmatch(value):
        return float(value)
    return _FLOAT_SPECIAL.get(value, value)


class NotOrdinaryFile(OSError):
    """A content path that is a pipe, a device, a folder or a socket (after following links): never read."""

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(f"{path} is not an ordinary file")
        self.kind = kind  # the words for what it is, from m.FILE_KINDS


def _refuse(path: Path, mode: int) -> NotOrdinaryFile:
    kind = m.FILE_KINDS[file_kind(mode)]
    if path.is_symlink():
        kind = m.FILE_KINDS["link"].format(kind=kind)
    return NotOrdinaryFile(path, kind)


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """At most `limit` + 1 bytes of an ordinary file, so a caller can tell the file is too large.

    A pipe would wait for ever and a device (/dev/zero) never ends, so anything that is not an
    ordinary file, after following links, is refused with NotOrdinaryFile before it is read.
    """
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise _refuse(path, mode)
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(descriptor).st_mode  # again: the path may have been swapped since it was looked at
        if not stat.S_ISREG(mode):
            raise _refuse(path, mode)
        chunks, left = [], limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 16))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def read_bytes(path: Path, problems: Problems) -> str | None:
    """Read an ordinary file as UTF-8 text within the size limit, or report why not."""
    try:
        data = read_limited(path, MAX_BYTES)
    except NotOrdinaryFile as error:
        problems.add(0, m.NOT_ORDINARY_FILE, kind=error.kind)
        return None
    except OSError as error:
        problems.add(0, m.FILE_UNREADABLE, error=error.strerror or error)
        return None
    if len(data) > MAX_BYTES:
        try:
            size = max(path.stat().st_size, len(data))
        except OSError:
            size = len(data)
        problems.add(0, m.FILE_TOO_LARGE, size=size, limit=MAX_BYTES)
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.add(line, m.NOT_UTF8, byte=error.start)
        return None
    return text.removeprefix("\ufeff")


def parse_yaml(text: str, problems: Problems) -> Any:
    """Parse YAML text into located data, reporting every refusal in `problems`."""
    if not text.strip():
        problems.add(1, m.FILE_EMPTY)
        return None
    try:
        found = _build(text, problems)
    except yaml.MarkedYAMLError as error:
        line, problem = _syntax_error(error, text)
        problems.add(line, m.YAML_SYNTAX, problem=problem)
        return None
    except yaml.reader.ReaderError as error:
        line = _reader_line(text, error.position)
        problem = f"unacceptable character #x{error.character:04X}: control characters are not allowed" \
            if isinstance(error.character, int) else f"it has a character that cannot be used ({error.reason})"
        problems.add(line, m.YAML_SYNTAX, problem=problem)
        return None
    except yaml.YAMLError as error:
        problems.add(1, m.YAML_SYNTAX, problem=str(error).splitlines()[0] if str(error) else "unexpected text")
        return None
    if found is None:
        return None
    root, count = found
    size = len(text.encode("utf-8")) if len(text) > FREE_BYTES // 4 else len(text)
    if size > FREE_BYTES + count * BYTES_PER_ITEM:
        problems.add(0, m.TOO_LARGE_FOR_ITEMS, size=size, items=count)
        return None
    return root


def _build(text: str, problems: Problems) -> tuple[Any, int] | None:
    """Located data and its number of items, from the parser's events; None (said in `problems`) when refused.

    One loop over the events with the open container in local variables: this runs for every
    key and value of every file, so it avoids a call per event beyond the parser's own.
    """
    stack: list[tuple[Any, Any]] = []  # the containers above the open one, each with its pending key
    container: Any = None  # the open LDict or LList (None before the root)
    key: Any = _NO_KEY  # for an open LDict: the key waiting for its value, _NO_KEY or _SKIP
    root: Any = None
    count = 0
    loader = _Loader(text)
    try:
        get_event = loader.get_event
        while True:
            event = get_event()
            if event is None:
                break
            kind = type(event)  # the parsers make these exact classes; checked by kind, most common first
            if kind is _SCALAR:
                text = event.value
                count += 1
                tag = event.tag
                if event.anchor or tag is not None or count > MAX_NODES or len(text) > MAX_SCALAR:
                    line = event.start_mark.line + 1
                    if event.anchor:
                        problems.add(line, m.ALIAS_NOT_ALLOWED)
                        return None
                    if tag is not None and tag not in _PLAIN_TAGS:
                        problems.add(line, m.TAG_NOT_ALLOWED, tag=str(tag).replace("tag:yaml.org,2002:", "!!"))
                        return None
                    if count > MAX_NODES:
                        problems.add(line, m.TOO_MANY_NODES, limit=MAX_NODES)
                        return None
                    if len(text) > MAX_SCALAR:
                        problems.add(line, m.SCALAR_TOO_LONG, size=len(text), limit=MAX_SCALAR)
                        return None
                # Plain words, the most common value, are kept as they are without calling _scalar.
                value = text if (event.style or text[:1].isalpha()) and tag is None and text not in _WORDS_NOT_TEXT \
                    else _scalar(event)
                if container is None:
                    root = value
                elif type(container) is LList:
                    container.append(value)
                    container.item_lines.append(event.start_mark.line + 1)
                elif key is _NO_KEY:
                    if value is None:
                        key = ""
                    elif isinstance(value, bool):
                        key = str(value).lower()
                    else:
                        key = str(value)
                    first = container.key_lines.get(key)
                    line = event.start_mark.line + 1
                    if first is not None:
                        problems.add(line, m.DUPLICATE_KEY, key=key, first=first)
                        key = _SKIP
                    else:
                        container.key_lines[key] = line
                else:
                    if key is not _SKIP:
                        container[key] = value
                    key = _NO_KEY
                continue
            if kind is _MAP_START or kind is _SEQ_START:
                line = event.start_mark.line + 1
                if event.anchor:
                    problems.add(line, m.ALIAS_NOT_ALLOWED)
                    return None
                tag = event.tag
                if tag is not None and tag not in _PLAIN_TAGS:
                    problems.add(line, m.TAG_NOT_ALLOWED, tag=str(tag).replace("tag:yaml.org,2002:", "!!"))
                    return None
                count += 1
                if count > MAX_NODES:
                    problems.add(line, m.TOO_MANY_NODES, limit=MAX_NODES)
                    return None
                if container is not None and len(stack) + 1 >= MAX_DEPTH:
                    problems.add(line, m.TOO_DEEP, limit=MAX_DEPTH)
                    return None
                node: Any
                if kind is _MAP_START:
                    node = LDict()
                    node.key_lines = {}
                else:
                    node = LList()
                    node.item_lines = []
                node.line = line
                if container is None:
                    root = node
                elif type(container) is LList:
                    container.append(node)
                    container.item_lines.append(line)
                elif key is _NO_KEY:
                    problems.add(line, m.KEY_NOT_TEXT, got="a list or block")
                    return None
                else:
                    if key is not _SKIP:
                        container[key] = node
                    key = _NO_KEY
                if container is not None:
                    stack.append((container, key))
                container, key = node, _NO_KEY
                continue
            if kind is _MAP_END or kind is _SEQ_END:
                container, key = stack.pop() if stack else (None, _NO_KEY)
                continue
            line = event.start_mark.line + 1 if event.start_mark else 0
            if kind is yaml.AliasEvent:
                problems.add(line, m.ALIAS_NOT_ALLOWED)
                return None
            if kind is yaml.DocumentStartEvent and root is not None:
                problems.add(line, m.YAML_SYNTAX, problem="a file may hold only one document ('---')")
                return None
    finally:
        loader.dispose()
    return root, count


def _reader_line(text: str, position: int) -> int:
    if _C_PARSER:
        return text.encode("utf-8")[: max(position, 0)].count(b"\n") + 1
    return text[: max(position, 0)].count("\n") + 1


_UNCLOSED = {"while scanning a quoted scalar": "the quote that opens here is never closed",
             "while parsing a flow sequence": "the '[' that opens here is never closed",
             "while parsing a flow mapping": "the '{' that opens here is never closed"}


def _syntax_error(error: yaml.MarkedYAMLError, text: str) -> tuple[int, str]:
    """The line and plain problem for a parser error.

    The parser notices an unclosed quote or bracket only at the end of the file, so the
    place it opens (the context mark) is the useful line there; elsewhere the problem
    mark is.
    """
    problem = (error.problem or error.context or "unexpected text").rstrip(".")
    mark = error.problem_mark or error.context_mark
    context = error.context or ""
    at_end = error.problem_mark is None or error.problem_mark.index >= len(text.rstrip())
    if error.context_mark is not None and (at_end or context.startswith("while scanning")):
        mark = error.context_mark
        if at_end and context in _UNCLOSED:
            problem = _UNCLOSED[context]
    return (mark.line + 1 if mark else 1), problem


_NO_KEY = object()
_SKIP = object()
_SCALAR = yaml.ScalarEvent
_MAP_START, _SEQ_START = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


def read_yaml(path: Path, problems: Problems) -> Any:
    """Read and parse one content file; `None` when it cannot be used."""
    text = read_bytes(path, problems)
    return None if text is None else parse_yaml(text, problems)
