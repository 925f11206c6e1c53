"""The content model: flows, sections, steps, derived values, glossary, councils, codes."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from planner.questions import AnyQuestion, ContentModelBase

Audience = Literal["person", "carer", "adviser"]


class InfoStep(ContentModelBase):
    """Something the assistant says that needs no answer."""

    id: str
    kind: Literal["info"]
    text: str
    style: Literal["normal", "urgent", "recap"] = "normal"
    when: str | None = None


Step = Annotated[InfoStep | AnyQuestion, Field(discriminator="kind")]


class Section(ContentModelBase):
    """A part of a conversation with a title, shown in progress ("Your money — 3 of 8")."""

    id: str
    title: str
    intro: str | None = None
    summary: str | None = None
    when: str | None = None
    steps: list[Step]


class Derived(ContentModelBase):
    """A named value worked out from answers."""

    id: str
    value: str
    code: str | None = None


DASHED_ID = r"^[a-z][a-z0-9_-]*$"  # flow and council ids may also use '-'
# The documents planner can make (planner/output/documents); a flow's header names those its sessions make.
DocumentName = Literal["support-plan", "hand-over", "carer-assessment", "carer-support-plan", "budget-sheet"]


class FlowHeader(ContentModelBase):
    """The `flow:` block: what the conversation is and who it is with."""

    id: str = Field(pattern=DASHED_ID)
    title: str
    for_: Audience = Field(alias="for")
    version: int = Field(ge=1)
    summary: str | None = None
    intro: str | None = None
    # The flow whose sessions this one may be linked to: a carer's own assessment links to the person's plan.
    links_to: str | None = Field(default=None, pattern=DASHED_ID)
    documents: list[DocumentName] = Field(default=[])


class FlowFile(ContentModelBase):
    """One file under content/flows/."""

    flow: FlowHeader
    derived: list[Derived] = Field(default=[])
    sections: list[Section] = Field(min_length=1)


class GlossaryEntry(ContentModelBase):
    term: str
    explanation: str
    synonyms: list[str] = Field(default=[])


class GlossaryFile(ContentModelBase):
    glossary: list[GlossaryEntry]


class CodeEntry(ContentModelBase):
    code: str
    means: str
    # The only values a choice question with this code may have, in every flow, so that a
    # council's system reads 'me' or 'family' the same whichever conversation gave it.
    values: list[str] = Field(default=[])


class CodesFile(ContentModelBase):
    codes: list[CodeEntry]


class PlainLanguage(ContentModelBase):
    max_sentence_words: int = Field(default=20, ge=5)
    min_reading_ease: float = Field(default=60, ge=0, le=100)
    jargon: list[str] = Field(default=[])


class PlainLanguageFile(ContentModelBase):
    plain_language: PlainLanguage


class Contact(ContentModelBase):
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    hours: str | None = None
    website: str | None = None


class UrgentContact(ContentModelBase):
    label: str
    phone: str
    hours: str | None = None
    out_of_hours_phone: str | None = None


class ReviewIntervals(ContentModelBase):
    first_after_weeks: int = Field(default=6, ge=1, le=52)
    then_every_months: int = Field(default=12, ge=1, le=36)
    # Who usually does a review, and how (the person can ask for another way): words for the plan.
    done_by: str | None = None
    method: Literal["face_to_face", "phone", "video", "person_chooses"] = "person_chooses"
    # An interim plan: when the full plan is made if no date was agreed, and whether making the full plan
    # counts as the first review (true) or the first review is counted from when the full plan's support starts.
    interim_replan_within_weeks: int = Field(default=6, ge=1, le=26)
    interim_replan_is_first_review: bool = True


class DirectPaymentMonitoring(ContentModelBase):
    """How the council checks a direct payment is used as agreed (often at 6 to 12 weeks, then yearly)."""

    first_check_after_weeks: int = Field(default=8, ge=1, le=52)
    then_every_months: int = Field(default=12, ge=1, le=36)
    what_is_checked: list[str] = Field(default=[])
    team: str | None = None
    phone: str | None = None


class Ombudsman(ContentModelBase):
    name: str = "Local Government and Social Care Ombudsman"
    phone: str | None = None
    website: str | None = None


class Complaints(ContentModelBase):
    """The council's complaints route: how to complain, how soon it replies, and who to go to next."""

    phone: str | None = None
    email: str | None = None
    address: str | None = None
    website: str | None = None
    reply_within: str | None = None
    ombudsman: Ombudsman = Ombudsman()


class Offers(ContentModelBase):
    time_banking: bool = False
    save_cancelled_visits: bool = False
    individual_service_funds: bool = False


class Reablement(ContentModelBase):
    """The council's reablement: free help for a short time, never paid from the personal budget (Care Act s.2)."""

    up_to_weeks: int = Field(default=6, ge=1, le=12)
    covers: str = "help at home for a short time, to get back your skills and confidence, such as washing, " \
                  "dressing and making meals"


class HourlyRate(ContentModelBase):
    service: str
    amount: str = Field(pattern=r"^\d+(\.\d{1,2})?$")
    per: Literal["hour", "day", "week", "visit", "night"] = "hour"


class Council(ContentModelBase):
    id: str = Field(pattern=DASHED_ID)
    name: str
    example: bool = False
    contact: Contact = Contact()
    urgent_contact: UrgentContact
    emergency_phone: str = "999"
    review: ReviewIntervals = ReviewIntervals()
    budget_can_pay_for: list[str] = Field(default=[])
    budget_cannot_pay_for: list[str] = Field(default=[])
    offers: Offers = Offers()
    direct_payment_monitoring: DirectPaymentMonitoring = DirectPaymentMonitoring()
    reablement: Reablement = Reablement()
    complaints: Complaints = Complaints()
    hourly_rates: list[HourlyRate] = Field(default=[])
    currency: Literal["GBP"] = "GBP"


class CouncilFile(ContentModelBase):
    council: Council
