"""Money: weekly and yearly amounts, support costed line by line, and the difference from the budget."""

from __future__ import annotations

from decimal import Decimal

from planner.flows.loader import Content
from planner.output.documents import build_documents
from planner.output.documents.money import amount_from
from planner.output.formatting import Formatter
from planner.output.render import Renderer

from .helpers import TODAY
from .sessions import filled


def test_amounts_are_shown_weekly_and_yearly() -> None:
    month = amount_from({"amount": "1040.00", "period": "month", "approximate": True})
    assert month is not None and (month.weekly, month.yearly, month.approximate) == (Decimal("240.00"),
                                                                                     Decimal("12480.00"), True)
    week = amount_from({"amount": "120.00", "period": "week"})
    assert week is not None and week.yearly == Decimal("6240.00")
    assert amount_from(None) is None and amount_from("not sure") is None


def test_babel_formats_for_the_locale() -> None:
    british = Formatter("en_GB")
    assert british.money(Decimal("1234.5")) == "£1,234.50"
    assert british.date("2026-06-03") == "3 June 2026"
    assert british.time("06:00") == "6:00 am" and british.time("21:30") == "9:30 pm"
    assert british.names(["Sue", "Joan", "Raj"]) == "Sue, Joan and Raj"
    assert Formatter("de_DE").money(Decimal("1234.5")) == "1.234,50\xa0£"


def test_support_is_costed_against_the_budget_and_the_difference_said_plainly(content: Content) -> None:
    session, record = filled(content, "support-plan", lambda _: "Help to get up")
    plan = build_documents(session, record, today=TODAY)["support-plan"]
    costing = plan.money.costing
    # Every field filled: each line is 'by the hour' would need hours and a rate; the test values give 3 hours
    # at £95.50 for hourly lines, or £95.50 a week.
    assert costing.lines and all(line.weekly is not None for line in costing.lines)
    assert costing.total_weekly == sum(line.weekly for line in costing.lines)  # type: ignore[misc]
    assert costing.budget_weekly == Decimal("95.50")
    assert costing.direction == "over"
    assert costing.difference_weekly == costing.total_weekly - Decimal("95.50")
    text = " ".join(Renderer().render(plan, "txt").split())
    assert f"In all, this support costs £{costing.total_weekly:,.2f} a week." in text
    assert f"This is £{costing.difference_weekly:,.2f} a week more than my budget." in text
    assert "Why: Help to get up" in text  # the reason, as typed
    assert "The reason for the difference has not been written down yet." not in text
