"""The quick parser against Jinja2's own parser, the oracle, on the same sources.

For every source it either declines (None: Jinja2 then reads it, errors and all) or makes the
very tree Jinja2 makes: the same node types, fields, values (of the same type) and line numbers.
Every condition, derived value and text of the shipped content must take the quick path.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jinja2 import nodes
from jinja2.parser import Parser

from planner.flows import expressions
from planner.flows.expressions import ENV, Expression, Kind, compile_expression
from planner.flows.loader import load_content
from planner.flows.parse_fast import parse_expression, parse_text
from planner.paths import BUILTIN_CONTENT
from tests.engine.test_interpret import EXPRESSIONS, HOSTILE, LITERALS, NAMES, TEXTS, _welsh_texts

SETTINGS: dict[str, Any] = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow]}


def assert_same_tree(ours: Any, theirs: Any, path: str = "") -> None:
    """Equal node for node: type, every field, line number and environment; constants of the same type too."""
    if isinstance(ours, nodes.Node) or isinstance(theirs, nodes.Node):
        assert type(ours) is type(theirs), (path, ours, theirs)
        where = f"{path}/{type(ours).__name__}"
        assert ours.lineno == theirs.lineno, (where, ours.lineno, theirs.lineno)
        assert getattr(ours, "environment", None) is getattr(theirs, "environment", None), where
        for name in ours.fields:
            assert_same_tree(getattr(ours, name), getattr(theirs, name), f"{where}.{name}")
    elif isinstance(ours, list) or isinstance(theirs, list):
        assert isinstance(ours, list) and isinstance(theirs, list) and len(ours) == len(theirs), (path, ours, theirs)
        for mine, their in zip(ours, theirs, strict=True):
            assert_same_tree(mine, their, path)
    else:
        assert type(ours) is type(theirs) and ours == theirs, (path, ours, theirs)


def jinja_expression(source: str) -> nodes.Expr | None:
    """The tree compile_expression's slow path makes, or None where Jinja2 refuses the source."""
    try:
        parser = Parser(ENV, source, state="variable")
        tree = parser.parse_expression()
    except Exception:
        return None
    return tree if parser.stream.eos else None


def jinja_text(source: str) -> nodes.Template | None:
    try:
        return ENV.parse(source)
    except Exception:
        return None


def check_expression(source: str) -> bool:
    """The quick tree equals Jinja2's, or the quick parser declined; whether it took the source."""
    ours = parse_expression(source)
    if ours is not None:
        theirs = jinja_expression(source)
        assert theirs is not None, f"the quick parser took {source!r}, which Jinja2 refuses"
        assert_same_tree(ours, theirs)
    return ours is not None


def check_text(source: str) -> bool:
    ours = parse_text(ENV, source)
    if ours is not None:
        theirs = jinja_text(source)
        assert theirs is not None, f"the quick parser took {source!r}, which Jinja2 refuses"
        assert_same_tree(ours, theirs)
    return ours is not None


def _walk(thing: Any, seen: set[int], found: set[tuple[str, str]]) -> None:
    """Every compiled expression reachable from a built flow."""
    if isinstance(thing, (str, bytes, int, float, type(None))) or id(thing) in seen:
        return
    seen.add(id(thing))
    if isinstance(thing, Expression):
        found.add((thing.source, thing.kind))
        return
    if isinstance(thing, dict):
        items = [*thing.keys(), *thing.values()]
    elif isinstance(thing, (list, tuple, set, frozenset)):
        items = list(thing)
    elif hasattr(thing, "__dict__"):
        items = list(vars(thing).values())
    else:
        return
    for item in items:
        _walk(item, seen, found)


@pytest.fixture(scope="module")
def shipped() -> list[tuple[str, str]]:
    """Each condition, derived value and text of the three shipped flows, read afresh."""
    content = load_content(BUILTIN_CONTENT, lazy=True, cache=False)
    found: set[tuple[str, str]] = set()
    for flow_id in list(content.flows):
        _walk(content.build(flow_id), set(), found)
    assert len(content.flows) >= 3 and len(found) > 100
    return sorted(found)


def test_every_shipped_expression_and_text_takes_the_quick_path_to_jinjas_tree(shipped: list[tuple[str, str]]) -> None:
    declined = [(source, kind) for source, kind in shipped
                if not (check_text(source) if kind == "text" else check_expression(source))]
    assert declined == []
    assert expressions._FAST  # and compile_expression uses it with this environment


def test_every_welsh_text_takes_the_quick_path_to_jinjas_tree() -> None:
    texts = _welsh_texts()
    assert len(texts) > 20
    assert [text for text in texts if not check_text(text)] == []


def test_compile_expression_keeps_the_quick_tree(shipped: list[tuple[str, str]]) -> None:
    compile_expression.cache_clear()
    for source, kind in shipped[:40]:
        tree = compile_expression(source, cast("Kind", kind)).tree
        assert tree is not None
        if kind == "text":
            assert_same_tree(tree, jinja_text(source))
        else:
            assert isinstance(tree, nodes.Template)
            assert_same_tree(tree.body[0].nodes[0], jinja_expression(source))  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------- generated sources

@settings(max_examples=300, **SETTINGS)
@given(EXPRESSIONS)
def test_generated_expressions_parse_as_jinja_parses_them(source: str) -> None:
    check_expression(source)
    check_text("{{ " + source + " }}")


@settings(max_examples=200, **SETTINGS)
@given(TEXTS)
def test_generated_texts_parse_as_jinja_parses_them(source: str) -> None:
    check_text(source)


# Loose tokens, joined with spaces and line breaks: precedence, line numbers and every kind of mistake.
PIECES = [*NAMES, *LITERALS, "and", "or", "not", "in", "is", "if", "else", "not in", "is not", "true", "None", "True",
          "+", "-", "*", "/", "//", "%", "**", "~", "==", "!=", "<", "<=", ">", ">=", "=", ".", ",", ":", "|", "(",
          ")", "[", "]", "{", "}", "}}", "-}}", "{{", "{%", "{#", "#}", ";", "!", "@", "a.0", "a.0.1", ".5", "1.",
          "1_000", "0x1F", "007", "00", "1e5", "1.5e3", "'it\\'s'", '"say \\"hi\\""', "'\\n'", "'\\u00e9'",
          "'\\x'", "'{{'", "'}}'", "'line\nbreak'", "'é'", "é", "naïve", "a\u00b7b", "\u00a0", "\t", "\r", "\r\n",
          "'unclosed", "|default('x')", "|join(', ')", "|map(attribute='name')", "|length", "|sort(reverse=true)",
          "is defined", "is not none", "is divisibleby 3", "is sameas(1)", "|f.g", "is a.b", "x()", "[1:2]", "*l"]
SPACES = st.sampled_from([" ", " ", "", "\n", "  \n "])
SOUPS = st.lists(st.tuples(st.sampled_from(PIECES), SPACES), min_size=1, max_size=12).map(
    lambda parts: "".join(piece + space for piece, space in parts))


@settings(max_examples=600, **SETTINGS)
@given(SOUPS)
@example("a\n==\nb")
@example("not\n a\n or b and\nc")
@example("(\n1,\n2\n)")
@example("x |\n default(\n'a'\n)\n")
@example("a if b\n else c if d")
def test_loose_tokens_parse_as_jinja_parses_them(source: str) -> None:
    check_expression(source)


@settings(max_examples=400, **SETTINGS)
@given(st.lists(st.one_of(st.sampled_from(["Hi ", "\n", "}}", "{", "£5", " {{", "{{ ", "-", "\r\n"]),
                          SOUPS.map(lambda s: "{{ " + s + " }}")), min_size=1, max_size=5).map("".join))
@example("line one\n{{ a\n and b }}\nline {{ c }} three\n")
@example("{{ {'a': {'b': 1}} }}}")
@example("{{ '}}' ~ a }}{{b}}")
@example("{{ a -}} b")
@example("a {{- b }}")
def test_loose_texts_parse_as_jinja_parses_them(source: str) -> None:
    check_text(source)


DEEP = "(" * 400 + "a" + ")" * 400
HOSTILE_MORE = [
    DEEP, "[" * 300 + "]" * 300, "not " * 500 + "a", "-" * 600 + "1", "a" + ".b" * 500, "a" + "|x" * 400,
    "9" * 5000, "9" * 4000 + ".5", "1" * 400 + " ** 2", "'" + "\\\\" * 50 + "'", "'\\'' ~ \"\\\"\"",
    "'{{ x }}' ~ y", "'{%' ~ y", "'\\N{BULLET}'", "'\\N{NOPE}'", "'\\u12'", "'\\777'", "ünïcode", "x\u2028y",
    "a\u00a0and b", "a\fb", "a\vb", "a # b", "a }} b", "a }}", "{'a': 1}}", "(a}", "[a)", "{a]", "a -}}", "a\n",
    "a\n\n", "\n", "", "   ", "'a' 'b' \"c\"", "a is not in b", "a not in b not in c", "a < b < c", "a is b is c",
    "x|default(a=1, 2)", "x|default(1,)", "x|default(,)", "[1, 2,]", "{'a': 1,}", "(1,)", "()", "(,)", "[,]",
    "a.if", "a.0", "a.1.2", "a[0]", "a['b']['c']", "a[]", "a[1,2]", "a[::2]", "None.x", "true is true",
]


@pytest.mark.parametrize("source", [*HOSTILE, *HOSTILE_MORE])
def test_hostile_sources_are_declined_or_parsed_as_jinja_parses_them(source: str) -> None:
    check_expression(source)
    check_text(source)
    check_text("Hi {{ " + source + " }} there")
    check_text(source.replace("\\", "") + "{{ x }}")


def test_what_the_quick_parser_cannot_be_sure_of_is_left_to_jinja() -> None:
    for source in ["a }} b", "a -}}", "x()", "a[1:2]", "x|f.g", "*l", "a; b", "é", "a\r\nb", "'\\x'", "1e5", "007",
                   DEEP * 3]:
        assert parse_expression(source) is None, source
    for source in ["{{- a }}", "{{ a -}}", "{% if a %}x{% endif %}", "{# note #}", "{{ a, b }}", "{{ }}", "{{ a",
                   "a\r\nb"]:
        assert parse_text(ENV, source) is None, source
