"""Fixtures for the language tests: a private catalogue cache, and a small content folder with its own catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ui.conftest import clock, make_app  # noqa: F401  (the screen tests' app and clock)

FLOW = """\
flow:
  id: visit
  title: A short visit
  for: person
  version: 1
  summary: A few questions about [[direct payments|direct payment]].
derived:
  - id: greeting
    value: "'Good morning' if wake and wake < '12:00' else 'Hello'"
  - id: is_late
    value: "wake == '11:00'"
sections:
  - id: about
    title: About you
    intro: "A few questions, {{ council.name }}."
    steps:
      - id: name
        kind: short_text
        prompt: What would you like me to call you?
        ack: "Thank you{{ ', ' ~ name if name else '' }}."
      - id: wake
        kind: time
        prompt: When do you get up?
      - id: living
        kind: single_choice
        prompt: Who do you live with?
        hint: Choose one.
        choices:
          - {value: alone, label: I live alone}
          - {value: together, label: "With family", hint: Or friends}
      - id: helpers
        kind: list
        prompt: Who helps you?
        item_name: helper
        fields:
          - {id: who, kind: short_text, prompt: Their name}
          - id: often
            kind: single_choice
            prompt: How often?
            choices: [{value: daily, label: Every day}]
      - id: recap
        kind: info
        text: |
          {{ greeting }}, {{ name }}.
          {{ 'You live alone.' if living == 'alone' else 'You live with others.' }}
"""
GLOSSARY = """\
glossary:
  - term: direct payment
    explanation: Money the council pays to you.
    synonyms: [direct payments]
"""
COUNCIL = """\
council:
  id: test
  name: Testshire Council
  contact: {phone: "01632 960000", hours: Monday to Friday}
  urgent_contact: {label: Duty team, phone: "01632 960111"}
  budget_can_pay_for: [A personal assistant]
"""


CY_PLURAL_EXPR = "(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5"


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Compiled catalogues go to a folder of this test's own."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("PLANNER_CACHE", str(cache))
    monkeypatch.delenv("PLANNER_LANG", raising=False)
    return cache


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    """A content folder with one flow, a glossary and a council."""
    root = tmp_path / "content"
    (root / "flows").mkdir(parents=True)
    (root / "councils" / "test").mkdir(parents=True)
    (root / "flows" / "visit.yaml").write_text(FLOW, encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    (root / "councils" / "test" / "council.yaml").write_text(COUNCIL, encoding="utf-8")
    return root


def write_po(folder: Path, locale: str, entries: list[tuple[str | None, str, str]], *, fuzzy: set[str] = frozenset(),
             plural: tuple[str, str, list[str]] | None = None) -> Path:
    """A catalogue from (context, msgid, msgstr) triples, with Welsh plural forms."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po as write

    catalog = Catalog(locale=locale, domain="planner")
    if locale == "cy":  # the plural rule our catalogue uses (Babel's own has five forms)
        catalog._num_plurals, catalog._plural_expr = 6, CY_PLURAL_EXPR
    for context, msgid, msgstr in entries:
        catalog.add(msgid, msgstr, context=context, flags=("fuzzy",) if msgid in fuzzy else ())
    if plural:
        catalog.add((plural[0], plural[1]), tuple(plural[2]))
    path = folder / locale / "LC_MESSAGES" / "planner.po"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write(out, catalog)
    return path
