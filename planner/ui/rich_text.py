"""Content text for the screen: glossary words marked without relying on colour."""

from __future__ import annotations

from rich.text import Text

from planner.flows.links import segments


def linked(text: str, *, style: str = "") -> Text:
    """Text with glossary words underlined and followed by a marker, so they are found without colour."""
    shown = Text(style=style)
    for words, term in segments(text):
        if term:
            shown.append(words, style="underline bold")
            shown.append("*")
        else:
            shown.append(words)
    return shown


def said(who: str, text: str, *, style: str = "") -> Text:
    """A line of the transcript: who said it, then what they said."""
    line = Text(f"{who}: ", style="bold")
    line.append_text(linked(text, style=style))
    return line
