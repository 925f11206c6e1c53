"""Kinds for a time of day and a date, read as people in the UK write them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar, Literal

from planner.i18n.translator import N_, Translator

from .base import Invalid, Parsed, QuestionBase, QuestionKind, normalise
from .numbers import read_numerals

NOT_A_TIME = N_("Please give a time, like 6am, 6:30pm or 18:30.")
AM_OR_PM = N_("Is that {hour} in the morning or the evening? Please say {hour}am or {hour}pm.")
NOT_A_DATE = N_("Please give a date, like 23/11/2026 or 23 November 2026.")
MUST_BE_PAST = N_("Please give a date that is today or earlier.")
MUST_BE_FUTURE = N_("Please give a date that is today or later.")
MORNING, EVENING = N_("{time}am"), N_("{time}pm")

_MONTHS = {name: i for i, names in enumerate(
    ["jan january ionawr", "feb february chwefror", "mar march mawrth", "apr april ebrill", "may mai",
     "jun june mehefin", "jul july gorffennaf", "aug august awst", "sep sept september medi", "oct october hydref",
     "nov november tachwedd", "dec december rhagfyr"], 1)
    for name in names.split()}
# Welsh months after a number soften: '3 Fawrth', '5 Fehefin' (a date may be written either way).
_MONTHS.update({"fawrth": 3, "fai": 5, "fehefin": 6, "orffennaf": 7})
_RELATIVE = {"today": 0, "tomorrow": 1, "yesterday": -1, "heddiw": 0, "yfory": 1, "fory": 1, "ddoe": -1}


class ShownValue(str):
    """A stored value ('06:00') that compares as stored but reads as people say it ('6am')."""

    shown: str

    def __new__(cls, value: str, shown: str) -> ShownValue:
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
        text = normalise(read_numerals(str(raw))).replace(" ", "").replace("o'clock", "").replace("oclock", "")
        text = text.replace("a.m.", "am").replace("p.m.", "pm").replace("y.b.", "am").replace("y.h.", "pm")
        text = re.sub(r"(?<=\d)(?:yb|ybore|ynybore)$", "am", text)  # Welsh: 6yb, 6 y bore
        text = re.sub(r"(?<=\d)(?:yh|yp|yrhwyr|ynyrhwyr|ynyprynhawn)$", "pm", text)  # 6yh, 6 yr hwyr
        if text in ("noon", "midday", "12noon", "hannerdydd", "ganoldydd", "canoldydd"):
            return Parsed("12:00")
        if text in ("midnight", "hannernos", "canolnos", "ganolnos"):
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
        day = raw if isinstance(raw, dt.date) else self._read(normalise(read_numerals(str(raw))), today)
        if day is None:
            return Invalid(NOT_A_DATE)
        if question.past_only and day > today:
            return Invalid(MUST_BE_PAST)
        if question.future_only and day < today:
            return Invalid(MUST_BE_FUTURE)
        return Parsed(day.isoformat())

    @staticmethod
    def _read(text: str, today: dt.date) -> dt.date | None:
        if text in _RELATIVE:
            return today + dt.timedelta(days=_RELATIVE[text])
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

    def for_expressions(self, question: Any, value: Any, tr: Translator | None = None) -> Any:
        return ShownValue(value, self.display(question, value, tr))

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        day = dt.date.fromisoformat(value)
        if tr is not None and not tr.is_english:
            from babel.dates import format_date

            return format_date(day, "d MMMM y", locale=tr.language)
        return f"{day.day} {day.strftime('%B')} {day.year}"
