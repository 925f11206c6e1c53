"""Kinds for counts and money, read the way people say them ("about £120 a week")."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, Literal
from collections.abc import Callable

from pydantic import BaseModel, Field

from planner.i18n import words as vocabulary
from planner.i18n.translator import N_, Translator

from . import messages as m
from .base import Invalid, Parsed, QuestionBase, QuestionKind, normalise, private_store

NOT_A_NUMBER = N_("Please give a whole number, like 3.")
OUT_OF_RANGE = N_("Please give a number from {min} to {max}.")
TOO_SMALL = N_("Please give a number of {min} or more.")
TOO_BIG = N_("Please give a number of {max} or less.")
NOT_MONEY = N_("Please give an amount of money, like £120 or 120.50.")
NEGATIVE_MONEY = N_("Please give an amount of 0 or more.")
TOO_MUCH_MONEY = N_("That amount looks too large. Please check it.")
WHICH_PERIOD = N_("Is that {periods}? Please say, for example '{example}'.")
PERIOD_NOT_OFFERED = N_("Please give the amount {periods}.")

Period = Literal["week", "month", "year", "once"]
_USUAL_PERIODS: tuple[Period, ...] = ("week", "month", "year")
PERIOD_LABELS = {"week": N_("a week"), "month": N_("a month"), "year": N_("a year"), "once": N_("once only")}
PER_PERIOD = {"week": N_("{amount} a week"), "month": N_("{amount} a month"), "year": N_("{amount} a year"),
              "once": N_("{amount} once only")}
ABOUT = N_("about {amount}")
EITHER = {  # whole phrases, so each language can join them its own way
    ("week", "month", "year"): N_("a week, a month or a year"), ("week", "month"): N_("a week or a month"),
    ("month", "year"): N_("a month or a year"), ("week", "year"): N_("a week or a year"),
}
OR = N_("{some} or {last}")
MAX_MONEY = Decimal("10000000")

# Marks that mean the same in a number as an ASCII one. Anything else that is not a letter,
# digit or ASCII mark is dropped by `normalise` and so can only make a number unreadable.
_MINUS = "\u2212\u207b\u208b\u2796\u02d7\u2052"  # minus signs that are not dash punctuation
_WAVES = "\u301c\u3030\uff5e"  # wave dashes and the fullwidth tilde mean 'about', like '~'
_SAME_MARK = str.maketrans({
    **dict.fromkeys(_MINUS, "-"), **dict.fromkeys(_WAVES, "~"),
    "\uff0b": "+", "\ufe62": "+", "\u207a": "+", "\u208a": "+",
    "\u066b": ".", "\uff0e": ".", "\ufe52": ".",  # Arabic decimal separator, fullwidth and small full stops
    "\u066c": ",", "\uff0c": ",", "\ufe50": ",",  # Arabic thousands separator, fullwidth and small commas
    "\uff0f": "/", "\uff1a": ":", "\uffe1": "£",
})
_NOT_A_MINUS = {"\u301c", "\u3030", "\u1806"}  # wave dashes; the Mongolian soft hyphen is never seen
_GROUP_SPACE = re.compile(r"(?<=\d)[\u00a0\u202f\u2009\u2007](?=\d{3}(?!\d))")  # '1 000' with a no-break space
_POINT = re.compile(r"(?<=\d)\u00b7(?=\d)")  # '5·50': the old British decimal point


def read_numerals(text: str) -> str:
    """Numbers in `text` as ASCII: digits of any script as 0-9, every dash as '-', and other scripts' points and commas.

    The parsers then read the text as they read ASCII, so 5 after a minus sign (U+2212) is minus five
    (and refused where that makes no sense, as '-5' is) and Arabic-Indic 5, decimal separator, 5 is 5.5, never 5.
    """
    out = []
    for char in text.translate(_SAME_MARK):
        if char.isdecimal() and not char.isascii():
            out.append(str(unicodedata.decimal(char)))
        elif char not in _NOT_A_MINUS and not char.isascii() and unicodedata.category(char) == "Pd":
            out.append("-")
        else:
            out.append(char)
    return _POINT.sub(".", _GROUP_SPACE.sub(",", "".join(out)))


class Understands(BaseModel):
    """A question that reads people's own words ('three', 'bob mis'): those of the language it is shown in.

    The words are kept with its lines in its store of private values (see ContentModelBase).
    """


def with_words(question: Any, words: vocabulary.Words) -> Any:
    """The question (a copy made for one language) reading `words`, with its list fields; others as they are."""
    if isinstance(question, Understands):
        private_store(question)["_words"] = words
    for field in getattr(question, "fields", None) or []:
        with_words(field, words)
    return question


def words_of(question: Any) -> vocabulary.Words:
    """The words a question reads: its language's, else the built-in ones (English first)."""
    private = question.__pydantic_private__ if isinstance(question, Understands) else None
    found = private.get("_words") if private else None
    return found if found is not None else vocabulary.default()


class NumberQuestion(QuestionBase, Understands):
    kind: Literal["number"]
    min: int | None = None
    max: int | None = None
    unit: str | None = None


class MoneyQuestion(QuestionBase, Understands):
    kind: Literal["money"]
    periods: list[Period] = Field(default_factory=lambda: list(_USUAL_PERIODS), min_length=1)


class Number(QuestionKind):
    name = "number"
    model: ClassVar[type[QuestionBase]] = NumberQuestion

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        if isinstance(raw, bool):
            return Invalid(NOT_A_NUMBER)
        if isinstance(raw, int):
            number = raw
        else:
            words = words_of(question)
            text = words.about.sub(" ", normalise(read_numerals(str(raw)))).strip().rstrip(" .")  # '.5' is not 5
            text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
            if question.unit:
                text = text.replace(normalise(question.unit), " ").strip()
            if text in words.numbers:
                number = words.numbers[text]
            elif re.fullmatch(r"[-+]?\d{1,12}", text):
                number = int(text)
            else:
                return Invalid(NOT_A_NUMBER)
        low, high = question.min, question.max
        if (low is not None and number < low) or (high is not None and number > high):
            if low is not None and high is not None:
                return Invalid(OUT_OF_RANGE, {"min": low, "max": high})
            return Invalid(TOO_SMALL, {"min": low}) if low is not None else Invalid(TOO_BIG, {"max": high})
        return Parsed(number)

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        return f"{value} {question.unit}" if question.unit else str(value)

    def check(self, question: Any) -> list[tuple[str, dict[str, Any]]]:
        if question.min is not None and question.max is not None and question.min > question.max:
            return [(m.MIN_OVER_MAX, {"min": question.min, "max": question.max})]
        return []


def _amount(text: str, words: vocabulary.Words) -> Decimal | None:
    for word in words.pounds:
        text = text.replace(word, " ")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text).strip().rstrip(" .")  # a full stop ends a sentence
    match = re.fullmatch(r"(-?(?:\d+(?:\.\d{1,2})?|\.\d{1,2}))\s*(k)?", text)  # '.5' is 50p, never £5
    if not match:
        return None
    try:
        amount = Decimal(match.group(1))
    except InvalidOperation:
        return None
    return amount * 1000 if match.group(2) else amount


class Money(QuestionKind):
    name = "money"
    model: ClassVar[type[QuestionBase]] = MoneyQuestion

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        periods = list(question.periods)
        words = words_of(question)
        approximate = False
        if isinstance(raw, dict):
            period = raw.get("period")
            approximate = bool(raw.get("approximate", False))
            amount = _amount(normalise(read_numerals(str(raw.get("amount", "")))), words)
        else:
            numerals = read_numerals(str(raw))
            text = normalise(numerals)
            approximate = bool(words.about.search(text)) or "~" in numerals  # normalise drops '~'
            text = words.about.sub(" ", text)
            period, text = words.find_period(text)
            amount = _amount(" ".join(text.split()), words)
        if amount is None:
            return Invalid(NOT_MONEY)
        if amount < 0:
            return Invalid(NEGATIVE_MONEY)
        if amount > MAX_MONEY:
            return Invalid(TOO_MUCH_MONEY)
        if period is None:
            if len(periods) > 1:
                example = PER_PERIOD[periods[0]]
                return Invalid(WHICH_PERIOD, {"periods": lambda say: _either(periods, say),
                                              "example": lambda say: say(example).format(amount=f"£{amount:,}")})
            period = periods[0]
        if period not in periods:
            return Invalid(PERIOD_NOT_OFFERED, {"periods": lambda say: _either(periods, say)})
        return Parsed({"amount": f"{amount.quantize(Decimal('0.01'))}", "period": period, "approximate": approximate})

    def parts(self, question: Any) -> list[str]:
        return ["amount", "period", "approximate"]

    def for_expressions(self, question: Any, value: Any, tr: Translator | None = None) -> Any:
        return MoneyValue({**value, "amount": float(value["amount"])}, self.display(question, value, tr))

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        say = tr.gettext if tr else _same
        amount = Decimal(str(value["amount"]))
        shown = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"  # "£120", as people say
        text = say(PER_PERIOD[value["period"]]).format(amount=f"£{shown}")
        return say(ABOUT).format(amount=text) if value.get("approximate") else text


class MoneyValue(dict[str, Any]):
    """A money answer in expressions: parts by name, and '£120.00 a week' when quoted in text."""

    def __init__(self, parts: dict[str, Any], shown: str) -> None:
        super().__init__(parts)
        self.shown = shown

    def __str__(self) -> str:
        return self.shown


def _same(message: str) -> str:
    return message


def _either(periods: list[str], say: Callable[[str], str] = _same) -> str:
    """'a week, a month or a year', in the language `say` translates into."""
    if tuple(periods) in EITHER:
        return say(EITHER[tuple(periods)])
    words = [say(PERIOD_LABELS[p]) for p in periods]
    return words[0] if len(words) == 1 else say(OR).format(some=", ".join(words[:-1]), last=words[-1])
