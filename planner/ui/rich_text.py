"""The one way text reaches the screen: as words, never as markup, an action or a control sequence.

Anything shown may hold what a person typed (an answer, a name, a note, a code, a content
text that quotes an answer), so every string becomes a Rich `Text` here: brackets stay
brackets, `[@click=...]` stays words, and escape sequences are removed. Textual never
parses a `Text` as markup. The widgets in `planner.ui.widgets` pass everything through
`shown`, so a screen cannot forget it.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from planner.flows.links import segments
from planner.text import for_terminal


def shown(text: object, *, style: str = "") -> Text | Content:
    """Any text for the screen, as words only: no markup, no action, no control sequence.

    A `Text` or `Content` built by this module (or by `linked`/`said`) is passed on as it is;
    anything else, a `str` above all, is cleaned and made into plain words.
    """
    if isinstance(text, (Text, Content)):
        return text
    return Text(for_terminal("" if text is None else text), style=style)


def linked(text: str, *, style: str = "") -> Text:
    """Text with glossary words underlined and followed by a marker, so they are found without colour."""
    result = Text(style=style)
    for part, term in segments(for_terminal(text)):
        if term:
            result.append(part, style="underline bold")
            result.append("*")
        else:
            result.append(part)
    return result


def said(who: str, text: str, *, style: str = "") -> Text:
    """A line of the transcript: who said it, then what they said."""
    line = Text(f"{for_terminal(who)}: ", style="bold")
    line.append_text(linked(text, style=style))
    return line
