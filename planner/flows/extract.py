"""A Babel extraction method for content YAML: flows, the glossary and councils.

Registered as the `planner_yaml` extractor (pyproject.toml), so `pybabel extract -F
babel.cfg` reads content with the same located YAML reader the loader uses. Every text
a person sees is a message with its own context (`planner.i18n.keys`); texts with {{ }}
are extracted as written, and so are derived values that show words.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO
from collections.abc import Collection, Iterator, Mapping

from planner.i18n import keys as k

from .problems import Problems
from .shapes import shows_words
from .source import MAX_BYTES, LDict, LList, parse_yaml, read_limited

KEEP_EXPRESSIONS = ("Keep each {{ }} as it is: translate only the words in quotes that are shown, "
                    "never the names or the values they are compared with.")
KEEP_LINKS = "Glossary links: write [[your words|term]]; the term after | stays as it is in English."
DERIVED = "A worked-out value that can be shown: translate only the words in quotes."


@dataclass(frozen=True)
class ContentMessage:
    """One text of content to translate, where it is, and whether it is a text or an expression."""

    line: int
    context: str
    text: str
    kind: str = "text"  # text, or value (a derived value's expression)

    @property
    def comments(self) -> list[str]:
        notes = [DERIVED] if self.kind == "value" else []
        if "{{" in self.text and self.kind == "text":
            notes.append(KEEP_EXPRESSIONS)
        if "[[" in self.text:
            notes.append(KEEP_LINKS)
        return notes


def _line(node: Any, key: str) -> int:
    return node.key_lines.get(key, node.line) if isinstance(node, LDict) else 0


def _text(node: Any, key: str, context: str, kind: str = "text") -> list[ContentMessage]:
    value = node.get(key) if isinstance(node, LDict) else None
    if not isinstance(value, str) or not value.strip():
        return []
    return [ContentMessage(_line(node, key), context, value.strip(), kind)]


def _items(node: Any, key: str) -> list[Any]:
    value = node.get(key) if isinstance(node, LDict) else None
    return list(value) if isinstance(value, LList) else []


def _step(flow: str, step: Any, parent: str | None = None) -> list[ContentMessage]:
    """A step's texts; with `parent`, those of one field of the list question `parent`."""
    if not isinstance(step, LDict) or not isinstance(step.get("id"), str):
        return []
    own = step["id"]
    prefix = k.step_prefix(flow, parent or own, own if parent else None)
    found = [m for key in k.TEXT_KEYS + k.LABEL_KEYS for m in _text(step, key, f"{prefix}:{key}")]
    for kind in k.CHOICE_LISTS:
        for choice in _items(step, kind):
            if isinstance(choice, LDict) and choice.get("value") is not None:
                value = str(choice["value"])
                found += [m for part in k.CHOICE_PARTS
                          for m in _text(choice, part, k.choice_key(prefix, kind, value, part))]
    if parent is None:
        for sub in _items(step, "fields"):
            found += _step(flow, sub, own)
    return found


def flow_messages(data: LDict) -> list[ContentMessage]:
    header = data.get("flow")
    flow = header.get("id") if isinstance(header, LDict) else None
    if not isinstance(flow, str):
        return []
    found = [m for key in k.HEADER_TEXTS for m in _text(header, key, k.flow_key(flow, key))]
    for item in _items(data, "derived"):
        if isinstance(item, LDict) and isinstance(item.get("id"), str) and isinstance(item.get("value"), str) \
                and shows_words(item["value"]):
            found += _text(item, "value", k.derived_key(flow, item["id"]), "value")
    for section in _items(data, "sections"):
        if not isinstance(section, LDict) or not isinstance(section.get("id"), str):
            continue
        found += [m for key in k.HEADER_TEXTS
                  for m in _text(section, key, k.section_key(flow, section["id"], key))]
        for step in _items(section, "steps"):
            found += _step(flow, step)
    return found


def glossary_messages(data: LDict) -> list[ContentMessage]:
    found = []
    for entry in _items(data, "glossary"):
        if isinstance(entry, LDict) and isinstance(entry.get("term"), str):
            term = entry["term"]
            found += _text(entry, "term", k.glossary_key(term, "term"))
            found += _text(entry, "explanation", k.glossary_key(term, "explanation"))
    return found


def council_messages(data: LDict) -> list[ContentMessage]:
    council = data.get("council")
    ident = council.get("id") if isinstance(council, LDict) else None
    if not isinstance(council, LDict) or not isinstance(ident, str):
        return []
    found = []
    for path in k.COUNCIL_TEXTS:
        node: Any = council
        key = path
        if "." in path:
            parent, key = path.split(".", 1)
            node = council.get(parent)
        found += _text(node, key, k.council_key(ident, path))
    for path in k.COUNCIL_LISTS:
        parent, _, key = path.rpartition(".")
        holder = council.get(parent) if parent else council
        items = holder.get(key) if isinstance(holder, LDict) else None
        if not isinstance(items, LList):
            continue
        for n, item in enumerate(items):
            if isinstance(item, str) and item.strip():
                found.append(ContentMessage(items.item_lines[n], k.council_key(ident, path), item.strip()))
    for rate in _items(council, "hourly_rates"):
        found += _text(rate, "service", k.council_key(ident, "hourly_rates.service"))
    return found


def messages_in(text: str, name: str = "content") -> list[ContentMessage]:
    """Every message in one content file's text (nothing for files without texts, or unreadable ones)."""
    data = parse_yaml(text, Problems(name))
    if not isinstance(data, LDict):
        return []
    if "flow" in data:
        return flow_messages(data)
    if "glossary" in data:
        return glossary_messages(data)
    if "council" in data:
        return council_messages(data)
    return []


def content_messages(root: Path) -> list[tuple[Path, ContentMessage]]:
    """Every message in a content folder, file by file."""
    found = []
    for path in sorted(root.rglob("*.yaml")) + sorted(root.rglob("*.yml")):
        try:  # never a plain read: a pipe here would wait for ever (the loader reports it)
            data = read_limited(path)
            text = data.decode("utf-8") if len(data) <= MAX_BYTES else ""
        except (OSError, UnicodeDecodeError):
            continue
        found += [(path, m) for m in messages_in(text, str(path))]
    return found


def extract_yaml(fileobj: BinaryIO, keywords: Collection[str], comment_tags: Collection[str],
                 options: Mapping[str, Any]) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """The Babel extraction method: (line, 'pgettext', (context, text), comments) for each message."""
    raw = fileobj.read()
    try:
        text = raw.decode(options.get("encoding", "utf-8")) if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return
    for message in messages_in(text.removeprefix("\ufeff"), getattr(fileobj, "name", "content")):
        yield message.line, "pgettext", (message.context, message.text), message.comments
