"""Kinds that hold several answers: a list of items (each helper) and a grid (each life area)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal

from pydantic import Field

from planner.i18n.translator import N_, Translator

from . import messages as m
from .base import Choice, Invalid, Parsed, QuestionBase, QuestionKind, choice_label
from .choice import (
    MultiChoice,
    MultiChoiceQuestion,
    Scale,
    ScaleQuestion,
    SingleChoice,
    SingleChoiceQuestion,
    YesNo,
    YesNoQuestion,
    match_choice,
)
from .numbers import Money, MoneyQuestion, Number, NumberQuestion
from .text import LongText, LongTextQuestion, ShortText, ShortTextQuestion
from .when import Date, DateQuestion, Time, TimeQuestion

ADD_EACH = N_("Please add each one in turn.")
ITEM_NOT_DETAILS = N_("Item {n} should give details such as {fields}.")
ITEM_UNKNOWN_FIELD = N_("Item {n} has '{field}', which this list does not ask about.")
ITEM_FIELD_PROBLEM = N_("Item {n}, {prompt}: {problem}")
ITEM_MISSING = N_("Item {n} needs an answer for: {prompt}")
TOO_FEW_ITEMS = N_("Please add at least {min}.")
TOO_MANY_ITEMS = N_("Please add no more than {max}.")
GRID_NOT_ROWS = N_("Please give an answer for each line, such as {rows}.")
GRID_UNKNOWN_ROW = N_("'{row}' is not one of the lines in this question.")
GRID_BAD_CELL = N_("For '{row}', please choose one of: {scale}.")
NONE_ADDED = N_("none")

SIMPLE_KINDS: dict[str, QuestionKind] = {
    kind.name: kind
    for kind in (SingleChoice(), MultiChoice(), YesNo(), Scale(), ShortText(), LongText(), Number(), Money(), Time(),
                 Date())
}
FieldQuestion = Annotated[
    SingleChoiceQuestion | MultiChoiceQuestion | YesNoQuestion | ScaleQuestion | ShortTextQuestion | LongTextQuestion
    | NumberQuestion | MoneyQuestion | TimeQuestion | DateQuestion,
    Field(discriminator="kind"),
]

class ListQuestion(QuestionBase):
    kind: Literal["list"]
    fields: list[FieldQuestion] = Field(min_length=1)
    item_name: str = N_("item")
    min_items: int = Field(default=0, ge=0)
    max_items: int = Field(default=20, ge=1, le=200)

class GridQuestion(QuestionBase):
    kind: Literal["grid"]
    rows: list[Choice] = Field(min_length=1)
    scale: list[Choice] = Field(min_length=2)

@dataclass(frozen=True)
class ItemCheck:
    """One item as filled in so far: the item to add, or what stops it being added.

    `field` is the field with a problem: `invalid` says what is wrong with its words, or, with
    `invalid` None, it is required and empty. No item and no field means nothing was filled in.
    """

    item: dict[str, Any] | None = None
    field: QuestionBase | None = None
    invalid: Invalid | None = None


def _blank(typed: Any) -> bool:
    return typed is None or (isinstance(typed, str) and typed.strip() == "")


class ListKind(QuestionKind):
    """A list of items, each with the same fields. Front ends gather items through `read_field`,
    `understood`, `check_item` and `editable`, so each reads an item the same way."""

    name = "list"
    model: ClassVar[type[QuestionBase]] = ListQuestion
    in_lists = False

    def fields(self, question: Any) -> list[QuestionBase]:
        return list(question.fields)

    def read_field(self, field: Any, typed: Any) -> Parsed | Invalid | None:
        """One field's words as understood, or what is wrong with them (None when left empty)."""
        return None if _blank(typed) else SIMPLE_KINDS[field.kind].parse(field, typed)

    def understood(self, question: Any, typed: Mapping[str, Any]) -> dict[str, Any]:
        """The fields filled in so far as understood ('2' means 'carer'), for the fields' conditions."""
        known: dict[str, Any] = {}
        for field in question.fields:
            result = self.read_field(field, typed.get(field.id))
            if isinstance(result, Parsed):
                known[field.id] = result.value
        return known

    def check_item(self, question: Any, typed: Mapping[str, Any]) -> ItemCheck:
        """Whether the fields shown (`typed`, field id -> words or choice value) make an item to add."""
        item: dict[str, Any] = {}
        for field in question.fields:
            result = self.read_field(field, typed.get(field.id))
            if isinstance(result, Invalid):
                return ItemCheck(field=field, invalid=result)
            if result is not None:
                item[field.id] = typed[field.id]
        for field in question.fields:
            if field.required and field.id not in item:
                return ItemCheck(field=field)
        return ItemCheck(item=item) if item else ItemCheck()

    def editable(self, question: Any, item: Mapping[str, Any], tr: Translator | None = None) -> dict[str, Any]:
        """A stored item as a person would fill it in again: choices by value, other fields in words."""
        fields = {f.id: f for f in question.fields}
        return {k: v if getattr(SIMPLE_KINDS[fields[k].kind], "choices", None) else
                SIMPLE_KINDS[fields[k].kind].display(fields[k], v, tr) for k, v in item.items() if k in fields}

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        if not isinstance(raw, list):
            return Invalid(ADD_EACH)
        fields = {f.id: f for f in question.fields}
        items = []
        for n, entry in enumerate(raw, 1):
            if not isinstance(entry, dict):
                return Invalid(ITEM_NOT_DETAILS, {"n": n, "fields": ", ".join(fields)})
            item: dict[str, Any] = {}
            for key, given in entry.items():
                field = fields.get(str(key))
                if field is None:
                    return Invalid(ITEM_UNKNOWN_FIELD, {"n": n, "field": key})
                if given is None or given == "":
                    continue
                result = SIMPLE_KINDS[field.kind].parse(field, given, today=today)
                if isinstance(result, Invalid):
                    problem = result
                    return Invalid(ITEM_FIELD_PROBLEM, {"n": n, "prompt": field.prompt,
                                                        "problem": lambda say, found=problem: found.text(say)})
                item[field.id] = result.value
            for field in question.fields:
                if field.required and field.id not in item:
                    return Invalid(ITEM_MISSING, {"n": n, "prompt": field.prompt})
            items.append(item)
        if len(items) < question.min_items:
            return Invalid(TOO_FEW_ITEMS, {"min": question.min_items})
        if len(items) > question.max_items:
            return Invalid(TOO_MANY_ITEMS, {"max": question.max_items})
        return Parsed(items)

    def for_expressions(self, question: Any, value: Any, tr: Translator | None = None) -> Any:
        fields = {f.id: f for f in question.fields}
        return [{k: SIMPLE_KINDS[fields[k].kind].for_expressions(fields[k], v, tr) for k, v in item.items()
                 if k in fields} for item in value]

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        fields = {f.id: f for f in question.fields}
        shown = []
        for item in value:
            words = [SIMPLE_KINDS[fields[k].kind].display(fields[k], v, tr) for k, v in item.items() if k in fields]
            shown.append(", ".join(words[:3]))
        return "; ".join(shown) if shown else (tr.gettext(NONE_ADDED) if tr else NONE_ADDED)

class GridKind(QuestionKind):
    """Several rows answered on one scale. Front ends read each row with `read_cell` and
    gather the rows with `assemble`."""

    name = "grid"
    model: ClassVar[type[QuestionBase]] = GridQuestion
    in_lists = False

    def read_cell(self, question: Any, typed: Any) -> str | None:
        """The scale value meant by what was typed or chosen for one row (its number, words or value)."""
        return None if _blank(typed) else match_choice(question.scale, typed)

    def assemble(self, question: Any, cells: Mapping[str, Any]) -> dict[str, Any]:
        """The answer from each row's cell, in row order; rows left empty are left out."""
        return {row.value: cells[row.value] for row in question.rows
                if row.value in cells and not _blank(cells[row.value])}

    def parse(self, question: Any, raw: Any, *, today: Any = None) -> Parsed | Invalid:
        rows = {r.value: r for r in question.rows}
        if not isinstance(raw, dict):
            return Invalid(GRID_NOT_ROWS, {"rows": ", ".join(r.label for r in question.rows[:3])})
        answer: dict[str, str] = {}
        for key, cell in raw.items():
            row_value = match_choice(question.rows, key)
            if row_value is None:
                return Invalid(GRID_UNKNOWN_ROW, {"row": key})
            value = match_choice(question.scale, cell)
            if value is None:
                return Invalid(GRID_BAD_CELL, {"row": rows[row_value].label,
                                               "scale": ", ".join(c.label for c in question.scale)})
            answer[row_value] = value
        if not answer:
            return Invalid(GRID_NOT_ROWS, {"rows": ", ".join(r.label for r in question.rows[:3])})
        return Parsed({r.value: answer[r.value] for r in question.rows if r.value in answer})

    def parts(self, question: Any) -> list[str]:
        return [r.value for r in question.rows]

    def part_values(self, question: Any) -> list[str]:
        return [c.value for c in question.scale]

    def display(self, question: Any, value: Any, tr: Translator | None = None) -> str:
        return "; ".join(f"{choice_label(question.rows, k)}: {choice_label(question.scale, v)}"
                         for k, v in value.items())

    def check(self, question: Any) -> list[tuple[str, dict[str, Any]]]:
        found = []
        for choices in (question.rows, question.scale):
            seen: set[str] = set()
            for choice in choices:
                if choice.value in seen:
                    found.append((m.DUPLICATE_CHOICE, {"value": choice.value}))
                seen.add(choice.value)
        return found

