"""Glossary links in text: `[[term]]` or `[[shown words|term]]`."""

from __future__ import annotations

import re

LINK = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")


def segments(text: str) -> list[tuple[str, str | None]]:
    """Split text into (words, glossary term or None) pieces, in order."""
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for match in LINK.finditer(text):
        if match.start() > at:
            pieces.append((text[at:match.start()], None))
        shown = match.group(1).strip()
        pieces.append((shown, (match.group(2) or match.group(1)).strip()))
        at = match.end()
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def plain(text: str) -> str:
    """Text as a reader sees it, links shown as their words."""
    return LINK.sub(lambda match: match.group(1).strip(), text)


def terms(text: str) -> list[str]:
    """The glossary terms a text links to, first use first, each once."""
    found = [term for _, term in segments(text) if term]
    return list(dict.fromkeys(found))
