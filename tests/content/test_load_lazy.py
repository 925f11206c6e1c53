"""Lazy loading: flows are listed by their headers and built when first used, with every problem still said."""

from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pytest

from content_support import BROKEN, HEADER
from planner.flows import loader
from planner.flows import messages as m
from planner.flows.loader import ContentError, load_content
from planner.i18n.translator import ENGLISH
from planner.paths import BUILTIN_CONTENT


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLANNER_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "content"
    shutil.copytree(BUILTIN_CONTENT, root, ignore=shutil.ignore_patterns("locales"))
    return root


def _shape(flow: loader.Flow) -> list[tuple[str, int, tuple[str, ...], list[str]]]:
    return [(s.id, s.section, tuple(c.source for c in s.conditions), sorted(s.texts)) for s in flow.steps]


def test_flows_are_listed_by_header_and_built_only_when_used(content: Path) -> None:
    lazy = load_content(content, lazy=True)
    assert sorted(lazy.listed) == ["budget-check", "carer-assessment", "support-plan"]
    plan = lazy.flows["support-plan"]
    assert plan.header.title == "Planning your support" and plan.id == "support-plan" and not plan.built
    assert plan.steps  # used: built now
    assert sorted(lazy.listed) == ["budget-check", "carer-assessment"]
    eager = load_content(content, cache=False)
    for flow_id in eager.flows:
        assert _shape(lazy.build(flow_id)) == _shape(eager.flows[flow_id])
        assert lazy.flows[flow_id].digest == eager.flows[flow_id].digest
    assert lazy.listed == [] and lazy.problems == eager.problems == []


def test_every_broken_flow_gives_the_same_problems_lazily_once_used(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANNER_CACHE", str(tmp_path / "cache"))
    monkeypatch.chdir(BROKEN)
    eager = load_content(BROKEN, cache=False)
    lazy = load_content(BROKEN, lazy=True)
    for flow_id in list(lazy.listed):
        try:
            lazy.build(flow_id)
        except ContentError as error:
            assert error.problems and all(p.severity == "error" for p in error.problems)
            assert flow_id not in lazy.flows  # as a flow with mistakes is never there when loaded at once
    assert sorted(map(str, lazy.problems)) == sorted(map(str, eager.problems))
    assert sorted(lazy.flows) == sorted(eager.flows)


def test_a_mistake_inside_a_flow_is_said_when_it_is_first_used(content: Path) -> None:
    path = content / "flows" / "budget-check.yaml"
    text = path.read_text()
    path.write_text(text.replace("kind: single_choice", "kind: single_choise", 1))
    number = text[:text.index("kind: single_choice")].count("\n") + 1
    lazy = load_content(content, lazy=True)
    assert lazy.ok and "budget-check" in lazy.flows  # the header is fine: nothing is known yet
    held = lazy.flows["budget-check"]
    with pytest.raises(ContentError) as raised:
        lazy.build("budget-check")
    told = raised.value.text(ENGLISH).splitlines()
    assert told[0] == loader.FLOW_BROKEN.format(root="content/flows/budget-check.yaml")
    assert any(line.startswith(f"content/flows/budget-check.yaml:{number}: ") and "single_choise" in line
               for line in told[1:])
    assert [str(p) for p in raised.value.problems] == [str(p) for p in lazy.errors]
    assert not lazy.ok and "budget-check" not in lazy.flows
    with pytest.raises(ContentError):  # said again on every use, never half built
        assert held.steps
    assert lazy.build("support-plan").steps  # the others still work


def test_a_header_mistake_is_said_at_once(content: Path) -> None:
    path = content / "flows" / "budget-check.yaml"
    path.write_text(path.read_text().replace("  for: adviser", "  for: advisor", 1))
    lazy = load_content(content, lazy=True)
    assert [p.code for p in lazy.errors] == ["BAD_VALUE"]
    assert "budget-check" not in lazy.flows
    assert sorted(lazy.listed) == ["carer-assessment", "support-plan"]


def test_a_code_with_another_kind_is_said_when_its_flow_is_built(content_root: Path) -> None:
    asked = HEADER + "      - id: {q}\n        kind: {kind}\n        prompt: How old are you?\n        code: test.age\n"
    (content_root / "flows" / "a.yaml").write_text(asked.format(id="a", q="age", kind="number"))
    (content_root / "flows" / "b.yaml").write_text(asked.format(id="b", q="age_words", kind="short_text"))
    lazy = load_content(content_root, lazy=True, cache=False)
    lazy.build("a")
    with pytest.raises(ContentError) as raised:
        lazy.build("b")
    assert [(p.path, p.line, p.message) for p in raised.value.problems] == [
        ("flows/b.yaml", 16, m.CODE_KIND_DIFFERS.format(code="test.age", kind="short text", other_kind="number",
                                                        other="flows/a.yaml:16"))]


def test_each_flow_is_built_once_and_then_comes_from_its_own_cache_entry(content: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    folder = Path(os.environ["PLANNER_CACHE"]) / "content"
    first = load_content(content, lazy=True)
    assert not first.cached
    first.build("support-plan")
    shape = _shape(first.flows["support-plan"])

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("read afresh")

    monkeypatch.setattr(loader, "load_flow_file", refuse)
    second = load_content(content, lazy=True)
    assert second.cached and sorted(second.listed) == ["budget-check", "carer-assessment", "support-plan"]
    assert _shape(second.build("support-plan")) == shape
    assert str(content / "flows" / "support-plan.yaml") in second.texts
    with pytest.raises(AssertionError, match="read afresh"):
        second.build("budget-check")  # never built before: nothing cached for it
    assert len(list(folder.glob("*.cache"))) == 2  # the list of flows, and the one flow built


def test_a_changed_file_is_built_afresh(content: Path) -> None:
    load_content(content, lazy=True).build("support-plan")
    path = content / "flows" / "support-plan.yaml"
    path.write_text(path.read_text().replace("title: Planning your support", "title: Planning your care", 1))
    again = load_content(content, lazy=True)
    assert not again.cached
    assert again.flows["support-plan"].header.title == "Planning your care"
    assert again.build("support-plan").header.title == "Planning your care"


def test_a_listed_flow_survives_pickling_and_builds_after(content: Path) -> None:
    lazy = load_content(content, lazy=True, cache=False)
    copy = pickle.loads(pickle.dumps(lazy))
    assert sorted(copy.listed) == sorted(lazy.listed)
    assert _shape(copy.build("budget-check")) == _shape(lazy.build("budget-check"))


def test_a_header_not_written_first_is_read_with_the_whole_file(content_root: Path) -> None:
    flow = HEADER.format(id="late")
    sections = flow[flow.index("sections:"):]
    (content_root / "flows" / "late.yaml").write_text(sections + flow[:flow.index("sections:")])
    lazy = load_content(content_root, lazy=True, cache=False)
    assert lazy.ok and lazy.listed == [] and [s.id for s in lazy.flows["late"].steps] == ["welcome"]
