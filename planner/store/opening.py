"""Starting and resuming stored conversations, and noticing when the content has changed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any
from collections.abc import Iterable

from planner.flows.answers import Answer, Participant
from planner.flows.flow import Flow
from planner.flows.loader import Content, ContentError
from planner.flows.session import Session, utc_now
from planner.flows.view import ContentChange
from planner.i18n import catalogues
from planner.i18n.translator import N_, Translator
from planner.questions import entry_of

from .faults import StoreError
from .sessions import SessionRecord, SessionStore, StoredRecorder

FLOW_GONE = N_("This conversation used '{flow}', which is not in the content any more. "
             "Its answers are kept; export them with 'planner sessions export {id}'.")
NO_SUCH_COUNCIL = N_("There are no settings for a council called '{council}'. Try one of: {choices}.")
WITHOUT_PLANNER = ("kiosk", "self")  # where a session may be opened with no planner there
NO_SUCH_FLOW = N_("There is no conversation called '{flow}'. Try one of: {choices}.")


@dataclass
class Opened:
    """A session open for answering, holding its lock until closed."""

    session: Session
    record: SessionRecord
    recorder: StoredRecorder
    change: ContentChange
    code: str = ""  # the resume code, known only when the session has just been made

    def close(self) -> None:
        self.recorder.close()


class FlowBroken(StoreError):
    """A flow built when first chosen (content loaded lazily) has mistakes: the plain message, then each one."""

    def __init__(self, error: ContentError) -> None:
        super().__init__(error.said)
        self.error = error

    def text(self, tr: Translator) -> str:
        return self.error.text(tr)

    def __str__(self) -> str:
        return str(self.error)


def flow_named(content: Content, flow_id: str) -> Flow:
    """A flow by id, built if it was only listed; a StoreError naming the ones there are, or its mistakes."""
    if flow_id not in content.flows:
        raise StoreError(NO_SUCH_FLOW, flow=flow_id, choices=", ".join(sorted(content.flows)))
    try:
        return content.build(flow_id)
    except ContentError as error:
        raise FlowBroken(error) from None


def council_data(content: Content, council_id: str | None) -> dict[str, Any]:
    if council_id and council_id in content.councils:
        return content.councils[council_id].model_dump(mode="json")
    if content.councils:
        return content.council().model_dump(mode="json")
    return {}


def start(store: SessionStore, content: Content, flow_id: str, *, participants: Iterable[Participant] = (),
          council_id: str | None = None, mode: str = "planner", locale: str = "en",
          linked_to: str | None = None) -> Opened:
    """Make a new session and open it."""
    flow = flow_named(content, flow_id)
    if council_id is not None and council_id not in content.councils:
        raise StoreError(NO_SUCH_COUNCIL, council=council_id, choices=", ".join(sorted(content.councils)))
    if council_id is None and content.councils:
        council_id = next(iter(content.councils))
    preview = Session(flow, _NoRecorder(), participants=participants)
    record, code = store.create(flow, preview.state(), council_id=council_id, mode=mode, locale=locale,
                                linked_to=linked_to, now=utc_now())
    opened = resume(store, content, record)  # a new one: its mode and participants say whether a planner is here
    opened.code = code
    return opened


def resume(store: SessionStore, content: Content, record: SessionRecord, *, place: str | None = None) -> Opened:
    """Open a saved session, mapping its answers onto the content as it is now.

    `place` is where it is opened (`kiosk`, `self` or `planner`): at a kiosk or in self-service no
    planner's question is asked; by a planner they are. From the command line (None) they are asked when a
    planner is among the participants (`Session.with_planner`), unless it was begun at a kiosk or alone.
    """
    if record.flow_id not in content.flows:
        raise StoreError(FLOW_GONE, flow=record.flow_id, id=record.short_id)
    flow = flow_named(content, record.flow_id)
    recorder = store.recorder(record)
    try:
        log = store.log(record.id)
        kept, change = map_answers(flow, log.answers, record.question_ids)
        session = Session(flow, recorder, council=council_data(content, record.council_id), answers=kept,
                          state=log.state, translator=translator_for(record.locale, content))
        if place is not None:
            session.planner_here(place not in WITHOUT_PLANNER)
        elif record.mode in WITHOUT_PLANNER:  # begun at a kiosk or alone: not the planner's, wherever opened
            session.planner_here(False)
        if record.flow_digest != flow.digest:
            store.set_content(record.id, flow, session.state(), utc_now(), upto=log.last)
            log.state = session.state()
        recorder.prime(log)
    except BaseException:
        recorder.close()
        raise
    return Opened(session, record, recorder, change)


def translator_for(locale: str | None, content: Content) -> Translator:
    """The translator for a session's language, with the content folder's own catalogue first."""
    return catalogues.load(locale, catalogues.folders_for(content.root))


def set_language(store: SessionStore, opened: Opened, locale: str, content: Content) -> None:
    """Switch an open session to another language: the store remembers it; every answer stays."""
    language = catalogues.normalise(locale)
    store.set_locale(opened.record.id, language, utc_now())
    opened.session.set_translator(translator_for(language, content))
    opened.record = replace(opened.record, locale=language)


def map_answers(flow: Flow, answers: list[Answer], before: Iterable[str]) -> tuple[list[Answer], ContentChange]:
    """Keep the answers that still fit the flow by question id; say what was dropped, broken or added."""
    kept, dropped, invalid = [], [], []
    for answer in answers:
        step = flow.by_id.get(answer.question)
        if step is None or not step.is_question:
            dropped.append(answer.question)
        elif answer.status == "answered" and not fits(step.model, answer.value):
            invalid.append(answer.question)
        else:
            kept.append(answer)
    known = set(before)
    added = [s.id for s in flow.questions() if known and s.id not in known]
    return kept, ContentChange(_unique(dropped), _unique(invalid), tuple(added))


def _unique(ids: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def fits(model: Any, value: Any) -> bool:
    """Whether a stored answer is still one the question can have."""
    return entry_of(model).still_fits(model, value)


class _NoRecorder:
    def commit(self, answer: Answer | None, state: dict[str, Any]) -> int:
        return 0

    def hold(self, state: dict[str, Any]) -> None:
        return None
