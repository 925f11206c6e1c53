"""Money in documents: amounts with their period, weekly and yearly, and support costed line by line.

Amounts stay `Decimal`; templates format them with Babel. A year is counted as 52
weeks, and a month as a twelfth of a year, the way council budgets are usually shown.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal, overload

from pydantic import BaseModel

from planner.i18n.translator import N_
from planner.text import clean_text

from .facts import Facts

Period = Literal["week", "month", "year", "once"]
WEEKS_A_YEAR = Decimal(52)
MISSING = {"hours": N_("the hours a week"), "rate": N_("the cost of an hour"), "weekly": N_("the cost each week"),
           "how": N_("how it is paid for")}
PENNY = Decimal("0.01")


class Amount(BaseModel):
    """An amount of money as it was given, with its weekly and yearly equivalents."""

    amount: Decimal
    period: Period
    approximate: bool = False
    weekly: Decimal | None = None
    yearly: Decimal | None = None


class CostLine(BaseModel):
    """One piece of support and what it costs a week (None when it cannot be costed yet)."""

    what: str
    provider: str
    provider_name: str | None = None
    how_paid: str
    hours_a_week: int | None = None
    hourly_rate: Decimal | None = None
    weekly: Decimal | None = None
    yearly: Decimal | None = None
    free: bool = False
    missing: str | None = None
    for_carer: bool = False  # a break for someone who helps, paid from this budget
    carer_name: str | None = None  # whom the break is for, when they were named


class Costing(BaseModel):
    """The support costed against the budget, and the difference said plainly."""

    lines: list[CostLine]
    total_weekly: Decimal
    total_yearly: Decimal
    not_costed: int
    budget_weekly: Decimal | None = None
    difference_weekly: Decimal | None = None
    difference_yearly: Decimal | None = None
    direction: Literal["over", "under", "same", "unknown"] = "unknown"
    reason: str | None = None


def amount_from(value: Any) -> Amount | None:
    """A money answer ({amount, period, approximate}) as an Amount, or None."""
    if not isinstance(value, dict) or "amount" not in value:
        return None
    amount = Decimal(str(value["amount"]))
    period = value.get("period", "week")
    weekly = yearly = None
    if period == "week":
        weekly, yearly = amount, amount * WEEKS_A_YEAR
    elif period == "month":
        yearly = amount * 12
        weekly = yearly / WEEKS_A_YEAR
    elif period == "year":
        yearly, weekly = amount, amount / WEEKS_A_YEAR
    return Amount(amount=amount, period=period, approximate=bool(value.get("approximate")),
                  weekly=_pence(weekly), yearly=_pence(yearly))


def costing(facts: Facts, budget: Amount | None, *, items_code: str = "budget.support_items",
            reason_code: str = "budget.difference_reason") -> Costing:
    """Cost each piece of support a week, total it, and compare the total with the budget."""
    lines = [_line(facts, items_code, item) for item in facts.value(items_code) or [] if isinstance(item, dict)]
    total = sum((line.weekly for line in lines if line.weekly is not None), Decimal(0))
    result = Costing(lines=lines, total_weekly=_pence(total), total_yearly=_pence(total * WEEKS_A_YEAR),
                     not_costed=sum(1 for line in lines if line.weekly is None), reason=facts.text(reason_code))
    if budget is not None and budget.weekly is not None and lines:
        difference = _pence(total - budget.weekly)
        result.budget_weekly = budget.weekly
        result.difference_weekly = abs(difference)
        result.difference_yearly = _pence(abs(total - budget.weekly) * WEEKS_A_YEAR)
        result.direction = "over" if difference > 0 else "under" if difference < 0 else "same"
    return result


def _line(facts: Facts, code: str, item: dict[str, Any]) -> CostLine:
    def words(field: str) -> str:
        return facts.field_words(code, field, item.get(field))

    _ = say = facts.tr.gettext  # `say` for words marked with N_() above
    cost_type = item.get("cost_type")
    line = CostLine(what=clean_text(str(item.get("what") or "")) or _("Support not described yet"),
                    provider=words("provider_type") or _("Not said yet"),
                    provider_name=clean_text(str(item["provider_name"])) if item.get("provider_name") else None,
                    how_paid=words("cost_type") or _("Not said yet"), for_carer=item.get("for_whom") == "carer")
    if line.for_carer and item.get("carer_name"):
        line.carer_name = clean_text(str(item["carer_name"])) or None
    if cost_type == "free":
        line.free, line.weekly, line.yearly = True, Decimal(0), Decimal(0)
    elif cost_type == "hourly":
        rate = amount_from(item.get("hourly_rate"))
        line.hours_a_week = item.get("hours_week") if isinstance(item.get("hours_week"), int) else None
        line.hourly_rate = rate.amount if rate else None
        if line.hours_a_week is not None and rate is not None:
            line.weekly = _pence(rate.amount * line.hours_a_week)
        else:
            line.missing = say(MISSING["hours"] if line.hours_a_week is None else MISSING["rate"])
    elif cost_type == "weekly":
        weekly = amount_from(item.get("weekly_amount"))
        line.weekly = weekly.weekly if weekly else None
        if line.weekly is None:
            line.missing = say(MISSING["weekly"])
    else:
        line.missing = say(MISSING["how"])
    if line.weekly is not None:
        line.yearly = _pence(line.weekly * WEEKS_A_YEAR)
    return line


def breaks_for(lines: list[CostLine], carer_name: str) -> list[CostLine]:
    """The breaks paid from a person's budget for this carer: named for them, or for no one in particular."""
    return [line for line in lines if line.for_carer and (line.carer_name is None or same_person(line.carer_name,
                                                                                                 carer_name))]


def same_person(one: str, other: str) -> bool:
    """Whether two names people typed are the same person: 'Ann' and 'Ann Jones' are, 'Ann' and 'Anna' are not."""
    first, second = one.casefold().split(), other.casefold().split()
    one_word = len(first) == 1 or len(second) == 1
    return bool(first and second) and (first == second or (first[0] == second[0] and one_word))


@overload
def _pence(value: Decimal) -> Decimal: ...


@overload
def _pence(value: None) -> None: ...


def _pence(value: Decimal | None) -> Decimal | None:
    return value.quantize(PENNY, rounding=ROUND_HALF_UP) if value is not None else None
