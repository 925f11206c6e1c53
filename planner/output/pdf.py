"""PDF from a document's accessible HTML page, with fpdf2 (pure Python) and a bundled Unicode font.

The HTML renderer has already escaped everything a person typed. Here the page is read
once more and cut into parts fpdf2 lays out well: headings, paragraphs, lists and bold
go through `write_html`, written again in those tags only; tables go through
`FPDF.table`, which can keep a caption with its rows and repeat the header row on the
next page. What only a screen shows (the skip link, the large-print switch, styles) is
dropped, other tags are dropped with their text kept, and every piece of text is cleaned
and escaped again, so nothing a person typed can become a tag in the PDF either.

The fonts are read and parsed once per process (`_font`): each PDF gets its own copy of
what it changes (the glyphs it uses, its subset of the font) and shares the rest.
"""

from __future__ import annotations

import datetime as dt
import copy
import html
import io
import re
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from fpdf import FPDF, FontFace
from fpdf.enums import PageMode
from fpdf.fonts import SubsetMap, TextStyle, TTFFont
from fpdf.prefs import ViewerPreferences
from fpdf.text_region import TextColumns

from planner.i18n.translator import Translator

from .pdf_words import PAGE_OF
from .safety import cleaned

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}  # style -> file in FONTS
BODY_PT = 12
LARGE_PT = 16
MARGIN_MM = 20
LINE_HEIGHT = 1.4  # times the font size: the generous spacing of the HTML page
MM_PER_PT = 25.4 / 72
_HEADINGS = {"h1": 2.0, "h2": 1.5, "h3": 1.2, "h4": 1.0, "h5": 1.0, "h6": 1.0}
_BLOCKS = {*_HEADINGS, "ul", "ol", "li", "blockquote", "dd"}
_BOLD = {"b", "strong", "em", "i"}  # no italic font is bundled: emphasis is bold
_PARAGRAPHS = {"p", "figcaption", "dt"}
_NEVER_PRINTED = {"head", "style", "script", "template", "noscript", "svg", "math", "iframe", "object"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BODY = ("<p", "<ul", "<ol", "<blockquote", "<dd", "<br")  # a part with one of these is more than its headings
_SPACES = re.compile(r"\s+")
_MOST_COLUMNS = 5  # wider tables are printed as lists: columns would be too narrow to read


@dataclass
class Table:
    """A table of the page: its caption and its rows of (text, is a header cell)."""

    caption: str = ""
    rows: list[list[tuple[str, bool]]] = field(default_factory=list)


class PrintablePage(HTMLParser):
    """Our HTML page cut into parts to lay out: HTML in the tags fpdf2 knows, and tables."""

    def __init__(self, glyphs: frozenset[int]) -> None:
        super().__init__(convert_charrefs=True)
        self.glyphs = glyphs  # characters the font can show; any other prints as one U+FFFD
        self.title = ""
        self.lang = ""
        self.large_print = False
        self.out: list[str] = []
        self._parts: list[list[str] | Table] = [self.out]
        self._open: list[tuple[str, str, bool]] = []  # (tag, as written or "", keeps line breaks)
        self._hidden = 0  # depth inside something never printed
        self._in_title = False
        self._text: list[str] = []
        self._table: Table | None = None

    def parts(self) -> list[str | Table]:
        """HTML for `write_html` (cut before each heading, to keep it with what follows) and tables."""
        self._flush()
        return [part if isinstance(part, Table) else "".join(part) for part in self._parts if part]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        classes = (given.get("class") or "").split()
        if tag == "html":
            self.lang = cleaned(given.get("lang") or "")
        elif tag == "body":
            self.large_print = "large-print" in classes
        elif tag == "title":
            self._in_title = True
        if self._hidden or tag in _NEVER_PRINTED or "no-print" in classes:
            self._hidden += tag not in _VOID
        elif tag == "br":
            if self._table is not None or self._inside(*_HEADINGS):
                self._text.append(" ")
            else:
                self._flush()
                self.out.append("<br>")
        elif tag not in _VOID:
            written = self._start(tag)
            self._open.append((tag, written, "words" in classes or bool(self._open and self._open[-1][2])))

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if self._hidden:
            self._hidden -= tag not in _VOID
        elif any(opened == tag for opened, _, _ in self._open):
            while self._close() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._hidden:
            self._text.append(data)

    def _start(self, tag: str) -> str:
        """Start one element as fpdf2 should see it; the tag written ('' for none)."""
        if self._table is not None:
            return self._start_in_table(tag)
        if self._inside(*_HEADINGS):
            return ""  # a heading is one piece of text, so one bookmark
        self._flush()
        if tag == "table":
            self._table = Table()
            self._parts.append(self._table)
            self.out = []
            self._parts.append(self.out)  # what follows the table
            return "table"
        if tag in _HEADINGS and not self._inside(*_BLOCKS, "p", "b") and any(p.startswith(_BODY) for p in self.out):
            self._cut()
        if tag == "figure" and not self._inside(*_BLOCKS, "p", "b"):
            self._cut()
            return "figure"
        if tag in _BLOCKS:
            self.out.append(f'<{tag} line-height="{LINE_HEIGHT}">' if tag in ("ul", "ol") else f"<{tag}>")
            return tag
        if tag in _BOLD and not self._inside("b"):
            self.out.append("<b>")
            return "b"
        if tag in _PARAGRAPHS and not self._inside(*_BLOCKS, "p"):
            self.out.append(f'<p line-height="{LINE_HEIGHT}">')
            return "p"
        return ""

    def _start_in_table(self, tag: str) -> str:
        """Rows and cells of a table; a table in a table is only its text."""
        assert self._table is not None
        self._flush()
        if tag == "table" or self._inside("inner-table"):
            return "inner-table" if tag == "table" else ""
        if tag == "tr":
            self._table.rows.append([])
        elif tag in ("th", "td") and self._table.rows:
            self._table.rows[-1].append(("", tag == "th"))
        return tag if tag in ("caption", "tr", "th", "td") else ""

    def _close(self) -> str:
        """Close the innermost open element; its tag."""
        if not self._inside(*_HEADINGS) or self._open[-1][1] in _HEADINGS:
            self._flush()
        tag, written, _ = self._open.pop()
        if written == "table":
            self._table = None
        elif written == "figure":
            self._cut()
        elif written and self._table is None:
            self.out.append(f"</{written}>")
        return tag

    def _cut(self) -> None:
        """Start a new part of the page."""
        if self.out:
            self.out = []
            self._parts.append(self.out)

    def _inside(self, *tags: str) -> bool:
        return any(written in tags for _, written, _ in self._open)

    def _flush(self) -> None:
        """Write the text so far: cleaned, in characters the font has, escaped; spaces at its ends kept."""
        raw = "".join(self._text)
        self._text = []
        if not raw or (raw.isspace() and not self.out):
            return
        text = "".join(c if ord(c) in self.glyphs or c == "\n" else "\ufffd" for c in cleaned(raw))
        text = re.sub("\ufffd+", "\ufffd", text)
        if self._table is not None:
            self._add_to_table(_SPACES.sub(" ", text))
            return
        lines = text.split("\n") if self._open and self._open[-1][2] else [text]
        text = "<br>".join(html.escape(_SPACES.sub(" ", line), quote=False) for line in lines)
        self.out.append((" " if raw[0].isspace() else "") + text + (" " if raw[-1].isspace() and text else ""))

    def _add_to_table(self, text: str) -> None:
        assert self._table is not None
        if self._inside("caption"):
            self._table.caption = f"{self._table.caption} {text}".strip()
        elif self._inside("th", "td") and self._table.rows and self._table.rows[-1]:
            words, header = self._table.rows[-1][-1]
            self._table.rows[-1][-1] = (f"{words} {text}".strip(), header)


class _Pages(FPDF):
    """A4 pages with 'Page N of M' at the foot of each, in the document's language."""

    def __init__(self, translator: Translator, size: float) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.translator = translator
        self.size = size
        self._measured: dict[tuple[str, float, float, str], list[str]] = {}

    def text_columns(self, *args: Any, **kwargs: Any) -> TextColumns:
        """Text laid out by `write_html` has the page's line spacing unless it says otherwise."""
        kwargs.setdefault("line_height", LINE_HEIGHT)
        return super().text_columns(*args, **kwargs)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM + 4)
        self.set_font(FAMILY, size=BODY_PT)
        self.set_text_color(0)
        words = self.translator.gettext(PAGE_OF, page=self.page_no(), pages=self.str_alias_nb_pages)
        self.cell(0, 8, words, align="C")

    def line_mm(self, scale: float = 1.0) -> float:
        """The height of one line of text, in mm."""
        return self.size * scale * LINE_HEIGHT * MM_PER_PT

    def lines(self, width: float, text: str) -> list[str]:
        """The lines `text` would take in a cell `width` mm wide, in the current font.

        A table's first rows are measured more than once (to keep them with the caption, and with
        what comes before), so each measure is kept for this PDF.
        """
        key = (f"{self.font_family}{self.font_style}", self.font_size_pt, width, text)
        if key not in self._measured:
            result = self.multi_cell(width, 1, text, dry_run=True, output="LINES")
            if not isinstance(result, list):  # fpdf2 types every output kind as one union
                raise TypeError("fpdf2 did not give the lines")
            self._measured[key] = result
        return list(self._measured[key])


def to_pdf(page: str, *, made_on: dt.date, translator: Translator, large_print: bool | None = None) -> bytes:
    """The PDF of one document, from the HTML page our renderer wrote for it.

    Args:
        page: the document's HTML page; its title, language and large-print setting are the PDF's too.
        made_on: the document's date, which is also the PDF's, so the same session gives the same bytes.
        translator: the document's language, for the words at the foot of each page.
        large_print: 16pt instead of 12pt; by default, as the page's own large-print setting says.

    Returns:
        The PDF file's bytes.
    """
    pdf = _Pages(translator, BODY_PT)
    for style in FONT_FILES:
        add_font(pdf, style)
    printable = PrintablePage(_glyphs())
    printable.feed(page)
    printable.close()
    pdf.size = LARGE_PT if (printable.large_print if large_print is None else large_print) else BODY_PT
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(True, margin=MARGIN_MM + 4)
    pdf.set_title(cleaned(printable.title))
    pdf.set_lang(printable.lang or translator.locale.replace("_", "-"))
    pdf.set_creator("planner")
    pdf.set_creation_date(dt.datetime.combine(made_on, dt.time(), tzinfo=dt.UTC))
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.page_mode = PageMode.USE_OUTLINES
    pdf.add_page()
    parts = printable.parts()
    for index, part in enumerate(parts):
        if isinstance(part, Table):
            _write_table(pdf, part)
            continue
        room = 0.0
        if part.startswith("<h"):
            room = pdf.line_mm(1.5) * 2
            following = parts[index + 1] if index + 1 < len(parts) else None
            only_headings = not any(tag in part for tag in _BODY)
            room += _room_for(pdf, following) if only_headings and following else pdf.line_mm() * 3
        elif part.startswith("<blockquote"):
            room = _room_for(pdf, part)
        if room and pdf.will_page_break(room):
            pdf.add_page()
        _write_html(pdf, part)
    return bytes(pdf.output())


class _Font(TTFFont):
    """fpdf2's TrueType font, measuring text faster.

    fpdf2 measures a line again each time it adds a character to it, so the same text, one
    character longer each time, is measured over and over; the width of the text measured
    last is kept and only the new characters are added (exactly: the widths are whole numbers).
    """

    __slots__ = ("_last_text", "_last_units")
    _last_text: str
    _last_units: float

    def get_text_width(self, text: str, font_size_pt: float,
                       text_shaping_params: dict[str, Any] | None) -> tuple[int, float]:
        if text_shaping_params or self.is_symbol:
            return super().get_text_width(text, font_size_pt, text_shaping_params)
        self.biggest_size_pt = max(self.biggest_size_pt, font_size_pt)
        widths = self.cw.__getitem__
        last = self._last_text
        if last and text.startswith(last):
            units = self._last_units + sum(map(widths, map(ord, text[len(last):])))
        else:
            units = sum(map(widths, map(ord, text)))
        self._last_text, self._last_units = text, units
        return len(text), units * font_size_pt * 0.001


class _Parsed:
    """One font file, read and parsed once: its bytes, and fpdf2's font made from them (never written to)."""

    def __init__(self, style: str) -> None:
        path = FONTS / FONT_FILES[style]
        self.data = path.read_bytes()
        self.font = TTFFont(FPDF(), path, f"{FAMILY.lower()}{style}", style)
        self.glyphs = frozenset(self.font.cmap)
        self._tables: Any = self.font.ttfont
        self._reader = type(self.font.ttfont)  # fontTools' TTFont (fontTools has no type hints)

    def tables(self) -> Any:
        """The font's tables for one PDF to cut down to its glyphs: those parsed above for the first PDF (what
        fpdf2 keeps of them is its own copy), then a fresh reading of the file's bytes for each."""
        with _PARSING:
            tables, self._tables = self._tables, None
        return tables or self._reader(io.BytesIO(self.data), recalcTimestamp=False, lazy=True)


_PARSED: dict[str, _Parsed] = {}
_PARSING = threading.RLock()


def _font(style: str) -> _Parsed:
    with _PARSING:
        if style not in _PARSED:
            _PARSED[style] = _Parsed(style)
        return _PARSED[style]


def add_font(pdf: FPDF, style: str) -> None:
    """Add our font in one style to `pdf`, as `pdf.add_font` would, from the font parsed once for the process.

    What fpdf2 reads (widths, the character map, metrics) is shared; what one PDF changes is its own: the
    glyphs it uses, and the font tables that are cut down to those glyphs when the PDF is written.
    """
    parsed = _font(style)
    shared = parsed.font
    font = _Font.__new__(_Font)
    font._last_text, font._last_units = "", 0
    for name in TTFFont.__slots__:
        if hasattr(shared, name):
            setattr(font, name, getattr(shared, name))
    font.i = len(pdf.fonts) + 1
    font.ttfont = parsed.tables()
    font.cw = copy.copy(shared.cw)
    font.missing_glyphs = []
    font.biggest_size_pt = 0
    font.subset = SubsetMap(font)
    pdf.fonts[shared.fontkey] = font


def preload() -> None:
    """Read and parse the fonts now, before the first PDF needs them."""
    _glyphs()


def _glyphs() -> frozenset[int]:
    """The characters both styles of the font can show."""
    return _font("").glyphs & _font("B").glyphs


def _room_for(pdf: _Pages, part: str | Table) -> float:
    """Room (mm) to keep at the top of a part: a table's caption and first rows, a short quote, or three lines."""
    if isinstance(part, Table):
        return _rows_height(pdf, part, 2)
    if part.startswith("<blockquote"):
        words = html.unescape(re.sub(r"<[^>]*>", "", re.sub(r"<br>|</p>|</blockquote>", "\n", part)))
        pdf.set_font(FAMILY, size=pdf.size)
        lines = sum(len(pdf.lines(pdf.epw - 8, line)) for line in words.split("\n") if line)
        height = (lines + 2) * pdf.line_mm()
        if height < pdf.eph / 3:
            return height
    return pdf.line_mm() * 3


def _write_html(pdf: _Pages, part: str) -> None:
    """Headings (bold, black, in proportion to the body text, as on the HTML page), text and lists."""
    styles = {tag: TextStyle(font_family=FAMILY, font_style="B", font_size_pt=round(pdf.size * scale, 1),
                             color="#000000", t_margin=pdf.size * scale * 0.4, b_margin=0.4)
              for tag, scale in _HEADINGS.items()}
    styles["blockquote"] = TextStyle(color="#000000", l_margin=8, t_margin=2, b_margin=2)
    pdf.set_font(FAMILY, size=pdf.size)
    pdf.set_text_color(0)
    pdf.write_html(part, tag_styles=styles, li_prefix_color="#000000", table_line_separators=True)


def _write_table(pdf: _Pages, table: Table) -> None:
    """A table with its caption kept above its first rows; as a list if it would not fit the page."""
    columns = max((len(row) for row in table.rows), default=0)
    rows = [row + [("", False)] * (columns - len(row)) for row in table.rows]
    heights = [_row_height(pdf, row, columns) for row in rows]
    if not rows or columns > _MOST_COLUMNS or max(heights) > pdf.eph - pdf.line_mm(2) * 2:
        _write_html(pdf, _as_list(table))
        return
    pdf.ln(pdf.line_mm() / 2)
    if pdf.will_page_break(_rows_height(pdf, table, 2)):
        pdf.add_page()
    if table.caption:
        pdf.set_font(FAMILY, "B", pdf.size)
        pdf.multi_cell(0, pdf.line_mm(), table.caption, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", pdf.size)
    headed = all(header for _, header in rows[0])
    with pdf.table(width=pdf.epw, line_height=pdf.size * 1.25 * MM_PER_PT, padding=1.5, v_align="TOP",
                   text_align="LEFT", first_row_as_headings=headed, headings_style=FontFace(emphasis="BOLD"),
                   borders_layout="ALL", repeat_headings=1) as grid:
        for row in rows:
            cells = grid.row()
            for text, header in row:
                cells.cell(text, style=FontFace(emphasis="BOLD") if header else None)
    pdf.ln(pdf.line_mm() / 2)


def _row_height(pdf: _Pages, row: list[tuple[str, bool]], columns: int) -> float:
    """How tall a row of the table will be, in mm."""
    width = pdf.epw / columns - 3
    lines = 1
    for text, header in row:
        pdf.set_font(FAMILY, "B" if header else "", pdf.size)
        lines = max(lines, len(pdf.lines(width, text)))
    return lines * pdf.size * 1.25 * MM_PER_PT + 3


def _rows_height(pdf: _Pages, table: Table, count: int) -> float:
    """Room for the caption and the first rows of a table, in mm."""
    columns = max((len(row) for row in table.rows), default=1)
    return pdf.line_mm() * 2 + sum(_row_height(pdf, row, columns) for row in table.rows[:count])


def _as_list(table: Table) -> str:
    """A table too wide or too tall for the page, as a list: each row one item, each cell labelled by its column."""
    headers = [text for text, _ in table.rows[0]] if table.rows and all(h for _, h in table.rows[0]) else []
    items = []
    for row in table.rows[1 if headers else 0:]:
        cells = [(f"<b>{_escape(headers[i])}:</b> " if i < len(headers) and headers[i] else "") + _escape(text)
                 for i, (text, _) in enumerate(row)]
        items.append("<li>" + "; ".join(cells) + "</li>")
    caption = f'<p line-height="{LINE_HEIGHT}"><b>{_escape(table.caption)}</b></p>' if table.caption else ""
    return caption + (f'<ul line-height="{LINE_HEIGHT}">' + "".join(items) + "</ul>" if items else "")


def _escape(text: str) -> str:
    return html.escape(text, quote=False)
