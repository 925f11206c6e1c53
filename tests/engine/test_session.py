"""The session API that every front end drives, tested headless on a small flow."""

from __future__ import annotations

from typing import Any

import pytest

from planner.flows.answers import Answer, Participant
from planner.flows.loader import Content
from planner.flows.session import MemoryRecorder, SaveFailed, Session
from planner.flows.view import EndView, StepView


def new(visit: Content, recorder: Any = None, **kw: Any) -> Session:
    return Session(visit.flows["visit"], recorder or MemoryRecorder(), council=visit.council().model_dump(), **kw)


def at(session: Session) -> str:
    view = session.current()
    return view.id if isinstance(view, StepView) else "end"


def test_each_answer_is_committed_with_the_next_position(visit: Content) -> None:
    recorder = MemoryRecorder()
    session = new(visit, recorder)
    assert at(session) == "name"
    outcome = session.answer("  Ann ")
    assert outcome.accepted and outcome.ack == "Thank you, Ann."
    assert [(a.question, a.value, a.status) for a in recorder.answers] == [("name", "Ann", "answered")]
    assert recorder.state["position"] == "helpers"


class BrokenDisk:
    def commit(self, answer: Answer | None, state: dict[str, Any]) -> int:
        raise SaveFailed("Your last answer could not be saved (the disk is full).")


def test_an_answer_that_cannot_be_saved_is_not_taken(visit: Content) -> None:
    session = new(visit, BrokenDisk())
    outcome = session.answer("Ann")
    assert not outcome.accepted
    assert "disk is full" in outcome.problem
    assert at(session) == "name"
    assert session.answers() == []


def test_a_wrong_answer_gets_a_plain_message_and_nothing_moves(visit: Content) -> None:
    recorder = MemoryRecorder()
    session = new(visit, recorder)
    session.answer("Ann")
    outcome = session.answer("perhaps")
    assert not outcome.accepted
    assert outcome.problem == "Please choose one of the answers shown, by its number or its words."
    assert at(session) == "helpers" and len(recorder.answers) == 1


def test_choices_by_number_and_words(visit: Content) -> None:
    session = new(visit)
    session.answer("Ann")
    session.answer("1")
    assert session.primary("helpers").value == "yes"  # type: ignore[union-attr]
    assert session.answer("poor").accepted
    assert session.primary("mood").value == "poor"  # type: ignore[union-attr]


def test_progress_counts_the_questions_of_the_section(visit: Content) -> None:
    session = new(visit)
    session.answer("Ann")
    view = session.current()
    assert isinstance(view, StepView)
    assert (view.progress.section_title, view.progress.step_number, view.progress.step_count) == ("About you", 2, 3)
    assert view.progress.section_count == 2  # the help section is not shown until someone helps
    session.answer("yes")
    assert session.current().progress.section_count == 3  # type: ignore[union-attr]


def test_quoted_answers_fill_in_later_texts(visit: Content) -> None:
    session = new(visit)
    for raw in ("Ann", "yes", "good", "Sue"):
        session.answer(raw)
    view = session.current()
    assert isinstance(view, StepView) and view.text == "Will Sue keep helping every day?"


def test_a_section_whose_condition_fails_is_not_asked(visit: Content) -> None:
    session = new(visit)
    for raw in ("Ann", "no", "good"):
        session.answer(raw)
    assert at(session) == "anything_else"


def test_not_sure_and_rather_not_say_are_answers_and_skip_is_listed(visit: Content) -> None:
    session = new(visit)
    session.answer("Ann")
    session.answer("no")
    assert session.set_status("not_sure").accepted
    assert session.primary("mood").status == "not_sure"  # type: ignore[union-attr]
    assert session.set_status("skipped").accepted  # anything_else
    session.proceed()  # goodbye
    end = session.current()
    assert isinstance(end, EndView)
    assert [i.id for i in end.to_revisit] == ["anything_else"]


def test_skip_never_takes_back_an_answer_already_given(visit: Content) -> None:
    recorder = MemoryRecorder()
    session = new(visit, recorder)
    session.answer("Ann")
    assert session.back() and at(session) == "name"
    assert session.set_status("skipped").accepted
    assert at(session) == "helpers"  # moved on, as skip does
    assert session.primary("name").value == "Ann"  # type: ignore[union-attr]
    assert [a.status for a in recorder.answers] == ["answered"]
    assert session.set_status("skipped").accepted  # a question not answered yet is skipped as before
    assert session.primary("helpers").status == "skipped"  # type: ignore[union-attr]


def test_back_from_the_end_and_from_the_start(visit: Content) -> None:
    session = new(visit)
    assert session.back() is False
    for raw in ("Ann", "no", "good", "nothing"):
        session.answer(raw)
    session.proceed()
    assert at(session) == "end"
    assert session.back() and at(session) == "bye"
    assert session.back() and at(session) == "anything_else"
    view = session.current()
    assert view.mine is not None and view.mine.value == "nothing"  # type: ignore[union-attr]
    assert session.proceed().accepted and at(session) == "bye"


def test_a_required_question_stops_finishing(visit: Content) -> None:
    session = new(visit)
    session.answer("Ann")
    session.set_status("skipped")
    assert session.jump("end")
    end = session.finish()
    assert [i.id for i in end.missing_required] == ["helpers"] and not session.finished
    assert session.edit("helpers")
    session.answer("no")
    assert session.finish().finished


def test_the_voice_asked_for_counts_and_both_views_are_kept(visit: Content) -> None:
    people = [Participant("ann", "person", "Ann"), Participant("sue", "carer", "Sue", "daughter")]
    session = new(visit, participants=people)
    for raw in ("Ann", "yes", "good", "Sue"):
        session.answer(raw)
    session.answer("yes", move=False)
    session.set_speaker("sue")
    session.answer("no")
    assert session.primary("carry_on").by == "sue"  # type: ignore[union-attr]
    assert [d.question for d in session.differences()] == ["carry_on"]
    words = [(g.participant.label(), g.words) for g in session.review()[1].items[1].given]
    assert words == [("Sue (daughter)", "No"), ("Ann", "Yes")]


def test_unknown_speaker_is_refused(visit: Content) -> None:
    outcome = new(visit).set_speaker("bob")
    assert not outcome.accepted and "bob" in outcome.problem


@pytest.mark.parametrize("typed", ["\x1b[31mAnn\x1b[0m", "Ann\x07", "\u202eAnn"])
def test_control_sequences_are_stripped_from_typed_answers(visit: Content, typed: str) -> None:
    session = new(visit)
    session.answer(typed)
    assert session.primary("name").value == "Ann"  # type: ignore[union-attr]
