"""The shipped Welsh translation: a clean catalogue, and persona runs in Welsh with no English left."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.messages.pofile import read_po

from planner.flows.loader import Content
from planner.flows.answers import Answer
from planner.flows.session import MemoryRecorder, Session
from planner.flows.view import EndView, StepView
from planner.i18n.catalogues import load, locales_dir, po_path
from planner.flows.coverage import check_translations
from planner.output.write import council_templates, render_all, write_outputs
from planner.store.opening import Opened
from planner.script import Script, play, _entry, _participant
from planner.store import SessionStore
from planner.store.opening import start

from .leftovers import english_left, translated_english

PERSONAS = Path(__file__).resolve().parents[1] / "personas"
WELSH = sorted([*PERSONAS.glob("carer-assessment/*.yaml"), *PERSONAS.glob("budget-check/*.yaml"),
                *PERSONAS.glob("support-plan/*.yaml")])
# Written out whole (every file, PDFs too, as `planner run` writes them) for these; for the others the same
# documents are made in every text format in memory, since no PDF is read for English here.
WRITTEN_WHOLE = {"support-plan/company-and-going-out", "carer-assessment/someone-in-danger"}
PLURAL_FORMS = "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"


def test_the_catalogue_has_welsh_plural_forms() -> None:
    with po_path(locales_dir(), "cy").open("rb") as file:
        catalog = read_po(file, locale="cy")
    assert catalog.plural_forms == PLURAL_FORMS
    assert not catalog.fuzzy


def test_the_shipped_catalogue_has_no_broken_translations(content: Content) -> None:
    glossary = content.glossary_lookup()
    coverage, problems = check_translations(content.root, lambda term: glossary.get(term.lower()))
    assert problems == []
    (welsh,) = coverage
    assert welsh.locale == "cy" and welsh.interface_translated >= welsh.interface_total - 5


def test_every_flow_the_glossary_and_the_council_are_all_in_welsh(content: Content) -> None:
    glossary = content.glossary_lookup()
    (welsh,), _ = check_translations(content.root, lambda term: glossary.get(term.lower()))
    assert welsh.missing + welsh.fuzzy == []


def test_the_scanner_finds_english(content: Content) -> None:
    assert translated_english()  # there is something to look for
    assert english_left("Please write it down and keep it private. With it you can stop at any time.")
    assert not english_left("Ysgrifennwch ef i lawr a'i gadw'n breifat.")


def _typed(spec: dict[str, Any]) -> list[str]:
    """Everything the persona typed (answers, names): English words that are data, not interface."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(spec.get("answers"))
    walk(spec.get("participants"))
    return [t for t in found if len(t) > 2]


def _texts(view: StepView) -> list[str]:
    return [view.text, view.hint, view.why, view.section_intro, view.progress.section_title,
            *(label for _, label in view.choices), *(g.words for g in view.given)]


class Recording:
    """A session that keeps every text it shows, for scanning."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.shown: list[str] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self.session, name)

    def current(self) -> StepView | EndView:
        view = self.session.current()
        if isinstance(view, StepView):
            self.shown += _texts(view)
        return view

    def answer(self, raw: Any, **options: Any) -> Any:
        outcome = self.session.answer(raw, **options)
        self.shown.append(outcome.ack)
        return outcome


def _in_words(opened: Opened, content: Content) -> dict[str, str]:
    """Every document in every text format, made as `write_outputs` makes them, without the PDFs."""
    from planner.output.documents import build_documents
    from planner.output.documents.base import babel_locale
    from planner.output.render import Renderer

    session, record = opened.session, opened.record
    documents = build_documents(session, record)
    council = next(iter(documents.values())).about.council
    renderer = Renderer(council_templates=council_templates(content, council.id if council else None),
                        locale=babel_locale(record.locale), translator=session.translator)
    return render_all(documents, renderer)


@pytest.mark.parametrize("path", WELSH, ids=[f"{p.parent.name}/{p.stem}" for p in WELSH])
def test_a_persona_in_welsh_leaves_no_english(path: Path, content: Content, tmp_path: Path) -> None:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    people = [_participant(path, p, 0) for p in spec.get("participants") or []]
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, content, spec["flow"], participants=people, council_id=spec.get("council"), locale="cy")
    try:
        answers = {str(q): [_entry(path, i, 0) for i in a["answers"]] if isinstance(a, dict) and set(a) == {"answers"}
                   else [_entry(path, a, 0)] for q, a in (spec.get("answers") or {}).items()}
        recording = Recording(opened.session)
        play(recording, Script(path, people, spec.get("council"), answers), lambda line: None)  # type: ignore[arg-type]
        assert opened.session.finished
        shown = recording.shown + [item.prompt for s in opened.session.review() for item in s.items]
        if f"{path.parent.name}/{path.stem}" in WRITTEN_WHOLE:
            files = {p.name: p.read_text(encoding="utf-8") for p in write_outputs(opened, tmp_path / "out",
                                                                                 content=content)
                     if p.suffix != ".pdf"}
        else:
            files = _in_words(opened, content)
    finally:
        opened.close()
        store.close()
    typed = _typed(spec)
    assert english_left("\n".join(shown), typed) == []
    assert files
    for name, text in files.items():
        if name.endswith((".txt", ".html")):
            assert english_left(text, typed) == [], name
        if name.endswith(".json") and name != "answers.json":
            words = json.dumps(json.loads(text), ensure_ascii=False)
            assert english_left(words.replace('\\n', ' '), typed) == [], name
    html = next(text for name, text in files.items() if name.endswith(".html"))
    assert '<html lang="cy">' in html


def test_a_quoted_list_is_joined_in_welsh(content: Content) -> None:
    given = [Answer("has_unpaid_help", "answered", "person", "", "yes"),
             Answer("helpers", "answered", "person", "", [{"name": "Sue"}, {"name": "Joan"}, {"name": "Ann"}])]
    flow = content.flows["support-plan"]
    for locale, start_words in (("cy", "Sue, Joan ac Ann: gallan nhw gael eu"), ("en", "Sue, Joan and Ann can have")):
        session = Session(flow, MemoryRecorder(), answers=given, translator=load(locale))
        assert session.view(flow.by_id["carer_assessment_info"]).text.startswith(start_words)
