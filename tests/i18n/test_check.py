"""`planner check` reports coverage per language, lists missing and fuzzy strings, and broken translations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.cli import main
from planner.flows import messages as m

from .conftest import write_po

GOOD = [
    ("visit:flow:title", "A short visit", "Ymweliad byr"),
    ("visit:q:name:prompt", "What would you like me to call you?", "Beth hoffech chi i mi eich galw chi?"),
    ("visit:q:name:ack", "Thank you{{ ', ' ~ name if name else '' }}.", "Diolch{{ ', ' ~ name if name else '' }}."),
    ("visit:flow:summary", "A few questions about [[direct payments|direct payment]].",
     "Ychydig o gwestiynau am [[daliadau uniongyrchol|direct payment]]."),
    ("visit:q:wake:prompt", "When do you get up?", "Pryd ydych chi'n codi?"),
    (None, "Back", "Yn ôl"),
]


@pytest.fixture(autouse=True)
def only_the_contents_own_catalogue(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The built-in catalogue shares glossary words with these tests: leave it out of the counts."""
    monkeypatch.setenv("PLANNER_LOCALES", str(tmp_path / "no-built-in-locales"))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def test_coverage_line_per_language(small_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_po(small_content / "locales", "cy", GOOD, fuzzy={"When do you get up?"})
    code, out = run(["check", str(small_content), "--errors-only"], capsys)
    assert code == 0, out
    total = out.split("cy: ")[1].split(" content strings")[0]
    translated, of_total = total.split(" of ")
    assert (int(translated), int(of_total)) == (4, 25)
    assert "cy: 4 of 25 content strings translated (16%), 1 fuzzy; 1 of 1 interface strings." in out


def test_json_lists_missing_and_fuzzy_strings(small_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_po(small_content / "locales", "cy", GOOD, fuzzy={"When do you get up?"})
    _code, out = run(["check", str(small_content), "--errors-only", "--format", "json"], capsys)
    (welsh,) = json.loads(out)["translations"]
    assert welsh["locale"] == "cy" and welsh["translated"] == 4 and welsh["content_strings"] == 25
    assert [f["context"] for f in welsh["fuzzy"]] == ["visit:q:wake:prompt"]
    missing = {f["context"]: f for f in welsh["missing"]}
    assert missing["visit:q:living:choices:alone:label"]["msgid"] == "I live alone"
    assert missing["visit:q:living:choices:alone:label"]["where"].endswith("flows/visit.yaml:29")
    assert "glossary:direct payment:explanation" in missing and "council:test:name" in missing


@pytest.mark.parametrize("context, msgid, broken, why", [
    ("visit:q:name:ack", "Thank you{{ ', ' ~ name if name else '' }}.", "Diolch.", "{{ }}"),
    ("visit:q:name:ack", "Thank you{{ ', ' ~ name if name else '' }}.", "Diolch{{ ', ' ~ enw if enw else '' }}.",
     "{{ }}"),
    ("visit:flow:summary", "A few questions about [[direct payments|direct payment]].",
     "Ychydig o gwestiynau am [[taliadau uniongyrchol]].", "glossary link"),
    (None, "Part {number} of {count}", "Rhan {rhif}", "placeholder"),
])
def test_a_broken_translation_is_an_error(small_content: Path, capsys: pytest.CaptureFixture[str],
                                          context: str | None, msgid: str, broken: str, why: str) -> None:
    po = write_po(small_content / "locales", "cy", [*GOOD[:2], (context, msgid, broken)])
    code, out = run(["check", str(small_content), "--errors-only", "--format", "json"], capsys)
    assert code == 1
    (problem,) = json.loads(out)["problems"]
    assert problem["code"] == "TRANSLATION_BROKEN" and problem["path"].endswith("locales/cy/LC_MESSAGES/planner.po")
    assert why in problem["message"] and problem["line"] > 0
    assert problem["message"].startswith(m.TRANSLATION_BROKEN.split("{locale}")[0])
    assert po.is_file()


def test_an_unreadable_catalogue_is_an_error(small_content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = small_content / "locales" / "cy" / "LC_MESSAGES" / "planner.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid "a"\nmsgstr "b\nnot closed', encoding="utf-8")
    code, out = run(["check", str(small_content), "--errors-only", "--format", "json"], capsys)
    assert code == 1
    assert json.loads(out)["problems"][0]["code"] == "PO_UNREADABLE"


def test_content_without_translations_reports_none(small_content: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLANNER_LOCALES", str(tmp_path / "no-locales"))
    code, out = run(["check", str(small_content), "--errors-only"], capsys)
    assert code == 0 and "Translations" not in out
