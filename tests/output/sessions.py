"""Sessions made directly from answers, for tests that need every part of a document filled in."""

from __future__ import annotations

from typing import Any, Callable

from planner.flows.answers import Answer, Participant
from planner.flows.flow import Flow
from planner.flows.loader import Content
from planner.flows.session import END, MemoryRecorder, Session
from planner.store.opening import council_data
from planner.store.sessions import SessionRecord

from .helpers import FIXED_AT

Text = Callable[[str], str]


def value_for(model: Any, text: Text) -> Any:
    """A plausible stored answer for any question, with `text(question id)` for typed words."""
    kind = model.kind
    if kind in ("short_text", "long_text"):
        return text(model.id)
    if kind in ("single_choice", "scale"):
        choices = model.choices if kind == "single_choice" else model.points
        return choices[-1].value if any(c.value == "no" for c in choices[:1]) else choices[0].value
    if kind == "multi_choice":
        return [c.value for c in model.choices]
    if kind == "yes_no":
        return "yes"
    if kind == "money":
        return {"amount": "95.50", "period": model.periods[0], "approximate": False}
    if kind == "number":
        return max(model.min or 0, 3)
    if kind == "time":
        return "07:30"
    if kind == "date":
        return "2026-05-11"
    if kind == "grid":
        return {row.value: model.scale[1].value for row in model.rows}
    if kind == "list":
        return [{f.id: value_for(f, lambda _: text(f"{model.id}.{f.id}")) for f in model.fields} for _ in range(2)]
    raise AssertionError(f"no test value for kind {kind}")


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
