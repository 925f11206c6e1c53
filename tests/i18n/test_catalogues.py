"""Catalogues: compiled on first use into a cache, recompiled when the .po is newer, English as the fallback."""

from __future__ import annotations

import builtins
import gettext
import os
from pathlib import Path

import pytest

from planner.i18n import ENGLISH, Translator
from planner.i18n.catalogues import from_environment, languages, language_name, load, normalise

from .conftest import write_po

CY_PLURAL = ("One question", "{n} questions",
             ["Dim cwestiynau", "Un cwestiwn", "Dau gwestiwn", "Tri chwestiwn", "Chwe chwestiwn", "{n} cwestiwn"])


@pytest.fixture
def locales(tmp_path: Path) -> Path:
    folder = tmp_path / "locales"
    write_po(folder, "cy", [(None, "Back", "Yn ôl"), ("a:q:b:prompt", "Back", "Nôl i'r dechrau"),
                            (None, "Part {number}", "Rhan {number}"), (None, "Not yet", "")],
             fuzzy={"Not yet"}, plural=CY_PLURAL)
    return folder


def test_compiled_on_first_use_into_the_cache(locales: Path, private_cache: Path) -> None:
    assert not private_cache.exists()
    welsh = load("cy", [locales])
    assert welsh.gettext("Back") == "Yn ôl"
    compiled = list(private_cache.rglob("*.mo"))
    assert len(compiled) == 1
    assert not list(locales.rglob("*.mo"))  # never beside the .po


def test_recompiled_when_the_po_is_newer(locales: Path, private_cache: Path) -> None:
    assert load("cy", [locales]).gettext("Back") == "Yn ôl"
    po = locales / "cy" / "LC_MESSAGES" / "planner.po"
    write_po(locales, "cy", [(None, "Back", "Nôl")])
    later = po.stat().st_mtime_ns + 10**9
    os.utime(po, ns=(later, later))
    assert load("cy", [locales]).gettext("Back") == "Nôl"


def test_context_and_fallback(locales: Path) -> None:
    welsh = load("cy", [locales])
    assert welsh.pgettext("a:q:b:prompt", "Back") == "Nôl i'r dechrau"
    assert welsh.pgettext("elsewhere", "Back") == "Back"  # no translation with that context: English
    assert welsh.gettext("Never translated") == "Never translated"
    assert welsh.gettext("Not yet") == "Not yet"  # empty and fuzzy translations are not used
    assert welsh.gettext("Part {number}", number=3) == "Rhan 3"


@pytest.mark.parametrize("n, words", [(0, "Dim cwestiynau"), (1, "Un cwestiwn"), (2, "Dau gwestiwn"),
                                      (3, "Tri chwestiwn"), (6, "Chwe chwestiwn"), (4, "4 cwestiwn"),
                                      (11, "11 cwestiwn")])
def test_welsh_has_six_plural_forms(locales: Path, n: int, words: str) -> None:
    assert load("cy", [locales]).ngettext("One question", "{n} questions", n) == words


def test_english_plurals() -> None:
    assert ENGLISH.ngettext("One question", "{n} questions", 1) == "One question"
    assert ENGLISH.ngettext("One question", "{n} questions", 5) == "5 questions"


def test_a_translation_that_cannot_be_filled_in_falls_back_to_english(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    write_po(folder, "cy", [(None, "Part {number}", "Rhan {rhif}")])
    assert load("cy", [folder]).gettext("Part {number}", number=2) == "Part 2"


def test_nothing_is_installed_globally(locales: Path) -> None:
    load("cy", [locales]).gettext("Back")
    assert "_" not in vars(builtins)
    assert gettext.gettext("Back") == "Back"


def test_a_cache_that_cannot_be_written_still_works(locales: Path, monkeypatch: pytest.MonkeyPatch,
                                                    tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    monkeypatch.setenv("PLANNER_CACHE", str(blocked))
    assert load("cy", [locales]).gettext("Back") == "Yn ôl"


def test_languages_and_names(locales: Path) -> None:
    assert languages([locales]) == ["en", "cy"]
    assert language_name("cy") == "Cymraeg" and language_name("en") == "English"
    assert [normalise(x) for x in ("cy_GB.UTF-8", "cy-GB", "CY", "C", "", None)] == ["cy", "cy", "cy", "en", "en", "en"]


def test_language_from_the_environment(locales: Path) -> None:
    assert from_environment({"PLANNER_LANG": "cy"}, [locales]) == "cy"
    assert from_environment({"LANG": "cy_GB.UTF-8"}, [locales]) == "cy"
    assert from_environment({"PLANNER_LANG": "en", "LANG": "cy_GB.UTF-8"}, [locales]) == "en"
    assert from_environment({"LANG": "fr_FR.UTF-8"}, [locales]) == "en"  # no catalogue: English
    assert from_environment({}, [locales]) == "en"


def test_english_is_the_identity() -> None:
    assert isinstance(ENGLISH, Translator) and ENGLISH.is_english
    assert load("en") is ENGLISH
    assert ENGLISH.pgettext("x", "Words") == "Words"


def test_lists_in_welsh_use_ac_before_a_vowel(locales: Path) -> None:
    from planner.i18n.lists import and_join

    write_po(locales, "cy", [(None, "{some} and {last}", "{some} a {last}")])
    welsh = load("cy", [locales])
    assert and_join(["Yn y bore", "amser gwely"], welsh) == "Yn y bore ac amser gwely"
    assert and_join(["Sue", "Joan", "Raj"], welsh) == "Sue, Joan a Raj"
    assert and_join(["Sue", "Joan", "Raj"], ENGLISH) == "Sue, Joan and Raj"
