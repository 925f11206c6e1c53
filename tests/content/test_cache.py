"""The compiled-content cache: used the second time, rebuilt when anything changes, ignored when not private."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from planner.flows import cache
from planner.flows.loader import load_content
from planner.paths import BUILTIN_CONTENT

pytestmark = pytest.mark.skipif(not hasattr(os, "getuid"), reason="the cache needs owner checks")


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLANNER_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "content"
    shutil.copytree(BUILTIN_CONTENT, root, ignore=shutil.ignore_patterns("locales"))
    return root


def _entry(root: Path) -> Path:
    entries = list((Path(os.environ["PLANNER_CACHE"]) / "content").glob("*.cache"))
    assert len(entries) == 1
    return entries[0]


def test_second_load_comes_from_the_cache_and_is_the_same(content: Path) -> None:
    first = load_content(content)
    second = load_content(content)
    assert not first.cached and second.cached
    assert list(second.flows) == list(first.flows)
    assert [s.id for s in second.flows["support-plan"].steps] == [s.id for s in first.flows["support-plan"].steps]
    assert second.problems == first.problems
    folder = Path(os.environ["PLANNER_CACHE"]) / "content"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert _entry(content).stat().st_mode & 0o777 == 0o600


def test_cached_conditions_and_texts_work_as_fresh_ones(content: Path) -> None:
    from planner.flows.context import expression_context
    from planner.flows.expressions import outcome, render

    fresh = load_content(content).flows["support-plan"]
    cached = load_content(content).flows["support-plan"]
    answers = {s.id: "yes" for s in fresh.steps if s.is_question and s.model.kind == "yes_no"}
    for flow, other in ((fresh, cached), (cached, fresh)):
        context = expression_context(flow, answers, {})
        for mine, theirs in zip(flow.steps, other.steps, strict=True):
            assert [outcome(c, context) for c in mine.conditions] == [outcome(c, context) for c in theirs.conditions]
            assert {k: render(e, context) for k, e in mine.texts.items()} == {
                k: render(e, context) for k, e in theirs.texts.items()}


def test_a_changed_file_is_read_afresh(content: Path) -> None:
    load_content(content)
    glossary = content / "glossary.yaml"
    glossary.write_text(glossary.read_text() + "\n# changed\n")
    assert not load_content(content).cached
    assert load_content(content).cached


def test_a_new_flow_file_is_read_afresh(content: Path) -> None:
    load_content(content)
    (content / "flows" / "extra.yaml").write_text("flow: {id: extra}\n")
    fresh = load_content(content)
    assert not fresh.cached and not fresh.ok


def test_a_damaged_cache_is_rebuilt(content: Path) -> None:
    load_content(content)
    entry = _entry(content)
    entry.write_bytes(entry.read_bytes()[:200] + b"garbage")
    loaded = load_content(content)
    assert not loaded.cached and loaded.ok
    assert load_content(content).cached


def test_a_tampered_cache_with_the_right_key_is_not_trusted_blindly(content: Path) -> None:
    load_content(content)
    entry = _entry(content)
    key = cache.content_key(content)
    assert key is not None
    entry.write_bytes(cache.MAGIC + key + b"not a pickle")
    os.chmod(entry, 0o600)
    loaded = load_content(content)
    assert not loaded.cached and loaded.ok


def test_a_cache_others_can_read_is_ignored(content: Path) -> None:
    load_content(content)
    os.chmod(_entry(content), 0o644)
    assert not load_content(content).cached
    folder = Path(os.environ["PLANNER_CACHE"]) / "content"
    for entry in folder.glob("*.cache"):
        entry.unlink()
    load_content(content)
    os.chmod(folder, 0o755)
    assert not load_content(content).cached
    assert load_content(content).ok


def test_a_cache_file_owned_by_someone_else_is_ignored(content: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("changing a file's owner needs root")
    load_content(content)
    os.chown(_entry(content), 12345, 12345)
    loaded = load_content(content)
    assert not loaded.cached and loaded.ok


def test_a_cache_that_is_a_link_is_ignored(content: Path, tmp_path: Path) -> None:
    load_content(content)
    entry = _entry(content)
    target = tmp_path / "elsewhere"
    entry.rename(target)
    entry.symlink_to(target)
    assert not load_content(content).cached


def test_what_cannot_be_kept_leaves_no_part_of_a_cache(content: Path) -> None:
    """A value pickle refuses half-way through: no cache, no temporary file left, and loading still works."""
    cache.write(content, b"k" * 32, ["fine", lambda: None])
    folder = Path(os.environ["PLANNER_CACHE"]) / "content"
    assert list(folder.iterdir()) == []
    assert load_content(content).flows
