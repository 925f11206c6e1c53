"""Council templates: override a whole template, or one block, falling back to the built-ins."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.flows.loader import Content
from planner.output.documents import build_documents
from planner.output.render import Renderer, TemplateFailed

from .helpers import TODAY
from .sessions import filled


@pytest.fixture(scope="module")
def sheet(content: Content):  # type: ignore[no-untyped-def]
    session, record = filled(content, "budget-check", lambda _: "Fine")
    return build_documents(session, record, today=TODAY)["budget-sheet"]


def test_a_council_can_override_one_block_and_keep_the_rest(tmp_path: Path, sheet) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "budget-sheet.j2").write_text(
        '{% extends "default:budget-sheet.j2" %}\n'
        '{% block questions %}{{ m.p("Ring the Exampleshire money line on 01632 960123.") }}{{ super() }}'
        '{% endblock %}\n')
    text = Renderer(council_templates=tmp_path).render(sheet, "txt")
    assert "Ring the Exampleshire money line on 01632 960123." in text
    assert "Ways to hold a budget" in text and "Questions to ask the council" in text
    html = Renderer(council_templates=tmp_path).render(sheet, "html")
    assert "<p>Ring the Exampleshire money line on 01632 960123.</p>" in html


def test_a_council_can_override_one_format_only(tmp_path: Path, sheet) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "budget-sheet.html.j2").write_text(
        '{% extends "default:budget-sheet.j2" %}{% block heading %}<p>Exampleshire</p>{{ super() }}{% endblock %}')
    renderer = Renderer(council_templates=tmp_path)
    assert "<p>Exampleshire</p>" in renderer.render(sheet, "html")
    assert "Exampleshire</p>" not in renderer.render(sheet, "md")


def test_a_mistake_in_a_council_template_fails_loudly(tmp_path: Path, sheet) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "budget-sheet.md.j2").write_text("{{ doc.no_such_thing }}")
    with pytest.raises(TemplateFailed) as failed:
        Renderer(council_templates=tmp_path).render(sheet, "md")
    assert str(failed.value) == (f"The template {tmp_path / 'budget-sheet.md.j2'}, line 1 has a mistake: there is "
                                 "nothing called 'no_such_thing' here. Run 'planner check' to see what to change.")
    assert (failed.value.line, failed.value.kind) == (1, "mistake")


def test_council_templates_run_in_the_sandbox(tmp_path: Path, sheet) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "budget-sheet.md.j2").write_text("{{ doc.__class__.__init__.__globals__ }}")
    with pytest.raises(TemplateFailed) as failed:
        Renderer(council_templates=tmp_path).render(sheet, "md")
    assert failed.value.kind == "unsafe" and "'__class__'" in str(failed.value)
