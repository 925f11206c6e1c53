"""What a front end shows: plain data built by the session, with texts already filled in."""

from __future__ import annotations

from dataclasses import dataclass

from planner.questions import Entry, KindEntry, QuestionBase, entry_of, kind_of

from .answers import Answer, Participant


@dataclass(frozen=True)
class Progress:
    """Where the conversation is: 'Your money, 3 of 8', and the section's place in the flow."""

    section_id: str
    section_title: str
    section_number: int
    section_count: int
    step_number: int
    step_count: int


@dataclass(frozen=True)
class Given:
    """One participant's current answer to a question, ready to show."""

    participant: Participant
    answer: Answer
    words: str


@dataclass(frozen=True)
class StepView:
    """One step to show now: a question or an information step.

    Texts may hold glossary links (`planner.flows.links`); front ends show them.
    """

    id: str
    kind: str
    text: str
    progress: Progress
    hint: str = ""
    why: str = ""
    style: str = "normal"
    section_intro: str = ""
    question: QuestionBase | None = None
    given: tuple[Given, ...] = ()
    mine: Answer | None = None

    @property
    def is_question(self) -> bool:
        return self.question is not None

    @property
    def kind_entry(self) -> KindEntry | None:
        """The question's entry in the registry of kinds (None for an information step)."""
        return entry_of(self.question) if self.question is not None else None

    @property
    def entry(self) -> Entry | None:
        """The shape of input a front end offers for this step (None for an information step)."""
        return entry_of(self.question).entry if self.question is not None else None

    @property
    def choices(self) -> list[tuple[str, str]]:
        """(value, label) pairs for choice questions, in order."""
        kind = kind_of(self.question) if self.question is not None else None
        choices = getattr(kind, "choices", None)
        return [(c.value, c.label) for c in choices(self.question)] if choices else []


@dataclass(frozen=True)
class Outcome:
    """What happened to an answer: accepted (with an acknowledgement) or not, and why."""

    accepted: bool
    problem: str = ""
    ack: str = ""


@dataclass(frozen=True)
class ReviewItem:
    """A relevant question and every current answer to it."""

    id: str
    prompt: str
    given: tuple[Given, ...]
    required: bool = False

    @property
    def status(self) -> str:
        return self.given[0].answer.status if self.given else "unanswered"


@dataclass(frozen=True)
class ReviewSection:
    id: str
    title: str
    items: tuple[ReviewItem, ...]


@dataclass(frozen=True)
class ContentChange:
    """What changed in the content since a session was last saved."""

    dropped: tuple[str, ...] = ()   # answered questions that are gone
    invalid: tuple[str, ...] = ()   # answers that no longer fit their question
    added: tuple[str, ...] = ()     # new questions before where the conversation had got to

    def __bool__(self) -> bool:
        return bool(self.dropped or self.invalid or self.added)


@dataclass(frozen=True)
class EndView:
    """The end of the flow: what is left to do before finishing."""

    to_revisit: tuple[ReviewItem, ...]
    missing_required: tuple[ReviewItem, ...]
    finished: bool = False

