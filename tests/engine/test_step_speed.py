"""A step costs what it changes: the walk checks again only the conditions an answer reaches, looking back
walks nothing again, and what conditions read is worked out once per flow."""

from __future__ import annotations

import datetime as dt
import random
import threading
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import answers, write_flow
from planner.flows.flow import Flow
from planner.flows.loader import Content, load_content
from planner.flows.session import MemoryRecorder, Session
from planner.flows.view import StepView
from planner.flows import walk as walk_module
from planner.flows.walk import FlowIndex, Walk, reads
from planner.i18n.words import Words
from planner.i18n.words import default as words_default
from planner.questions import KINDS
from planner.questions.numbers import with_words, words_of
from planner.questions.when import DateQuestion
from tests.personas.runner import PERSONAS, PersonaPlayer


def fresh(session: Session) -> tuple[list[bool], dict[str, Any]]:
    """Relevance of every step and every name, worked out by a new walk from the session's answers."""
    walk = Walk(session.flow, session.walk.council, session._lookup, planner_here=session.walk.planner_here)
    return [walk.relevant(i) for i in range(len(session.flow.steps))], walk.full_context()


def kept(session: Session) -> tuple[list[bool], dict[str, Any]]:
    walk = session.walk
    return [walk.relevant(i) for i in range(len(session.flow.steps))], walk.full_context()


class Counting:
    """Counts the conditions walks check while it is in place."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        holds = Walk._holds

        def counting(walk: Walk, *args: Any) -> bool:
            self.count += 1
            return holds(walk, *args)

        monkeypatch.setattr(Walk, "_holds", counting)


def some_answer(view: StepView, rng: random.Random) -> Any:
    choices = [value for value, _ in view.choices]
    kind = view.kind
    if kind == "multi_choice" and choices:
        return rng.sample(choices, rng.randint(1, min(3, len(choices))))
    if choices:
        return rng.choice(choices)
    return {"short_text": "Ann", "long_text": "A walk each day.", "number": "3", "money": "£20 a week",
            "time": "9am", "date": "1/2/2020"}.get(kind)


def answer_something(session: Session, view: StepView, rng: random.Random) -> None:
    raw = some_answer(view, rng)
    if raw is None or not (session.answer(raw).accepted):
        assert session.set_status("skipped").accepted or session.proceed().accepted, view.id


@pytest.mark.parametrize("seed", range(6))
def test_changing_earlier_answers_gives_what_a_fresh_walk_gives(content: Content, seed: int) -> None:
    rng = random.Random(seed)
    flow = content.flows["support-plan"]
    session = Session(flow, MemoryRecorder(), council=content.council().model_dump(mode="json"))
    answered: list[str] = []
    for turn in range(120):
        view = session.current()
        if not isinstance(view, StepView):
            break
        if not view.is_question:
            session.proceed()
        elif answered and rng.random() < 0.3:
            earlier = rng.choice(answered)
            if session.edit(earlier):
                shown = session.current()
                assert isinstance(shown, StepView)
                answer_something(session, shown, rng)
        else:
            answer_something(session, view, rng)
            answered.append(view.id)
        if turn % 3 == 0:
            assert kept(session) == fresh(session), (seed, turn, view.id)
    assert kept(session) == fresh(session)


@pytest.mark.parametrize("path", sorted(PERSONAS.glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_persona_step_leaves_the_walk_as_a_fresh_one(path: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    shown = Session.current

    def current(self: Session) -> Any:
        view = shown(self)
        if isinstance(view, StepView) and len(checked) % 4 == 0:
            assert kept(self) == fresh(self), view.id
        checked.append(getattr(view, "id", "end"))
        return view

    monkeypatch.setattr(Session, "current", current)
    player = PersonaPlayer(path, tmp_path / "data")
    player.close(player.play())
    assert checked


def walked_to_the_end(content: Content) -> tuple[Session, Flow]:
    flow = content.flows["support-plan"]
    session = Session(flow, MemoryRecorder(), council=content.council().model_dump(mode="json"))
    rng = random.Random(1)
    while isinstance(view := session.current(), StepView):
        if view.is_question:
            answer_something(session, view, rng)
        else:
            session.proceed()
    return session, flow


def test_looking_back_walks_nothing_again(content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    session, flow = walked_to_the_end(content)
    session.end_view()
    conditions = Counting(monkeypatch)
    session.review()
    session.end_view()
    for step in flow.questions():
        if session.walk.relevant(step.index):
            session.view(step)
    session.back()
    session.current()
    assert conditions.count == 0


def test_changing_an_answer_checks_only_the_conditions_that_read_it(content: Content,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    session, flow = walked_to_the_end(content)
    readers = {step.index for step in flow.steps if "hard_areas" in reads(flow, step.conditions)[0]}
    assert len(readers) > 20
    assert session.edit("hard_areas")
    session.current()
    conditions = Counting(monkeypatch)
    before = session.answers()
    chosen = next(a.value for a in before if a.question == "hard_areas")
    assert session.answer(list(chosen)).accepted  # the same answer again: no step comes or goes
    assert conditions.count <= sum(len(flow.steps[i].conditions) for i in readers)
    assert kept(session) == fresh(session)


def test_what_conditions_read_is_worked_out_once_per_flow(tmp_path: Path) -> None:
    flow = load_content(write_flow(tmp_path / "content", 60, section_size=20)).flows["synthetic"]
    built = FlowIndex.built
    for _ in range(3):
        session = Session(flow, MemoryRecorder(), council={})
        for _, raw in answers(60)[:10]:
            assert session.answer(raw).accepted
            session.current()
    assert FlowIndex.built == built + 1


def test_a_condition_shared_by_steps_is_worked_out_once_while_nothing_it_reads_changes(
        content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    flow = content.flows["support-plan"]
    conditions = {c.source for step in flow.steps for c in step.conditions}
    shared = [s for s in conditions if sum(s in {c.source for c in step.conditions} for step in flow.steps) > 1]
    assert shared  # a section's condition is a condition of each of its steps
    worked_out: list[str] = []
    evaluate = walk_module.outcome

    def counting(expression: Any, names: Any) -> Any:
        if expression.source in conditions:
            worked_out.append(expression.source)
        return evaluate(expression, names)

    monkeypatch.setattr(walk_module, "outcome", counting)
    session = Session(flow, MemoryRecorder(), council=content.council().model_dump(mode="json"))
    session.walk.full_context()  # nothing answered: the whole flow walked, no value changing on the way
    assert sorted(worked_out) == sorted(set(worked_out))


def test_a_date_question_on_screen_has_its_month_and_day_names_loaded_before_it_is_answered(
        content: Content) -> None:
    flow = content.flows["support-plan"]
    step = flow.by_id["replan_date"]
    words = words_of(step.model)
    for name in ("months", "weekdays"):
        vars(words).pop(name, None)  # as in a process that has read no date yet
    session = Session(flow, MemoryRecorder(), council=content.council().model_dump(mode="json"))
    view = session.view(step)
    for thread in threading.enumerate():
        if thread.name == "planner-date-names":
            thread.join()
    assert "months" in vars(words) and "weekdays" in vars(words)  # loaded while the question is shown
    assert view.question is not None
    assert KINDS["date"].parse(view.question, "Tuesday 3 March 2026", today=dt.date(2026, 1, 1)).value == "2026-03-03"  # type: ignore[union-attr]
    assert KINDS["date"].warm(view.question) is None  # type: ignore[attr-defined]  # nothing more to load


def test_warming_from_two_threads_at_once_gives_whole_names() -> None:
    fresh = Words(tuple(replace(v, months=dict(v.months), weekdays=dict(v.weekdays), babel_added=False)
                        for v in words_default().vocabularies))
    model = with_words(DateQuestion(id="when", kind="date", prompt="When?"), fresh)
    threads = [KINDS["date"].warm(model) for _ in range(3)]  # type: ignore[attr-defined]
    assert KINDS["date"].parse(model, "3 March 2026").value == "2026-03-03"  # type: ignore[union-attr]
    for thread in threads:
        if thread is not None:
            thread.join()
    assert fresh.months["march"] == 3 and fresh.weekdays["tuesday"] == 1
