"""Sessions made directly from answers, for tests that need every part of a document filled in."""

from __future__ import annotations

from typing import Any
from collections.abc import Callable

from planner.flows.answers import Answer, Participant
from planner.flows.flow import Flow
from planner.flows.loader import Content
from planner.flows.session import END, MemoryRecorder, Session
from planner.output import examples
from planner.store.opening import council_data
from planner.store.sessions import SessionRecord

from .helpers import FIXED_AT

Text = Callable[[str], str]


def value_for(model: Any, text: Text) -> Any:
    """A plausible stored answer for any question, with `text(question id)` for typed words."""
    value = examples.value_for(model, text)
    assert value is not None, f"no test value for kind {model.kind}"
    return value


def filled(content: Content, flow_id: str, text: Text, *, participants: list[Participant] | None = None,
           finished: bool = True, only: set[str] | None = None) -> tuple[Session, SessionRecord]:
    """A session of `flow_id` with an answer to every question (or only to those named)."""
    flow: Flow = content.flows[flow_id]
    people = participants or [Participant("person", "person", name=text("participant"))]
    answers = [Answer(question=s.id, status="answered", by=people[0].id, at=FIXED_AT, value=value_for(s.model, text))
               for s in flow.questions() if only is None or s.id in only]
    state = {"participants": [p.as_dict() for p in people], "finished": finished,
             **({"position": END} if finished else {})}
    session = Session(flow, MemoryRecorder(), council=council_data(content, "example"), answers=answers, state=state)
    record = SessionRecord(id="1" * 32, flow_id=flow.id, flow_version=flow.version, flow_digest=flow.digest,
                           council_id="example", locale="en", mode="planner", linked_to=None, created=FIXED_AT,
                           updated=FIXED_AT, state=session.state())
    return session, record
