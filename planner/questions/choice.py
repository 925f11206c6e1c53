"""Kinds where a person picks from a fixed set: one choice, several, yes/no, a scale."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, ClassVar, Literal

from pydantic import Field

from planner.i18n.translator import N_, Translator

from . import messages as m
from .base import Choice, Invalid, Parsed, QuestionBase, QuestionKind, choice_label, normalise
from .numbers import Understands, words_of

NOT_A_CHOICE = N_("Please choose one of the answers shown, by its number or its words.")
CHOOSE_ONE = N_("Please choose just one answer.")
NONE_WITH_OTHERS = N_("'{none}' cannot go with other answers. Choose it on its own, or leave it out.")
TOO_FEW = N_("Please choose at least {min}.")
TOO_MANY = N_("Please choose no more than {max}.")
NONE_VALUE = "none"


def match_choice(choices: list[Choice], raw: Any) -> str | None:
    """Find the choice a person meant: by value, by label, or by its number in the list."""
    if isinstance(raw, bool):
        raw = "yes" if raw else "no"
    text = normalise(str(raw)).strip(". ")
    for choice in choices:
        if text == choice.value.lower() or text == normalise(choice.label).strip(". "):
            return choice.value
    if text.isdecimal() and len(text) <= 4 and 1 <= int(text) <= len(choices):
        return choices[int(text) - 1].value
    return None


def _words_between(text: str) -> list[str]:
    """What is left between whole labels, split into answers: '2, 3 and 4', 'meals; shopping'."""
    separator = r"[,;\s]|\band\b" if re.fullmatch(r"[\d\s,;]*(?:\band\b[\d\s,;]*)*", text) else r"[,;]|\band\b"
    return [part.strip(". ") for part in re.split(separator, text) if part.strip(". ")]


class SingleChoiceQuestion(QuestionBase):
    kind: Literal["single_choice"]
    choices: list[Choice] = Field(min_length=1)


class MultiChoiceQuestion(QuestionBase):
    kind: Literal["multi_choice"]
    choices: list[Choice] = Field(min_length=1)
    none_option: str | None = None
    min: int | None = Field(default=None, ge=0)
    max: int | None = Field(default=None, ge=1)


class YesNoQuestion(QuestionBase, Understands):
    kind: Literal["yes_no"]
    yes_label: str = N_("Yes")
    no_label: str = N_("No")


class ScaleQuestion(QuestionBase):
    kind: Literal["scale"]
    points: list[Choice] = Field(min_length=2)


class SingleChoice(QuestionKind):
    name = "single_choice"
    model: ClassVar[type[QuestionBase]] = SingleChoiceQuestion

    def choices(self, question: Any) -> list[Choice]:
        return list(question.choices)

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        if isinstance(raw, list):
            if len(raw) != 1:
                return Invalid(CHOOSE_ONE)
            raw = raw[0]
        value = match_choice(self.choices(question), raw)
        return Parsed(value) if value is not None else Invalid(NOT_A_CHOICE)

    def values(self, question: Any) -> list[str]:
        return [c.value for c in self.choices(question)]

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        return choice_label(self.choices(question), value)

    def check(self, question: Any) -> list[tuple[str, dict[str, Any]]]:
        seen: set[str] = set()
        found = []
        for choice in self.choices(question):
            if choice.value in seen:
                found.append((m.DUPLICATE_CHOICE, {"value": choice.value}))
            seen.add(choice.value)
        return found


@lru_cache(maxsize=256)
def _yes_no(yes: str, no: str) -> tuple[Choice, Choice]:
    """The two choices of a yes/no question: made once per pair of labels, not on every look."""
    return Choice(value="yes", label=yes), Choice(value="no", label=no)


class YesNo(SingleChoice):
    name = "yes_no"
    model = YesNoQuestion

    def choices(self, question: Any) -> list[Choice]:
        return list(_yes_no(question.yes_label, question.no_label))

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        word = words_of(question).yes_no(normalise(str(raw)).strip(". !")) or raw
        return super().parse(question, word)


class Scale(SingleChoice):
    name = "scale"
    model = ScaleQuestion

    def choices(self, question: Any) -> list[Choice]:
        return list(question.points)


class MultiChoice(SingleChoice):
    name = "multi_choice"
    model = MultiChoiceQuestion

    def choices(self, question: Any) -> list[Choice]:
        extra = [Choice(value=NONE_VALUE, label=question.none_option)] if question.none_option else []
        return list(question.choices) + extra

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        items = raw if isinstance(raw, list) else self._split(question, str(raw))
        chosen: list[str] = []
        for item in items:
            value = match_choice(self.choices(question), item)
            if value is None:
                return Invalid(NOT_A_CHOICE)
            if value not in chosen:
                chosen.append(value)
        if question.none_option and NONE_VALUE in chosen and len(chosen) > 1:
            return Invalid(NONE_WITH_OTHERS, {"none": question.none_option})
        if not chosen or (question.min is not None and len(chosen) < question.min):
            return Invalid(TOO_FEW, {"min": question.min or 1})
        if question.max is not None and len(chosen) > question.max:
            return Invalid(TOO_MANY, {"max": question.max})
        order = self.values(question)
        return Parsed(sorted(chosen, key=order.index))

    def _split(self, question: Any, text: str) -> list[str]:
        """The answers in what was typed: whole labels first, as labels may hold ',' or 'and'."""
        text = normalise(text)
        spans: list[tuple[int, int]] = []
        labels = {normalise(c.label).strip(". ") for c in self.choices(question)}
        for label in sorted(labels - {""}, key=len, reverse=True):  # longest first: 'Money, bills' before 'Money'
            for found in re.finditer(r"(?<!\w)" + re.escape(label) + r"(?!\w)", text):
                if not any(start < found.end() and found.start() < end for start, end in spans):
                    spans.append(found.span())
        pieces: list[tuple[int, str]] = [(start, text[start:end]) for start, end in spans]
        at = 0
        for start, end in [*sorted(spans), (len(text), len(text))]:
            pieces += [(at, part) for part in _words_between(text[at:start])]
            at = end
        return [part for _, part in sorted(pieces)]

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        return ", ".join(choice_label(self.choices(question), v) for v in value)

    def check(self, question: Any) -> list[tuple[str, dict[str, Any]]]:
        found = super().check(question)
        if question.min is not None and question.max is not None and question.min > question.max:
            found.append((m.MIN_OVER_MAX, {"min": question.min, "max": question.max}))
        return found
