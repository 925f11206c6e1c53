"""#13 point 10: every dash that means minus is minus, and digits and marks of other scripts are read right or refused.

'5 a week' after a minus sign (U+2212) once became £5.00, and '5' after an Arabic decimal
separator (U+066B) became 5: a character the parser did not know was dropped, and what was left
read as another number. Here each reading is checked against a
careful one worked out independently in the test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.questions.base import Invalid, Parsed
from planner.questions.numbers import MAX_MONEY, NEGATIVE_MONEY, Money, MoneyQuestion, Number, NumberQuestion
from planner.questions.when import Date, DateQuestion, Time, TimeQuestion

MONEY = MoneyQuestion(id="m", kind="money", prompt="How much?")
COUNT = NumberQuestion(id="n", kind="number", prompt="How many?")
AT_LEAST_NOUGHT = NumberQuestion(id="n", kind="number", prompt="How many?", min=0)
TIME = TimeQuestion(id="t", kind="time", prompt="When?")
DATE = DateQuestion(id="d", kind="date", prompt="When?")

MINUSES = ["-", "\u2212", "\u2012", "\u2013", "\u2014", "\ufe63", "\uff0d", "\u2010", "\u2011", "\u2015", "\ufe58"]
ZEROS = {"ascii": "0", "arabic-indic": "\u0660", "extended arabic-indic": "\u06f0", "devanagari": "\u0966",
         "bengali": "\u09e6", "fullwidth": "\uff10", "thai": "\u0e50", "mathematical bold": "\U0001d7ce"}
GROUPS = [",", "\u066c", "\uff0c", "\u00a0", "\u202f", "\u2009"]  # thousands: comma, Arabic, fullwidth, spaces
POINTS = [".", "\u066b", "\uff0e", "\u00b7"]  # decimal: full stop, Arabic, fullwidth, the old British middle dot


def written(number: int, zero: str, group: str | None) -> str:
    """`number`'s digits in the script whose zero is `zero`, grouped in threes with `group`."""
    digits = "".join(chr(ord(zero) + int(d)) for d in str(number))
    if group is None:
        return digits
    head = len(digits) % 3 or 3
    return group.join([digits[:head], *(digits[i:i + 3] for i in range(head, len(digits), 3))])


def parsed(result: Parsed | Invalid) -> object:
    return result.value if isinstance(result, Parsed) else None


@pytest.mark.parametrize(("typed", "message"), [
    ("\u22125 a week", NEGATIVE_MONEY), ("\u20135 a week", NEGATIVE_MONEY), ("\uff0d5 a week", NEGATIVE_MONEY),
    ("\u2014\u00a35 a week", None), ("\u00a3\u22125 a week", NEGATIVE_MONEY), ("\ufe635 a week", NEGATIVE_MONEY),
])
def test_a_minus_in_money_is_refused_as_minus(typed: str, message: str | None) -> None:
    result = Money().parse(MONEY, typed)
    assert isinstance(result, Invalid), result
    if message:
        assert result.message == message


@pytest.mark.parametrize(("typed", "amount"), [
    ("\u066b5 a week", "0.50"), ("\u00a3\u0665\u066b\u0665 a week", "5.50"), (".5 a week", "0.50"),
    ("\uff15\uff0c\uff10\uff10\uff10 a week", "5000.00"), ("5\u00a0000 a week", "5000.00"),
    ("\u00a35\u00b750 a week", "5.50"), ("\u06f1\u06f2\u06f0 a month", "120.00"),
    ("\u0967\u0968\u0966 a year", "120.00"),
])
def test_other_scripts_digits_and_marks_are_read_right(typed: str, amount: str) -> None:
    assert parsed(Money().parse(MONEY, typed))["amount"] == amount  # type: ignore[index]


def test_counts_times_and_dates_read_dashes_and_digits() -> None:
    assert parsed(Number().parse(COUNT, "\u22125")) == -5  # minus, as '-5' is with no minimum
    assert isinstance(Number().parse(AT_LEAST_NOUGHT, "\u22125"), Invalid)  # refused, as '-5' is
    assert parsed(Number().parse(COUNT, "\u0663")) == 3
    assert parsed(Number().parse(COUNT, "1\u066c000")) == 1000
    assert isinstance(Number().parse(COUNT, "\u066b5"), Invalid)  # not a whole number, never 5
    assert isinstance(Number().parse(COUNT, "3\u20134"), Invalid)  # a range, not 34
    assert parsed(Time().parse(TIME, "\uff16\uff1a\uff13\uff10pm")) == "18:30"
    assert parsed(Time().parse(TIME, "\u0661\u0660:\u0663\u0660")) == "10:30"
    assert isinstance(Time().parse(TIME, "\u22126pm"), Invalid)
    assert isinstance(Time().parse(TIME, "1\u22122pm"), Invalid)  # never 12pm
    assert parsed(Date().parse(DATE, "\u0662\u0663/\u0661\u0661/\u0662\u0660\u0662\u0666")) == "2026-11-23"
    assert parsed(Date().parse(DATE, "23\u201311\u20132026")) == "2026-11-23"


amounts = st.builds(lambda pounds, pence, digits: (pounds, pence, digits), st.integers(0, 20_000_000),
                    st.none() | st.integers(0, 99), st.sampled_from([1, 2]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(amount=amounts, sign=st.sampled_from(["", *MINUSES]), zero=st.sampled_from(sorted(ZEROS.values())),
       group=st.none() | st.sampled_from(GROUPS), point=st.sampled_from(POINTS), pound=st.booleans(),
       period=st.sampled_from([" a week", " per month", " a year", "/w"]))
def test_money_is_read_as_a_careful_reader_would(amount: tuple[int, int | None, int], sign: str, zero: str,
                                                  group: str | None, point: str, pound: bool, period: str) -> None:
    pounds, pence, places = amount
    text = written(pounds, zero, group)
    expected = Decimal(pounds)
    if pence is not None:
        cents = f"{pence:02d}" if places == 2 else str(pence % 10)
        text += point + written(int(cents), zero, None).rjust(len(cents), zero)
        expected += Decimal(cents) / 10 ** len(cents)
    typed = sign + ("\u00a3" if pound else "") + text + period
    expected = -expected if sign else expected
    result = Money().parse(MONEY, typed)
    if sign:  # minus is minus: refused, never read as an amount more than 0
        assert isinstance(result, Invalid) or expected == Decimal(result.value["amount"]) == 0, (typed, result)
    elif expected > MAX_MONEY:
        assert isinstance(result, Invalid), (typed, result)
    else:
        assert isinstance(result, Parsed), (typed, result)
        assert Decimal(result.value["amount"]) == expected, typed


@settings(max_examples=300, deadline=None)
@given(number=st.integers(0, 10**11), sign=st.sampled_from(["", *MINUSES]),
       zero=st.sampled_from(sorted(ZEROS.values())), group=st.none() | st.sampled_from(GROUPS))
def test_whole_numbers_are_read_as_a_careful_reader_would(number: int, sign: str, zero: str, group: str | None) -> None:
    typed = sign + written(number, zero, group)
    expected = -number if sign else number
    assert parsed(Number().parse(COUNT, typed)) == expected, typed
    bounded = Number().parse(AT_LEAST_NOUGHT, typed)
    assert parsed(bounded) == expected if expected >= 0 else isinstance(bounded, Invalid)


@settings(max_examples=200, deadline=None)
@given(hour=st.integers(0, 23), minute=st.integers(0, 59), zero=st.sampled_from(sorted(ZEROS.values())),
       colon=st.sampled_from([":", "\uff1a", "."]), sign=st.sampled_from(["", *MINUSES]))
def test_times_are_read_as_a_careful_reader_would(hour: int, minute: int, zero: str, colon: str, sign: str) -> None:
    typed = sign + written(hour, zero, None).rjust(2, zero) + colon + written(minute, zero, None).rjust(2, zero)
    result = Time().parse(TIME, typed)
    if sign:
        assert isinstance(result, Invalid), (typed, result)
    else:
        assert parsed(result) == f"{hour:02d}:{minute:02d}", typed


@settings(max_examples=200, deadline=None)
@given(day=st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)), zero=st.sampled_from(sorted(ZEROS.values())),
       dash=st.sampled_from(["/", *MINUSES]))
def test_dates_are_read_as_a_careful_reader_would(day: dt.date, zero: str, dash: str) -> None:
    typed = dash.join(written(part, zero, None) for part in (day.day, day.month, day.year))
    assert parsed(Date().parse(DATE, typed)) == day.isoformat(), typed


# Any text at all, made mostly of the characters that matter in numbers: the reading of the
# text must be the reading of the same text written in plain ASCII (or a refusal).
_CAREFUL = {**dict.fromkeys(MINUSES, "-"), "\u066b": ".", "\uff0e": ".", "\u066c": ",", "\uff0c": ",", "\uff1a": ":"}
_ALPHABET = st.sampled_from([*"0123456789.,:-/ \u00a3kamp", *MINUSES, *ZEROS.values(), "\u0665", "\uff19",
                             "\u066b", "\u066c", "\uff0c", "\uff0e", "\uff1a", "\u00a0", "\u2009", " a week"])


def careful(text: str) -> str:
    """The same text in ASCII, as a person reading it carefully would write it (worked out apart from planner)."""
    import unicodedata

    out = []
    for char in text:
        if char in _CAREFUL:
            out.append(_CAREFUL[char])
        elif char.isdecimal():
            out.append(str(unicodedata.decimal(char)))
        else:
            out.append(char)
    return "".join(out)


@settings(max_examples=400, deadline=None)
@given(text=st.lists(_ALPHABET, max_size=14).map("".join))
def test_any_text_is_read_as_its_ascii_twin_or_refused(text: str) -> None:
    twin = careful(text)
    for kind, question in ((Money(), MONEY), (Number(), COUNT), (Time(), TIME)):
        result = kind.parse(question, text)
        if isinstance(result, Parsed):
            assert result == kind.parse(question, twin), (text, twin, result)


@settings(max_examples=300, deadline=None)
@given(number=st.integers(1, 10**6), rest=st.text(max_size=30), minus=st.sampled_from(MINUSES))
def test_any_text_is_refused_or_a_sensible_amount(number: int, rest: str, minus: str) -> None:
    for text in (f"{number}{rest}", rest):
        money = Money().parse(MONEY, text)
        if isinstance(money, Parsed):
            assert Decimal(0) <= Decimal(money.value["amount"]) <= MAX_MONEY
    after = Money().parse(MONEY, f"{minus}{number}{rest}")  # a number after a minus is never more than nothing
    assert isinstance(after, Invalid), (f"{minus}{number}{rest}", after)


def test_a_choice_typed_as_a_number_too_long_to_read_is_simply_not_a_choice() -> None:
    """Python refuses to read more than 4,300 digits as a number: that was a fault, not a wrong answer."""
    from planner.questions.choice import Choice, match_choice

    choices = [Choice(value="yes", label="Yes"), Choice(value="no", label="No")]
    assert match_choice(choices, "9" * 5000) is None
    assert match_choice(choices, "2") == "no"
