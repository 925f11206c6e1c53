"""Finding English left in Welsh output: every catalogue message that has a Welsh translation, in pieces."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

from planner.flows.links import plain
from planner.i18n.catalogues import po_path, locales_dir
from planner.flows.shapes import text_shapes, value_shape

MIN_WORDS = 4  # shorter pieces ("Yes", "Not sure") could be names, typed words or Welsh-English cognates
_SPLIT = re.compile(r"\{\{.*?\}\}|\{[a-z_]+\}|%\([a-z_]+\)[sd]|\n|(?<=[.?!:])\s")


def normal(text: str) -> str:
    """Words only: links shown as their words, HTML unescaped, all spacing the same."""
    return " ".join(html.unescape(plain(text)).replace("\\", "").split())


def pieces(english: str, kind: str = "text") -> set[str]:
    """The parts of an English message a reader would see, long enough to be sure they are English."""
    found: list[str] = []
    if kind == "value":
        found += list((value_shape(english) or ("", ()))[1])
    else:
        shapes = text_shapes(english)
        found += list(shapes[1]) if shapes else []
        found += _SPLIT.split(english)
    return {normal(p).strip(" .,;:-") for p in found if p and len(normal(p).split()) >= MIN_WORDS}


@lru_cache(maxsize=1)
def translated_english(folder: Path | None = None) -> dict[str, str]:
    """English piece -> where it comes from, for every message with a Welsh translation that differs."""
    with po_path(folder or locales_dir(), "cy").open("rb") as file:
        catalog = read_po(file, locale="cy")
    found: dict[str, str] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        english = message.id if isinstance(message.id, str) else " ".join(message.id)
        welsh = message.string if isinstance(message.string, str) else " ".join(message.string or ())
        if not welsh or normal(welsh) == normal(english):
            continue
        kind = "value" if message.context and ":derived:" in message.context else "text"
        welsh_words = normal(welsh)
        for piece in pieces(english, kind):
            if piece not in welsh_words:
                found.setdefault(piece, message.context or english[:60])
    return found


def english_left(text: str, typed: list[str] = ()) -> list[str]:
    """English pieces of translated messages found in `text` (words a person typed are left out first)."""
    shown = normal(text)
    for words in sorted(typed, key=len, reverse=True):
        shown = shown.replace(normal(words), " ")
    return sorted(f"{piece!r} (from {where})" for piece, where in translated_english().items() if piece in shown)
