"""What planner loads before its first question: only what that question needs.

Each mode is started once, in a fresh process (`first_question.py`), as a person would start it; the
tests read which modules it had loaded when the first question was waiting for an answer. The output
stack (documents, PDF, fonts, images), the browser kiosk's server and schema checking are loaded only
when used; line mode, for screen readers, loads no Textual; Babel's locale data is read only when a
date or another language's name needs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ..conftest import ROOT, TEST_KEY

DRIVER = Path(__file__).with_name("first_question.py")
ONLY_WHEN_USED = ("planner.output", "planner.script", "fpdf", "fontTools", "PIL", "aiohttp", "textual_serve",
                  "jsonschema")
pytestmark = pytest.mark.xdist_group("startup")


def started(mode: str, folder: Path, cache: Path, typed: str = "") -> dict[str, Any]:
    out = folder / "loaded.json"
    environment = {**os.environ, "PLANNER_DATA": str(folder / "data"), "PLANNER_CACHE": str(cache),
                   "PLANNER_KEY": TEST_KEY, "PLANNER_LANG": "en", "PYTHONPATH": str(ROOT)}
    for name in ("PLANNER_CONTENT", "PLANNER_KEY_FILE", "PLANNER_PASSPHRASE"):
        environment.pop(name, None)
    done = subprocess.run([sys.executable, str(DRIVER), mode, str(out)], input=typed, capture_output=True,
                          text=True, env=environment, cwd=folder, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    seen: dict[str, Any] = json.loads(out.read_text())
    assert seen["welcome"] and seen["first_question"], (seen, done.stdout[-2000:])
    return seen


def among(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in names)]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for both starts, as on a person's computer: the second start finds the content compiled."""
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def line_mode(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> dict[str, Any]:
    return started("plain", tmp_path_factory.mktemp("plain"), cache, typed="1\n")


@pytest.fixture(scope="module")
def screen(tmp_path_factory: pytest.TempPathFactory, cache: Path) -> dict[str, Any]:
    return started("tui", tmp_path_factory.mktemp("tui"), cache)


@pytest.mark.parametrize("moment", ["welcome", "first_question"])
def test_line_mode_loads_no_output_stack_before_it_asks(line_mode: dict[str, Any], moment: str) -> None:
    assert among(line_mode[moment]["modules"], ONLY_WHEN_USED) == []


@pytest.mark.parametrize("moment", ["welcome", "first_question"])
def test_line_mode_loads_no_textual_and_no_rich(line_mode: dict[str, Any], moment: str) -> None:
    assert among(line_mode[moment]["modules"], ("textual", "rich")) == []


def test_line_mode_reads_no_locale_data_to_ask_its_first_question(line_mode: dict[str, Any]) -> None:
    assert line_mode["first_question"]["locale_data"] == []
    assert "planner.ui.line" in line_mode["first_question"]["modules"]  # the conversation itself was reached


@pytest.mark.parametrize("moment", ["welcome", "first_question"])
def test_the_screens_load_no_output_stack_before_the_first_question(screen: dict[str, Any], moment: str) -> None:
    assert among(screen[moment]["modules"], ONLY_WHEN_USED) == []
    assert "planner.ui.conversation" in screen["first_question"]["modules"]


def test_the_screens_read_no_locale_data_to_offer_welsh(screen: dict[str, Any]) -> None:
    assert screen["first_question"]["locale_data"] == []


@pytest.mark.parametrize("locale", ["en", "cy"])
def test_the_built_in_languages_names_are_known_without_babel_and_are_babels(locale: str) -> None:
    from babel import Locale

    from planner.i18n.catalogues import OWN_NAMES, language_name

    assert locale in OWN_NAMES
    name = Locale.parse(locale).get_display_name(locale) or ""
    assert language_name(locale) == name[:1].upper() + name[1:]
