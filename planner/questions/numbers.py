"""Kinds for counts and money, read the way people say them ("about £120 a week")."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, ClassVar, Literal

from pydantic import Field

from planner.i18n.translator import N_, Translator

from .base import Invalid, Parsed, QuestionBase, QuestionKind, normalise

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
PERIOD_LABELS = {"week": N_("a week"), "month": N_("a month"), "year": N_("a year"), "once": N_("once only")}
PER_PERIOD = {"week": N_("{amount} a week"), "month": N_("{amount} a month"), "year": N_("{amount} a year"),
              "once": N_("{amount} once only")}
ABOUT = N_("about {amount}")
EITHER = {  # whole phrases, so each language can join them its own way
    ("week", "month", "year"): N_("a week, a month or a year"), ("week", "month"): N_("a week or a month"),
    ("month", "year"): N_("a month or a year"), ("week", "year"): N_("a week or a year"),
}
OR = N_("{some} or {last}")
_EACH = r"(?:(?:a|an|per|each|every|a\s?/|p\s?/|/)\s*)?"  # '£120 a wk', 'per annum', '/month'
_BOB = r"(?:(?:yr|y|bob|pob|y\s?/|/)\s*)?"  # Welsh: '£120 yr wythnos', 'bob mis'
# Ways people write each period. Periods a money question can never offer (a day,
# a fortnight) are read too, so the person is asked for one it does offer.
_PERIOD_PATTERNS = {
    "week": [_EACH + r"(?:weeks?|wks?)", r"weekly", r"p\.?\s?w\.?", r"(?:p\s?|a\s?)?/\s?w",
             _BOB + r"wythnos", r"wythnosol"],
    "month": [_EACH + r"(?:calendar months?|months?|mths?|mnths?|mos?)", r"monthly",
              r"p\.?\s?c\.?\s?m\.?", r"p\.?\s?m\.?", r"(?:p\s?|a\s?)?/\s?m", _BOB + r"mis", r"misol"],
    "year": [_EACH + r"(?:years?|yrs?|annum)", r"yearly|annually|annual", r"p\.?\s?a\.?", r"(?:p\s?|a\s?)?/\s?y",
             _BOB + r"(?:flwyddyn|blwyddyn)", r"blynyddol"],
    "once": [r"once only|one-off|one off|one time|once|lump sum", r"unwaith(?: yn unig)?|un tro|cyfandaliad"],
    "fortnight": [_EACH + r"fortnights?", r"fortnightly|bi-?weekly",
                  r"(?:every|each|per)\s*(?:2|two|3|three|4|four)\s*weeks", r"(?:2|two|4|four)[-\s]?weekly",
                  _BOB + r"pythefnos", r"pythefnosol"],
    "day": [_EACH + r"days?", r"daily|p\.?\s?d\.?", _BOB + r"(?:dydd|diwrnod)", r"dyddiol"],
    "hour": [_EACH + r"(?:hours?|hrs?)", r"hourly|p\.?\s?h\.?", _BOB + r"awr"],
    "quarter": [_EACH + r"quarters?", r"quarterly", _BOB + r"chwarter", r"chwarterol"],
}
_PERIODS = [(period, re.compile(r"(?<![a-z])(?:" + pattern + r")(?![a-z])"))
            for period, patterns in _PERIOD_PATTERNS.items() for pattern in patterns]
_APPROX = re.compile(r"\b(about|around|roughly|approx(imately)?|nearly|almost|maybe|or so"
                     r"|tua|oddeutu|o gwmpas|bron|rhyw)\b|~|-?ish\b")
_WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_WORD_NUMBERS.update({w: i for i, words in enumerate(
    ["dim", "un", "dau dwy", "tri tair", "pedwar pedair", "pump pum", "chwech chwe", "saith", "wyth", "naw", "deg"])
    for w in words.split()})
MAX_MONEY = Decimal("10000000")


class NumberQuestion(QuestionBase):
    kind: Literal["number"]
    min: int | None = None
    max: int | None = None
    unit: str | None = None


class MoneyQuestion(QuestionBase):
    kind: Literal["money"]
    periods: list[Period] = Field(default_factory=lambda: ["week", "month", "year"], min_length=1)


class Number(QuestionKind):
    name = "number"
    model: ClassVar[type[QuestionBase]] = NumberQuestion

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        if isinstance(raw, bool):
            return Invalid(NOT_A_NUMBER)
        if isinstance(raw, int):
            number = raw
        else:
            text = _APPROX.sub(" ", normalise(str(raw))).strip(" .")
            text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text)
            if question.unit:
                text = text.replace(normalise(question.unit), " ").strip()
            if text in _WORD_NUMBERS:
                number = _WORD_NUMBERS[text]
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
        from planner.flows import messages as m

        if question.min is not None and question.max is not None and question.min > question.max:
            return [(m.MIN_OVER_MAX, {"min": question.min, "max": question.max})]
        return []


def _find_period(text: str) -> tuple[str | None, str]:
    """The period named in the text (the longest way of writing one found), and the text without it."""
    best: tuple[int, int, str, re.Match[str]] | None = None
    for period, pattern in _PERIODS:
        for found in pattern.finditer(text):
            key = (found.end() - found.start(), -found.start())
            if best is None or key > best[:2]:
                best = (*key, period, found)
    if best is None:
        return None, text
    found = best[3]
    return best[2], text[: found.start()] + " " + text[found.end():]


def _amount(text: str) -> Decimal | None:
    for word in ("£", "gbp", "pounds", "pound", "punnoedd", "punt"):
        text = text.replace(word, " ")
    text = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text).strip(" .")
    match = re.fullmatch(r"(-?\d+(?:\.\d{1,2})?)\s*(k)?", text)
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
        approximate = False
        if isinstance(raw, dict):
            period = raw.get("period")
            approximate = bool(raw.get("approximate", False))
            amount = _amount(normalise(str(raw.get("amount", ""))))
        else:
            text = normalise(str(raw))
            approximate = bool(_APPROX.search(text))
            text = _APPROX.sub(" ", text)
            period, text = _find_period(text)
            amount = _amount(" ".join(text.split()))
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


class MoneyValue(dict):  # type: ignore[type-arg]
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
