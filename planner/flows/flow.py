"""A loaded flow, ready to run: steps in order, compiled expressions, and lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from planner.questions import KINDS, QuestionBase, QuestionKind

from .expressions import Expression
from .model import Derived, FlowHeader, InfoStep, Section


@dataclass
class StepInfo:
    """One step in its place: its position, its section, and its compiled expressions."""

    index: int
    section: int
    model: InfoStep | QuestionBase
    conditions: tuple[Expression, ...] = ()
    texts: dict[str, Expression] = field(default_factory=dict)
    field_conditions: dict[str, Expression] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.model.id

    @property
    def is_question(self) -> bool:
        return type(self.model) is not InfoStep  # not isinstance: pydantic's check of its classes is slow

    @property
    def kind(self) -> QuestionKind | None:
        return KINDS.get(self.model.kind)


class Builder(Protocol):
    """Builds a flow that was listed before it was built (see `loader.load_content(lazy=True)`)."""

    def build(self, flow: Flow) -> None:
        """Fill in `flow` (its steps, sections, expressions), or raise ContentError if it has mistakes."""


@dataclass
class Flow:
    """A flow whose content has been checked and compiled.

    Content loaded with `lazy=True` lists each flow by its header first (`id`, `header` and `path`
    are there at once) and builds the rest the first time anything else of it is used.
    """

    header: FlowHeader
    sections: list[Section]
    steps: list[StepInfo]
    derived: dict[str, Derived]
    derived_exprs: dict[str, Expression]
    derived_order: list[str]
    path: str
    digest: str
    by_id: dict[str, StepInfo] = field(default_factory=dict)
    texts: dict[str, Expression] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {step.id: step for step in self.steps}
        self._sections: dict[int, list[StepInfo]] = {}
        for step in self.steps:
            self._sections.setdefault(step.section, []).append(step)

    @classmethod
    def listed(cls, header: FlowHeader, path: str, builder: Builder) -> Flow:
        """A flow known only by its header, built by `builder` when first used."""
        flow = cls.__new__(cls)
        flow.__dict__.update(header=header, path=path, _builder=builder)
        return flow

    @property
    def built(self) -> bool:
        """Whether the whole flow is there (a listed flow is not until it is first used)."""
        return "_builder" not in self.__dict__

    def ensure_built(self) -> None:
        """Build a listed flow now (ContentError if it has mistakes); nothing for a flow that is built."""
        builder = self.__dict__.get("_builder")
        if builder is not None:
            builder.build(self)

    if not TYPE_CHECKING:  # for type checkers every attribute is always there, as it is once built
        def __getattr__(self, name: str) -> Any:
            if name.startswith("__") or "_builder" not in self.__dict__:
                raise AttributeError(name)
            self.ensure_built()
            return getattr(self, name)

    @property
    def id(self) -> str:
        return self.header.id

    @property
    def version(self) -> int:
        return self.header.version

    def question(self, question_id: str) -> QuestionBase:
        """The question model with this id (raises KeyError for an unknown id)."""
        model = self.by_id[question_id].model
        if isinstance(model, InfoStep):
            raise KeyError(question_id)
        return model

    def questions(self) -> list[StepInfo]:
        return [s for s in self.steps if s.is_question]

    def section_steps(self, section: int) -> list[StepInfo]:
        return self._sections.get(section, [])

    def by_code(self) -> dict[str, str]:
        """Map each semantic code to the question or derived id that carries it."""
        codes = {s.model.code: s.id for s in self.questions() if isinstance(s.model, QuestionBase) and s.model.code}
        codes.update({d.code: d.id for d in self.derived.values() if d.code})
        return codes

    def describe(self, question_id: str, value: Any) -> str:
        """An answer in words."""
        model = self.question(question_id)
        return KINDS[model.kind].display(model, value)
