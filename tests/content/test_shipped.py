"""The shipped content is clean: `planner check` passes, and every file loads with no errors or warnings."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from content_support import CONTENT, REPO
from planner.cli import main
from planner.flows import load_content
from planner.flows.lint import lint

FLOW_FILES = sorted((CONTENT / "flows").glob("*.yaml"))


def test_there_is_shipped_content() -> None:
    assert len(FLOW_FILES) >= 3
    assert (CONTENT / "glossary.yaml").is_file()
    assert (CONTENT / "councils" / "example" / "council.yaml").is_file()


def test_planner_check_passes_on_shipped_content(capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """As an author runs it (the installed script itself is run by test_cli.py and tests/packaging)."""
    monkeypatch.chdir(REPO)
    assert main(["check", "planner/content/"]) == 0
    said = capsys.readouterr()
    out = said.out
    first, _, translations = out.partition("\n")
    assert re.fullmatch(r"All clear: \d+ flows and \d+ questions in planner/content\.", first), out
    assert re.search(r"^  cy: \d+ of \d+ content strings translated \(\d+%\), \d+ fuzzy", translations, re.M), out
    assert said.err == ""


def test_planner_check_with_no_paths_checks_the_builtin_content(capsys: pytest.CaptureFixture[str],
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLANNER_CONTENT", raising=False)
    assert main(["check", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True and data["problems"] == []
    assert {f["id"] for f in data["flows"]} == set(load_content(CONTENT).flows)
    assert len(data["flows"]) == len(FLOW_FILES)


def test_all_shipped_content_loads_with_no_errors_and_no_warnings() -> None:
    content = load_content(CONTENT)
    assert [str(p) for p in content.problems] == []
    assert len(content.flows) == len(FLOW_FILES)  # every flow file became a flow
    assert {Path(f.path).name for f in content.flows.values()} == {p.name for p in FLOW_FILES}
    assert content.glossary and content.codes and "example" in content.councils
    lint(content)
    assert [str(p) for p in content.problems] == []


@pytest.mark.parametrize("path", FLOW_FILES, ids=[p.name for p in FLOW_FILES])
def test_each_shipped_flow_loads_and_lints_clean(path: Path) -> None:
    content = load_content(CONTENT, only=[path])
    assert [str(p) for p in content.problems] == []
    assert len(content.flows) == 1
    flow = next(iter(content.flows.values()))
    assert flow.questions(), "a flow with no questions"
    lint(content)
    assert [str(p) for p in content.problems] == []


def _all_text(node: object):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _all_text(value)
    elif isinstance(node, list):
        for value in node:
            yield from _all_text(value)


def test_every_glossary_link_anywhere_in_shipped_flows_is_defined() -> None:
    """Independent of the linker: scan every string in every flow file for [[links]]."""
    from planner.flows.links import LINK
    from planner.flows.problems import Problems
    from planner.flows.source import read_yaml

    content = load_content(CONTENT)
    lookup = content.glossary_lookup()
    missing = []
    for path in FLOW_FILES:
        data = read_yaml(path, Problems(str(path)))
        for text in _all_text(data):
            for match in LINK.finditer(text):
                term = (match.group(2) or match.group(1)).strip()
                if term.lower() not in lookup:
                    missing.append((path.name, term))
    assert missing == []


@pytest.fixture(scope="module")
def textual_after_flows() -> list[str]:
    """In a fresh process: import every planner.flows module and planner.check, load the shipped content, then
    list the textual modules that came with them (one process serves both tests below)."""
    code = ("import importlib, importlib.util, pkgutil, sys\n"
            "assert importlib.util.find_spec('textual') is not None, "
            "'textual is not installed: this test proves nothing'\n"
            "import planner.flows\n"
            "from planner.flows import load_content\n"
            "load_content(__import__('pathlib').Path(sys.argv[1]))\n"
            "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
            "for mod in pkgutil.iter_modules(planner.flows.__path__):\n"
            "    importlib.import_module('planner.flows.' + mod.name)\n"
            "import planner.check\n"
            "print('textual' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code, str(CONTENT)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_importing_planner_flows_does_not_import_textual(textual_after_flows: list[str]) -> None:
    assert textual_after_flows[0] == "[]"


def test_importing_every_planner_flows_module_does_not_import_textual(textual_after_flows: list[str]) -> None:
    assert textual_after_flows[1] == "False"
