"""Kinds where a person types their own words."""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from planner.text import clean_text

from planner.i18n.translator import N_

from .base import Invalid, Parsed, QuestionBase, QuestionKind

EMPTY = N_("Please type an answer, or choose 'Skip for now'.")
TOO_LONG = N_("That is {length} characters. Please keep it to {limit} or fewer.")


class ShortTextQuestion(QuestionBase):
    kind: Literal["short_text"]
    max_length: int = Field(default=200, ge=1, le=2000)
    placeholder: str | None = None


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
        return Parsed(text)


class LongText(ShortText):
    name = "long_text"
    model = LongTextQuestion
    multiline = True
