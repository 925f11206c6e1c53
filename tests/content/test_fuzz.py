"""Property-based tests: random and mutated YAML never crash the loader, and every problem is located.

The inputs are random text, random bytes, YAML-ish token soup, and mutations of a real
flow file (lines deleted, duplicated, re-indented or swapped; characters swapped; random
unicode and control characters inserted).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from content_support import CONTENT
from planner.flows import Content, load_content
from planner.flows import messages
from planner.flows.context import expression_context
from planner.flows.linker import Shared
from planner.flows.loader import load_flow_file, shared_for

BASE = (CONTENT / "flows" / "budget-check.yaml").read_text(encoding="utf-8")
BASE_LINES = BASE.splitlines(keepends=True)
CATALOGUE = {name for name in dir(messages) if name.isupper()}
SETTINGS = {"deadline": None, "database": None, "suppress_health_check": [HealthCheck.too_slow]}

SPECIAL = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffe", "\t", "\r", "\n", ":", ": ", "- ", "-",
           "[", "]", "{", "}", "&a ", "*a", "!!python/name:os.system ", "!x ", "|", ">", "'", '"', "#", "%", "@", "`",
           "{{", "}}", "{%", "[[", "]]", "__class__", "---\n", "...\n", "? ", ",", "\\", "é", "£", "😀"]


@pytest.fixture(scope="module")
def shared() -> Shared:
    content = load_content(CONTENT, only=[])
    return shared_for(content)


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "fuzz.yaml"


def check_file(path: Path, data: bytes, shared: Shared) -> None:
    """Load `data` as a flow file; assert nothing escapes and every problem is located and worded."""
    path.write_bytes(data)
    content = Content(root=CONTENT)
    flow = load_flow_file(path, shared, content)  # must not raise, whatever the bytes
    try:
        lines = len(data.decode("utf-8").splitlines()) + 1
    except UnicodeDecodeError:
        lines = data.count(b"\n") + 1
    for problem in content.problems:
        assert problem.path.endswith("fuzz.yaml"), problem
        assert isinstance(problem.line, int)
        assert problem.line >= 1, problem
        assert problem.line <= lines, (problem, lines)
        assert problem.message.strip(), problem
        assert problem.code in CATALOGUE, problem
        assert problem.severity == "error"
        assert str(problem).startswith(problem.path)
    if flow is None:
        assert content.problems, "a file that did not load must say why"
    else:
        assert content.problems == []
        expression_context(flow, {}, {}, {})  # derived values of an unanswered flow work out without raising


def _mutate(lines: list[str], draw) -> list[str]:
    op = draw(st.sampled_from(["delete", "duplicate", "swap_lines", "indent", "dedent", "swap_chars", "insert",
                               "replace", "truncate"]))
    if not lines:
        return [draw(st.text(max_size=20))]
    i = draw(st.integers(0, len(lines) - 1))
    line = lines[i]
    if op == "delete":
        return lines[:i] + lines[i + 1:]
    if op == "duplicate":
        return [*lines[:i + 1], line, *lines[i + 1:]]
    if op == "swap_lines" and i + 1 < len(lines):
        return [*lines[:i], lines[i + 1], line, *lines[i + 2:]]
    if op == "indent":
        return [*lines[:i], " " * draw(st.integers(1, 4)) + line, *lines[i + 1:]]
    if op == "dedent":
        return [*lines[:i], line[draw(st.integers(1, 4)):] if line.startswith(" ") else line, *lines[i + 1:]]
    if op == "truncate":
        return lines[:i]
    at = draw(st.integers(0, max(0, len(line) - 1)))
    if op == "swap_chars" and at + 1 < len(line):
        line = line[:at] + line[at + 1] + line[at] + line[at + 2:]
    elif op == "insert":
        piece = draw(st.one_of(st.sampled_from(SPECIAL), st.characters(), st.text(max_size=5)))
        line = line[:at] + piece + line[at:]
    elif op == "replace":
        piece = draw(st.one_of(st.sampled_from(SPECIAL), st.characters()))
        line = line[:at] + piece + line[at + 1:]
    return [*lines[:i], line, *lines[i + 1:]]


@st.composite
def mutated_flow(draw) -> str:
    lines = list(BASE_LINES)
    for _ in range(draw(st.integers(1, 5))):
        lines = _mutate(lines, draw)
    return "".join(lines)


# 100 examples: each loads a whole real flow file (the most costly input here); the explicit examples above
# the test keep the known traps in every run, and no database is kept, so each run tries new mutations.
@settings(max_examples=100, **SETTINGS)
@given(text=mutated_flow())
@example(text=BASE.replace("  id: budget-check\n", "  id: budget-check\x07\n"))
@example(text=BASE.replace("sections:\n", "sections:\n\t", 1))
@example(text=BASE.replace("derived:\n", "derived: &d\n", 1))
@example(text=BASE[: len(BASE) // 2])
def test_mutated_real_flow(text: str, shared: Shared, target: Path) -> None:
    check_file(target, text.encode("utf-8"), shared)


YAMLISH = st.lists(st.sampled_from([*SPECIAL, "flow", "sections", "steps", "id", "kind", "prompt", "when", "text",
                                    "choices", "value", "label", "derived", "info", "number", "list", "fields", "grid",
                                    "rows", "scale", "a", "1", "true", "null", " ", "  ", "\n  ", "\n    - ", "'x'",
                                    '"y"']), max_size=60).map("".join)


@settings(max_examples=150, **SETTINGS)
@given(text=YAMLISH)
@example(text="flow:\n  id: a\nsections:\n  - id: s\n    title: t\n    steps:\n      - id: x\n        kind: info\n")
def test_yaml_token_soup(text: str, shared: Shared, target: Path) -> None:
    check_file(target, text.encode("utf-8"), shared)


@settings(max_examples=60, **SETTINGS)
@given(text=st.text(max_size=300))
def test_random_text(text: str, shared: Shared, target: Path) -> None:
    check_file(target, text.encode("utf-8"), shared)


@settings(max_examples=60, **SETTINGS)
@given(data=st.binary(max_size=300))
@example(data=b"\xff\xfe\x00f\x00l\x00o\x00w\x00")  # UTF-16
@example(data=b"flow:\n  id: \xed\xa0\x80\n")  # an encoded surrogate
def test_random_bytes(data: bytes, shared: Shared, target: Path) -> None:
    check_file(target, data, shared)
