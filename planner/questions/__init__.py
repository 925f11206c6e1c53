"""Question kinds. Each kind is one entry in `REGISTRY` (see registry.py and docs/adding-a-question-kind.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Choice, ContentModelBase, Invalid, Parsed, QuestionBase, QuestionKind
from .choice import MultiChoiceQuestion, ScaleQuestion, SingleChoiceQuestion, YesNoQuestion
from .groups import GridQuestion, ListQuestion
from .numbers import MoneyQuestion, NumberQuestion
from .registry import ENTRIES, REGISTRY, Entry, KindEntry, entry_of
from .text import LongTextQuestion, ShortTextQuestion
from .when import DateQuestion, TimeQuestion

KINDS: dict[str, QuestionKind] = {name: entry.kind for name, entry in REGISTRY.items()}

# Written out so type checkers can read it; tests/kinds checks it names every model in REGISTRY.
AnyQuestion = Annotated[
    SingleChoiceQuestion | MultiChoiceQuestion | YesNoQuestion | ScaleQuestion | ShortTextQuestion | LongTextQuestion
    | NumberQuestion | MoneyQuestion | TimeQuestion | DateQuestion | ListQuestion | GridQuestion,
    Field(discriminator="kind"),
]


def kind_of(question: QuestionBase) -> QuestionKind:
    """The kind of a question (its parse, display, values and parts)."""
    return KINDS[question.kind]


__all__ = [
    "ENTRIES",
    "KINDS",
    "REGISTRY",
    "AnyQuestion",
    "Choice",
    "ContentModelBase",
    "Entry",
    "Invalid",
    "KindEntry",
    "Parsed",
    "QuestionBase",
    "QuestionKind",
    "entry_of",
    "kind_of",
]
