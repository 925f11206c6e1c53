"""Known Jinja2 sandbox escapes, used as a `when` condition and quoted in text.

Each payload must either be refused when the content loads, with a located catalogue
message, or run harmlessly: held to the sandbox's size limits (a huge text or number is
nothing), without an exception, and without showing a Python object (a class, a function,
a method, an address) to the person. No test here times anything: a limit that stopped
holding shows as a value that is not what the limit makes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from content_support import HEADER
from planner.flows import load_content
from planner.flows.context import expression_context
from planner.flows.expressions import evaluate, holds, render
from planner.flows.sandbox import MAX_BITS

NAME_QUESTION = """\
      - id: name
        kind: short_text
        prompt: What is your name?
"""
PAYLOAD_LINE = 18  # the `when:` or `text:` line of the step after the question

# (payload, catalogue code of the refusal)
REFUSED = [
    ("''.__class__.__mro__[1].__subclasses__()", "PRIVATE_NAME"),
    ("().__class__.__bases__[0].__subclasses__()", "PRIVATE_NAME"),
    ("cycler.__init__.__globals__", "PRIVATE_NAME"),
    ("lipsum.__globals__['os']", "PRIVATE_NAME"),
    ("self._TemplateReference__context", "PRIVATE_NAME"),
    ("name.__class__", "PRIVATE_NAME"),
    ("name['__class__']", "PRIVATE_NAME"),
    ("council.__class__.__init__", "PRIVATE_NAME"),
    ("status.__class__", "PRIVATE_NAME"),
    ("(name ~ '').__class__", "PRIVATE_NAME"),
    ("self", "UNKNOWN_NAME"),
    ("request.application.__globals__.__builtins__", "PRIVATE_NAME"),
    ("request.application", "UNKNOWN_NAME"),
    ("config.items()", "UNKNOWN_NAME"),
    ("namespace", "UNKNOWN_NAME"),
    ("namespace(x=1)", "UNKNOWN_NAME"),
    ("joiner", "UNKNOWN_NAME"),
    ("joiner()", "UNKNOWN_NAME"),
    ("cycler", "UNKNOWN_NAME"),
    ("lipsum()", "UNKNOWN_NAME"),
    ("range(99999999)|list", "UNKNOWN_NAME"),
    ("dict(a=1)", "UNKNOWN_NAME"),
    ("url_for", "UNKNOWN_NAME"),
    ("get_flashed_messages()", "UNKNOWN_NAME"),
    ("loop", "UNKNOWN_NAME"),
    ("'a'|attr('__class__')", "UNKNOWN_FILTER"),
    ("name|attr('upper')", "UNKNOWN_FILTER"),
    ("'%s'|format(name)", "UNKNOWN_FILTER"),
    ("name|safe", "UNKNOWN_FILTER"),
    ("name|pprint", "UNKNOWN_FILTER"),
    ("name|xmlattr", "UNKNOWN_FILTER"),
    ("name.upper()", "UNKNOWN_PART"),
    ("name.format_map", "UNKNOWN_PART"),
    ("council.items()", "UNKNOWN_COUNCIL_FIELD"),
    ("council.clear()", "UNKNOWN_COUNCIL_FIELD"),
    ("status.update({'name': 'x'})", "UNKNOWN_STATUS_NAME"),
    ("(" * 300 + "1" + ")" * 300, "EXPR_SYNTAX"),
]

# (payload, the condition's value as a yes/no, the quoted text) -- these compile and must run harmlessly
RUNS = [
    ("'a'*100000000", False, "Hi !"),
    ("'a'*10000*10000", False, "Hi !"),
    ("[1]*100000000", False, "Hi !"),
    ("(name ~ name) * 99999999", False, "Hi !"),
    ("'x'.join(['a']*100000000)", False, "Hi !"),
    ("name|replace('a', 'b'*100000000)", False, "Hi !"),
    ("9**9**9", True, f"Hi {9 ** 81}!"),  # Jinja2's ** is left-associative: (9**9)**9
    ("10**100**100", False, "Hi !"),
    ("2**1000000", False, "Hi !"),
    ("'{0.__class__}'.format(1)", False, "Hi !"),
    ("'{0.upper.__self__}'.format(name)", False, "Hi !"),
    ("[0]|map('attribute', '__class__')|list", False, "Hi !"),
    ("[name]|selectattr('__class__')|list", False, "Hi !"),
    ("[name]|sort(attribute='__class__')|join", True, "Hi Sam!"),
    ("name|truncate(99999999999)", True, "Hi Sam!"),
    ("[1, 2, 3]|sum(start=[])", False, "Hi !"),
    ("name|round", False, "Hi !"),
    ("council.urgent_contact.phone", True, "Hi 01632 960111!"),
]

# Compile, and run quickly, but show a Python method object (with its memory address) in text.
LEAKS = [
    "name|map(attribute='upper')|first",
    "'x'.join",
    "(name ~ '').upper",
    "council.name.upper",
    "[name][0].upper",
]
MARKERS = ("<class", "<function", "<built-in", "<bound", "<module", "<jinja2", "object at 0x", "method", "Undefined",
           "__", "Traceback")
def _flow(payload: str, mode: str) -> str:
    step = "      - id: hello\n        kind: info\n"
    if mode == "when":
        step += f"        when: {json.dumps(payload)}\n        text: Hello.\n"
    else:
        step += f"        text: {json.dumps('Hi {{ ' + payload + ' }}!')}\n"
    return HEADER.format(id="payload") + NAME_QUESTION + step


def _council(content) -> dict:
    return content.council().model_dump()


def _run(content, mode: str):
    flow = content.flows["payload"]
    step = flow.by_id["hello"]
    context = expression_context(flow, {"name": "Sam"}, {"name": "answered"}, _council(content))
    if mode == "when":
        return holds(step.conditions[-1], context)
    return render(step.texts["text"], context)


LOAD_FAULTS = {"ALWAYS_FAILS", "CALL_NOT_ALLOWED", "DIVIDE_BY_ZERO"}


def _run_unchecked(content, payload: str, mode: str):
    """Run a payload the loader refused, compiled on its own, against the same answers."""
    from planner.flows.expressions import compile_expression

    context = {"name": "Sam", "status": {"name": "answered"}, "council": _council(content)}
    if mode == "when":
        return holds(compile_expression(payload, "condition"), context)
    return render(compile_expression("Hi {{ " + payload + " }}!", "text"), context)


@pytest.mark.parametrize("mode", ["when", "text"])
@pytest.mark.parametrize("payload, code", REFUSED, ids=[p for p, _ in REFUSED])
def test_payload_is_refused_with_a_located_message(load_flow, payload: str, code: str, mode: str) -> None:
    content = load_flow(_flow(payload, mode))
    assert content.flows == {}
    assert content.problems, "the payload was accepted"
    for problem in content.problems:
        assert (problem.path, problem.line, problem.code, problem.severity) == ("flows/test.yaml", PAYLOAD_LINE, code,
                                                                              "error")
        assert problem.message.startswith("step 'hello' ")


@pytest.mark.parametrize("mode", ["when", "text"])
@pytest.mark.parametrize("payload, truth, shown", RUNS, ids=[p for p, _, _ in RUNS])
def test_payload_runs_harmlessly(load_flow, payload: str, truth: bool, shown: str, mode: str) -> None:
    content = load_flow(_flow(payload, mode))
    if content.problems:  # a part that always fails is refused at load now; the sandbox must hold all the same
        assert {(p.line, p.code) for p in content.problems} <= {(PAYLOAD_LINE, code) for code in LOAD_FAULTS}
    result = _run_unchecked(content, payload, mode) if content.problems else _run(content, mode)
    if mode == "when":
        assert result is truth
    else:
        assert result == shown
        assert not any(marker in result for marker in MARKERS)


@pytest.mark.parametrize("payload", LEAKS)
def test_leaky_payload_in_a_condition_is_only_a_yes_or_no(load_flow, payload: str) -> None:
    content = load_flow(_flow(payload, "when"))
    if content.problems:  # refused at load time
        assert all(p.line == PAYLOAD_LINE and p.message.startswith("step 'hello' ") for p in content.problems)
        return
    assert isinstance(_run(content, "when"), bool)


@pytest.mark.parametrize("payload", LEAKS)
def test_leaky_payload_in_text_shows_no_python_object(load_flow, payload: str) -> None:
    """Methods of text, lists and mappings cannot be reached: the part is left out, like any failing part."""
    content = load_flow(_flow(payload, "text"))
    assert content.problems == []
    shown = _run(content, "text")
    assert shown == "Hi !"
    assert not any(marker in shown for marker in MARKERS), shown


def test_failing_expressions_never_raise(load_flow) -> None:
    """evaluate/holds/render turn every run-time failure into 'not answered'."""
    failing = "name|int / (name|length - 3)"  # divides by zero for a name of three letters: not seen at load
    content = load_flow(_flow(failing, "when"))
    assert content.problems == []
    flow = content.flows["payload"]
    context = expression_context(flow, {"name": "Sam"}, {}, {})
    assert holds(flow.by_id["hello"].conditions[-1], context) is False
    assert evaluate(flow.by_id["hello"].conditions[-1], context) is None
    text = load_flow(_flow(failing, "text"))
    assert render(text.flows["payload"].by_id["hello"].texts["text"], context) == "Hi !"


# -- resource exhaustion through derived values, which can reuse each other -------------------

def _chain_flow(first: str, step: str, count: int) -> str:
    derived = [f'  - id: d0\n    value: "{first}"'] + [
        f'  - id: d{i}\n    value: "{step.format(prev=f"d{i - 1}")}"' for i in range(1, count)]
    return HEADER.format(id="chain") + "derived:\n" + "\n".join(derived) + "\n"


def _run_chain(content_root: Path, text: str, count: int) -> list[Any]:
    """Every derived value of the chain, worked out in order (None where one was refused: nothing)."""
    (content_root / "flows" / "chain.yaml").write_text(text)
    content = load_content(content_root)
    assert content.ok, [str(p) for p in content.problems]
    context = expression_context(content.flows["chain"], {}, {}, {})
    return [context[f"d{i}"] for i in range(count)]


def test_a_short_chain_of_derived_values_is_fine(content_root: Path) -> None:
    values = _run_chain(content_root, _chain_flow("2**60", "{prev} * 2", 10), 10)
    assert values == [2 ** (60 + i) for i in range(10)]


def test_derived_values_cannot_square_their_way_to_a_hang(content_root: Path) -> None:
    """Sixteen squarings would make a number of millions of digits; past the limit each is nothing instead."""
    values = _run_chain(content_root, _chain_flow("10**60", "{prev} * {prev}", 16), 16)
    assert values[:2] == [10**60, 10**120]
    assert values[2:] == [None] * 14  # 10**240 is past MAX_BITS: refused, and so is all that builds on it
    assert all(value.bit_length() <= MAX_BITS for value in values[:2])


def test_derived_values_cannot_build_a_huge_text(content_root: Path) -> None:
    text = _chain_flow("'aaaaaaaaaa'|replace('', 'aaaaaaaaaa')", "{prev}|replace('', {prev})", 3)
    values = _run_chain(content_root, text, 3)
    assert [len(value) for value in values[:2]] == [120, 14_640]
    assert values[2] is None  # the third would be 214 MB: refused, so the value is nothing


# -- plain data only: parts by name, nothing else -----------------------------------------------

def _value(source: str, context: dict):
    from planner.flows.expressions import compile_expression

    return evaluate(compile_expression(source, "value"), context)


def _text(source: str, context: dict) -> str:
    from planner.flows.expressions import compile_expression

    return render(compile_expression(source, "text"), context)


def test_parts_are_found_by_name_even_when_they_are_called_like_methods() -> None:
    context = {"status": {"items": "answered", "keys": "skipped"}, "grid": {"count": "often"}}
    assert _value("status.items", context) == "answered"
    assert _value("status.keys == 'skipped'", context) is True
    assert _value("grid.count", context) == "often"


def test_text_formatting_and_huge_joins_are_refused() -> None:
    big = "x" * 60_000
    context = {"big": big, "name": "Sam"}
    assert _value("'%99999999d' % 1", context) is None
    assert _value("7 % 3", context) == 1
    assert _value("big ~ big", context) is None
    assert _value("big + big", context) is None
    assert _value("[1, 2, 3]|join(big)", context) is None
    assert _value("[big, big]|join", context) is None
    assert _value("[name, name]|join(', ')", context) == "Sam, Sam"


def test_only_words_and_numbers_are_quoted() -> None:
    context = {"grid": {"home": "often"}, "helpers": [{"name": "Ann"}], "names": ["Ann", "Bo", "Cy"], "n": 3}
    assert _text("Hi {{ grid }}{{ helpers }}!", context) == "Hi !"
    assert _text("{{ names }} ({{ n }})", context) == "Ann, Bo and Cy (3)"
    assert _text("{{ 'With ' ~ names ~ grid ~ '.' }} {{ helpers|string }}{{ [names, n]|join('; ') }}", context) == \
        "With Ann, Bo and Cy. Ann, Bo and Cy; 3"


def test_a_huge_number_is_nothing() -> None:
    assert _value("10**60 * 10**60", {}) == 10**120
    assert _value("10**100 * 10**100", {}) is None
    assert _value("(10**60)**3", {}) is None
    assert _value("9**9**9", {}) == 9**81  # (9**9)**9


@pytest.mark.parametrize(("source", "shown"), [
    ("{{ helpers|map('upper')|lower }}", "ann and bob"),
    ("{{ helpers|lower }}", "ann and bob"),
    ("{{ helpers|map('lower')|title }}", "Ann And Bob"),
    ("{{ helpers|reject('none')|trim }}", "Ann and Bob"),
    ("{{ helpers|map('upper')|replace('A', 'a') }}", "aNN and BOB"),
    ("{{ helpers|select|capitalize }}", "Ann and bob"),
    ("{{ helpers|map('upper')|wordcount }}", "3"),
    ("{{ helpers|map('lower')|truncate(5, true, '', 0) }}", "ann a"),
])
def test_text_filters_on_a_list_work_on_its_words_never_on_a_python_object(source: str, shown: str) -> None:
    from planner.flows.expressions import compile_expression

    said = render(compile_expression(source, "text"), {"helpers": ["Ann", "Bob"]})
    assert said == shown
    assert "0x" not in said and "generator" not in said.lower() and "[" not in said
