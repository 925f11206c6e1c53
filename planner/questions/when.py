"""Kinds for a time of day and a date, read as people in the UK write them."""

from __future__ import annotations

import datetime as dt
import re
import threading
from typing import Any, ClassVar, Literal

from planner.i18n import words as vocabulary
from planner.i18n.translator import N_, Translator
from planner.i18n.words import HALVES

from .base import Invalid, Parsed, QuestionBase, QuestionKind, normalise
from .numbers import Understands, read_numerals, words_of

NOT_A_TIME = N_("Please give a time, like 6am, 6:30pm or 18:30.")
AM_OR_PM = N_("Is that {hour} in the morning or the evening? Please say {hour}am or {hour}pm.")
NOT_A_DATE = N_("Please give a date, like 23/11/2026 or 23 November 2026.")
MUST_BE_PAST = N_("Please give a date that is today or earlier.")
MUST_BE_FUTURE = N_("Please give a date that is today or later.")
MORNING, EVENING = N_("{time}am"), N_("{time}pm")

# Babel's month and day names load once per language, on first use (a tenth of a second or more): a thread
# warming them while a date question is on screen and a reader of an answer must never both load them.
_NAMES = threading.Lock()


def _names(words: vocabulary.Words) -> tuple[dict[str, int], dict[str, int]]:
    """Day names and month names (loaded the first time they are wanted)."""
    with _NAMES:
        return words.weekdays, words.months


def _half_as_am_pm(text: str, times: dict[str, str]) -> str:
    """'6yb' and '6a.m.' as '6am': a morning or evening word straight after the time's last digit."""
    for word, meaning in sorted(times.items(), key=lambda item: len(item[0]), reverse=True):
        if meaning in HALVES and text.endswith(word) and text[: -len(word)][-1:].isdecimal():
            return text[: -len(word)] + ("am" if meaning == "morning" else "pm")
    return text


def _weekday(text: str, weekdays: dict[str, int]) -> tuple[int | None, str]:
    """A day's name at the start of a date ('Tuesday 3 March 2027'), and the date without it."""
    for name in sorted(weekdays, key=len, reverse=True):
        if text.startswith(name + " "):
            return weekdays[name], text[len(name):]
    return None, text


def _day_month_year(tokens: list[str], months: dict[str, int]) -> dt.date | None:
    """'3 March 2027' or 'March 3 2027'; a month's name may be more than one word ('dhen Mhàrt')."""
    if len(tokens) < 3 or not tokens[-1].isdecimal():
        return None
    if tokens[0].isdecimal() and " ".join(tokens[1:-1]) in months:
        return dt.date(int(tokens[-1]), months[" ".join(tokens[1:-1])], int(tokens[0]))
    if tokens[-2].isdecimal() and " ".join(tokens[:-2]) in months:
        return dt.date(int(tokens[-1]), months[" ".join(tokens[:-2])], int(tokens[-2]))
    return None


class ShownValue(str):
    """A stored value ('06:00') that compares as stored but reads as people say it ('6am')."""

    shown: str

    def __new__(cls, value: str, shown: str) -> ShownValue:
        obj = super().__new__(cls, value)
        obj.shown = shown
        return obj

    def __str__(self) -> str:
        return self.shown


class TimeQuestion(QuestionBase, Understands):
    kind: Literal["time"]


class DateQuestion(QuestionBase, Understands):
    kind: Literal["date"]
    past_only: bool = False
    future_only: bool = False


class Time(QuestionKind):
    name = "time"
    model: ClassVar[type[QuestionBase]] = TimeQuestion

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        words = words_of(question)
        text = normalise(read_numerals(str(raw))).replace(" ", "")
        for word in words.oclock:
            text = text.replace(word, "")
        said = words.times.get(text)
        if said == "noon":
            return Parsed("12:00")
        if said == "midnight":
            return Parsed("00:00")
        text = _half_as_am_pm(text, words.times)
        match = re.fullmatch(r"(\d{1,2})(?:[:.](\d{2}))?(am|pm)?", text) or re.fullmatch(r"(\d{2})(\d{2})()", text)
        if not match:
            return Invalid(NOT_A_TIME)
        hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
        if minute > 59:
            return Invalid(NOT_A_TIME)
        if half:
            if not 1 <= hour <= 12:
                return Invalid(NOT_A_TIME)
            hour = hour % 12 + (12 if half == "pm" else 0)
        elif hour > 23:
            return Invalid(NOT_A_TIME)
        elif 1 <= hour <= 12 and match.group(2) is None:
            return Invalid(AM_OR_PM, {"hour": hour})
        return Parsed(f"{hour:02d}:{minute:02d}")

    def for_expressions(self, question: Any, value: Any, tr: Translator | None = None) -> Any:
        return ShownValue(value, self.display(question, value, tr))

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        hour, minute = (int(x) for x in value.split(":"))
        twelve = hour % 12 or 12
        time = f"{twelve}" if minute == 0 else f"{twelve}:{minute:02d}"
        half = MORNING if hour < 12 else EVENING
        return (tr.gettext(half) if tr else half).format(time=time)


class Date(QuestionKind):
    name = "date"
    model: ClassVar[type[QuestionBase]] = DateQuestion

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        today = today or dt.date.today()
        words = words_of(question)
        day = raw if isinstance(raw, dt.date) else self._read(normalise(read_numerals(str(raw))), today, words)
        if day is None:
            return Invalid(NOT_A_DATE)
        if question.past_only and day > today:
            return Invalid(MUST_BE_PAST)
        if question.future_only and day < today:
            return Invalid(MUST_BE_FUTURE)
        return Parsed(day.isoformat())

    @staticmethod
    def warm(question: Any) -> threading.Thread | None:
        """Load the month and day names the question reads on a thread of their own while it is on screen, so
        reading the answer never waits for them; None when they are loaded already."""
        words = words_of(question)
        if "weekdays" in vars(words) and "months" in vars(words):
            return None
        thread = threading.Thread(target=_names, args=(words,), name="planner-date-names", daemon=True)
        thread.start()
        return thread

    @staticmethod
    def _read(text: str, today: dt.date, words: vocabulary.Words) -> dt.date | None:
        if text in words.days:
            return today + dt.timedelta(days=words.days[text])
        try:
            if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text):
                year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
                return dt.date(year, int(match[2]), int(match[1]))
            weekdays, months = _names(words)
            weekday, text = _weekday(text.replace(",", " "), weekdays)
            tokens = [words.ordinal.sub("", w) for w in text.split() if w not in words.date_words]
            day = _day_month_year(tokens, months)
        except ValueError:
            return None
        return day if day is not None and weekday in (None, day.weekday()) else None

    def for_expressions(self, question: Any, value: Any, tr: Translator | None = None) -> Any:
        return ShownValue(value, self.display(question, value, tr))

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        day = dt.date.fromisoformat(value)
        if tr is not None and not tr.is_english:
            from babel.dates import format_date

            return format_date(day, "d MMMM y", locale=tr.language)
        return f"{day.day} {day.strftime('%B')} {day.year}"
