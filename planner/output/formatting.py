"""Money, dates, times, numbers and lists in the session's locale, through Babel.

The locale is passed in, never global: one formatter per rendering.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from collections.abc import Callable

from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from planner.i18n.lists import and_join
from planner.i18n.translator import ENGLISH, N_, Translator

MAX_DIGITS = 30  # in an amount or number: far beyond any real one
MAX_ITEMS = 1000  # in one list said as words: Babel joins them one by one
PERIODS = {"week": N_("a week"), "month": N_("a month"), "year": N_("a year"), "once": N_("once only")}


class Formatter:
    """Babel formatting for one locale, as Jinja filters."""

    def __init__(self, locale: str = "en_GB", currency: str = "GBP", *, translator: Translator = ENGLISH) -> None:
        self.locale = locale
        self.currency = currency
        self.translator = translator

    def money(self, amount: Decimal | float | int | None) -> str:
        """'£1,234.50'."""
        if amount is None:
            return ""
        _short_number(amount)
        return format_currency(Decimal(str(amount)), self.currency, locale=self.locale)

    def date(self, day: dt.date | str | None) -> str:
        """'3 June 2026'."""
        if day is None:
            return ""
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        return format_date(day, "long", locale=self.locale)

    def time(self, moment: dt.time | str | None) -> str:
        """'6:00 am' (in English; the locale's short form elsewhere)."""
        if moment is None:
            return ""
        if isinstance(moment, str):
            moment = dt.time.fromisoformat(moment)
        pattern = "h:mm a" if self.locale.startswith("en") else "short"
        return format_time(moment, pattern, locale=self.locale).replace("AM", "am").replace("PM", "pm")

    def number(self, value: int | float | Decimal | None) -> str:
        return "" if value is None else format_decimal(_short_number(value), locale=self.locale)

    def names(self, items: list[Any]) -> str:
        """'Sue, Joan and Raj'; semicolons when a name has its own comma."""
        return and_join([str(i) for i in _few(items) if i not in (None, "")], self.translator)

    def phrases(self, items: list[str]) -> str:
        """Choice labels in a sentence: 'In a letter and in large print' (semicolons if a label has a comma)."""
        words = [str(i) for i in _few(items) if i]
        return and_join(words[:1] + [lower_first(w) for w in words[1:]], self.translator)

    def period(self, period: str) -> str:
        return self.translator.gettext(PERIODS[period]) if period in PERIODS else period

    def filters(self) -> dict[str, Callable[..., str]]:
        return {"money": self.money, "date": self.date, "time": self.time, "number": self.number,
                "names": self.names, "phrases": self.phrases, "period": self.period, "lower_first": lower_first,
                "full_stop": full_stop}


def _short_number(value: Any) -> Any:
    """The value, if it has no more digits than any real amount (Babel is slow on huge ones)."""
    if len(str(value)) > MAX_DIGITS + 10:
        raise ValueError(f"a number can have at most {MAX_DIGITS} digits")
    return value


def _few(items: Any) -> list[Any]:
    """The items, if there are few enough to say as words (Babel's joining takes longer with each one)."""
    listed = list(items)
    if len(listed) > MAX_ITEMS:
        raise ValueError(f"a list said as words can have at most {MAX_ITEMS} items")
    return listed


def lower_first(text: str) -> str:
    """'Keeping clean' -> 'keeping clean', for the middle of a sentence."""
    acronym = len(text) > 1 and text[0].isupper() and text[1].isupper()
    return text[:1].lower() + text[1:] if text and not acronym else text


def full_stop(text: str) -> str:
    """End a sentence once: 'Fine' -> 'Fine.', but 'Fine.' and 'Why?' stay as they are."""
    text = str(text).rstrip()
    return text if not text or text[-1] in ".!?" else text + "."
