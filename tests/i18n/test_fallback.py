"""Missing or broken translations fall back to English, and never stop a conversation."""

from __future__ import annotations

from pathlib import Path

import pytest

from planner.flows.loader import load_content
from planner.flows.session import MemoryRecorder, Session
from planner.flows.view import StepView
from planner.i18n.catalogues import folders_for, load

from .conftest import write_po


@pytest.fixture(autouse=True)
def no_built_in(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANNER_LOCALES", str(tmp_path / "none"))


def _session(root: Path, entries: list[tuple[str | None, str, str]]) -> Session:
    write_po(root / "locales", "cy", entries)
    content = load_content(root)
    assert content.ok, content.problems
    translator = load("cy", folders_for(root))
    return Session(content.flows["visit"], MemoryRecorder(), council=content.council().model_dump(mode="json"),
                   translator=translator)


def _view(session: Session) -> StepView:
    view = session.current()
    assert isinstance(view, StepView)
    return view


def test_translated_texts_quoted_answers_and_missing_ones(small_content: Path) -> None:
    session = _session(small_content, [
        ("visit:q:name:prompt", "What would you like me to call you?", "Beth hoffech chi i mi eich galw chi?"),
        ("visit:q:name:ack", "Thank you{{ ', ' ~ name if name else '' }}.",
         "Diolch yn fawr{{ ', ' ~ name if name else '' }}."),
        ("visit:section:about:intro", "A few questions, {{ council.name }}.",
         "Ychydig o gwestiynau, {{ council.name }}."),
        ("council:test:name", "Testshire Council", "Cyngor Sir Prawf"),
    ])
    view = _view(session)
    assert view.text == "Beth hoffech chi i mi eich galw chi?"
    assert view.section_intro == "Ychydig o gwestiynau, Cyngor Sir Prawf."
    assert session.answer("Ann").ack == "Diolch yn fawr, Ann."
    assert _view(session).text == "When do you get up?"  # no translation: English


def test_a_translation_that_breaks_its_expression_is_not_used(small_content: Path) -> None:
    session = _session(small_content, [
        ("visit:q:name:ack", "Thank you{{ ', ' ~ name if name else '' }}.", "Diolch{{ ', ' ~ enw if enw else '' }}."),
        ("visit:derived:greeting:value", "'Good morning' if wake and wake < '12:00' else 'Hello'",
         "'Bore da' if wake and wake < '12:00' else 'Helo'"),
        ("visit:q:recap:text",
         "{{ greeting }}, {{ name }}.\n{{ 'You live alone.' if living == 'alone' else 'You live with others.' }}",
         "{{ greeting }}, {{ name }}.\n{{ 'Rydych chi\u2019n byw ar eich pen eich hun.' if living == 'ar_ben_eich_hun' "
         "else 'Rydych chi\u2019n byw gydag eraill.' }}"),
    ])
    assert session.answer("Ann").ack == "Thank you, Ann."  # the Welsh would lose the name: English instead
    assert session.answer("7am").accepted
    assert session.answer("alone").accepted
    while (view := _view(session)).is_question:
        session.set_status("skipped")
    assert view.id == "recap"
    assert view.text == "Bore da, Ann.\nYou live alone."  # the derived value in Welsh; the broken text in English


def test_an_unknown_language_is_english(small_content: Path) -> None:
    translator = load("fr", folders_for(small_content))
    assert translator.gettext("Back") == "Back" and translator.pgettext("visit:q:name:prompt", "Hi") == "Hi"
