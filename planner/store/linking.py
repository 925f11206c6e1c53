"""Whole-family working: a carer's own assessment linked to the person's plan, shared only with consent.

Which flows link to which is content: a flow's header names the flow it may be linked to (`links_to`),
so a council that renames its flows changes nothing here.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.flows.loader import Content
from planner.flows.session import MemoryRecorder, Session
from planner.i18n.translator import ENGLISH, N_, Translator

from .faults import StoreError
from .opening import council_data
from .sessions import SessionRecord, SessionStore

CONSENT = "carer.share_willing_able"
SHARED_CODES = ("carer.willing", "carer.willing_6m", "carer.able", "carer.able_6m")
# Whether the carer has an emergency plan reaches the person's plan only with its own consent.
EMERGENCY_CONSENT = "carer.share_emergency_plan"
EMERGENCY_CODES = ("carer.emergency_plan",)
NOT_A_PLAN = N_("A {flow} conversation can only be linked to a {target} conversation, not to a {other} one.")
NOT_LINKABLE = N_("A {flow} conversation cannot be linked to another one. Start it without a link.")
NO_LINK = N_("There is no saved session '{typed}' to link to.")


@dataclass(frozen=True)
class LinkedCarer:
    """A carer's own assessment linked to this plan: their willing and able answers, if they agreed to share."""

    session_id: str
    name: str
    shared: bool
    answers: tuple[tuple[str, str], ...] = ()  # (code, words), only when shared
    finished: bool = True  # whether the carer's assessment is finished: a plan that relies on it stays a draft


def carer_flow(content: Content, flow_id: str) -> str | None:
    """The id of the carer's own flow that may be linked to a session of `flow_id`, if there is one."""
    return next((f.id for f in content.flows.values() if f.header.links_to == flow_id and f.header.for_ == "carer"),
                None)


def check_link(store: SessionStore, content: Content, flow_id: str, typed: str) -> SessionRecord:
    """The saved session a new `flow_id` session will be linked to, or a plain StoreError."""
    flow = content.flows.get(flow_id)
    target = flow.header.links_to if flow is not None else None
    if target is None:
        raise StoreError(NOT_LINKABLE, flow=flow_id)
    record = store.find(typed)
    if record is None:
        raise StoreError(NO_LINK, typed=typed)
    if record.flow_id != target:
        raise StoreError(NOT_A_PLAN, flow=flow_id, target=target, other=record.flow_id)
    return record


def linked_plan(store: SessionStore, content: Content, record: SessionRecord,
                translator: Translator = ENGLISH) -> Session | None:
    """The plan this carer's assessment is linked to, opened in memory only to read (None if none)."""
    own = content.flows.get(record.flow_id)
    plan = store.get(record.linked_to) if record.linked_to else None
    if plan is None or own is None or plan.flow_id != own.header.links_to or plan.flow_id not in content.flows:
        return None
    return _read_only(store, content, plan, translator)


def _read_only(store: SessionStore, content: Content, record: SessionRecord,
               translator: Translator = ENGLISH) -> Session:
    log = store.log(record.id)
    return Session(content.flows[record.flow_id], MemoryRecorder(), council=council_data(content, record.council_id),
                   answers=log.answers, state=log.state, translator=translator)


def linked_carers(store: SessionStore, content: Content, record: SessionRecord) -> list[LinkedCarer]:
    """Every carer's assessment linked to this session; only what each carer agreed to share."""
    found = []
    for linked in store.linked(record.id):
        flow = content.flows.get(linked.flow_id)
        if flow is None or flow.header.links_to != record.flow_id:
            continue
        session = _read_only(store, content, linked)
        codes = flow.by_code()
        shared = _agreed(session, codes, CONSENT)
        words = []
        if shared:
            words += _words(session, codes, SHARED_CODES)
        if _agreed(session, codes, EMERGENCY_CONSENT):
            words += _words(session, codes, EMERGENCY_CODES)
        name = str(session.facts().get("carer.name") or "") or next(
            (p.label() for p in session.participants.values() if p.role == "carer"), "A carer")
        found.append(LinkedCarer(linked.id, name, shared, tuple(words), finished=linked.finished))
    return found


def _agreed(session: Session, codes: dict[str, str], consent: str) -> bool:
    """Whether the carer said yes to the consent question with this code."""
    answer = session.primary(codes[consent]) if consent in codes else None
    return answer is not None and answer.status == "answered" and answer.value == "yes"


def _words(session: Session, codes: dict[str, str], wanted: tuple[str, ...]) -> list[tuple[str, str]]:
    """(code, words) for each of these codes the carer answered."""
    found = []
    for code in wanted:
        answer = session.primary(codes[code]) if code in codes else None
        if answer is not None:
            found.append((code, session.words(answer)))
    return found
