"""PDF for every document: valid, readable back as text, with an outline, metadata and page numbers.

The golden tests compare Markdown, text, HTML and JSON; PDF is checked here, read back
with pypdf, for a few personas that between them make every kind of document.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.flows.session import MemoryRecorder, Session
from planner.i18n.catalogues import load
from planner.i18n.translator import ENGLISH
from planner.output.documents import build_documents
from planner.output.pdf import to_pdf
from planner.output.render import Renderer
from planner.output.write import render_all, render_pdfs, write_outputs
from tests.personas.runner import PERSONAS

from .helpers import TODAY, play
from .sessions import filled
from .test_hostile import CONTROLS, HOSTILE

CHOSEN = ["support-plan/early-riser", "carer-assessment/willing-not-able", "budget-check/knows-everything"]
DOCUMENTS = ["support-plan", "hand-over", "carer-assessment", "carer-support-plan", "budget-sheet"]


@dataclass
class Printed:
    """One document as HTML, and as PDF read back."""

    html: str
    pdf: bytes
    reader: PdfReader
    pages: list[str]

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.pages).split())


def read(page: str, pdf: bytes) -> Printed:
    reader = PdfReader(io.BytesIO(pdf))
    return Printed(page, pdf, reader, [p.extract_text() for p in reader.pages])


def headings(page: str) -> list[str]:
    return [" ".join(html.unescape(h).split()) for h in re.findall(r"<h[1-6][^>]*>(.*?)</h[1-6]>", page, re.S)]


def outline(items: list[Any]) -> list[str]:
    found: list[str] = []
    for item in items:
        found += outline(item) if isinstance(item, list) else [item.title]
    return found


def flat(text: str) -> str:
    return " ".join(html.unescape(text).split())


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    """Each chosen persona played once; every document it makes, as HTML and PDF."""
    found = {}
    renderer = Renderer()
    for persona in CHOSEN:
        session, record = play(PERSONAS / f"{persona}.yaml", tmp_path_factory.mktemp("data"))
        documents = build_documents(session, record, today=TODAY)
        files = render_all(documents, renderer)
        for name, pdf in render_pdfs(documents, renderer, files).items():
            document = name.removesuffix(".pdf")
            found[document] = read(files[f"{document}.html"], pdf)
    return found


def test_the_personas_make_every_kind_of_document(printed: dict[str, Printed]) -> None:
    assert sorted(printed) == sorted(DOCUMENTS)


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_pdf_has_every_heading_and_the_words_people_said(document: str, printed: dict[str, Printed]) -> None:
    doc = printed[document]
    assert doc.pdf.startswith(b"%PDF-") and doc.pdf.rstrip().endswith(b"%%EOF")
    for heading in headings(doc.html):
        assert heading in doc.text, heading
    quoted = [flat(words) for words in re.findall(r'<p class="words">(.*?)</p>', doc.html, re.S)]
    money = re.findall(r"£[\d,]+(?:\.\d\d)?", doc.html)
    assert quoted or money, "something a person said or an amount to look for"
    for words in quoted:
        assert words in doc.text, words
    for amount in money:
        assert amount in doc.text, amount


def test_key_words_of_the_support_plan(printed: dict[str, Printed]) -> None:
    plan = printed["support-plan"].text
    assert "My own routine. I have been up at six every day since I worked at the mill." in plan
    assert "My personal budget is £120.00 a week." in plan
    assert "Said by Edna" in plan
    assert "Help to wash and dress at 6am" in printed["hand-over"].text  # a table cell
    assert "Your budget: £1,040 a month" in printed["budget-sheet"].text


@pytest.mark.parametrize("document", DOCUMENTS)
def test_the_outline_is_the_documents_headings(document: str, printed: dict[str, Printed]) -> None:
    doc = printed[document]
    assert outline(doc.reader.outline) == headings(doc.html)
    assert isinstance(doc.reader.outline[1], list), "sections are nested under the title"
    assert doc.reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


@pytest.mark.parametrize("document", DOCUMENTS)
def test_metadata_and_page_numbers(document: str, printed: dict[str, Printed]) -> None:
    doc = printed[document]
    title = flat(re.search(r"<title>(.*?)</title>", doc.html, re.S).group(1))  # type: ignore[union-attr]
    assert doc.reader.metadata is not None and doc.reader.metadata.title == title
    assert doc.reader.metadata.creation_date.date() == TODAY
    root = doc.reader.trailer["/Root"]
    assert root["/Lang"] == "en-GB" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    box = doc.reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4, in points
    count = len(doc.pages)
    for number, text in enumerate(doc.pages, start=1):
        assert f"Page {number} of {count}" in text


def test_the_same_document_gives_the_same_bytes(printed: dict[str, Printed]) -> None:
    doc = printed["budget-sheet"]
    assert to_pdf(doc.html, made_on=TODAY, translator=ENGLISH) == doc.pdf
    assert to_pdf(doc.html, made_on=dt.date(2026, 3, 3), translator=ENGLISH) != doc.pdf


def test_large_print_as_the_person_asked_or_as_chosen(printed: dict[str, Printed]) -> None:
    asked = printed["support-plan"]  # Edna asked for large print
    assert 'class="large-print"' in asked.html
    assert to_pdf(asked.html, made_on=TODAY, translator=ENGLISH, large_print=True) == asked.pdf
    smaller = read(asked.html, to_pdf(asked.html, made_on=TODAY, translator=ENGLISH, large_print=False))
    assert len(smaller.pages) < len(asked.pages)
    assert sizes(smaller.reader) == {12.0} and sizes(asked.reader) == {16.0}


def sizes(reader: PdfReader) -> set[float]:
    """The font sizes of paragraph text (not headings, not page numbers) on the first page."""
    found: set[float] = set()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.startswith(("Made with", "Made on")):
            found.add(round(size * tm[0], 1))

    reader.pages[0].extract_text(visitor_text=visit)
    return found


def test_welsh_letters_survive(content: Content) -> None:
    typed = "Mae'r dŵr yn y tŷ yn oer. Ŵyr a Ŷ."
    session, record = filled(content, "budget-check", lambda _: typed)
    welsh = load("cy")
    session = Session(session.flow, MemoryRecorder(), council=session.walk.council, answers=session.answers(),
                      state=session.state(), translator=welsh)
    documents = build_documents(session, replace(record, locale="cy"), today=TODAY)
    renderer = Renderer(locale="cy", translator=welsh)
    files = render_all(documents, renderer)
    doc = read(files["budget-sheet.html"], render_pdfs(documents, renderer, files)["budget-sheet.pdf"])
    assert typed in doc.text and "\ufffd" not in doc.text
    assert doc.reader.trailer["/Root"]["/Lang"] == "cy"
    assert f"Tudalen 1 o {len(doc.pages)}" in doc.pages[0]
    assert headings(doc.html)[0] in doc.text and outline(doc.reader.outline) == headings(doc.html)


@pytest.mark.parametrize("flow", ["support-plan", "carer-assessment", "budget-check"])
def test_hostile_answers_are_shown_as_typed_and_make_nothing(content: Content, flow: str) -> None:
    long_word = "q" * 1500
    people = [Participant("person", "person", name="<i>Ann</i> \x1b[2J" + "N" * 200),
              Participant("sue", "carer", name="Sue **\u202e**", relationship="<b>daughter</b>")]
    long_ones = {"what_matters", "carer_what_matters", "budget_questions", "wish_other", "support_name"}
    session, record = filled(content, flow, lambda q: f"{HOSTILE} {long_word}" if q in long_ones else HOSTILE,
                             participants=people)
    documents = build_documents(session, record, today=TODAY)
    renderer = Renderer()
    files = render_all(documents, renderer)
    printed = {name: read(files[name.replace(".pdf", ".html")], pdf)
               for name, pdf in render_pdfs(documents, renderer, files).items()}
    for name, doc in printed.items():
        raw = " ".join(doc.pages)
        assert not CONTROLS.search(raw.replace("\n", "")) and "\x1b" not in raw, name
        assert "<script>alert('x')</script><img src=x onerror=alert(1)>" in doc.text, name  # words, not markup
        assert "**bold** _it_" in doc.text and "<i>Ann</i>" in doc.text, name
        assert "\ufffd" in doc.text, "a character the font does not have is shown as one replacement mark"
        shown = [heading.replace("👵🏽", "\ufffd") for heading in headings(doc.html)]
        assert outline(doc.reader.outline) == shown, name
    if flow == "support-plan":
        pieces = re.findall(r"(?<![a-z])q+(?![a-z])", printed["support-plan.pdf"].text)
        assert len(pieces) > 1 and sum(map(len, pieces)) % len(long_word) == 0, "a long word is broken, not lost"


def test_markup_the_pdf_cannot_lay_out_is_flattened_and_nothing_is_fetched(tmp_path: Path) -> None:
    fetched = tmp_path / "fetched.png"
    page = f"""<!DOCTYPE html><html lang="en-GB"><head><title>Odd &amp; page</title>
<style>body {{ color: red }}</style><script>alert(1)</script></head>
<body><a class="skip no-print" href="#main">Skip</a>
<div class="no-print"><input type="checkbox"><label>Large print</label></div>
<main><header><h1>Odd <em>page</em></h1></header><section><aside><div><p>In a div, <i>leaning</i> and <code>code</code>
and <a href="https://example.org/x">a link</a><img src="{fetched}" alt="x"><br>next line</p></div></aside>
<dl><dt>Term</dt><dd>Meaning <strong>strong</strong></dd></dl><pre>  kept   text</pre>
<ul><li><p>Item with a paragraph</p><ul><li>Nested</li></ul></li></ul><ol><li>First</li></ol>
<table><caption>Wide</caption><tr><th>A</th><th>B</th><th>C</th><th>D</th><th>E</th><th>F</th></tr>
<tr><td>1</td><td>2</td><td>3</td><td>4</td><td>5</td><td>6</td></tr></table>
<table><caption>Narrow</caption><tr><th>Long</th><td>{"z" * 300}</td></tr></table>
<table><caption>Tall</caption><tr><th>Who</th><th>Said</th></tr><tr><th>Ann</th><td>{"word " * 2000}</td></tr></table>
<table><tr><td>Cell <b>bold</b><table><tr><td>inner</td></tr></table></td><td></td></tr></table>
<table><caption>Empty</caption></table><p>Unclosed <b>bold<p>after</main></body></html>"""
    doc = read(page, to_pdf(page, made_on=TODAY, translator=ENGLISH))
    for words in ("Odd page", "In a div, leaning and code and a link", "next line", "Term", "Meaning strong",
                  "kept text", "Item with a paragraph", "Nested", "First", "A: 1; B: 2; C: 3; D: 4; E: 5; F: 6",
                  "Who: Ann; Said: word word", "Cell bold inner", "Unclosed bold", "after"):
        assert words in doc.text, words
    for hidden in ("Skip", "Large print", "alert", "color"):
        assert hidden not in doc.text, hidden
    assert doc.text.replace(" ", "").count("z" * 300) == 1, "a long word in a table cell is broken across lines"
    assert not fetched.exists()
    assert outline(doc.reader.outline) == ["Odd page"], "a heading is one bookmark, whatever is inside it"
    assert doc.reader.metadata is not None and doc.reader.metadata.title == "Odd & page"


def test_write_outputs_writes_a_pdf_for_every_document_owner_only(content: Content, tmp_path: Path) -> None:
    session, record = filled(content, "carer-assessment", lambda _: "Fine.")
    written = write_outputs(session, tmp_path / "out", record=record, today=TODAY)
    pdfs = sorted(p.name for p in written if p.suffix == ".pdf")
    assert pdfs == ["carer-assessment.pdf", "carer-support-plan.pdf"]
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert all((tmp_path / "out" / name).read_bytes().startswith(b"%PDF-") for name in pdfs)
