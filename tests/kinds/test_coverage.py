"""Every kind of question is whole: each registry entry has every part, and every front end and output knows it.

When you add a kind (docs/adding-a-question-kind.md), these tests name what is still missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml

from planner.flows.loader import Content
from planner.output import examples
from planner.paths import BUILTIN_CONTENT
from planner.questions import ENTRIES, REGISTRY, AnyQuestion, KindEntry, QuestionBase, QuestionKind, kind_of
from planner.ui import answers as textual_front_end
from planner.ui import line as line_front_end
from tests.conftest import ROOT

HERE = Path(__file__).parent
NAMES = sorted(REGISTRY)
POT = (BUILTIN_CONTENT.parent / "locales" / "planner.pot").read_text(encoding="utf-8")
# The files that once named kinds one by one; now they ask the registry.
NO_KIND_NAMES = ["planner/flows/lint.py", "planner/flows/linker.py", "planner/flows/view.py",
                 "planner/flows/condition_checks.py", "planner/store/opening.py", "planner/output/examples.py",
                 "planner/output/answers.py",
                 "planner/ui/line.py", "planner/ui/answers.py", "planner/ui/review.py"]


def questions_in(content: Content) -> Iterator[QuestionBase]:
    for flow in content.flows.values():
        for step in flow.steps:
            if isinstance(step.model, QuestionBase):
                yield step.model
                yield from kind_of(step.model).fields(step.model)


@pytest.fixture(scope="module")
def written(content: Content, kinds: Content) -> dict[str, QuestionBase]:
    """One question of each kind as content writes it, from the built-in content or the every-kind flow."""
    found: dict[str, QuestionBase] = {}
    for question in [*questions_in(kinds), *questions_in(content)]:
        found.setdefault(question.kind, question)
    return found


def test_any_question_names_every_model_in_the_registry() -> None:
    union, _ = get_args(AnyQuestion)
    assert set(get_args(union)) == {entry.model for entry in REGISTRY.values()}


@pytest.mark.parametrize("name", NAMES)
def test_the_entry_is_named_as_its_model(name: str) -> None:
    entry = REGISTRY[name]
    assert isinstance(entry, KindEntry) and entry.name == name
    assert get_args(entry.model.model_fields["kind"].annotation) == (name,)


@pytest.mark.parametrize("name", NAMES)
def test_the_kind_parses_and_displays(name: str, written: dict[str, QuestionBase]) -> None:
    kind = REGISTRY[name].kind
    assert type(kind).parse is not QuestionKind.parse, f"{name}: the kind has no parse"
    question = written[name]
    value = examples.value_for(question)
    assert value is not None, f"{name}: no example answer (KindEntry.example)"
    assert kind.display(question, value).strip(), f"{name}: an answer displays as nothing"


@pytest.mark.parametrize("name", NAMES)
def test_the_kind_has_samples_for_reachability_and_its_answers_still_fit(name: str,
                                                                          written: dict[str, QuestionBase]) -> None:
    entry, question = REGISTRY[name], written[name]
    samples = entry.sample_values(question, [3])
    assert samples[0] is None and len(samples) >= 2, f"{name}: samples must be None (not answered) and answers"
    for sample in [*samples[1:], examples.value_for(question)]:
        assert entry.still_fits(question, sample), f"{name}: {sample!r} is an answer it can have, but does not fit"


@pytest.mark.parametrize("name", NAMES)
def test_both_front_ends_offer_the_kinds_shape_of_input(name: str) -> None:
    shape = REGISTRY[name].entry
    assert shape in ENTRIES
    assert shape in textual_front_end.WIDGETS, f"{name}: no widget for '{shape}' in planner/ui/answers.py WIDGETS"
    assert shape in line_front_end.ANSWERS, f"{name}: no way to answer '{shape}' in planner/ui/line.py ANSWERS"


def test_each_front_end_has_one_table_of_every_shape() -> None:
    assert set(textual_front_end.WIDGETS) == set(ENTRIES)
    assert set(textual_front_end.FIELD_WIDGETS) == set(ENTRIES)
    assert set(line_front_end.ANSWERS) == set(ENTRIES)


@pytest.mark.parametrize("name", NAMES)
def test_the_kind_says_how_to_answer_in_words_the_catalogue_has(name: str) -> None:
    entry = REGISTRY[name]
    words = [entry.how_to_answer] + ([entry.placeholder] if entry.placeholder else [])
    if entry.entry == "one_line":
        assert entry.placeholder, f"{name}: a one-line answer needs a placeholder for its box"
    for message in words:
        assert message.strip() and f'msgid "{message}"' in POT, f"{name}: '{message}' is not in planner.pot"


def _kinds_in(path: Path) -> set[str]:
    found: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("kind"), str):
                found.add(node["kind"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return found


@pytest.mark.parametrize("name", NAMES)
def test_a_content_file_asks_the_kind(name: str) -> None:
    every_kind = ROOT / "tests" / "fixtures" / "kinds" / "flows" / "kinds.yaml"
    assert any(name in _kinds_in(path) for path in (BUILTIN_CONTENT / "flows").glob("*.yaml")), \
        f"no built-in flow has a question of kind '{name}'"
    assert name in _kinds_in(every_kind), f"tests/fixtures/kinds (the every-kind flow) has no '{name}' question"


def test_the_every_kind_persona_answers_every_kind(kinds: Content) -> None:
    spec = yaml.safe_load((HERE / "every-kind.yaml").read_text(encoding="utf-8"))
    flow = kinds.flows[spec["flow"]]
    assert {flow.question(q).kind for q in spec["answers"]} == set(REGISTRY)
    assert set(spec["stored"]) == set(spec["words"]) == set(spec["answers"])


@pytest.mark.parametrize("path", NO_KIND_NAMES)
def test_engine_stores_outputs_and_front_ends_name_no_kind(path: str) -> None:
    source = (ROOT / path).read_text(encoding="utf-8")
    named = [name for name in NAMES if re.search(rf"""kind\s*(==|!=|in)[^\n]*["']{name}["']""", source)
             or re.search(rf"""^\s*["']{name}["']\s*:""", source, re.M)]
    assert not named, f"{path} names kinds {named}: ask the registry entry (planner/questions/registry.py) instead"
