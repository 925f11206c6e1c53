"""The registry of question kinds: one entry per kind holds, or points to, everything about it.

An entry joins the kind itself (content model, parse, check, display, values and parts) to what
the rest of planner needs to know of it: the sample values reachability checks try, which values
a condition may compare a part with, whether a stored answer still fits, an example answer for
trying documents, the words that say how to answer, and the shape of input a front end offers.
Front ends sit above this layer, so an entry names its shape (`Entry`) and each front end keeps
one table from shape to its own widget or prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from planner.i18n.translator import N_

from .base import QuestionBase, QuestionKind
from .choice import MultiChoice, Scale, SingleChoice, YesNo
from .groups import GridKind, ListKind
from .numbers import Money, Number
from .text import LongText, ShortText
from .when import Date, Time

Entry = Literal["choose_one", "choose_many", "one_line", "several_lines", "list_of_items", "grid"]
ENTRIES: tuple[Entry, ...] = get_args(Entry)
TextFor = Callable[[str], str]  # question id -> words a person might type there

TYPE_A_NUMBER_OR_WORDS = N_("Type a number, or the words.")
TYPE_ALL_THAT_FIT = N_("Type the numbers of all that fit, with commas between them.")
EACH_IN_TURN = N_("I will ask about each one in turn. Press Enter to start.")
TYPE_YOUR_ANSWER = N_("Type your answer.")
EXAMPLE_WORDS = "Example words"


def _fixed_samples(question: Any, constants: list[Any], kind: QuestionKind) -> list[Any]:
    values = kind.values(question)
    return [None, *values] if values else [None, "some words"]


def _no_part_values(question: Any, part: str) -> list[Any] | None:
    return None


@dataclass(frozen=True)
class KindEntry:
    """Everything about one kind of question.

    `samples(question, constants)` gives the answers reachability checks try (None is "not
    answered"); `part_values(question, part)` the values a condition may compare a part with;
    `compare_values(question)` those for the whole answer (`["a number"]` for any number);
    `fits(question, value)` whether a stored answer still fits the question after the content
    changed; `example(question, text)` a plausible stored answer.
    """

    kind: QuestionKind
    entry: Entry
    how_to_answer: str  # line mode's words after the prompt (a catalogue message)
    example: Callable[[Any, TextFor | None], Any]
    placeholder: str | None = None  # shown in an empty box where a front end offers one (a catalogue message)
    empty_is_skip: bool = False  # an empty answer to a question that is not required means "skip for now"
    words: bool = False  # the answer is words (or choice values), never a number: comparing it with one always fails
    samples: Callable[[Any, list[Any]], list[Any]] | None = None
    part_values: Callable[[Any, str], list[Any] | None] = _no_part_values
    compare_values: Callable[[Any], list[Any] | None] | None = None
    fits: Callable[[Any, Any], bool] | None = None

    @property
    def name(self) -> str:
        return self.kind.name

    @property
    def model(self) -> type[QuestionBase]:
        return self.kind.model

    def sample_values(self, question: Any, constants: list[Any]) -> list[Any]:
        """The answers reachability checks try for this question, None (not answered) first."""
        if self.samples is not None:
            return self.samples(question, constants)
        return _fixed_samples(question, constants, self.kind)

    def comparable(self, question: Any) -> list[Any] | None:
        """The values a condition may compare the whole answer with (None: any)."""
        return self.compare_values(question) if self.compare_values else self.kind.values(question)

    def still_fits(self, question: Any, value: Any) -> bool:
        """Whether a stored answer is still one the question can have."""
        if self.fits is not None:
            return self.fits(question, value)
        allowed = self.kind.values(question)
        if allowed is None:
            return True
        if isinstance(value, list):
            return all(v in allowed for v in value)
        return value in allowed


# -- kind by kind ---------------------------------------------------------------------------


def _first_of(choices: list[Any]) -> Any:
    return choices[-1].value if any(c.value == "no" for c in choices[:1]) else choices[0].value


EXAMPLE_NHS_NUMBER = "943 476 5919"  # the NHS's own example: its check digit is right


def _words(question: Any, text: TextFor | None) -> Any:
    if getattr(question, "check", None) == "nhs_number":
        return EXAMPLE_NHS_NUMBER
    return text(question.id) if text else EXAMPLE_WORDS


def _every_one_alone(question: Any, constants: list[Any]) -> list[Any]:
    values = MULTI.values(question)
    return [None, values] + [[v] for v in values]


def _numbers_near(question: Any, constants: list[Any]) -> list[Any]:
    # 0 and 1 for `when: count`, and each side of every constant it is compared with
    numbers = {0, 1} | {c + d for c in constants if _is_number(c) for d in (-1, 0, 1)}
    return [None, *sorted(numbers)]


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _money_samples(question: Any, constants: list[Any]) -> list[Any]:
    return [None] + [{"amount": str(a), "period": p, "approximate": False}
                     for p in question.periods for a in (0, 100, 10000)]


def _money_part_values(question: Any, part: str) -> list[Any] | None:
    return list(question.periods) if part == "period" else None


def _grid_samples(question: Any, constants: list[Any]) -> list[Any]:
    return [None] + [{r.value: v for r in question.rows} for v in GRID.part_values(question)]


def _grid_part_values(question: Any, part: str) -> list[Any] | None:
    return GRID.part_values(question) if part in GRID.parts(question) else None


def _grid_fits(question: Any, value: Any) -> bool:
    return isinstance(value, dict) and set(value) <= set(GRID.parts(question)) and all(
        v in GRID.part_values(question) for v in value.values())


def _grid_example(question: Any, text: TextFor | None) -> Any:
    return {row.value: question.scale[1].value for row in question.rows}


def _list_fits(question: Any, value: Any) -> bool:
    fields = {f.id for f in question.fields}
    return isinstance(value, list) and all(isinstance(i, dict) and set(i) <= fields for i in value)


def _list_example(question: Any, text: TextFor | None) -> Any:
    def field_text(name: str) -> TextFor | None:
        return None if text is None else (lambda _id: text(name))

    return [{f.id: REGISTRY[f.kind].example(f, field_text(f"{question.id}.{f.id}")) for f in question.fields}
            for _ in range(2)]


MULTI = MultiChoice()
GRID = GridKind()

REGISTRY: dict[str, KindEntry] = {entry.name: entry for entry in (
    KindEntry(SingleChoice(), "choose_one", TYPE_A_NUMBER_OR_WORDS, lambda q, text: _first_of(q.choices),
              words=True),
    KindEntry(MULTI, "choose_many", TYPE_ALL_THAT_FIT, lambda q, text: [c.value for c in q.choices],
              samples=_every_one_alone, words=True),
    KindEntry(YesNo(), "choose_one", TYPE_A_NUMBER_OR_WORDS, lambda q, text: "yes"),
    KindEntry(Scale(), "choose_one", TYPE_A_NUMBER_OR_WORDS, lambda q, text: _first_of(q.points), words=True),
    KindEntry(ShortText(), "one_line", TYPE_YOUR_ANSWER, _words, placeholder=N_("Type your answer"),
              empty_is_skip=True, words=True),
    KindEntry(LongText(), "several_lines", N_("Type your answer. Press Enter when you have finished."), _words,
              empty_is_skip=True, words=True),
    KindEntry(Number(), "one_line", N_("Type a number."), lambda q, text: max(q.min or 0, 3),
              placeholder=N_("Type a number"), samples=_numbers_near, compare_values=lambda q: ["a number"]),
    KindEntry(Money(), "one_line", N_("Type an amount, such as 120 a week."),
              lambda q, text: {"amount": "95.50", "period": q.periods[0], "approximate": False},
              placeholder=N_("For example: 120 a week"), samples=_money_samples, part_values=_money_part_values),
    KindEntry(Time(), "one_line", N_("Type a time, such as 9am."), lambda q, text: "07:30",
              placeholder=N_("For example: 9am")),
    KindEntry(Date(), "one_line", N_("Type a date, such as 3 March 2027."), lambda q, text: "2026-05-11",
              placeholder=N_("For example: 3 March 2027")),
    KindEntry(ListKind(), "list_of_items", EACH_IN_TURN, _list_example, samples=lambda q, c: [None, [], [{}]],
              fits=_list_fits),
    KindEntry(GRID, "grid", EACH_IN_TURN, _grid_example, samples=_grid_samples, part_values=_grid_part_values,
              fits=_grid_fits),
)}


def entry_of(question: QuestionBase) -> KindEntry:
    """The registry entry for a question."""
    return REGISTRY[question.kind]
