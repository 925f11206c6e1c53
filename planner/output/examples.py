"""Example documents, made from the content's own flows, for trying council templates in `planner check`.

Two of each document: one from a finished conversation where every question has a
plausible answer, and one from a conversation not started yet (so it lists what is
still to ask). Nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from collections.abc import Callable

from planner.flows.answers import Answer, Participant
from planner.flows.loader import Content
from planner.flows.session import END, MemoryRecorder, Session
from planner.questions import REGISTRY

from .documents import Document, build_documents

EXAMPLE_DAY = dt.date(2026, 3, 2)
EXAMPLE_AT = "2026-03-02T10:00:00+00:00"


def example_documents(content: Content, council_id: str) -> list[Document]:
    """Every document the content's flows make, filled in and empty, with this council's details."""
    council = content.councils[council_id].model_dump(mode="json") if council_id in content.councils else {}
    found: list[Document] = []
    for flow in content.flows.values():
        if not flow.header.documents:
            continue
        for filled in (True, False):
            try:
                session = _session(flow, council, filled=filled)
                found.extend(build_documents(session, today=EXAMPLE_DAY).values())
            except Exception:
                continue
    return found


def _session(flow: Any, council: dict[str, Any], *, filled: bool) -> Session:
    person = Participant("person", "person", name="Sam")
    answers = []
    if filled:
        for step in flow.questions():
            value = value_for(step.model)
            if value is not None:
                answers.append(Answer(question=step.id, status="answered", by=person.id, at=EXAMPLE_AT, value=value))
    state = {"participants": [person.as_dict()], "finished": filled, **({"position": END} if filled else {})}
    return Session(flow, MemoryRecorder(), council=council, answers=answers, state=state, clock=lambda: EXAMPLE_AT)


def value_for(model: Any, text: Callable[[str], str] | None = None) -> Any:
    """A plausible stored answer for a question of any kind, with `text(question id)` for typed words
    (None for a step that has no answer)."""
    entry = REGISTRY.get(model.kind)
    return entry.example(model, text) if entry is not None else None
