"""Joining words into a list, 'a, b and c', in the translator's language."""

from __future__ import annotations

import re

from .translator import N_, Translator

AND = N_("{some} and {last}")
_WELSH_VOWEL = re.compile(r"^[aeiouwyâêîôûŵŷáéíóúàèìòù]", re.I)


def and_join(words: list[str], tr: Translator, *, some: str | None = None, message: str = AND) -> str:
    """'Sue', 'Sue and Joan', 'Sue, Joan and Raj'; semicolons when an item has its own commas."""
    if len(words) < 2:
        return "".join(words)
    if some is None:
        separator = "; " if any("," in w for w in words) else ", "
        some = separator.join(words[:-1]) + (";" if separator == "; " else "")
    return welsh_and(tr.gettext(message, some=some, last=words[-1]), words[-1], tr)


def welsh_and(text: str, last: str, tr: Translator) -> str:
    """Welsh 'a' becomes 'ac' before a vowel: 'bara ac afal'."""
    if tr.language == "cy" and _WELSH_VOWEL.match(last) and text.endswith(f" a {last}"):
        return text[: -len(last) - 1] + "c " + last
    return text
