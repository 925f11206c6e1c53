"""PDF fonts are read and parsed once per process, and one PDF's use of them changes no other PDF.

Parsing is counted by a spy on fpdf2's TrueType font that still parses; nothing here measures time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fpdf.fonts import TTFFont

from planner.i18n.translator import ENGLISH
from planner.output.pdf import to_pdf

from .helpers import TODAY

PAGE = ('<!DOCTYPE html><html lang="en-GB"><head><title>{title}</title></head><body><main><h1>{title}</h1>'
        "<p>{words}</p><table><caption>Who helps</caption><tr><th>Name</th><th>When</th></tr>"
        "<tr><td>{words}</td><td>Mornings</td></tr></table></main></body></html>")


def page(title: str, words: str) -> str:
    return PAGE.format(title=title, words=words)


def test_fonts_are_parsed_once_for_many_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    to_pdf(page("First", "Warm up."), made_on=TODAY, translator=ENGLISH)
    parsed: list[str] = []
    real: Callable[..., None] = TTFFont.__init__

    def counting(self: TTFFont, *args: Any, **kwargs: Any) -> None:
        parsed.append(str(args[1] if len(args) > 1 else kwargs.get("font_file_path")))
        real(self, *args, **kwargs)

    monkeypatch.setattr(TTFFont, "__init__", counting)
    one = to_pdf(page("Plan", "Edna likes her porridge at seven."), made_on=TODAY, translator=ENGLISH)
    two = to_pdf(page("Hand-over", "Ŵyn ac ŷd: café, naïve, £120 — «quotes» ✓"), made_on=TODAY, translator=ENGLISH)
    assert parsed == []
    assert one.startswith(b"%PDF") and two.startswith(b"%PDF") and one != two


def test_one_pdf_leaves_nothing_in_the_fonts_for_the_next() -> None:
    plain = page("Plan", "Edna likes her porridge at seven.")
    first = to_pdf(plain, made_on=TODAY, translator=ENGLISH)
    other = to_pdf(page("Other", "Ŵyn ac ŷd: ĉ ĝ ĥ ĵ ŝ ŭ — ąęł ✓ ∑ ≈ ∞"), made_on=TODAY, translator=ENGLISH)
    again = to_pdf(plain, made_on=TODAY, translator=ENGLISH)
    assert again == first  # the same glyphs, the same subset of the font, the same bytes
    assert other != first
