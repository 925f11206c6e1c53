"""Words for understanding answers: the words files, their order, their errors, and parsing as before."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest

from planner.i18n import catalogues, words
from planner.i18n.words import WordsError
from planner.questions import KINDS
from planner.questions.numbers import with_words
from planner.ui.line import Line, yes_or_no

TODAY = dt.date(2026, 11, 30)


def question(kind: str, **settings: Any) -> Any:
    return KINDS[kind].model.model_validate({"id": "q", "prompt": "Q?", "kind": kind, **settings})


def parsed(kind: str, raw: Any, understood: words.Words | None = None) -> Any:
    model = question(kind)
    result = KINDS[kind].parse(with_words(model, understood) if understood else model, raw, today=TODAY)
    return getattr(result, "value", "refused")


def content_words(root: Path, language: str, text: str) -> Path:
    path = root / "locales" / language / "words.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ order
def test_a_content_words_file_adds_to_the_built_in_words_and_wins_where_they_differ(tmp_path: Path) -> None:
    content_words(tmp_path, "en", "yes: [aye, nope]\nperiods:\n  week: [sennight]\n")
    understood = words.load("en", catalogues.folders_for(tmp_path))
    assert understood.yes_no("aye") == "yes"
    assert understood.yes_no("nope") == "yes"  # the built-in file says no: the content's word wins
    assert understood.yes_no("yeah") == "yes" and understood.yes_no("no") == "no"  # built-in words stay
    assert parsed("money", "£20 a sennight", understood) == {"amount": "20.00", "period": "week",
                                                             "approximate": False}
    assert words.default().yes_no("nope") == "no" and words.default().yes_no("aye") is None


def test_the_translator_for_a_content_folder_carries_its_words(tmp_path: Path) -> None:
    content_words(tmp_path, "en", "yes: [aye]\n")
    assert words.of(catalogues.load("en", catalogues.folders_for(tmp_path))).yes_no("aye") == "yes"
    assert words.of(catalogues.load("en")).yes_no("aye") is None
    assert catalogues.load("en") is catalogues.ENGLISH  # no words of its own: the one English translator


def test_the_conversations_language_comes_first_then_english_then_the_others(tmp_path: Path) -> None:
    content_words(tmp_path, "gd", "yes: [seadh]\nno: [y]\n")
    folders = catalogues.folders_for(tmp_path)
    assert words.load("gd", folders).yes_no("y") == "no"  # Gaelic's own word wins in Gaelic
    assert words.load("en", folders).yes_no("y") == "yes"  # English wins in English
    assert words.load("en", folders).yes_no("seadh") == "yes"  # and Gaelic words are still understood
    assert words.load("cy", folders).yes_no("ydw") == "yes" and words.load("cy", folders).yes_no("yes") == "yes"


def test_an_unknown_language_understands_the_built_in_words(tmp_path: Path) -> None:
    understood = words.load("xx")
    assert understood.yes_no("yes") == "yes" and understood.yes_no("ydw") == "yes"
    assert understood.numbers["three"] == 3 and understood.months["march"] == 3
    translator = catalogues.load("xx")
    assert translator.language == "xx" and words.of(translator).yes_no("nope") == "no"
    assert parsed("money", "£20 a week", words.of(translator))["period"] == "week"


def test_month_and_day_names_come_from_babel_in_any_language() -> None:
    gaelic = words.load("gd")  # no words file anywhere: CLDR's names only
    assert gaelic.months["dhen mhàrt"] == 3 and gaelic.months["màrt"] == 3 and gaelic.months["mart"] == 3
    assert parsed("date", "3 dhen Mhàrt 2027", gaelic) == "2027-03-03"
    assert parsed("date", "Wednesday 3 March 2027") == "2027-03-03"  # day names from Babel too
    assert parsed("date", "Tuesday 3 March 2027") == "refused"  # 3 March 2027 is a Wednesday


# ------------------------------------------------------------------ broken files
@pytest.mark.parametrize(("text", "line", "said"), [
    ("yes: [aye]\nno: [nay]\nnumbers: three\n", 3, "'numbers' should hold names with words under them"),
    ("yes: [aye]\nno: nay\n", 2, "'no' should be a list of words"),
    ("yes: [aye]\nmaybe: [perhaps]\n", 2, "'maybe' is not something a words file can hold"),
    ("yes: [aye\nno: [nay]\n", 2, "it is not written as YAML should be (expected ',' or ']'"),
    ("months:\n  3: [mar]\n  13: [smarch]\n", 3, "'13' should be the number of a month, from 1 to 12"),
    ("numbers:\n  three: [tri]\n", 2, "'three' should be a whole number, like 3"),
    ("periods:\n  week: [wk]\n  fortnite: [ftn]\n", 3, "'fortnite' is not something"),
    ("yes: &a [aye]\nno: *a\n", 1, "anchors, aliases and tags"),
    ("yes: [aye]\nno: [nay]\nyes: [yus]\n", 3, "'yes' is written twice (first on line 1); keep one of them"),
    ("times:\n  noon: [noon]\n  noon: [midday]\n", 3, "'noon' is written twice (first on line 2)"),
    ("yes: [!!python/name:os.system aye]\n", 1, "anchors, aliases and tags"),
])
def test_a_broken_words_file_is_named_with_its_line(tmp_path: Path, text: str, line: int, said: str) -> None:
    path = content_words(tmp_path, "en", text)
    with pytest.raises(WordsError) as caught:
        words.load("en", catalogues.folders_for(tmp_path))
    assert str(caught.value).startswith(f"{path}:{line}: the words file cannot be used: {said}")
    assert str(caught.value).endswith("Fix this line, or take the file away.")
    assert [str(e) for e in words.check(catalogues.folders_for(tmp_path))] == [str(caught.value)]


def test_a_broken_words_file_never_stops_a_conversation_or_a_message(tmp_path: Path,
                                                                      caplog: pytest.LogCaptureFixture) -> None:
    path = content_words(tmp_path, "en", "yes: [aye]\nno: nay\n")
    translator = catalogues.load("cy", catalogues.folders_for(tmp_path))
    assert words.of(translator).yes_no("ydw") == "yes" and words.of(translator).yes_no("aye") is None
    assert f"{path}:2: the words file cannot be used" in caplog.text
    assert words.check(catalogues.folders_for(tmp_path))[0].line == 2


def test_yes_and_no_stay_words_in_a_words_file(tmp_path: Path) -> None:
    content_words(tmp_path, "en", "yes: [on, y, yes]\nno: [off, n, no]\n")
    assert words.load("en", catalogues.folders_for(tmp_path)).yes_no("off") == "no"


def test_a_words_file_too_large_is_refused_plainly(tmp_path: Path) -> None:
    path = content_words(tmp_path, "en", "yes: [" + "aye, " * 300_000 + "aye]\n")
    with pytest.raises(WordsError, match=r"larger than 1000000 bytes"):
        words.read(path)


# ------------------------------------------------------------------ one yes/no list
def test_line_mode_and_the_yes_no_kind_understand_the_same_words() -> None:
    understood = words.default()
    assert {"do", "yeah", "ydy", "nac ydy"} <= understood.yes_words | understood.no_words  # were in one list only
    for word in sorted(understood.yes_words | understood.no_words):
        expected = understood.yes_no(word)
        assert parsed("yes_no", word) == expected
        line = Line(io.StringIO(word + "\n"), io.StringIO())
        assert yes_or_no(line, "Yes or no? ", "Please type yes or no.") is (expected == "yes")
    line = Line(io.StringIO("maybe\n\n"), out := io.StringIO())
    assert yes_or_no(line, "Yes or no? ", "Please type yes or no.") is False  # Enter is no, after asking again
    assert "Please type yes or no." in out.getvalue()


# ------------------------------------------------------------------ English and Welsh as before
BEFORE = [  # (kind, typed, what the code before words files made of it)
    ("money", "£120 a week", ("120.00", "week")), ("money", "120 pw", ("120.00", "week")),
    ("money", "120 p.w.", ("120.00", "week")), ("money", "120 p w", ("120.00", "week")),
    ("money", "120/w", ("120.00", "week")), ("money", "120 a/w", ("120.00", "week")),
    ("money", "£1,040 y mis", ("1040.00", "month")), ("money", "tua £150 yr wythnos", ("150.00", "week", True)),
    ("money", "120 per annum", ("120.00", "year")), ("money", "120 p.a.", ("120.00", "year")),
    ("money", "120 pcm", ("120.00", "month")), ("money", "120 per calendar month", ("120.00", "month")),
    ("money", "120 every 2 weeks", "refused"), ("money", "120 fortnightly", "refused"),
    ("money", "120 bob mis", ("120.00", "month")), ("money", "120 misol", ("120.00", "month")),
    ("money", "50ish a week", ("50.00", "week", True)), ("money", "~50 a week", ("50.00", "week", True)),
    ("money", "50 punt yr wythnos", ("50.00", "week")), ("money", "gbp 50 a week", ("50.00", "week")),
    ("money", "50 p.m.", ("50.00", "month")), ("money", "50 y flwyddyn", ("50.00", "year")),
    ("money", "o gwmpas 30 y mis", ("30.00", "month", True)), ("money", "120 w", "refused"),
    ("money", "50 a fish", "refused"), ("money", "50", "refused"),
    ("number", "three", 3), ("number", "tri", 3), ("number", "dwy", 2), ("number", "twenty", 20),
    ("number", "about 5", 5), ("number", "dim", 0), ("number", "twenty one", "refused"),
    ("time", "6am", "06:00"), ("time", "6a.m.", "06:00"), ("time", "6.30 p.m.", "18:30"), ("time", "noon", "12:00"),
    ("time", "12 noon", "12:00"), ("time", "midnight", "00:00"), ("time", "6yb", "06:00"),
    ("time", "6 y bore", "06:00"), ("time", "6 yn y prynhawn", "18:00"), ("time", "6y.b.", "06:00"),
    ("time", "hanner dydd", "12:00"), ("time", "canol nos", "00:00"), ("time", "6 o'clock", "refused"),
    ("time", "6 oclock pm", "18:00"), ("time", "7 yp", "19:00"),
    ("date", "3 March 2027", "2027-03-03"), ("date", "March 3 2027", "2027-03-03"),
    ("date", "3rd of March 2027", "2027-03-03"), ("date", "3 fawrth 2027", "2027-03-03"),
    ("date", "3 sept 2027", "2027-09-03"), ("date", "3 sep 2027", "2027-09-03"), ("date", "yfory", "2026-12-01"),
    ("date", "ddoe", "2026-11-29"), ("date", "5 fai 2027", "2027-05-05"), ("date", "march 3rd, 2027", "2027-03-03"),
    ("yes_no", "Yeah", "yes"), ("yes_no", "ydych", "yes"), ("yes_no", "nac ydyn", "no"), ("yes_no", True, "yes"),
    ("yes_no", "2", "no"), ("yes_no", "maybe", "refused"),
]


def _short(value: Any) -> Any:
    if isinstance(value, dict):
        return (value["amount"], value["period"], True) if value["approximate"] else (value["amount"], value["period"])
    return value


@pytest.mark.parametrize(("kind", "typed", "expected"), BEFORE)
def test_english_and_welsh_answers_are_read_as_before(kind: str, typed: Any, expected: Any) -> None:
    assert _short(parsed(kind, typed)) == expected
    for language in ("en", "cy"):
        assert _short(parsed(kind, typed, words.load(language))) == expected
