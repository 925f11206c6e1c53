"""Reading a session by semantic code: values, statuses, words and quotes.

Documents never name a question id. They ask for `budget.amount`, and this reader
finds whichever question or derived value carries that code in the flow the session
was made with, so rewording or moving a question never breaks a plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel

from planner.flows.answers import Answer, Participant
from planner.flows.links import plain
from planner.flows.session import Session
from planner.i18n.lists import and_join
from planner.i18n.translator import ENGLISH, N_, Translator
from planner.questions import KINDS
from planner.questions.base import choice_label
from planner.text import clean_text

CodeStatus = Literal["answered", "not_sure", "rather_not_say", "skipped", "unanswered", "not_asked", "derived",
                     "not_in_flow"]
NONE_VALUE = "none"
YOU = N_("You")


def and_list(words: list[str], tr: Translator = ENGLISH) -> str:
    """'Sue', 'Sue and Joan', 'Sue, Joan and Raj'; semicolons when an item has its own commas."""
    return and_join(words, tr)


def as_date(value: Any) -> dt.date | None:
    """A stored date answer (ISO text) as a date; None for anything else."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def as_text(value: Any) -> str | None:
    """Free words from a list item or field, cleaned; None when there are none."""
    return clean_text(str(value), multiline=True).strip() or None if value not in (None, "") else None


class Quote(BaseModel):
    """Someone's own words, and who said them."""

    words: str
    by: str
    role: str


class Coded(BaseModel):
    """One answer by code: its stored value, the words for it, and its status."""

    code: str
    status: str
    value: str | int | bool | list[str] | None = None
    words: str = ""


class Facts:
    """The relevant answers of one session, looked up by semantic code."""

    def __init__(self, session: Session, *, person_name: str = "", review: list[Any] | None = None) -> None:
        self.session = session
        self.tr: Translator = getattr(session, "translator", ENGLISH)
        self._review = review
        self.flow = session.flow
        self.codes = self.flow.by_code()
        self._facts = session.facts()
        self._answers = session.relevant_answers()
        self.person_name = person_name

    # ----------------------------------------------------------------- basics
    def has_code(self, code: str) -> bool:
        return code in self.codes

    def status(self, code: str) -> CodeStatus:
        """How a code stands: answered, a status word, unanswered, not asked, or derived."""
        name = self.codes.get(code)
        if name is None:
            return "not_in_flow"
        if name in self.flow.derived:
            return "derived"
        answer = self._answers.get(name)
        if answer is not None:
            return answer.status
        return "unanswered" if self.session.walk.relevant(self.flow.by_id[name].index) else "not_asked"

    def value(self, code: str) -> Any:
        """The stored value (or derived value), or None when there is no answer to use."""
        if self.status(code) in ("answered", "derived"):
            return self._facts.get(code)
        return None

    def text(self, code: str) -> str | None:
        """A typed answer, cleaned of anything that could disguise it."""
        value = self.value(code)
        if not isinstance(value, str):
            return None
        return clean_text(value, multiline=True) or None

    def chosen(self, code: str) -> list[str]:
        """A multiple choice answer without its 'none of these'."""
        value = self.value(code)
        return [v for v in value if v != NONE_VALUE] if isinstance(value, list) else []

    def is_yes(self, code: str) -> bool:
        value: object = self.value(code)
        return value == "yes"

    def yes_no(self, code: str) -> bool | None:
        """True for yes, False for no, None when not known."""
        value = self.value(code)
        return True if value == "yes" else False if value == "no" else None

    # ----------------------------------------------------------------- words
    def words(self, code: str) -> str:
        """The answer in words, or the status in words ("I'm not sure")."""
        name = self.codes.get(code)
        status = self.status(code)
        if name is None or status in ("unanswered", "not_asked", "not_in_flow", "skipped"):
            return ""
        if status == "derived":
            return str(self._facts.get(code) or "")
        answer = self._answers[name]
        return plain(clean_text(self.session.words(answer), multiline=True))

    def label(self, code: str, value: Any) -> str:
        """The words for one choice value of the question with this code."""
        question = self.question(code)
        choices = getattr(KINDS[question.kind], "choices", None) if question is not None else None
        return plain(choice_label(choices(question), value)) if choices else str(value)

    def labels(self, code: str) -> list[str]:
        """The words for each choice made, without 'none of these'."""
        return [self.label(code, v) for v in self.chosen(code)]

    def field_words(self, code: str, field_id: str, value: Any) -> str:
        """The words for one field of one item of a list question."""
        question = self.question(code)
        field = next((f for f in getattr(question, "fields", []) if f.id == field_id), None)
        if field is None or value is None:
            return "" if value is None else clean_text(str(value))
        return plain(clean_text(KINDS[field.kind].display(field, value, self.tr), multiline=True))

    def coded(self, code: str) -> Coded:
        """One answer as structured data: value, words and status."""
        value = self.value(code)
        if isinstance(value, str):
            value = clean_text(value, multiline=True)
        if isinstance(value, dict):
            value = None  # money and grids have their own models
        return Coded(code=code, status=self.status(code), value=value, words=self.words(code))

    # ----------------------------------------------------------------- who
    def answer(self, code: str) -> Answer | None:
        name = self.codes.get(code)
        return self._answers.get(name) if name else None

    def who(self, answer: Answer) -> Participant:
        return self.session.participants.get(answer.by, Participant(answer.by, "planner"))

    def who_label(self, participant: Participant) -> str:
        """How to name who said something: 'Edna', 'Sue (daughter)', 'The planner'."""
        if participant.role in ("person", "carer") and not participant.name:
            return self.person_name or self.tr.gettext(YOU)
        return clean_text(participant.label(self.tr.gettext))

    def quote(self, code: str) -> Quote | None:
        """Someone's own words for this code, with who said them."""
        text = self.text(code)
        answer = self.answer(code)
        if text is None or answer is None:
            return None
        participant = self.who(answer)
        return Quote(words=text, by=self.who_label(participant), role=participant.role)

    def all_given(self, code: str) -> list[Answer]:
        """Every participant's current answer to the question with this code."""
        name = self.codes.get(code)
        if name is None or name in self.flow.derived or name not in self._answers:
            return []
        return [given.answer for item in self._review_items() if item.id == name for given in item.given]

    # ----------------------------------------------------------------- inside
    def question(self, code: str) -> Any:
        """The question with this code, its words in the session's language."""
        name = self.codes.get(code)
        if name is None or name in self.flow.derived:
            return None
        self.flow.question(name)  # KeyError for an information step, as before
        local = getattr(self.session, "local", None)
        return local.model(self.flow.by_id[name]) if local is not None else self.flow.question(name)

    def _review_items(self) -> list[Any]:
        if self._review is None:
            self._review = self.session.review()
        return [item for section in self._review for item in section.items]
