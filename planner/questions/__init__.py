"""The registry of question kinds. Adding a kind means adding one entry here."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from .base import Choice, ContentModelBase, Invalid, Parsed, QuestionBase, QuestionKind
from .groups import SIMPLE_KINDS, GridKind, ListKind

KINDS: dict[str, QuestionKind] = {**SIMPLE_KINDS, "list": ListKind(), "grid": GridKind()}

AnyQuestion = Annotated[Union[tuple(kind.model for kind in KINDS.values())], Field(discriminator="kind")]  # type: ignore[misc]


def kind_of(question: QuestionBase) -> QuestionKind:
    """The registry entry for a question."""
    return KINDS[question.kind]


__all__ = ["KINDS", "AnyQuestion", "Choice", "ContentModelBase", "Invalid", "Parsed", "QuestionBase", "QuestionKind", "kind_of"]
