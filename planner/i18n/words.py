"""Words people use in answers, per language: data in `locales/LANG/words.yaml`, month and day names from Babel.

A session understands the words of its own language first, then English, then every other language
with a words file (people mix languages: 'ie' in an English conversation, 'yes' in a Welsh one). A
content folder's `locales/LANG/words.yaml` adds to the built-in file for LANG, and its words win
where the two disagree.
"""

from __future__ import annotations

import functools
import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import yaml

from .translator import N_, Fault, Message, Translator

FILE = "words.yaml"
BUILTIN_LOCALES = Path(__file__).resolve().parent.parent / "locales"
SOURCE = "en"
MAX_BYTES = 1_000_000  # the content reader's limit (planner.flows.source.MAX_BYTES)
CACHE_KEY = "planner.words"  # where catalogues.load keeps a translator's words in `Translator.cache`
YesNo = Literal["yes", "no"]
HALVES = ("morning", "evening")
CLOCK = ("noon", "midnight")
DAYS = {"today": 0, "tomorrow": 1, "yesterday": -1}
PERIODS = ("week", "month", "year", "once", "fortnight", "day", "hour", "quarter")
LISTS = ("yes", "no", "about", "about_after", "pounds", "each", "oclock", "date_words", "ordinals")
# What line mode's typed commands mean (planner.ui.line acts on these names).
COMMANDS = ("back", "repeat", "skip", "not_sure", "rather_not_say", "why", "meaning", "check", "who", "stop", "help",
            "finish", "go_on", "language", "start_again")
TABLES = ("periods", "period_phrases", "times", "days", "numbers", "months", "commands")
_NAMES_UNDER = {"periods": PERIODS, "period_phrases": PERIODS, "times": HALVES + CLOCK, "days": tuple(DAYS),
                "commands": COMMANDS}

BROKEN = N_("{where}: the words file cannot be used: {problem}. Fix this line, or take the file away.")
NOT_YAML = N_("it is not written as YAML should be ({problem})")
NOT_A_LIST = N_("'{key}' should be a list of words, like [yes, yeah]")
NOT_A_TABLE = N_("'{key}' should hold names with words under them, like 'week: [week, weeks]'")
UNKNOWN_KEY = N_("'{key}' is not something a words file can hold; the names it can hold are {known}")
NOT_A_WORD = N_("every word should be written as text")
NOT_A_NUMBER = N_("'{key}' should be a whole number, like 3")
NOT_A_MONTH = N_("'{key}' should be the number of a month, from 1 to 12")
TOO_LARGE = N_("it is larger than {limit} bytes")
UNREADABLE = N_("it cannot be read ({error})")
TWICE = N_("'{key}' is written twice (first on line {first}); keep one of them")
NO_ALIASES = N_("anchors, aliases and tags (&, *, !) are not allowed")


class WordsError(Fault):
    """A words file that cannot be used, named with its line: `text(tr)` says so in `tr`'s language."""

    def __init__(self, path: Path, line: int, what: str, /, **params: Any) -> None:
        self.path, self.line = path, line
        super().__init__(BROKEN, where=f"{path}:{line}" if line else str(path), problem=Message(what, **params))


def fold(text: str) -> str:
    """A word as typed answers are matched: lower case, one space between words, a curly apostrophe as "'"."""
    return " ".join(text.lower().replace("\u2019", "'").split())


def _plain(text: str) -> str:
    """The word without accents ('màrt' is also 'mart'), as people often type it."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@dataclass
class Vocabulary:
    """The words of one language, as written in its words files (the most specific file's words win)."""

    language: str
    yes_no: dict[str, YesNo] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    months: dict[str, int] = field(default_factory=dict)
    days: dict[str, int] = field(default_factory=dict)
    weekdays: dict[str, int] = field(default_factory=dict)
    times: dict[str, str] = field(default_factory=dict)  # word → 'morning', 'evening', 'noon' or 'midnight'
    periods: dict[str, str] = field(default_factory=dict)  # words that may follow an 'each' word → period
    period_phrases: dict[str, str] = field(default_factory=dict)  # phrases read only as written → period
    lists: dict[str, list[str]] = field(default_factory=dict)  # about, pounds, each, oclock, ...
    commands: dict[str, str] = field(default_factory=dict)  # typed words → line mode's command
    babel_added: bool = False  # whether `add_babel` has put Babel's month and day names in

    def add(self, data: Mapping[str, Any]) -> None:
        """Take in one file's (checked) words: they win over words already here."""
        for key in LISTS:
            self.lists[key] = list(dict.fromkeys([*data.get(key, []), *self.lists.get(key, [])]))
        self.yes_no = {**self.yes_no, **dict.fromkeys(data.get("no", []), "no"),
                       **dict.fromkeys(data.get("yes", []), "yes")}
        for key, target in (("numbers", self.numbers), ("months", self.months), ("periods", self.periods),
                            ("period_phrases", self.period_phrases), ("times", self.times),
                            ("commands", self.commands)):
            for name, words in data.get(key, {}).items():
                target.update(dict.fromkeys(words, name))
        for name, words in data.get("days", {}).items():
            self.days.update(dict.fromkeys(words, DAYS[name]))

    def add_babel(self) -> None:
        """Month and day names from CLDR (through Babel), where the language is one it knows.

        Done once, when a date is first read: Babel's data for a language takes longer to load than the
        rest of the words, and most conversations read no date before their first question.
        """
        if self.babel_added:
            return
        self.babel_added = True
        from babel import Locale, UnknownLocaleError
        from babel.dates import get_day_names, get_month_names

        try:
            Locale.parse(self.language)
        except (UnknownLocaleError, ValueError):
            return
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for names, target in ((get_month_names(width, context, self.language), self.months),
                                      (get_day_names(width, context, self.language), self.weekdays)):
                    for number, name in names.items():
                        for word in {fold(name), fold(name).rstrip("."), _plain(fold(name)).rstrip(".")}:
                            target.setdefault(word, number)


@dataclass
class Words:
    """What a session understands: its language's vocabulary first, then the others in order."""

    vocabularies: tuple[Vocabulary, ...]

    @property
    def language(self) -> str:
        return self.vocabularies[0].language

    def _table(self, name: str) -> dict[str, Any]:
        merged: dict[str, Any] = {}
        for vocabulary in reversed(self.vocabularies):
            merged.update(getattr(vocabulary, name))
        return merged

    def _list(self, name: str) -> list[str]:
        return list(dict.fromkeys(w for v in self.vocabularies for w in v.lists.get(name, [])))

    @cached_property
    def yes_words(self) -> frozenset[str]:
        return frozenset(w for w, meaning in self._table("yes_no").items() if meaning == "yes")

    @cached_property
    def no_words(self) -> frozenset[str]:
        return frozenset(w for w, meaning in self._table("yes_no").items() if meaning == "no")

    def yes_no(self, text: str) -> YesNo | None:
        """'yes' or 'no' for a word that means one ('ydw', 'nope'), else None."""
        word = fold(text)
        return "yes" if word in self.yes_words else "no" if word in self.no_words else None

    @cached_property
    def commands(self) -> dict[str, str]:
        return {fold(w): command for w, command in self._table("commands").items()}

    def command(self, text: str) -> str | None:
        """The line-mode command that typed words mean ('go back', 'nôl' → 'back'), if any."""
        return self.commands.get(fold(text).strip(".!"))

    @cached_property
    def numbers(self) -> dict[str, int]:
        """Numbers written as words: 'three', 'tri'."""
        return self._table("numbers")

    @cached_property
    def months(self) -> dict[str, int]:
        self._with_babel()
        return self._table("months")

    @cached_property
    def weekdays(self) -> dict[str, int]:
        """Day names (0 is Monday)."""
        self._with_babel()
        return self._table("weekdays")

    def _with_babel(self) -> None:
        for vocabulary in self.vocabularies:
            vocabulary.add_babel()

    @cached_property
    def days(self) -> dict[str, int]:
        """'today', 'tomorrow', 'ddoe': days from today."""
        return self._table("days")

    @cached_property
    def times(self) -> dict[str, str]:
        """Words for a time, spaces left out as the time reader leaves them out: 'yb' → 'morning'."""
        return {w.replace(" ", ""): meaning for w, meaning in self._table("times").items()}

    @cached_property
    def oclock(self) -> list[str]:
        return sorted({w.replace(" ", "") for w in self._list("oclock")}, key=len, reverse=True)

    @cached_property
    def pounds(self) -> list[str]:
        """Words for pounds, longest first ('pounds' before 'pound')."""
        return sorted(self._list("pounds"), key=len, reverse=True)

    @cached_property
    def date_words(self) -> frozenset[str]:
        """Words a date may have that say nothing: '3rd of March'."""
        return frozenset(self._list("date_words"))

    @cached_property
    def ordinal(self) -> re.Pattern[str]:
        """An ordinal ending after a day's number: '3rd'."""
        endings = sorted(self._list("ordinals"), key=len, reverse=True)
        return re.compile(r"(?<=\d)(?:" + "|".join(map(re.escape, endings)) + r")$" if endings else r"(?!)")

    @cached_property
    def about(self) -> re.Pattern[str]:
        """Words that make an amount approximate: 'about', 'tua', '~', '-ish'."""
        words = sorted(self._list("about"), key=len, reverse=True)
        after = sorted(self._list("about_after"), key=len, reverse=True)
        parts = [r"\b(?:" + "|".join(map(_phrase, words)) + r")\b"] if words else []
        parts += ["~"] + ([r"-?(?:" + "|".join(map(_phrase, after)) + r")\b"] if after else [])
        return re.compile("|".join(parts))

    @cached_property
    def period_patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """(period, pattern) for every way of writing a period, each language with its own 'each' words."""
        found = []
        for vocabulary in self.vocabularies:
            each = sorted(vocabulary.lists.get("each", []), key=len, reverse=True)
            before = r"(?:(?:" + "|".join(map(_phrase, each)) + r")\s*)?" if each else ""
            for table, prefix in ((vocabulary.periods, before), (vocabulary.period_phrases, "")):
                by_period: dict[str, list[str]] = {}
                for word, period in table.items():
                    by_period.setdefault(period, []).append(word)
                for period, words in by_period.items():
                    body = "|".join(_phrase(w) for w in sorted(words, key=len, reverse=True))
                    found.append((period, re.compile(r"(?<![^\W\d_])" + prefix + r"(?:" + body + r")(?![^\W\d_])")))
        return found

    def find_period(self, text: str) -> tuple[str | None, str]:
        """The period named in the text (the longest way of writing one found), and the text without it."""
        best: tuple[int, int, str, re.Match[str]] | None = None
        for period, pattern in self.period_patterns:
            for found in pattern.finditer(text):
                key = (found.end() - found.start(), -found.start())
                if best is None or key > best[:2]:
                    best = (*key, period, found)
        if best is None:
            return None, text
        found = best[3]
        return best[2], text[: found.start()] + " " + text[found.end():]


def _phrase(word: str) -> str:
    """A pattern for a word as written in a words file: a full stop may be left out ('p.w.' is also 'pw'),
    a space may be left out or doubled, and '/' may have a space either side."""
    out = []
    for char in word:
        if char == ".":
            out.append(r"\.?\s?")
        elif char == " ":
            out.append(r"\s*")
        elif char == "/":
            out.append(r"\s?/\s?")
        else:
            out.append(re.escape(char))
    return "".join(out)


# ------------------------------------------------------------------ reading files
class _Loader(yaml.SafeLoader):
    """YAML with no implicit booleans, so `yes`, `no`, `y` and `n` stay words."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
# LibYAML reads the same files about twenty times faster (they are read before the first question); a file it
# refuses is read again with the pure-Python loader above, whose messages say what is wrong.
_Fast: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _Loader
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):
        """`_Loader`, in LibYAML."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _Fast = _CLoader


def _read_text(path: Path) -> str:
    """An ordinary file's text, within the content size limit."""
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            raise WordsError(path, 0, UNREADABLE, error="not an ordinary file")
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as error:
        raise WordsError(path, 0, UNREADABLE, error=error.strerror or str(error)) from None
    if len(data) > MAX_BYTES:
        raise WordsError(path, 0, TOO_LARGE, limit=MAX_BYTES)
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise WordsError(path, data[: error.start].count(b"\n") + 1, UNREADABLE, error="not UTF-8 text") from None


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _words(path: Path, key: str, node: yaml.Node) -> list[str]:
    if not isinstance(node, yaml.SequenceNode):
        raise WordsError(path, _line(node), NOT_A_LIST, key=key)
    words = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
            raise WordsError(path, _line(item), NOT_A_WORD)
        words.append(fold(str(item.value)))
    return words


def _number(path: Path, key: yaml.Node, month: bool) -> int:
    text = str(key.value)
    if not re.fullmatch(r"\d{1,9}", text) or (month and not 1 <= int(text) <= 12):
        raise WordsError(path, _line(key), NOT_A_MONTH if month else NOT_A_NUMBER, key=text)
    return int(text)


def read(path: Path) -> dict[str, Any]:
    """One words file, checked: lists of words, and tables of words by name or number."""
    text = _read_text(path)
    try:
        try:
            _no_aliases(path, text, _Fast)
            root = yaml.compose(text, Loader=_Fast)
        except (yaml.YAMLError, WordsError):
            _no_aliases(path, text, _Loader)  # the same mistake, worded as the pure-Python loader words it
            root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = (error.problem or error.context or "unexpected text").rstrip(".")
        raise WordsError(path, mark.line + 1 if mark else 1, NOT_YAML, problem=problem) from None
    except yaml.YAMLError as error:
        raise WordsError(path, 1, NOT_YAML, problem=str(error).splitlines()[0] if str(error) else "?") from None
    if root is None:
        return {}
    if not isinstance(root, yaml.MappingNode):
        raise WordsError(path, _line(root), NOT_A_TABLE, key=path.name)
    found: dict[str, Any] = {}
    _once_each(path, root)
    for key, value in root.value:
        name = str(key.value)
        if name in LISTS:
            found[name] = _words(path, name, value)
        elif name in TABLES:
            if not isinstance(value, yaml.MappingNode):
                raise WordsError(path, _line(value), NOT_A_TABLE, key=name)
            _once_each(path, value)
            table: dict[Any, list[str]] = {}
            for under, words in value.value:
                if name in _NAMES_UNDER and str(under.value) not in _NAMES_UNDER[name]:
                    raise WordsError(path, _line(under), UNKNOWN_KEY, key=str(under.value),
                                     known=", ".join(_NAMES_UNDER[name]))
                label: Any = str(under.value) if name in _NAMES_UNDER else _number(path, under, name == "months")
                table[label] = _words(path, f"{name}: {under.value}", words)
            found[name] = table
        else:
            raise WordsError(path, _line(key), UNKNOWN_KEY, key=name, known=", ".join(LISTS + TABLES))
    return found


def _once_each(path: Path, node: yaml.MappingNode) -> None:
    """A name written twice would quietly lose the first one's words."""
    first: dict[str, int] = {}
    for key, _ in node.value:
        if str(key.value) in first:
            raise WordsError(path, _line(key), TWICE, key=str(key.value), first=first[str(key.value)])
        first[str(key.value)] = _line(key)


def _no_aliases(path: Path, text: str, loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = _Loader) -> None:
    """Anchors and aliases could make a small file huge, and tags ask for objects: neither is allowed."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) or getattr(event, "tag", None) not in (
                None, "!"):
            raise WordsError(path, event.start_mark.line + 1 if event.start_mark else 1, NO_ALIASES)


# ------------------------------------------------------------------ finding and caching
def files(language: str, folders: Iterable[Path]) -> list[Path]:
    """The words files for a language, most specific first."""
    return [p for p in (folder / language / FILE for folder in folders) if p.is_file()]


def languages(folders: Iterable[Path]) -> list[str]:
    """Every language with a words file in the folders."""
    return sorted({p.parent.name for folder in folders if folder.is_dir() for p in folder.glob(f"*/{FILE}")})


_VOCABULARIES: dict[tuple[str, tuple[Path, ...]], tuple[tuple[int, ...], Vocabulary]] = {}
_WORDS: dict[tuple[str, tuple[Path, ...]], tuple[tuple[int, ...], Words]] = {}


def _stamps(paths: Iterable[Path]) -> tuple[int, ...]:
    return tuple(p.stat().st_mtime_ns for p in paths)


def _with_builtin(folders: Iterable[Path] | None) -> tuple[Path, ...]:
    """The folders, then the package's own words (kept even where $PLANNER_LOCALES replaces its catalogues)."""
    return tuple(dict.fromkeys([*(folders or ()), BUILTIN_LOCALES.resolve()]))


def own_words(folders: Iterable[Path]) -> bool:
    """Whether any of the folders, besides the package's own, has a words file."""
    return any(languages([folder]) for folder in folders if folder.resolve() != BUILTIN_LOCALES.resolve())


def vocabulary(language: str, folders: Iterable[Path]) -> Vocabulary:
    """One language's words: its files (WordsError when one is broken); Babel's month and day names are added
    when a date is first read (`Words.months`)."""
    chain = _with_builtin(folders)
    paths = files(language, chain)
    stamps = _stamps(paths)
    key = (language, chain)
    if key in _VOCABULARIES and _VOCABULARIES[key][0] == stamps:
        return _VOCABULARIES[key][1]
    found = Vocabulary(language)
    for path in reversed(paths):  # the least specific first, so the most specific file wins
        found.add(read(path))
    _VOCABULARIES[key] = (stamps, found)
    return found


def load(language: str | None = None, folders: Iterable[Path] | None = None) -> Words:
    """The words a session in `language` understands (WordsError names the file and line of a broken one)."""
    chain = _with_builtin(folders)
    language = (language or SOURCE).split("_")[0].lower()
    order = list(dict.fromkeys([language, SOURCE, *languages(chain)]))
    stamps = _stamps(p for lang in order for p in files(lang, chain))
    key = (language, chain)
    if key in _WORDS and _WORDS[key][0] == stamps:
        return _WORDS[key][1]
    words = Words(tuple(vocabulary(lang, chain) for lang in order))
    _WORDS[key] = (stamps, words)
    return words


def check(folders: Iterable[Path]) -> list[WordsError]:
    """What is wrong in each words file in the folders (the package's own are checked by its tests)."""
    found = []
    for folder in folders:
        for language in languages([folder]):
            try:
                read(folder / language / FILE)
            except WordsError as error:
                found.append(error)
    return found


@functools.cache
def default() -> Words:
    """The built-in words, English first: what a question understands when no language is given.

    Kept for the whole run: the package's own files do not change, and this is asked on every answer.
    """
    return load(SOURCE)


def of(tr: Translator) -> Words:
    """The words a translator's language understands (its content's words when catalogues.load made it)."""
    found = tr.cache.get(CACHE_KEY)
    if not isinstance(found, Words):
        found = tr.cache[CACHE_KEY] = load(tr.language)  # the built-in words, which do not change while running
    return found
