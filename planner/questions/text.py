"""Kinds where a person types their own words."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from planner.text import clean_text

from planner.i18n.translator import N_

from .base import Invalid, Parsed, QuestionBase, QuestionKind

EMPTY = N_("Please type an answer, or choose 'Skip for now'.")
TOO_LONG = N_("That is {length} characters. Please keep it to {limit} or fewer.")
NHS_NUMBER_LENGTH = N_("An NHS number has 10 numbers. Please check it, or choose 'Skip for now'.")
NHS_NUMBER_WRONG = N_("That NHS number is not right. One of the numbers may be wrong. Please check it, or choose "
                      "'Skip for now'.")
NHS_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def nhs_number(typed: str) -> str | Invalid:
    """An NHS number written the usual way ('943 476 5919'), or why it cannot be one.

    The tenth digit is a check digit (modulus 11): a number with a mistyped digit is caught here.
    """
    digits = "".join(c for c in typed if not c.isspace() and c not in "-")
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return Invalid(NHS_NUMBER_LENGTH)
    check = 11 - sum(int(d) * w for d, w in zip(digits, NHS_WEIGHTS, strict=False)) % 11
    check = 0 if check == 11 else check
    if check == 10 or check != int(digits[9]):
        return Invalid(NHS_NUMBER_WRONG)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


class ShortTextQuestion(QuestionBase):
    kind: Literal["short_text"]
    max_length: int = Field(default=200, ge=1, le=2000)
    placeholder: str | None = None
    check: Literal["nhs_number"] | None = None  # a number with a check digit: a typing slip is caught at once


class LongTextQuestion(QuestionBase):
    kind: Literal["long_text"]
    max_length: int = Field(default=5000, ge=1, le=100_000)


class ShortText(QuestionKind):
    name = "short_text"
    model: ClassVar[type[QuestionBase]] = ShortTextQuestion
    multiline = False

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        if isinstance(raw, (list, dict)) or raw is None:
            return Invalid(EMPTY)
        text = clean_text(str(raw), multiline=self.multiline)
        if not text:
            return Invalid(EMPTY)
        if len(text) > question.max_length:
            return Invalid(TOO_LONG, {"length": len(text), "limit": question.max_length})
        if getattr(question, "check", None) == "nhs_number":
            number = nhs_number(text)
            return number if isinstance(number, Invalid) else Parsed(number)
        return Parsed(text)


class LongText(ShortText):
    name = "long_text"
    model = LongTextQuestion
    multiline = True
