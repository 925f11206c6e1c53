"""Playing personas into sessions with fixed dates, so outputs can be compared exactly."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from planner.flows.answers import Answer, Participant
from planner.flows.session import END, MemoryRecorder, Session
from planner.questions import KINDS, Invalid
from planner.store.opening import council_data
from planner.store.sessions import SessionRecord
from tests.personas.runner import PERSONAS, PersonaPlayer, _entries

OUTPUT_FLOWS = ("support-plan", "carer-assessment", "budget-check")
FIXED_AT = "2026-03-02T10:00:00+00:00"
TODAY = dt.date(2026, 3, 2)
GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("PLANNER_UPDATE_GOLDENS") == "1"


def persona_files() -> list[Path]:
    """Every persona of a flow that has documents."""
    return sorted(p for flow in OUTPUT_FLOWS for p in (PERSONAS / flow).glob("*.yaml"))


def fixed(session: Session, record: SessionRecord) -> tuple[Session, SessionRecord]:
    """The same session and record, with every clock reading replaced by one fixed time."""
    answers = [replace(a, at=FIXED_AT) for a in session.answers()]
    state = dict(session.state())
    state["notes"] = [{**n, "at": FIXED_AT} for n in state.get("notes", [])]
    again = Session(session.flow, MemoryRecorder(), council=session.walk.council, answers=answers, state=state,
                    clock=lambda: FIXED_AT)
    return again, replace(record, id="0" * 32, created=FIXED_AT, updated=FIXED_AT)


def play(path: Path, data: Path) -> tuple[Session, SessionRecord]:
    """Play a persona and give back its session with fixed dates.

    Personas that only give answers are rebuilt straight from their answers, parsed by
    each question's kind (playing them question by question costs the engine seconds
    each); relevant questions with no answer count as skipped, as `planner run` does.
    Personas with step-by-step actions go through the persona runner and a real store.
    """
    player = PersonaPlayer(path, data)
    spec = player.spec
    if spec.get("actions"):
        spec["actions"] = [a for a in spec["actions"] if "check" not in a]
        played = player.play()
        try:
            return fixed(played.session, played.opened.record)
        finally:
            player.close(played)
    player.store.close()
    flow = player.content.flows[spec["flow"]]
    council_id = spec.get("council") or next(iter(player.content.councils))
    participants = player.participants or [Participant("person", "person")]
    default = participants[0].id
    answers = []
    for question, given in (spec.get("answers") or {}).items():
        model = flow.question(str(question))
        for entry in _entries(path, given):
            if entry.status == "answered":
                parsed = KINDS[model.kind].parse(model, entry.raw, today=TODAY)
                assert not isinstance(parsed, Invalid), f"{path.name}: {question}: {parsed.text()}"
                value = parsed.value
            else:
                value = None
            answers.append(Answer(question=str(question), status=entry.status, by=entry.by or default,  # type: ignore[arg-type]
                                  at=FIXED_AT, value=value))
    state = {"participants": [p.as_dict() for p in participants], "position": END, "finished": True}
    session = Session(flow, MemoryRecorder(), council=council_data(player.content, council_id), answers=answers,
                      state=state, clock=lambda: FIXED_AT)
    skipped = [Answer(question=item.id, status="skipped", by=default, at=FIXED_AT)
               for section in session.review() for item in section.items if item.status == "unanswered"]
    if skipped:
        session = Session(flow, MemoryRecorder(), council=council_data(player.content, council_id),
                          answers=answers + skipped, state=state, clock=lambda: FIXED_AT)
    record = SessionRecord(id="0" * 32, flow_id=flow.id, flow_version=flow.version, flow_digest=flow.digest,
                           council_id=council_id, locale="en", mode="planner", linked_to=None, created=FIXED_AT,
                           updated=FIXED_AT, state=session.state())
    return session, record
