"""Vocabularies that could drift apart are kept in one place, and every user of them agrees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planner.flows import linker, messages
from planner.flows.answers import CONDITION_STATUSES, STATUSES
from planner.flows.sandbox import shown
from planner.flows.source import NotOrdinaryFile, read_limited
from planner.i18n import catalogues, keys
from planner.i18n.lists import and_join
from planner.i18n.translator import ENGLISH
from planner.output.formatting import Formatter
from planner.output.safety import wrap
from planner.paths import file_kind
from planner.store.faults import SPECIAL_FILE, fault
from planner.text import CONTROLS, clean_text

LISTS = [["Sue"], ["Sue", "Joan"], ["Sue", "Joan", "Raj"], ["Smith, Ann", "Raj"], ["In a letter", "by phone, after 6"]]


@pytest.mark.parametrize("words", LISTS)
def test_one_way_to_say_a_list(words: list[str]) -> None:
    """Documents, conditions' texts and the engine join a list the same way, in English and Welsh."""
    assert shown(words) == and_join(words, ENGLISH)
    assert Formatter().names(words) == and_join(words, ENGLISH)
    welsh = catalogues.load("cy")
    assert Formatter("cy_GB", translator=welsh).names(words) == and_join(words, welsh)
    assert Formatter().phrases(words) == and_join(words[:1] + [w[0].lower() + w[1:] for w in words[1:]], ENGLISH)


def test_one_list_of_control_characters() -> None:
    """Wrapping a printed document removes what cleaning typed text removes (the Arabic letter mark too)."""
    sneaky = "a\u061cb\u202ec\x00d\x7fe"
    assert CONTROLS.sub("", sneaky) == "abcde"
    assert wrap(sneaky) == clean_text(sneaky) == "abcde"


def test_one_list_of_statuses_and_text_keys() -> None:
    assert linker.STATUSES == [*STATUSES, "unanswered"] == list(CONDITION_STATUSES)
    assert vars(linker)["TEXT_KEYS"] is keys.TEXT_KEYS and vars(linker)["LABEL_KEYS"] is keys.LABEL_KEYS


def test_one_way_to_tell_what_a_path_is(tmp_path: Path) -> None:
    """Content reading and the store name a path that is not a plain file alike."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert file_kind(os.stat(pipe).st_mode) == "fifo"
    assert file_kind(os.stat(tmp_path).st_mode) == "folder"
    assert file_kind(os.stat(__file__).st_mode) == "file"
    with pytest.raises(NotOrdinaryFile) as refused:
        read_limited(pipe)
    assert refused.value.kind == messages.FILE_KINDS["fifo"] == "a pipe"
    assert "a pipe" in str(fault(SPECIAL_FILE, pipe))
