"""Nothing a person typed can become markup in HTML or Markdown, or a control sequence in text."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.output.documents import build_documents
from planner.output.render import Renderer
from planner.output.write import render_all

from .helpers import TODAY
from .sessions import filled

HOSTILE = ("<script>alert('x')</script><img src=x onerror=alert(1)> & \"quotes\" "
           "\x1b[31mred\x1b[0m \x1b]0;owned\x07 \x07\x08\x00 \u202eevil\u202c \u2066isolated\u2069 👵🏽 ❤️\n"
           "# Heading\n[click](javascript:alert(1)) ![pic](http://x/y.png) **bold** _it_ `code` ~~gone~~\n"
           "> quoted\n- item\n1. first\n    indented code\n| a | b |\n<b>raw</b>\n---\n===")
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
OUR_TAGS = {"html", "head", "meta", "title", "style", "body", "a", "div", "input", "label", "main", "h1", "h2", "h3",
            "p", "section", "ul", "li", "strong", "figure", "blockquote", "figcaption", "table", "caption", "thead",
            "tbody", "tr", "th", "td"}
FLOWS = ["support-plan", "carer-assessment", "budget-check"]


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def hostile_files(content: Content) -> dict[str, dict[str, str]]:
    people = [Participant("person", "person", name="<i>Ann</i> \x1b[2J"),
              Participant("sue", "carer", name="Sue **\u202e**", relationship="<b>daughter</b>")]
    renderer = Renderer()
    found = {}
    for flow in FLOWS:
        session, record = filled(content, flow, lambda _: HOSTILE, participants=people)
        found[flow] = render_all(build_documents(session, record, today=TODAY), renderer)
    return found


@pytest.mark.parametrize("flow", FLOWS)
def test_html_has_only_our_own_tags(flow: str, hostile_files: dict[str, dict[str, str]]) -> None:
    for name, html in hostile_files[flow].items():
        if name.endswith(".html"):
            found = tags(html)
            assert {tag for tag, _ in found} <= OUR_TAGS, name
            assert not [a for _, attrs in found for a, _ in attrs if a.startswith("on")], name
            assert "&lt;script&gt;" in html and "<script" not in html and "<img" not in html
            assert not CONTROLS.search(html), name
            assert "👵🏽" in html


@pytest.mark.parametrize("flow", FLOWS)
def test_markdown_shows_what_was_typed_and_makes_nothing_of_it(flow: str,
                                                               hostile_files: dict[str, dict[str, str]]) -> None:
    markdown = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    for name, text in hostile_files[flow].items():
        if not name.endswith(".md"):
            continue
        assert not CONTROLS.search(text), name
        html = markdown.render(text)
        for bad in ("<script", "<img", "<a ", "<em>", "<code>", "<pre>", "<hr", "<b>", "<i>", "<s>", "<del>"):
            assert bad not in html, (name, bad)
        assert html.count("<h1>") == 1, name
        assert not re.search(r"<h[1-6]>Heading", html), name
        assert "<strong>bold</strong>" not in html and "&lt;script&gt;" in html, name
        assert "**bold**" in re.sub(r"\\", "", text), name  # still there, shown as typed


@pytest.mark.parametrize("flow", FLOWS)
def test_plain_text_has_no_control_sequences(flow: str, hostile_files: dict[str, dict[str, str]]) -> None:
    for name, text in hostile_files[flow].items():
        if name.endswith(".txt") or name.endswith(".json"):
            assert "\x1b" not in text and not CONTROLS.search(text.replace("\n", "")), name
            assert "👵🏽" in text or "\\ud83d" in text, name
        if name.endswith(".txt"):
            assert "<script>alert('x')</script>" in text  # shown as typed, harmless in text
            assert max(len(line) for line in text.splitlines()) <= 72, name
        if name.endswith(".json"):
            json.loads(text)


def test_a_100000_character_answer_is_written_out_whole_in_every_format(content: Content) -> None:
    long = ("zq " * 20_000).strip() + "x" * 100_000
    session, record = filled(content, "support-plan", lambda q: long if q == "what_matters" else "Fine.")
    files = render_all(build_documents(session, record, today=TODAY), Renderer())
    assert sorted(files) == sorted(f"{name}.{fmt}" for name in ("support-plan", "hand-over")
                                   for fmt in ("md", "txt", "html", "json"))
    for name, text in files.items():
        if name.endswith((".md", ".html")):
            assert long in text, name  # whole, unbroken and unescaped (nothing in it needs escaping)
        elif name.endswith(".txt"):
            assert max(len(line) for line in text.splitlines()) <= 72, name
            assert "".join(long.split()) in "".join(text.split()), name  # wrapped, but every character kept
            assert text.count("zq") == 20_000, name
        else:
            assert long in strings(json.loads(text)), name


def strings(value: object) -> list[str]:
    """Every text inside a JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    return [text for item in value for text in strings(item)] if isinstance(value, list) else []
