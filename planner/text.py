"""Cleaning text that a person typed, before it is stored, shown or written."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, DEL, and the bidi overrides that can disguise text. Newlines and tabs
# are handled separately, because long answers keep their line breaks.
_ESCAPE_SEQ = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Return `text` without terminal escape sequences or control characters.

    Args:
        text: what a person typed.
        multiline: keep line breaks (long answers) instead of folding them into spaces.
    """
    text = unicodedata.normalize("NFC", text)
    text = _ESCAPE_SEQ.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _CONTROLS.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    else:
        text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    return text.strip()


def for_terminal(text: object) -> str:
    """Anything about to be printed to a terminal, with nothing in it that a terminal would obey.

    The one cleaning function for every line a command prints: escape sequences (window
    titles, clipboard writes, cursor moves) and control characters are removed; line
    breaks are kept, tabs become spaces.
    """
    text = unicodedata.normalize("NFC", str(text))
    text = _ESCAPE_SEQ.sub("", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROLS.sub("", text)
