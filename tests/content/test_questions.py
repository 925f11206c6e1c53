"""Reading answers the way people type them, for every kind of question (planner/questions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.questions import KINDS, Invalid, Parsed
from planner.questions import choice as c
from planner.questions import groups as g
from planner.questions import numbers as n
from planner.questions import text as t
from planner.questions import when as w

TODAY = dt.date(2026, 11, 23)


def question(kind: str, **keys: Any):
    return KINDS[kind].model.model_validate({"id": "q", "kind": kind, "prompt": "A question?", **keys})


def parse(q, raw: Any) -> Any:
    """The parsed value, or the Invalid message in words."""
    result = KINDS[q.kind].parse(q, raw, today=TODAY)
    assert isinstance(result, (Parsed, Invalid))
    return result.value if isinstance(result, Parsed) else Invalid(result.text())


def invalid(template: str, **params: Any) -> Invalid:
    return Invalid(template.format(**params))


def money(amount: str, period: str, approximate: bool = False) -> dict:
    return {"amount": amount, "period": period, "approximate": approximate}


# -- money -------------------------------------------------------------------------------------

MONEY = question("money")
WHICH = "a week, a month or a year"


@pytest.mark.parametrize("raw, expected", [
    ("£120 a week", money("120.00", "week")),
    ("120.50 a month", money("120.50", "month")),
    ("£1,200 a month", money("1200.00", "month")),
    ("£1,200,000 a year", money("1200000.00", "year")),
    ("about £200 a week", money("200.00", "week", True)),
    ("around £50 a month", money("50.00", "month", True)),
    ("roughly £30 pw", money("30.00", "week", True)),
    ("200ish a month", money("200.00", "month", True)),
    ("£120pw", money("120.00", "week")),
    ("120 per week", money("120.00", "week")),
    ("£120/week", money("120.00", "week")),
    ("£120 weekly", money("120.00", "week")),
    ("£120 p.w.", money("120.00", "week")),
    ("£400 pcm", money("400.00", "month")),
    ("£1.5k a year", money("1500.00", "year")),
    ("£ 120 a week", money("120.00", "week")),
    ("£120.5 a month", money("120.50", "month")),
    ("£0 a week", money("0.00", "week")),
    ("  £120   A WEEK ", money("120.00", "week")),
    ("£120", invalid(n.WHICH_PERIOD, periods=WHICH, example="£120 a week")),
    ("120.50", invalid(n.WHICH_PERIOD, periods=WHICH, example="£120.50 a week")),
    ("about 200", invalid(n.WHICH_PERIOD, periods=WHICH, example="£200 a week")),
    ("£1,200", invalid(n.WHICH_PERIOD, periods=WHICH, example="£1,200 a week")),
    ("rubbish", invalid(n.NOT_MONEY)),
    ("", invalid(n.NOT_MONEY)),
    ("a week", invalid(n.NOT_MONEY)),
    ("120.505 a week", invalid(n.NOT_MONEY)),
    ("twelve pounds a week", invalid(n.NOT_MONEY)),
    ("-5 a week", invalid(n.NEGATIVE_MONEY)),
    ("£20,000,000 a year", invalid(n.TOO_MUCH_MONEY)),
    ("£120 once", invalid(n.PERIOD_NOT_OFFERED, periods=WHICH)),
])
def test_money_as_people_type_it(raw: str, expected: Any) -> None:
    assert parse(MONEY, raw) == expected


def test_money_messages_read_well() -> None:
    assert parse(MONEY, "£120").message == "Is that a week, a month or a year? Please say, for example '£120 a week'."
    assert parse(MONEY, "rubbish").message == "Please give an amount of money, like £120 or 120.50."


def test_money_with_one_period_needs_no_period() -> None:
    once = question("money", periods=["once"])
    assert parse(once, "£500") == money("500.00", "once")
    assert parse(once, "£500 a week") == invalid(n.PERIOD_NOT_OFFERED, periods="once only")


def test_money_with_two_periods() -> None:
    two = question("money", periods=["week", "month"])
    assert parse(two, "£500") == invalid(n.WHICH_PERIOD, periods="a week or a month", example="£500 a week")
    assert parse(two, "£500 a year") == invalid(n.PERIOD_NOT_OFFERED, periods="a week or a month")
    assert parse(two, {"amount": "12.5", "period": "week"}) == money("12.50", "week")
    assert parse(two, {"amount": "12.5", "period": "week", "approximate": True}) == money("12.50", "week", True)
    assert parse(two, {"amount": "x", "period": "week"}) == invalid(n.NOT_MONEY)


def test_money_shown_and_quoted() -> None:
    kind = KINDS["money"]
    value = money("1200.00", "month", True)
    assert kind.display(MONEY, value) == "about £1,200 a month"
    quoted = kind.for_expressions(MONEY, value)
    assert str(quoted) == "about £1,200 a month"
    assert quoted["amount"] == 1200.0 and quoted["period"] == "month" and quoted["approximate"] is True
    assert kind.parts(MONEY) == ["amount", "period", "approximate"]


def test_money_short_week() -> None:
    assert parse(MONEY, "£120 a wk") == money("120.00", "week")


@pytest.mark.parametrize("raw, period", [
    ("£120 per wk", "week"), ("£120 p/w", "week"), ("£120/wk", "week"), ("£120 wks", "week"),
    ("£400 pm", "month"), ("£400 p.m.", "month"), ("£400 a mth", "month"), ("£400 p/m", "month"),
    ("£400 per calendar month", "month"), ("£400 monthly", "month"),
    ("£5000 pa", "year"), ("£5000 p.a.", "year"), ("£5000 per annum", "year"), ("£5000 a yr", "year"),
    ("£5000 yearly", "year"), ("£5000 annually", "year"),
])
def test_money_period_abbreviations(raw: str, period: str) -> None:
    amount = {"week": "120.00", "month": "400.00", "year": "5000.00"}[period]
    assert parse(MONEY, raw) == money(amount, period)


@pytest.mark.parametrize("raw", ["£50 a fortnight", "£50 fortnightly", "£50 every 4 weeks", "£10 a day", "£12 an hour"])
def test_money_periods_no_question_offers_ask_for_one_it_does(raw: str) -> None:
    assert parse(MONEY, raw) == invalid(n.PERIOD_NOT_OFFERED, periods=WHICH)


# -- time of day -------------------------------------------------------------------------------

TIME = question("time")


@pytest.mark.parametrize("raw, expected", [
    ("6am", "06:00"),
    ("6 a.m.", "06:00"),
    ("6:30pm", "18:30"),
    ("6.30 pm", "18:30"),
    ("7pm", "19:00"),
    ("5 o'clock pm", "17:00"),
    ("12am", "00:00"),
    ("12pm", "12:00"),
    ("noon", "12:00"),
    ("Midday", "12:00"),
    ("midnight", "00:00"),
    ("18:30", "18:30"),
    ("00:00", "00:00"),
    ("23:59", "23:59"),
    ("0630", "06:30"),
    ("1830", "18:30"),
    ("13", "13:00"),
    ("6", invalid(w.AM_OR_PM, hour=6)),
    ("7 o'clock", invalid(w.AM_OR_PM, hour=7)),
    ("half past six", invalid(w.NOT_A_TIME)),
    ("24:00", invalid(w.NOT_A_TIME)),
    ("13pm", invalid(w.NOT_A_TIME)),
    ("6:60", invalid(w.NOT_A_TIME)),
    ("", invalid(w.NOT_A_TIME)),
    ("soon", invalid(w.NOT_A_TIME)),
])
def test_time_of_day(raw: str, expected: Any) -> None:
    assert parse(TIME, raw) == expected


def test_time_messages_and_display() -> None:
    assert parse(TIME, "6").message == "Is that 6 in the morning or the evening? Please say 6am or 6pm."
    kind = KINDS["time"]
    assert [kind.display(TIME, v) for v in ("06:00", "18:30", "00:00", "12:05")] == ["6am", "6:30pm", "12am", "12:05pm"]
    quoted = kind.for_expressions(TIME, "18:30")
    assert quoted == "18:30" and str(quoted) == "6:30pm"  # compares as stored, reads as said


# -- dates -------------------------------------------------------------------------------------

DATE = question("date")


@pytest.mark.parametrize("raw, expected", [
    ("23/11/2026", "2026-11-23"),
    ("23.11.2026", "2026-11-23"),
    ("23-11-2026", "2026-11-23"),
    ("1/2/26", "2026-02-01"),  # day first, as in the UK
    ("2026-11-23", "2026-11-23"),
    ("23 November 2026", "2026-11-23"),
    ("23rd of November 2026", "2026-11-23"),
    ("November 23, 2026", "2026-11-23"),
    ("Nov 23 2026", "2026-11-23"),
    ("1 sept 2027", "2027-09-01"),
    ("today", "2026-11-23"),
    ("Tomorrow", "2026-11-24"),
    ("yesterday", "2026-11-22"),
    (dt.date(2020, 1, 2), "2020-01-02"),
    ("31/02/2026", invalid(w.NOT_A_DATE)),
    ("32/01/2026", invalid(w.NOT_A_DATE)),
    ("2026-13-01", invalid(w.NOT_A_DATE)),
    ("next tuesday", invalid(w.NOT_A_DATE)),
    ("", invalid(w.NOT_A_DATE)),
])
def test_dates(raw: Any, expected: Any) -> None:
    assert parse(DATE, raw) == expected


def test_past_and_future_dates() -> None:
    past, future = question("date", past_only=True), question("date", future_only=True)
    assert [parse(past, d) for d in ("yesterday", "today", "tomorrow")] == ["2026-11-22", "2026-11-23",
                                                                            invalid(w.MUST_BE_PAST)]
    assert [parse(future, d) for d in ("yesterday", "today", "tomorrow")] == [invalid(w.MUST_BE_FUTURE), "2026-11-23",
                                                                              "2026-11-24"]
    assert KINDS["date"].display(DATE, "2026-02-01") == "1 February 2026"


# -- whole numbers -----------------------------------------------------------------------------

HOURS = question("number", min=0, max=168, unit="hours a week")


@pytest.mark.parametrize("raw, expected", [
    ("3", 3), (" 7 ", 7), ("+4", 4), (5, 5), ("three", 3), ("twenty", 20), ("about 20", 20), ("20 hours a week", 20),
    ("0", 0), ("168", 168),
    ("169", invalid(n.OUT_OF_RANGE, min=0, max=168)),
    ("-1", invalid(n.OUT_OF_RANGE, min=0, max=168)),
    ("1,000", invalid(n.OUT_OF_RANGE, min=0, max=168)),
    ("3.5", invalid(n.NOT_A_NUMBER)),
    ("twenty one", invalid(n.NOT_A_NUMBER)),
    ("lots", invalid(n.NOT_A_NUMBER)),
    ("", invalid(n.NOT_A_NUMBER)),
    (True, invalid(n.NOT_A_NUMBER)),
])
def test_numbers_with_min_and_max(raw: Any, expected: Any) -> None:
    assert parse(HOURS, raw) == expected


def test_number_messages() -> None:
    assert parse(HOURS, "200").message == "Please give a number from 0 to 168."
    at_least_one = question("number", min=1)
    assert parse(at_least_one, "0") == invalid(n.TOO_SMALL, min=1)
    assert parse(at_least_one, "0").message == "Please give a number of 1 or more."
    at_most_ten = question("number", max=10)
    assert parse(at_most_ten, "11") == invalid(n.TOO_BIG, max=10)
    assert parse(at_most_ten, "-1000") == -1000
    any_number = question("number")
    assert parse(any_number, "1,000,000") == 1_000_000
    assert KINDS["number"].display(HOURS, 20) == "20 hours a week"


# -- yes / no ----------------------------------------------------------------------------------

YES_NO = question("yes_no")


@pytest.mark.parametrize("raw, expected", [
    ("yes", "yes"), ("Yes", "yes"), ("YES!", "yes"), ("Yes.", "yes"), ("y", "yes"), ("yeah", "yes"), ("yep", "yes"),
    ("true", "yes"), (True, "yes"), ("1", "yes"),
    ("no", "no"), ("N", "no"), ("nope", "no"), ("false", "no"), (False, "no"), ("2", "no"),
    ("maybe", invalid(c.NOT_A_CHOICE)), ("sure", invalid(c.NOT_A_CHOICE)), ("3", invalid(c.NOT_A_CHOICE)),
    ("", invalid(c.NOT_A_CHOICE)),
])
def test_yes_no_words(raw: Any, expected: Any) -> None:
    assert parse(YES_NO, raw) == expected


def test_yes_no_own_labels() -> None:
    q = question("yes_no", yes_label="I do", no_label="I don't")
    assert [parse(q, x) for x in ("I do", "i don't", "I don\u2019t", "yes", "no")] == ["yes", "no", "no", "yes", "no"]
    assert parse(q, "maybe").message == "Please choose one of the answers shown, by its number or its words."
    assert KINDS["yes_no"].values(q) == ["yes", "no"]


# -- single choice, multi choice, scale -----------------------------------------------------------

CHOICES = [{"value": "alone", "label": "On my own"}, {"value": "family", "label": "With family"},
           {"value": "care_home", "label": "In a care home"}]
SINGLE = question("single_choice", choices=CHOICES)


@pytest.mark.parametrize("raw, expected", [
    ("1", "alone"), ("2", "family"), ("3", "care_home"), ("  2 ", "family"),
    ("alone", "alone"), ("care_home", "care_home"), ("On my own", "alone"), ("on my own", "alone"),
    ("ON MY OWN.", "alone"), ("with family", "family"), (["1"], "alone"),
    ("0", invalid(c.NOT_A_CHOICE)), ("4", invalid(c.NOT_A_CHOICE)), ("care home", invalid(c.NOT_A_CHOICE)),
    ("", invalid(c.NOT_A_CHOICE)), (["1", "2"], invalid(c.CHOOSE_ONE)), ([], invalid(c.CHOOSE_ONE)),
])
def test_single_choice_by_number_or_label(raw: Any, expected: Any) -> None:
    assert parse(SINGLE, raw) == expected


def test_single_choice_display() -> None:
    assert KINDS["single_choice"].display(SINGLE, "family") == "With family"
    assert KINDS["single_choice"].values(SINGLE) == ["alone", "family", "care_home"]


HELP = question("multi_choice", none_option="None of these", choices=[
    {"value": "washing", "label": "Washing, dressing"}, {"value": "meals", "label": "Meals"},
    {"value": "shopping", "label": "Shopping"}])
NONE_ALONE = invalid(c.NONE_WITH_OTHERS, none="None of these")


@pytest.mark.parametrize("raw, expected", [
    ("1", ["washing"]), ("1,2", ["washing", "meals"]), ("1 and 3", ["washing", "shopping"]),
    ("1 2 3", ["washing", "meals", "shopping"]), ("3, 1", ["washing", "shopping"]), ("2,2", ["meals"]),
    ("1,,2", ["washing", "meals"]), ("Meals, Shopping", ["meals", "shopping"]),
    ("meals and shopping", ["meals", "shopping"]),
    ("Meals; Shopping", ["meals", "shopping"]), ("Washing, dressing", ["washing"]),
    (["meals", "washing"], ["washing", "meals"]), (["meals", "meals"], ["meals"]),
    ("None of these", ["none"]), ("none", ["none"]), ("4", ["none"]),  # "None of these" is shown as the 4th answer
    ("1, 4", NONE_ALONE), ("none, meals", NONE_ALONE), (["none", "meals"], NONE_ALONE),
    ("5", invalid(c.NOT_A_CHOICE)), ("Meals, cake", invalid(c.NOT_A_CHOICE)),
    ("", invalid(c.TOO_FEW, min=1)), ([], invalid(c.TOO_FEW, min=1)),
])
def test_multi_choice(raw: Any, expected: Any) -> None:
    assert parse(HELP, raw) == expected


def test_none_of_these_message() -> None:
    assert parse(HELP, "1, 4").message == ("'None of these' cannot go with other answers. Choose it on its own, "
                                           "or leave it out.")


def test_multi_choice_without_none_option_has_no_none() -> None:
    q = question("multi_choice", choices=CHOICES)
    assert parse(q, "none") == invalid(c.NOT_A_CHOICE)
    assert parse(q, "4") == invalid(c.NOT_A_CHOICE)


def test_multi_choice_min_and_max() -> None:
    q = question("multi_choice", min=2, max=2, choices=[{"value": "a", "label": "Apples"},
                                                       {"value": "b", "label": "Bananas"},
                                                       {"value": "c", "label": "Cherries"}])
    assert parse(q, "1") == invalid(c.TOO_FEW, min=2)
    assert parse(q, "1").message == "Please choose at least 2."
    assert parse(q, "apples and cherries") == ["a", "c"]
    assert parse(q, "1,2,3") == invalid(c.TOO_MANY, max=2)
    assert parse(q, "1,2,3").message == "Please choose no more than 2."
    assert KINDS["multi_choice"].display(q, ["a", "c"]) == "Apples, Cherries"


def test_multi_choice_labels_with_and_or_commas_combine() -> None:
    q = question("multi_choice", choices=[{"value": "meals", "label": "Meals and drinks"},
                                          {"value": "money", "label": "Money, bills and letters"},
                                          {"value": "out", "label": "Getting out"}])
    assert parse(q, "Meals and drinks, Getting out") == ["meals", "out"]
    assert parse(q, "Money, bills and letters, Meals and drinks") == ["meals", "money"]


SCALE = question("scale", points=[{"value": "1", "label": "Not at all"}, {"value": "2", "label": "A bit"},
                                  {"value": "3", "label": "A lot"}])


@pytest.mark.parametrize("raw, expected", [
    ("1", "1"), ("3", "3"), ("a bit", "2"), ("A LOT", "3"), ("Not at all", "1"),
    ("4", invalid(c.NOT_A_CHOICE)), ("0", invalid(c.NOT_A_CHOICE)), ("loads", invalid(c.NOT_A_CHOICE)),
])
def test_scale(raw: str, expected: Any) -> None:
    assert parse(SCALE, raw) == expected


# -- text ----------------------------------------------------------------------------------------

def test_short_and_long_text() -> None:
    short = question("short_text", max_length=10)
    assert parse(short, "  Sam \x1b[31m Smith\t") == "Sam Smith"
    assert parse(short, "") == invalid(t.EMPTY)
    assert parse(short, " \x00 ") == invalid(t.EMPTY)
    assert parse(short, None) == invalid(t.EMPTY)
    assert parse(short, "Samantha Smith") == invalid(t.TOO_LONG, length=14, limit=10)
    assert parse(short, "Samantha Smith").message == "That is 14 characters. Please keep it to 10 or fewer."
    long = question("long_text")
    assert parse(long, "Line one  \r\nLine two\n\n") == "Line one\nLine two"


# -- lists -------------------------------------------------------------------------------------

HELPERS = question("list", item_name="helper", min_items=1, max_items=2, fields=[
    {"id": "name", "kind": "short_text", "prompt": "What is their name?", "required": True},
    {"id": "hours", "kind": "number", "prompt": "How many hours?", "min": 0, "max": 168},
    {"id": "who", "kind": "single_choice", "prompt": "Who are they?",
     "choices": [{"value": "son", "label": "My son"}, {"value": "friend", "label": "A friend"}]},
])


@pytest.mark.parametrize("raw, expected", [
    ([{"name": "Sue", "hours": "10", "who": "2"}], [{"name": "Sue", "hours": 10, "who": "friend"}]),
    ([{"name": "Sue"}, {"name": "Bob", "who": "My son"}], [{"name": "Sue"}, {"name": "Bob", "who": "son"}]),
    ([{"name": "Sue", "hours": ""}], [{"name": "Sue"}]),
    ([{"name": "  Sue\x1b[31m "}], [{"name": "Sue"}]),
    ([], invalid(g.TOO_FEW_ITEMS, min=1)),
    ([{"name": "A"}, {"name": "B"}, {"name": "C"}], invalid(g.TOO_MANY_ITEMS, max=2)),
    ("Sue", invalid(g.ADD_EACH)),
    (["Sue"], invalid(g.ITEM_NOT_DETAILS, n=1, fields="name, hours, who")),
    ([{"nam": "Sue"}], invalid(g.ITEM_UNKNOWN_FIELD, n=1, field="nam")),
    ([{"hours": "3"}], invalid(g.ITEM_MISSING, n=1, prompt="What is their name?")),
    ([{"name": "Sue", "hours": "200"}],
     invalid(g.ITEM_FIELD_PROBLEM, n=1, prompt="How many hours?", problem="Please give a number from 0 to 168.")),
    ([{"name": "Sue"}, {"name": "Bob", "who": "9"}],
     invalid(g.ITEM_FIELD_PROBLEM, n=2, prompt="Who are they?", problem=c.NOT_A_CHOICE)),
])
def test_list(raw: Any, expected: Any) -> None:
    assert parse(HELPERS, raw) == expected


def test_list_display_and_expressions() -> None:
    kind = KINDS["list"]
    value = [{"name": "Sue", "hours": 10, "who": "son"}]
    assert kind.display(HELPERS, value) == "Sue, 10, My son"
    assert kind.display(HELPERS, []) == "none"
    assert kind.for_expressions(HELPERS, value) == value


# -- grids -------------------------------------------------------------------------------------

LIFE = question("grid", rows=[{"value": "home", "label": "Your home"}, {"value": "work", "label": "Work"},
                              {"value": "fun", "label": "Fun"}, {"value": "health", "label": "Health"}],
                scale=[{"value": "keep", "label": "Keep it"}, {"value": "change", "label": "Change it"}])
ROWS = "Your home, Work, Fun"


@pytest.mark.parametrize("raw, expected", [
    ({"home": "keep", "work": "2"}, {"home": "keep", "work": "change"}),
    ({"Your home": "Change it"}, {"home": "change"}),
    ({"work": "keep", "home": "change"}, {"home": "change", "work": "keep"}),  # kept in row order
    ({"1": "1", "4": "2"}, {"home": "keep", "health": "change"}),
    ({}, invalid(g.GRID_NOT_ROWS, rows=ROWS)),
    ("keep", invalid(g.GRID_NOT_ROWS, rows=ROWS)),
    ({"garden": "keep"}, invalid(g.GRID_UNKNOWN_ROW, row="garden")),
    ({"home": "maybe"}, invalid(g.GRID_BAD_CELL, row="Your home", scale="Keep it, Change it")),
])
def test_grid(raw: Any, expected: Any) -> None:
    assert parse(LIFE, raw) == expected


def test_grid_parts_and_display() -> None:
    kind = KINDS["grid"]
    assert kind.parts(LIFE) == ["home", "work", "fun", "health"]
    assert kind.display(LIFE, {"home": "keep", "fun": "change"}) == "Your home: Keep it; Fun: Change it"
    assert parse(LIFE, {"home": "maybe"}).message == "For 'Your home', please choose one of: Keep it, Change it."
