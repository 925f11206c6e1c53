"""Keeping what a person typed from turning into markup or terminal control sequences.

Every value a template prints goes through one of the `finalize` functions here, so
a template cannot forget: HTML is escaped by Jinja's autoescape, Markdown by
`markdown_escape`, and plain text loses every control character and escape sequence.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from markupsafe import Markup

from planner.text import CONTROLS, clean_text

WIDTH = 72
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")
_BULLET = re.compile(r"^(\s*)(- |\d+\. )?")


def cleaned(value: Any) -> str:
    """A value as text: escape sequences, control characters and bidi overrides gone; line breaks kept."""
    return "" if value is None else clean_text(str(value), multiline=True)


def markdown_escape(text: str) -> str:
    """Text that Markdown shows exactly as typed: no emphasis, links, HTML, headings or lists."""
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line.lstrip())
        lines.append(_MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), line))
    return "\n".join(lines)


def finalize_html(value: Any) -> Any:
    return value if isinstance(value, Markup) else cleaned(value)


def finalize_markdown(value: Any) -> Any:
    return value if isinstance(value, Markup) else Markup(markdown_escape(cleaned(value)))


def finalize_text(value: Any) -> Any:
    return value if isinstance(value, Markup) else Markup(cleaned(value))


def tighten_lists(text: str) -> str:
    """No blank lines between the items of one list."""
    return re.sub(r"^(- [^\n]*)\n\n+(?=- )", r"\1\n", text, flags=re.MULTILINE)


def tidy(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, one newline at the end."""
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip("\n") + "\n"


def wrap(text: str, width: int = WIDTH) -> str:
    """Wrap long lines for printing, keeping each line's indent and hanging list items under their text."""
    out = []
    for line in CONTROLS.sub("", text).split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        lead = _BULLET.match(line)
        indent = lead.group(1) if lead else ""
        hang = " " * len(lead.group(0)) if lead else ""
        out.append(textwrap.fill(line[len(indent):], width=width, initial_indent=indent, subsequent_indent=hang,
                                 break_long_words=True, break_on_hyphens=False))
    return "\n".join(out)
