"""Cleaning text that a person typed, before it is stored, shown or written."""

from __future__ import annotations

import re
import unicodedata

# Escape sequences a terminal obeys, in their 7-bit (ESC ...) and 8-bit (C1) forms: control
# sequences with their parameters (CSI), strings up to their terminator (OSC: window title,
# clipboard; DCS, SOS, PM, APC), and two- or three-character escapes. An unterminated string
# loses only its introducer (below), so one stray character cannot swallow a person's words.
_ESCAPE_SEQ = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]"
)
# C0 and C1 controls, DEL, and the bidi overrides and isolates that can disguise text. Newlines
# and tabs are handled separately, because long answers keep their line breaks.
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u202a-\u202e\u2066-\u2069]")
# Halves of a character that could not be read (undecodable bytes in a file name or an argument
# come in as these): printed back, they would be those raw bytes again.
_SURROGATES = re.compile("[\ud800-\udfff]")
# What a JSON string must not carry raw to a terminal: everything CONTROLS holds, and the line
# and paragraph separators. Line breaks and tabs are left alone: `json.dumps` already escapes
# them inside strings, so any left are the layout between values.
_JSON_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str, *, multiline: bool = False) -> str:
    """Return `text` without terminal escape sequences or control characters.

    Args:
        text: what a person typed.
        multiline: keep line breaks (long answers) instead of folding them into spaces.
    """
    text = unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", text))
    text = _ESCAPE_SEQ.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = CONTROLS.sub("", text)
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
    text = unicodedata.normalize("NFC", _SURROGATES.sub("\ufffd", str(text)))
    text = _ESCAPE_SEQ.sub("", text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return CONTROLS.sub("", text)


def json_for_terminal(text: str) -> str:
    """JSON text (from `json.dumps`) with every character a terminal could obey written as a \\u escape.

    Unlike `for_terminal` nothing is lost: a program reading the JSON gets the same values.
    Such characters can only be inside JSON strings, where a \\u escape means the same.
    """
    text = _SURROGATES.sub("\ufffd", text)
    return _JSON_UNSAFE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
