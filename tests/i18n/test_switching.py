"""Choosing and switching the language: engine, store, line mode, command line and the screen."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any
from collections.abc import Callable

import pytest

from planner.cli import main
from planner.flows.loader import Content
from planner.flows.view import StepView
from planner.store import SessionStore
from planner.store.opening import resume, set_language, start
from planner.ui.app import PlannerApp
from planner.ui.conversation import ConversationScreen
from planner.ui.line_start import welcome

from tests.conftest import Planner
from tests.ui import screens


def _step(opened: Any) -> StepView:
    view = opened.session.current()
    assert isinstance(view, StepView)
    return view


def test_switching_mid_conversation_keeps_every_answer(content: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, content, "budget-check", council_id="example")
    session = opened.session
    assert session.answer("Ann").accepted and session.answer("have_budget").accepted
    session.proceed()
    assert session.answer("about £150 a week").accepted
    before = [(a.question, a.status, a.value, a.by, a.seq) for a in session.answers()]
    at = session.position
    english = _step(opened)

    set_language(store, opened, "cy", content)
    welsh = _step(opened)
    assert [(a.question, a.status, a.value, a.by, a.seq) for a in session.answers()] == before
    assert session.position == at and welsh.id == english.id
    assert english.text == "Is this amount a first guess, or has it been agreed?"
    assert welsh.text == "Ydy'r swm hwn yn amcangyfrif cyntaf, neu ydy e wedi cael ei gytuno?"
    assert welsh.progress.section_title == "Faint"
    assert store.get(opened.record.id).locale == "cy"  # type: ignore[union-attr]
    assert session.words(session.primary("budget_amount")) == "tua £150 yr wythnos"  # type: ignore[arg-type]
    assert session.answer("rhywbeth").problem.startswith("Dewiswch")  # problems in Welsh too
    assert session.answer("agreed").accepted  # and answers go on being kept

    set_language(store, opened, "en", content)
    assert _step(opened).text == session.view(session.flow.by_id[_step(opened).id]).text
    assert session.primary("amount_status").value == "agreed"  # type: ignore[union-attr]
    opened.close()

    record = store.get(opened.record.id)
    assert record is not None and record.locale == "en"
    store.set_locale(record.id, "cy", "2026-11-23T12:00:00+00:00")
    again = resume(store, content, store.get(record.id))  # type: ignore[arg-type]
    assert again.session.translator.locale == "cy"  # a session remembers its language
    assert [(a.question, a.value) for a in again.session.answers()] == [(q, v) for q, _, v, _, _ in before] + \
        [("amount_status", "agreed")]
    again.close()
    store.close()


def test_english_words_and_welsh_words_are_both_understood(content: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, content, "budget-check", council_id="example", locale="cy")
    session = opened.session
    assert session.answer("Ann").accepted
    assert session.answer("Mae gen i gyllideb").accepted  # the Welsh label
    assert session.primary("budget_stage").value == "have_budget"  # type: ignore[union-attr]
    session.proceed()
    assert session.answer("£1,040 y mis").accepted
    assert session.primary("budget_amount").value["period"] == "month"  # type: ignore[union-attr]
    assert session.answer("Agreed with the council").accepted  # the English label still works
    opened.close()
    store.close()


def test_line_mode_offers_welsh_and_switches_mid_conversation(content: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    flows = sorted(content.flows.values(), key=lambda f: f.header.title)
    budget = str(1 + [f.id for f in flows].index("budget-check"))
    welsh = str(len(flows) + 2)
    typed = io.StringIO("\n".join([welsh, budget, "Ann", "iaith", "1", "stop", ""]))
    out = io.StringIO()
    assert welcome(content, store, typed, out) == 0
    said = out.getvalue()
    assert f"{welsh}. Cymraeg" in said
    assert "Am beth hoffech chi siarad?" in said or "Beth hoffech chi ei wneud?" in said
    assert "Beth hoffech chi i mi eich galw chi?" in said
    assert "We will carry on in English. Your answers are all kept." in said  # 'iaith' went back to English
    assert "Where are you with the council?" in said
    (record,) = store.list()
    assert record.locale == "en"
    opened = resume(store, content, record)
    assert opened.session.primary("preferred_name").value == "Ann"  # type: ignore[union-attr]
    assert opened.session.primary("budget_stage").value == "not_assessed"  # type: ignore[union-attr]
    opened.close()
    store.close()


def test_lang_on_the_command_line(tmp_path: Path, planner_main: Planner) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  preferred_name: Ann\n  budget_stage: not_assessed\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["run", "budget-check", "--answers", str(answers), "--out", str(out), "--lang", "cy"]) == 0
    sheet = (out / "budget-sheet.txt").read_text(encoding="utf-8")
    assert sheet.startswith("Eich cyllideb bersonol: beth rydych chi'n ei wybod")
    assert json.loads((out / "answers.json").read_text())["session"]["locale"] == "cy"
    result = planner_main("run", "budget-check", "--answers", str(answers), "--out", str(out), "--lang", "xx",
                          data=tmp_path / "d")
    assert result.returncode == 1
    assert "There is no translation for 'xx'. Try one of: en, cy." in result.stderr


def test_lang_from_the_environment(tmp_path: Path, planner_main: Planner, monkeypatch: pytest.MonkeyPatch) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n  budget_stage: not_assessed\n", encoding="utf-8")
    for name in ("PLANNER_LANG", "LC_ALL", "LC_MESSAGES"):  # only LANG says which language
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "cy_GB.UTF-8")
    result = planner_main("run", "budget-check", "--answers", str(answers), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "budget-sheet.md").read_text(encoding="utf-8").startswith("# Eich cyllideb bersonol")


async def test_welcome_screen_language_choice(make_app: Callable[..., PlannerApp], content: Content) -> None:
    app = make_app(content)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await screens.press(pilot, "lang-cy")
        assert app.locale == "cy"
        assert "Am beth hoffech chi siarad?" in str(app.screen.query_one(".section-title").render())
        await screens.start(pilot, "budget-check")
        assert app.opened is not None and app.opened.record.locale == "cy"


async def test_switching_language_in_the_conversation_keeps_every_answer(make_app: Callable[..., PlannerApp],
                                                                      content: Content) -> None:
    app = make_app(content, mode="kiosk")
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_flow("carer-assessment")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await screens.give(pilot, "Karen")
        await screens.give(pilot, "no")
        await screens.give(pilot, None)  # "Many people do not call themselves a carer": go on
        screen = app.screen
        assert isinstance(screen, ConversationScreen) and screen.view is not None
        before = [(a.question, a.value) for a in app.opened.session.answers()]  # type: ignore[union-attr]
        step = screen.view.id
        assert str(screen.query_one("#language").label) == "Cymraeg"  # type: ignore[attr-defined]
        await screens.press(pilot, "language")
        assert screen.view is not None and screen.view.id == step
        assert "Mewn rhai ffyrdd" in [label for _, label in screen.view.choices]
        assert str(screen.query_one("#language").label) == "English"  # type: ignore[attr-defined]
        assert str(screen.query_one("#back").label) == "Yn ôl"  # type: ignore[attr-defined]
        assert [(a.question, a.value) for a in app.opened.session.answers()] == before  # type: ignore[union-attr]
        assert app.store.get(app.opened.record.id).locale == "cy"  # type: ignore[union-attr]
        await screens.give(pilot, "partly")
        assert app.opened.session.primary("sees_self_as_carer").value == "partly"  # type: ignore[union-attr]
        await screens.press(pilot, "language")
        assert str(screen.query_one("#back").label) == "Back"  # type: ignore[attr-defined]
        assert len(app.opened.session.answers()) == len(before) + 1  # type: ignore[union-attr]


async def test_a_kiosk_goes_back_to_its_own_language_for_the_next_person(make_app: Callable[..., PlannerApp],
                                                                       content: Content, clock: Any) -> None:
    from planner.ui.welcome import WelcomeScreen

    app = make_app(content, mode="kiosk", idle_seconds=60, warning_seconds=20)
    async with app.run_test(size=(100, 40)) as pilot:
        app.start_flow("budget-check")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await screens.press(pilot, "language")
        assert app.locale == "cy" and app.opened is not None and app.opened.record.locale == "cy"
        session_id = app.opened.record.id
        for _ in range(60 + 20 + 1):
            clock.now += 1
            app.tick()
        await pilot.pause()
        assert isinstance(app.screen, WelcomeScreen) and app.opened is None
        assert app.locale == "en"  # the next person starts in the kiosk's own language
        assert app.store.get(session_id).locale == "cy"  # type: ignore[union-attr]  # the session keeps its own
