"""Progress is kept as the conversation goes: a step checks the conditions that read its answer, not the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.synthetic import answers, write_flow
from planner.flows.flow import Flow, StepInfo
from planner.flows import walk as walk_module
from planner.flows.loader import Content, load_content
from planner.flows.session import MemoryRecorder, Session
from planner.flows.view import Progress, StepView
from planner.flows.walk import Walk
from tests.personas.runner import PERSONAS, PersonaPlayer


def full_progress(session: Session, step: StepInfo) -> tuple[int, int, int, int]:
    """Progress worked out afresh from every answer, as it was before it was kept as the session goes."""
    flow = session.flow
    walk = Walk(flow, session.walk.council, session._lookup, with_planner=session.with_planner)
    members = [s for s in flow.section_steps(step.section) if s.is_question and walk.relevant(s.index)]
    shown = []
    for number, section in enumerate(flow.sections):
        steps = flow.section_steps(number)
        if number <= step.section:
            if any(walk.relevant(s.index) for s in steps):
                shown.append(number)
        elif number in walk.closed_sections:  # the planner's own section, with no planner there: never shown
            continue
        elif not steps or not section.when:
            if steps:
                shown.append(number)
        else:
            # Later sections are judged by the answers before this step alone: a walk that has no others.
            before = Walk(flow, session.walk.council,
                          lambda q: session._lookup(q) if flow.by_id[q].index < step.index else None,
                          with_planner=session.with_planner)
            result = before.test(steps[0].conditions[0], before.context_before(step.index))
            if result is not False:
                shown.append(number)
    walk.context_before(step.index)
    number = shown.index(step.section) + 1 if step.section in shown else 1
    return number, len(shown), sum(1 for s in members if s.index <= step.index), len(members)


def numbers(progress: Progress) -> tuple[int, int, int, int]:
    return progress.section_number, progress.section_count, progress.step_number, progress.step_count


PERSONA_FILES = sorted(PERSONAS.glob("*/*.yaml"))


@pytest.mark.parametrize("path", PERSONA_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_progress_on_every_step_of_every_persona_is_what_a_full_count_gives(
        path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []
    shown = Session.current

    def current(self: Session) -> Any:
        view = shown(self)
        if isinstance(view, StepView):
            assert numbers(view.progress) == full_progress(self, self.flow.by_id[view.id]), view.id
            checked.append(view.id)
        return view

    monkeypatch.setattr(Session, "current", current)
    player = PersonaPlayer(path, tmp_path / "data")
    player.close(player.play())
    assert checked


def conditions_checked(session: Session, monkeypatch: pytest.MonkeyPatch, raw: str) -> int:
    """How many conditions one answer and the next question's view check."""
    count = [0]
    holds = Walk._holds

    def counting(self: Walk, *args: Any) -> bool:
        count[0] += 1
        return holds(self, *args)

    monkeypatch.setattr(Walk, "_holds", counting)
    assert session.answer(raw).accepted
    session.current()
    monkeypatch.setattr(Walk, "_holds", holds)
    return count[0]


def test_an_answer_checks_the_conditions_that_read_it_not_the_rest_of_a_long_section(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    checked = {}
    for size in (100, 1_000):
        flow = load_content(write_flow(tmp_path / str(size), size, section_size=size)).flows["synthetic"]
        session = Session(flow, MemoryRecorder(), council={})
        given = answers(size)
        for _, raw in given[:30]:
            assert session.answer(raw).accepted
            session.current()
        question, raw = given[30]
        assert not question.endswith("0")  # not a gate: nothing after it reads this answer
        checked[size] = conditions_checked(session, monkeypatch, raw)
    assert checked[1_000] == checked[100] <= 2


def reads(flow: Flow, name: str, question_id: str) -> bool:
    """Whether a derived value reads a question's answer or status, itself or through other derived values."""
    todo, done = [name], set()
    while todo:
        expression = flow.derived_exprs[todo.pop()]
        if "status" in expression.analysis.bare or ("status", question_id) in expression.analysis.parts:
            return True
        for used in expression.analysis.names - done:
            done.add(used)
            if used == question_id:
                return True
            if used in flow.derived_exprs:
                todo.append(used)
    return False


def test_an_answer_works_out_again_only_the_derived_values_that_read_it(
        content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    flow = content.flows["support-plan"]
    session = Session(flow, MemoryRecorder(), council=content.council().model_dump(mode="json"))
    derived = {id(expression): name for name, expression in flow.derived_exprs.items()}
    worked_out: list[str] = []
    evaluate = walk_module.outcome

    def counting(expression: Any, names: Any) -> Any:
        if id(expression) in derived:
            worked_out.append(derived[id(expression)])
        return evaluate(expression, names)

    monkeypatch.setattr(walk_module, "outcome", counting)
    for _ in range(12):
        view = session.current()
        assert isinstance(view, StepView)
        if not view.is_question:
            session.proceed()
            continue
        readers = {name for name in flow.derived_exprs if reads(flow, name, view.id)}
        worked_out.clear()
        if view.question is not None and view.question.required:
            assert session.answer(view.choices[0][0] if view.choices else "Ann").accepted
        else:
            assert session.set_status("skipped").accepted
        session.current()
        assert set(worked_out) <= readers, view.id
