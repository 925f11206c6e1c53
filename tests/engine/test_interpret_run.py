"""Expressions and texts run without Jinja2 generating or compiling any code, and what cannot run is refused at load.

Whether code is generated is observed by counting calls of `jinja2.Environment.compile`
(which every `from_string` and `compile_expression` goes through), never by timing.
"""

from __future__ import annotations

import pickle
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest

from planner.flows import messages as m
from planner.flows.context import expression_context
from planner.flows.expressions import Expression, ExpressionError, compile_expression, outcome, render
from planner.flows.flow import Flow
from planner.flows.loader import load_content
from planner.flows.view import EndView
from planner.paths import BUILTIN_CONTENT
from tests.personas.runner import PERSONAS, PersonaPlayer

BROKEN = Path(__file__).resolve().parents[1] / "content" / "broken"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every template or expression Jinja2 compiles from now on, in any environment."""
    seen: list[Any] = []
    original = jinja2.Environment.compile

    def counted(self: jinja2.Environment, source: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(source)
        return original(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return seen


def _expressions(flow: Flow) -> Iterator[Expression]:
    for step in flow.steps:
        yield from (*step.conditions, *step.texts.values(), *step.field_conditions.values())
    yield from (*flow.derived_exprs.values(), *flow.texts.values())


def _run_all(flow: Flow, context: dict[str, Any]) -> list[Any]:
    return [render(e, context) if e.kind == "text" else outcome(e, context) for e in _expressions(flow)]


def test_every_shipped_expression_runs_the_first_time_without_generating_code(compiles: list[Any]) -> None:
    compile_expression.cache_clear()  # new expressions, never run before in this process
    content = load_content(BUILTIN_CONTENT)
    for flow in content.flows.values():
        results = _run_all(flow, expression_context(flow, {}, {}, content.council().model_dump(mode="json")))
        assert len(results) > 10
    assert compiles == []


def test_a_whole_conversation_generates_no_code(compiles: list[Any], tmp_path: Path) -> None:
    compile_expression.cache_clear()
    player = PersonaPlayer(PERSONAS / "support-plan" / "company-and-going-out.yaml", tmp_path)
    played = player.play()
    try:
        assert played.asked  # the persona answered its questions: every step was shown, texts and all
        assert isinstance(played.session.current(), EndView)
    finally:
        player.close(played)
    assert compiles == []


def test_content_from_the_cache_runs_as_fresh_content_without_generating_code(compiles: list[Any]) -> None:
    compile_expression.cache_clear()
    fresh = load_content(BUILTIN_CONTENT)
    cached = load_content(BUILTIN_CONTENT)
    assert cached.cached and not fresh.cached
    for flow_id, flow in fresh.flows.items():
        context = expression_context(flow, {}, {}, fresh.council().model_dump(mode="json"))
        again = cached.flows[flow_id]
        assert all(e.tree is None for e in _expressions(again))  # no parsed tree came back from the cache
        assert _run_all(again, context) == _run_all(flow, context)
    assert compiles == []


def test_a_compiled_expression_is_kept_as_plain_data(compiles: list[Any]) -> None:
    expression = compile_expression("(name|upper ~ '!') if name else 'nobody'", "value")
    data = pickle.dumps(expression)
    assert b"jinja2.nodes" not in data and b"Environment" not in data
    back = pickle.loads(data)
    assert back.run({"name": "Sam"}) == "SAM!"
    assert back.run({}) == "nobody"
    assert compiles == []


def test_a_text_with_a_failing_part_keeps_the_rest_without_generating_code(compiles: list[Any]) -> None:
    text = compile_expression("Hi {{ name }}, you have {{ count / 0 }} things.", "text")
    assert render(text, {"name": "Sam", "count": 3}) == "Hi Sam, you have things."
    assert compiles == []


@pytest.mark.parametrize("source", [
    "+".join(["n"] * 250),  # Jinja2's code for this nests deeper than Python compiles: it never ran
    "n" + "|string" * 250,
    "x" + ".a" * 250,
], ids=["sum", "filters", "parts"])
def test_an_expression_nested_too_deeply_is_refused_at_load(source: str) -> None:
    with pytest.raises(ExpressionError, match="nested too deeply"):
        compile_expression(source, "value")
    with pytest.raises(ExpressionError, match="nested too deeply"):
        compile_expression("{{ " + source + " }}", "text")


def test_an_expression_nested_deep_but_not_too_deep_runs() -> None:
    assert outcome(compile_expression("+".join(["n"] * 150), "value"), {"n": 2}) == 300
    assert outcome(compile_expression("x" + ".a" * 150, "value"), {}) is None


def test_a_filter_given_the_same_name_twice_is_refused_at_load() -> None:
    with pytest.raises(ExpressionError, match="'a' more than once"):
        compile_expression("n|default(a=1, a=2)", "value")


def test_content_with_what_cannot_run_is_refused_with_a_located_message(tmp_path: Path) -> None:
    root = tmp_path / "content"
    shutil.copytree(BROKEN, root, ignore=shutil.ignore_patterns("flows", "README.md"))
    (root / "flows").mkdir()
    deep = " + ".join(["n"] * 250)
    (root / "flows" / "test.yaml").write_text(f"""\
flow:
  id: test
  title: Test
  for: person
  version: 1
sections:
  - id: s
    title: Section
    steps:
      - id: n
        kind: number
        prompt: How many?
      - id: later
        kind: info
        when: "{deep} > 1"
        text: "You have {{{{ n|default(a=1, a=2) }}}}."
""", encoding="utf-8")
    content = load_content(root)
    assert content.flows == {}
    found = sorted((p.line, p.code, p.message) for p in content.problems)
    assert [(line, code) for line, code, _ in found] == [(15, m.code_of(m.EXPR_SYNTAX)), (16, m.code_of(m.EXPR_SYNTAX))]
    assert "nested too deeply" in found[0][2] and "'a' more than once" in found[1][2]
