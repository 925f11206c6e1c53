"""Issue #15, items 3, 9 and 11: measurable outcomes, review and voice, and advice tied to needs.

For the persona made for them, each item is present in the typed plan (and the hand-over) with real content;
an interim plan's date for the full plan is tied to its first review; council settings change what the plan
says; and at a kiosk the planner's questions are never asked.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner.flows.model import Complaints, Council, DirectPaymentMonitoring, ReviewIntervals
from planner.flows.view import StepView
from planner.output.documents import HandOver, SupportPlan, build_documents
from planner.output.documents.plan_review import add_months
from planner.output.render import Renderer
from planner.store import SessionStore
from planner.store.opening import start
from tests.personas.runner import PERSONAS, content_at

from .helpers import TODAY, play

FRANK = PERSONAS / "support-plan" / "one-need-goals-and-direct-payment.yaml"
INTERIM = PERSONAS / "support-plan" / "just-home-from-hospital.yaml"


def documents(path: Path, data: Path, council: Council | None = None) -> tuple[SupportPlan, HandOver]:
    session, record = play(path, data)
    built = build_documents(session, record, council, today=TODAY)
    plan, handover = built["support-plan"], built["hand-over"]
    assert isinstance(plan, SupportPlan) and isinstance(handover, HandOver)
    return plan, handover


@pytest.fixture(scope="module")
def frank(tmp_path_factory: pytest.TempPathFactory) -> tuple[SupportPlan, HandOver]:
    return documents(FRANK, tmp_path_factory.mktemp("frank"))


def test_each_thing_to_change_has_how_we_will_know_and_by_when(frank: tuple[SupportPlan, HandOver]) -> None:
    plan, handover = frank
    outcomes = plan.outcomes
    assert outcomes.status == "set"
    assert [(o.what, o.how_we_will_know, o.by_when) for o in outcomes.outcomes] == [
        ("Get back to the bowls club", "I go to bowls every Thursday", "first_review"),
        ("Get to the shops on my own", "I do my own shopping twice a week", "date")]
    first = TODAY + dt.timedelta(weeks=6)
    assert [o.check_by for o in outcomes.outcomes] == [first, dt.date(2040, 9, 1)]
    assert all(not o.to_agree and o.said_by == "Frank" for o in outcomes.outcomes)
    # What he wants to change is found wherever he said it: a day-to-day area, parts of life, his own words.
    assert [c.code for c in outcomes.wants_change] == ["adult.outcome.A9", "wellbeing.e", "wellbeing.f",
                                                       "about.change"]
    assert outcomes.checked_at_review == first
    assert handover.outcomes == outcomes


def test_review_method_who_when_direct_payment_any_time_and_complaints(frank: tuple[SupportPlan, HandOver]) -> None:
    plan, handover = frank
    review = plan.review_and_voice
    assert (review.method.value, review.people_there) == ("phone", ["Someone from my family"])
    # Who reviews is the council's decision: the planner's answer is what is planned, with the council's team.
    assert review.reviewed_by.value == "review_team" and review.council_reviewer == "The adult care review team"
    assert (review.first_after_weeks, review.then_every_months) == (6, 12)
    assert review.first_review_around == TODAY + dt.timedelta(weeks=6) == plan.review.first_review_around
    assert review.next_review_around == add_months(TODAY + dt.timedelta(weeks=6), 12)
    assert review.interim is None
    payment = review.direct_payment
    assert payment is not None and not payment.part_of_budget
    assert (payment.first_check_after_weeks, payment.then_every_months) == (8, 12)
    assert payment.first_check_around == TODAY + dt.timedelta(weeks=8)
    assert "timesheets and receipts for the support paid for" in payment.what_is_checked
    assert payment.phone == "01632 960222"
    assert review.ask_any_time.phone == "01632 960000" and review.ask_any_time.law.endswith("s.27(1)(b)")
    assert (review.complaints.phone, review.complaints.email) == ("01632 960444", "complaints@example.org")
    assert review.complaints.reply_within and review.complaints.ombudsman.endswith("Ombudsman")
    assert handover.review_and_voice == review


def test_advice_is_tied_to_what_he_said_and_says_why_he_may_not_qualify(frank: tuple[SupportPlan, HandOver]) -> None:
    plan, handover = frank
    advice = plan.advice
    items = {item.code: item for item in advice.items}
    assert list(items) == ["advice.A9", "advice.company", "advice.bad_days", "advice.money"]
    getting_out = items["advice.A9"]
    assert getting_out.about == "Getting out to local places, including transport"
    assert "It causes me a lot of pain, worry or upset." in getting_out.because
    assert getting_out.own_words is not None and "bus stop" in getting_out.own_words.words
    assert any("community bus" in line for line in getting_out.advice)
    # The planner's own advice is the planner's, never credited to Frank.
    assert advice.from_planner is not None and (advice.from_planner.by, advice.from_planner.role) == ("Sam Reid",
                                                                                                      "planner")
    assert plan.day_to_day.indication.result == "may_not_meet"
    reasons = advice.may_not_meet
    assert reasons is not None and reasons.law == "Care Act 2014 s.13(5), s.24(2)"
    assert reasons.what_i_said == ["Getting out to local places, including transport: causes a lot of pain, worry or "
                                   "upset; takes much longer than it does for most people."]
    assert any("One area looks hard" in reason for reason in reasons.reasons)
    assert "in writing" in reasons.council_must
    assert reasons.advice_codes == list(items)
    assert handover.advice == advice


def test_the_persons_plan_and_the_hand_over_say_it_in_words(frank: tuple[SupportPlan, HandOver]) -> None:
    plan, handover = frank
    renderer = Renderer()
    text = renderer.render(plan, "md")
    for words in ("## What will be better, and how we will know", "- **How we will know:** I go to bowls every "
                  "Thursday", "### How my review will happen", "- **Who will do it:** The council's review team. "
                  "The council decides this.", "### Checking my direct payment", "### Asking for a review at any "
                  "time", "### If I want to complain", "### If my needs may not meet the rules",
                  "A community bus or a volunteer driver can take me to the shops.", "### Advice from the planner"):
        assert words in text
    assert "s.27" not in text  # the person's copy is plain words; the section references are for professionals
    words = renderer.render(handover, "md")
    for part in ("## Outcomes to check at review", "Care Act 2014 s.27", "Direct payment monitoring",
                 "Care Act 2014 s.13(5), s.24(2)", "at the first review, around"):
        assert part in words


def test_an_interim_plans_full_plan_is_its_first_review(tmp_path: Path) -> None:
    plan, handover = documents(INTERIM, tmp_path)
    review = plan.review_and_voice
    assert review.interim is not None
    assert (review.interim.replan_date, review.interim.replan_date_agreed) == (dt.date(2040, 3, 2), True)
    assert review.interim.replan_is_first_review
    assert review.first_review_around == dt.date(2040, 3, 2) == plan.review.first_review_around
    assert "Making my full plan counts as my first review." in Renderer().render(plan, "md")
    assert handover.review_and_voice.interim == review.interim


def test_council_settings_change_the_review_dates_and_routes(tmp_path: Path) -> None:
    council = content_at(None).councils["example"].model_copy(update={
        "review": ReviewIntervals(first_after_weeks=8, then_every_months=6, interim_replan_is_first_review=False),
        "direct_payment_monitoring": DirectPaymentMonitoring(first_check_after_weeks=12),
        "complaints": Complaints()})
    plan, _ = documents(INTERIM, tmp_path / "interim", council)
    review = plan.review_and_voice
    assert review.interim is not None and not review.interim.replan_is_first_review
    assert review.first_review_around == dt.date(2040, 3, 2) + dt.timedelta(weeks=8)
    assert review.next_review_around == add_months(review.first_review_around, 6)
    # No complaints route of its own: the council's own contact details.
    assert (review.complaints.phone, review.complaints.email) == ("01632 960000", "adult.care@example.org")
    frank, _ = documents(FRANK, tmp_path / "frank", council)
    assert frank.review_and_voice.direct_payment is not None
    assert frank.review_and_voice.direct_payment.first_check_after_weeks == 12
    assert frank.review_and_voice.direct_payment.phone == "01632 960000"


def _planner_questions() -> set[str]:
    flow = content_at(None).flows["support-plan"]
    return {s.id for s in flow.questions() if getattr(s.model, "voice", "any") == "planner"}


def _given(spec: dict[str, Any], question: str) -> Any:
    given = spec["answers"].get(question)
    if isinstance(given, dict) and "answers" in given:
        return given["answers"][0]["answer"]
    return given


@pytest.mark.parametrize("mode", ["kiosk", "self"])
def test_no_planner_question_is_asked_where_no_planner_is(tmp_path: Path, mode: str) -> None:
    mine = {"review_by", "advice_given"}
    assert mine <= _planner_questions()
    spec = yaml.safe_load(FRANK.read_text(encoding="utf-8"))
    store = SessionStore.in_folder(tmp_path)
    opened = start(store, content_at(None), "support-plan", mode=mode, council_id="example")
    session, shown = opened.session, []
    try:
        for _ in range(2000):
            view = session.current()
            if not isinstance(view, StepView):
                break
            shown.append(view.id)
            given = _given(spec, view.id)
            if view.is_question and given is not None and session.answer(given, today=TODAY).accepted:
                continue
            outcome = session.set_status("skipped") if view.is_question else session.proceed()
            assert outcome.accepted, view.id
    finally:
        opened.close()
        store.close()
    assert "outcomes" in shown and "review_method" in shown  # the person's own questions are asked
    assert not set(shown) & _planner_questions()
    # The same answers with a planner there: the planner's questions are asked.
    with_planner = play(FRANK, tmp_path / "planner")[0]
    assert all(with_planner.walk.relevant(with_planner.flow.by_id[q].index) for q in mine)


@pytest.mark.parametrize("path", sorted((PERSONAS / "support-plan").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_plan_carries_advice_tied_to_what_was_said(path: Path, tmp_path: Path) -> None:
    plan, _ = documents(path, tmp_path)
    assert plan.advice.items and plan.advice.law == "Care Act 2014 s.25(1)(f)"
    for item in plan.advice.items:
        assert item.code.startswith("advice.") and item.because and item.advice
    needs = {f"advice.{need.code}" for need in plan.day_to_day.needs}
    assert needs <= {item.code for item in plan.advice.items}  # each need they named has its own advice
    assert (plan.advice.may_not_meet is not None) == (plan.day_to_day.indication.result == "may_not_meet")
