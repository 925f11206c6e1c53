"""Kinds for a time of day and a date, read as people in the UK write them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar, Literal

from .base import Invalid, Parsed, QuestionBase, QuestionKind, normalise

NOT_A_TIME = "Please give a time, like 6am, 6:30pm or 18:30."
AM_OR_PM = "Is that {hour} in the morning or the evening? Please say {hour}am or {hour}pm."
NOT_A_DATE = "Please give a date, like 23/11/2026 or 23 November 2026."
MUST_BE_PAST = "Please give a date that is today or earlier."
MUST_BE_FUTURE = "Please give a date that is today or later."

_MONTHS = {name: i for i, names in enumerate(
    ["jan january", "feb february", "mar march", "apr april", "may", "jun june", "jul july",
     "aug august", "sep sept september", "oct october", "nov november", "dec december"], 1)
    for name in names.split()}


class ShownValue(str):
    """A stored value ('06:00') that compares as stored but reads as people say it ('6am')."""

    shown: str

    def __new__(cls, value: str, shown: str) -> "ShownValue":
        obj = super().__new__(cls, value)
        obj.shown = shown
        return obj

    def __str__(self) -> str:
        return self.shown


class TimeQuestion(QuestionBase):
    kind: Literal["time"]


class DateQuestion(QuestionBase):
    kind: Literal["date"]
    past_only: bool = False
    future_only: bool = False


class Time(QuestionKind):
    name = "time"
    model: ClassVar[type[QuestionBase]] = TimeQuestion

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        text = normalise(str(raw)).replace(" ", "").replace("o'clock", "").replace("oclock", "")
        text = text.replace("a.m.", "am").replace("p.m.", "pm")
        if text in ("noon", "midday", "12noon"):
            return Parsed("12:00")
        if text == "midnight":
            return Parsed("00:00")
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

    def for_expressions(self, question: Any, value: Any) -> Any:
        return ShownValue(value, self.display(question, value))

    def display(self, question: Any, value: Any) -> str:
        hour, minute = (int(x) for x in value.split(":"))
        suffix = "am" if hour < 12 else "pm"
        twelve = hour % 12 or 12
        return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"


class Date(QuestionKind):
    name = "date"
    model: ClassVar[type[QuestionBase]] = DateQuestion

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        today = today or dt.date.today()
        day = raw if isinstance(raw, dt.date) else self._read(normalise(str(raw)), today)
        if day is None:
            return Invalid(NOT_A_DATE)
        if question.past_only and day > today:
            return Invalid(MUST_BE_PAST)
        if question.future_only and day < today:
            return Invalid(MUST_BE_FUTURE)
        return Parsed(day.isoformat())

    @staticmethod
    def _read(text: str, today: dt.date) -> dt.date | None:
        relative = {"today": 0, "tomorrow": 1, "yesterday": -1}
        if text in relative:
            return today + dt.timedelta(days=relative[text])
        try:
            if match := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            if match := re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", text):
                year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
                return dt.date(year, int(match[2]), int(match[1]))
            words = text.replace(",", " ").split()
            words = [re.sub(r"(?<=\d)(st|nd|rd|th)$", "", w) for w in words if w != "of"]
            if len(words) == 3:
                if words[0].isdecimal() and words[1] in _MONTHS and words[2].isdecimal():
                    return dt.date(int(words[2]), _MONTHS[words[1]], int(words[0]))
                if words[1].isdecimal() and words[0] in _MONTHS and words[2].isdecimal():
                    return dt.date(int(words[2]), _MONTHS[words[0]], int(words[1]))
        except ValueError:
            return None
        return None

    def for_expressions(self, question: Any, value: Any) -> Any:
        return ShownValue(value, self.display(question, value))

    def display(self, question: Any, value: Any) -> str:
        day = dt.date.fromisoformat(value)
        return f"{day.day} {day.strftime('%B')} {day.year}"
