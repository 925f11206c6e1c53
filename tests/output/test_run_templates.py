"""One template environment serves every format: a template the formats share is compiled once per process,
and each printed value is still escaped for the format being rendered.

Compiling is counted by a spy on the sandbox's compile step that still compiles; nothing here measures time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.flows.loader import Content
from planner.output import render
from planner.output.documents import Document, build_documents
from planner.output.render import FORMATS, Renderer
from planner.output.sandbox import TemplateSandbox

from .helpers import TODAY
from .sessions import filled


@pytest.fixture(scope="module")
def plan(content: Content) -> Document:
    session, record = filled(content, "support-plan", lambda _: "Fine")
    return build_documents(session, record, today=TODAY)["support-plan"]


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[list[str]]:
    """The names of the templates compiled while a test runs, starting as a new process with an empty cache."""
    names: list[str] = []
    real: Callable[..., Any] = TemplateSandbox._compile

    def counting(self: TemplateSandbox, source: str, filename: str) -> Any:
        names.append(Path(filename).name)
        return real(self, source, filename)

    monkeypatch.setenv("PLANNER_CACHE", str(tmp_path / "empty-cache"))
    monkeypatch.setattr(TemplateSandbox, "_compile", counting)
    render.forget_templates()
    yield names
    render.forget_templates()


def test_a_template_every_format_shares_is_compiled_once(plan: Document, compiled: list[str]) -> None:
    renderer = Renderer()
    pages = {fmt: renderer.render(plan, fmt) for fmt in FORMATS}
    assert compiled.count("support-plan.j2") == 1
    assert compiled.count("parts.j2") == 1
    assert {f"support-plan.{fmt}.j2" for fmt in FORMATS} <= set(compiled)
    assert pages["html"].startswith("<!DOCTYPE html>") and "<h1>" in pages["html"]
    assert pages["md"].startswith("# ") and "<h1>" not in pages["md"]


def test_a_constant_a_template_prints_is_escaped_for_each_format(plan: Document, compiled: list[str],
                                                                  tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "support-plan.j2").write_text(
        '{% extends "default:support-plan.j2" %}\n'
        '{% block heading %}{{ m.p("<b>*Loud*</b> [link](x)\x1b[31m") }}{{ "<i>_lean_</i>" }}\n{% endblock %}\n')
    renderer = Renderer(council_templates=folder)
    pages = {fmt: renderer.render(plan, fmt) for fmt in FORMATS}
    assert "&lt;b&gt;*Loud*&lt;/b&gt; [link](x)" in pages["html"] and "&lt;i&gt;_lean_&lt;/i&gt;" in pages["html"]
    assert "<b>" not in pages["html"] and "<i>" not in pages["html"]
    assert r"\<b\>\*Loud\*\</b\> \[link\](x)" in pages["md"] and r"\<i\>\_lean\_\</i\>" in pages["md"]
    assert "<b>*Loud*</b> [link](x)" in pages["txt"] and "<i>_lean_</i>" in pages["txt"]
    assert all("\x1b" not in page for page in pages.values())
