"""The YAML extractor: contexts, quoted answers, derived values, and pybabel with the project's babel.cfg."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from babel.messages.extract import extract, extract_from_dir
from babel.messages.pofile import read_po

from planner.flows.extract import KEEP_EXPRESSIONS, KEEP_LINKS, extract_yaml, messages_in

from .conftest import COUNCIL, FLOW, GLOSSARY

REPO = Path(__file__).resolve().parents[2]


def extracted(text: str) -> dict[str | None, tuple[int, str, list[str]]]:
    """context -> (line, message, comments), through Babel's own `extract` as pybabel calls it."""
    found = {}
    for line, message, comments, context in extract(extract_yaml, io.BytesIO(text.encode())):
        assert context not in found, f"context used twice: {context}"
        found[context] = (line, message, comments)
    return found


def line_of(words: str) -> int:
    return next(n for n, line in enumerate(FLOW.splitlines(), 1) if words in line)


def test_every_text_of_a_flow_has_its_own_context() -> None:
    found = extracted(FLOW)
    assert found["visit:flow:title"][:2] == (line_of("A short visit"), "A short visit")
    assert found["visit:section:about:title"][1] == "About you"
    assert found["visit:q:name:prompt"][:2] == (line_of("call you?"), "What would you like me to call you?")
    assert found["visit:q:living:hint"][1] == "Choose one."
    assert found["visit:q:living:choices:alone:label"][1] == "I live alone"
    assert found["visit:q:living:choices:together:hint"][1] == "Or friends"
    assert found["visit:q:helpers:item_name"][1] == "helper"
    assert found["visit:q:helpers:field:who:prompt"][1] == "Their name"
    assert found["visit:q:helpers:field:often:choices:daily:label"][1] == "Every day"
    assert "visit:q:name:kind" not in found and "visit:q:living:choices:alone:value" not in found


def test_the_same_words_in_two_places_are_two_messages() -> None:
    text = FLOW.replace("hint: Choose one.", "hint: What would you like me to call you?")
    found = extracted(text)
    assert found["visit:q:name:prompt"][1] == found["visit:q:living:hint"][1]


def test_quoted_answers_are_extracted_as_written_with_a_note() -> None:
    found = extracted(FLOW)
    _line, message, comments = found["visit:q:name:ack"]
    assert message == "Thank you{{ ', ' ~ name if name else '' }}."
    assert KEEP_EXPRESSIONS in comments
    assert found["visit:q:recap:text"][1] == ("{{ greeting }}, {{ name }}.\n"
                                             "{{ 'You live alone.' if living == 'alone' "
                                             "else 'You live with others.' }}")
    assert KEEP_LINKS in found["visit:flow:summary"][2]


def test_derived_values_are_extracted_only_when_they_show_words() -> None:
    found = extracted(FLOW)
    assert found["visit:derived:greeting:value"][1] == "'Good morning' if wake and wake < '12:00' else 'Hello'"
    assert "visit:derived:is_late:value" not in found


def test_glossary_and_council_texts() -> None:
    glossary = {m.context: m.text for m in messages_in(GLOSSARY)}
    assert glossary == {"glossary:direct payment:term": "direct payment",
                        "glossary:direct payment:explanation": "Money the council pays to you."}
    council = {m.context: m.text for m in messages_in(COUNCIL)}
    assert council["council:test:name"] == "Testshire Council"
    assert council["council:test:contact.hours"] == "Monday to Friday"
    assert council["council:test:urgent_contact.label"] == "Duty team"
    assert council["council:test:budget_can_pay_for"] == "A personal assistant"
    assert "council:test:contact.phone" not in council


def test_files_without_texts_and_broken_files_give_nothing() -> None:
    assert messages_in("codes:\n  - {code: a.b, means: x}\n") == []
    assert messages_in("flow: [unclosed\n") == []
    assert list(extract_yaml(io.BytesIO(b"\xff\xfe"), [], [], {})) == []


def test_extract_from_a_folder_with_the_projects_mapping(small_content: Path) -> None:
    method_map = [("flows/**.yaml", "planner_yaml"), ("*.yaml", "planner_yaml"), ("councils/**.yaml", "planner_yaml")]
    found = {(context, message) for _, _, message, _, context in extract_from_dir(small_content, method_map)}
    assert ("visit:q:wake:prompt", "When do you get up?") in found
    assert ("glossary:direct payment:term", "direct payment") in found
    assert ("council:test:name", "Testshire Council") in found


def test_pybabel_extract_finds_python_templates_and_content(tmp_path: Path) -> None:
    pot = tmp_path / "planner.pot"
    result = subprocess.run([str(Path(sys.executable).parent / "pybabel"), "extract", "-F", "babel.cfg", "-o", str(pot),
                             "."], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    with pot.open("rb") as file:
        catalog = read_po(file)
    by_context = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog}
    assert ("budget-check:q:budget_amount:prompt", "How much is your [[personal budget]]?") in by_context
    assert ("support-plan:q:budget_amount:prompt", "How much is your [[personal budget]]?") in by_context
    plurals = [m for m in catalog if m.pluralizable]
    assert any("planner/output/templates/" in loc for m in plurals for loc, _ in m.locations)  # ngettext in Jinja
    python = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.context is None
              and any(loc.endswith(".py") for loc, _ in m.locations)}
    assert "Skip for now" in python and "Please give a whole number, like 3." in python  # _() and N_()
    assert "We have come to the end. One question is still to answer:" in python  # ngettext
