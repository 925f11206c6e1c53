"""What every question kind shares: the content model, and parsing answers into values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from planner.i18n.translator import Translator, fill
from planner.text import clean_text

Voice = Literal["person", "carer", "planner", "any"]
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*")


class ContentModelBase(BaseModel):
    """A piece of content: unknown keys are mistakes, and it remembers its line.

    The lines are kept in pydantic's store of private values, filled in by the loader
    (`attach_lines`), not as declared private attributes: those would make pydantic run
    Python code for every model it builds, which adds up over thousands of questions.
    A model made in code has no lines (0).
    """

    model_config = ConfigDict(extra="forbid", populate_by_name=False, defer_build=True)

    @property
    def line(self) -> int:
        private = self.__pydantic_private__
        return int(private["_line"]) if private else 0

    def line_of(self, key: str) -> int:
        """The line where `key` is written, or the line of the whole block."""
        private = self.__pydantic_private__
        return int(private["_key_lines"].get(key, private["_line"])) if private else 0

    def line_of_item(self, key: str, index: int) -> int:
        """The line of item `index` of the list under `key`, or the line of the key."""
        private = self.__pydantic_private__
        lines = private["_item_lines"].get(key, ()) if private else ()
        return lines[index] if 0 <= index < len(lines) else self.line_of(key)


def private_store(model: BaseModel) -> dict[str, Any]:
    """A model's store of private values (lines, the words it reads), made when it has none yet."""
    private = model.__pydantic_private__
    if private is None:
        private = {"_line": 0, "_key_lines": {}, "_item_lines": {}}
        object.__setattr__(model, "__pydantic_private__", private)
    return private


class Choice(ContentModelBase):
    """One answer a person can pick."""

    value: str
    label: str
    hint: str | None = None

    @field_validator("value", mode="before")
    @classmethod
    def _words_or_numbers(cls, value: Any) -> Any:
        return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


class QuestionBase(ContentModelBase):
    """Keys every question has, whatever its kind."""

    id: str
    kind: str
    prompt: str
    hint: str | None = None
    why: str | None = None
    ack: str | None = None
    when: str | None = None
    voice: Voice = "any"
    # A decision for the planner or the council (capacity, Continuing Healthcare...): asked only when a planner
    # takes part, so never at a kiosk or when someone plans on their own.
    planner_only: bool = False
    code: str | None = None
    sensitive: bool = False
    private: bool = False  # the words stay in the session: no shared document or export carries them
    required: bool = False
    not_sure: bool = True
    rather_not_say: bool = True


@dataclass(frozen=True)
class Invalid:
    """An answer that cannot be accepted, with a kind message to show right after the prompt."""

    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def text(self, gettext: Any = None) -> str:
        """The message in the session's language (English when no catalogue is given).

        Words a person typed are cleaned and shortened before they are echoed back. A
        parameter may be a function of `gettext`, for words that need translating too.
        """
        say = gettext or (lambda message: message)
        params = {k: v(say) if callable(v) else _echo(v) if isinstance(v, str) else v for k, v in self.params.items()}
        return fill(say(self.message), self.message, params)  # {name} only; English if the words are wrong


def _echo(typed: str, limit: int = 200) -> str:
    shown = clean_text(typed)
    return shown if len(shown) <= limit else shown[:limit - 1] + "…"


@dataclass(frozen=True)
class Parsed:
    """An accepted answer value, in its stored form (plain JSON types only)."""

    value: Any


class QuestionKind:
    """One kind of question: its content model, and how its answers are read and shown.

    Subclasses set `name` and `model`, and override `parse` and, where they have a
    fixed set of values or parts, `values` and `parts`.
    """

    name: ClassVar[str]
    model: ClassVar[type[QuestionBase]]
    in_lists: ClassVar[bool] = True

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        """Turn what was typed or chosen into a stored value, or say kindly what is wrong."""
        raise NotImplementedError

    def values(self, question: Any) -> list[str] | None:
        """Every value the answer can take, when that set is fixed (for load-time checks)."""
        return None

    def parts(self, question: Any) -> list[str] | None:
        """Names of the parts of an answer (`amount` of a money answer), if it has parts."""
        return None

    def for_expressions(self, question: Any, value: Any, tr: Translator | None = None) -> Any:
        """The value as conditions and quoted text see it (quoted in `tr`'s language)."""
        return value

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        """The answer in words, for review screens and plain outputs (in `tr`'s language, else English)."""
        return str(value)

    def check(self, question: Any) -> list[tuple[str, dict[str, Any]]]:
        """Problems with the question's own settings, as (catalogue message, params)."""
        return []

    def fields(self, question: Any) -> list[QuestionBase]:
        """The questions asked inside this one (each item's fields), if any."""
        return []

    @staticmethod
    def warm(question: Any) -> Any:
        """Start loading, while the question is on screen, what reading its answer will need; most need nothing."""
        return None


def choice_label(choices: list[Choice], value: Any) -> str:
    for choice in choices:
        if choice.value == value:
            return choice.label
    return str(value)


def normalise(text: str) -> str:
    """Lower-case words only, for matching what people type against labels."""
    return " ".join(re.sub(r"[^\w£.,:/'-]+", " ", text.lower().replace("\u2019", "'")).split())
