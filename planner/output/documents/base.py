"""What every document shares: where it came from, the council's contacts, and what is still to ask."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from planner.flows.links import plain
from planner.flows.model import Council
from planner.flows.session import Session
from planner.flows.walk import planner_only
from planner.i18n.translator import ENGLISH, Translator
from planner.store.sessions import SessionRecord
from planner.text import clean_text

from .facts import Facts

DEFAULT_LOCALE = "en_GB"


class CouncilInfo(BaseModel):
    """Who to contact, and the council's review settings."""

    id: str
    name: str
    example: bool = False
    phone: str | None = None
    email: str | None = None
    hours: str | None = None
    urgent_label: str | None = None
    urgent_phone: str | None = None
    urgent_hours: str | None = None
    out_of_hours_phone: str | None = None
    emergency_phone: str = "999"
    first_review_after_weeks: int = 6
    then_review_every_months: int = 12


class StillToAsk(BaseModel):
    """A question that is part of this conversation but has no answer yet."""

    section: str
    question: str
    status: Literal["unanswered", "skipped"]


_STILL_TO_ASK: dict[str, Literal["unanswered", "skipped"]] = {"unanswered": "unanswered", "skipped": "skipped"}


class View(BaseModel):
    """One person's answer where people see things differently."""

    by: str
    role: str
    words: str


class DifferenceOfView(BaseModel):
    """A question that people answered differently: something to talk about."""

    topic: str
    views: list[View]


class About(BaseModel):
    """Where a document came from."""

    document: str
    title: str
    flow: str
    flow_version: int
    session_id: str | None = None
    locale: str = DEFAULT_LOCALE
    prepared_on: dt.date
    started_on: dt.date | None = None
    last_changed_on: dt.date | None = None
    finished: bool
    taking_part: list[str] = Field(default_factory=list)
    council: CouncilInfo | None = None
    large_print: bool = False


class Document(BaseModel):
    """A typed document built from a session; templates and exports render this, never raw answers."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int
    about: About
    still_to_ask: list[StillToAsk] = Field(default_factory=list)

    def still_to_ask_by_section(self) -> list[tuple[str, list[StillToAsk]]]:
        """The questions still to ask, grouped by their section, in order."""
        groups: dict[str, list[StillToAsk]] = {}
        for item in self.still_to_ask:
            groups.setdefault(item.section, []).append(item)
        return list(groups.items())

    @property
    def complete(self) -> bool:
        """Finished, with nothing left to ask."""
        return self.about.finished and not self.still_to_ask


class Context:
    """Everything a document builder needs: the facts by code, the record and the council."""

    def __init__(self, session: Session, record: SessionRecord | None = None, council: Council | None = None,
                 *, today: dt.date | None = None, name_code: str = "person.preferred_name",
                 linked: Sequence[Any] = (), plan: Session | None = None) -> None:
        self.session = session
        self.tr: Translator = getattr(session, "translator", ENGLISH)
        self.linked = list(linked)  # carers' own assessments, only what they agreed to share
        self.plan = plan  # for a carer: the support plan their assessment is linked to
        self.record = record
        self.review = session.review()  # costly in the engine: worked out once per document set
        self.facts = Facts(session, review=self.review)
        self.name = self.facts.text(name_code) or ""
        self.facts.person_name = self.name
        self.council = council or _council_of(session)
        self.locale = babel_locale(record.locale if record else None)
        self.today = today or self._last_answered() or dt.date.today()

    def about(self, document: str, title: str) -> About:
        record = self.record
        return About(document=document, title=title, flow=self.session.flow.id,
                     flow_version=self.session.flow.version, session_id=record.id if record else None,
                     locale=self.locale, prepared_on=self.today,
                     started_on=_day(record.created) if record else None,
                     last_changed_on=_day(record.updated) if record else None,
                     finished=self.session.finished, taking_part=self.taking_part(),
                     council=council_info(self.council) if self.council else None,
                     large_print=self.large_print())

    def large_print(self) -> bool:
        """Whether they asked for large print, or said they find it hard to see."""
        return ("large_print" in self.facts.chosen("person.how_told")
                or "sight" in self.facts.chosen("person.communication"))

    def taking_part(self) -> list[str]:
        return [self.facts.who_label(p) for p in self.session.participants.values()]

    def still_to_ask(self, *, planners: bool = True) -> list[StillToAsk]:
        """Relevant questions not answered yet, or skipped for now, in order (`planners`: the planner's own too;
        the person's plan leaves those to the hand-over)."""
        found = []
        by_id = self.session.flow.by_id
        for section in self.review:
            for item in section.items:
                status = _STILL_TO_ASK.get(item.status)
                if status is not None and (planners or not planner_only(by_id[item.id].model)):
                    found.append(StillToAsk(section=clean_text(plain(section.title)),
                                            question=clean_text(plain(item.prompt)), status=status))
        return found

    def differences(self, *, leave_out: AbstractSet[str] = frozenset()) -> list[DifferenceOfView]:
        """Questions answered differently by different people, each view with who gave it."""
        found = []
        prompts = {item.id: item.prompt for section in self.review for item in section.items}
        codes = {name: code for code, name in self.facts.codes.items()}
        for difference in self.session.differences():
            if codes.get(difference.question) in leave_out:
                continue
            views = [View(by=self.facts.who_label(self.facts.who(a)), role=self.facts.who(a).role,
                          words=plain(clean_text(self.session.words(a), multiline=True))) for a in difference.answers]
            found.append(DifferenceOfView(topic=clean_text(plain(prompts.get(difference.question, ""))), views=views))
        return found

    def notes(self) -> list[Any]:
        """The planner's own notes, kept by the session (if the engine has them)."""
        return list(getattr(self.session, "notes", []) or [])

    def _last_answered(self) -> dt.date | None:
        days = [d for d in (_day(a.at) for a in self.session.answers()) if d]
        return max(days) if days else None


def council_info(council: Council) -> CouncilInfo:
    urgent = council.urgent_contact
    return CouncilInfo(id=council.id, name=council.name, example=council.example, phone=council.contact.phone,
                       email=council.contact.email, hours=council.contact.hours, urgent_label=urgent.label,
                       urgent_phone=urgent.phone, urgent_hours=urgent.hours,
                       out_of_hours_phone=urgent.out_of_hours_phone, emergency_phone=council.emergency_phone,
                       first_review_after_weeks=council.review.first_after_weeks,
                       then_review_every_months=council.review.then_every_months)


def babel_locale(locale: str | None) -> str:
    """The Babel locale for a session: plain 'en' means British English here."""
    if not locale or locale.lower() in ("en", "en-gb", "en_gb"):
        return DEFAULT_LOCALE
    return locale.replace("-", "_")


def _council_of(session: Session) -> Council | None:
    data = getattr(session.walk, "council", None)
    if not data:
        return None
    try:
        return Council.model_validate(data)
    except ValueError:
        return None


def _day(stamp: str | None) -> dt.date | None:
    if not stamp:
        return None
    try:
        return dt.datetime.fromisoformat(stamp).date()
    except ValueError:
        return None
