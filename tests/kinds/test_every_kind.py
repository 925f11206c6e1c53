"""One answer of every kind, played through the engine, the screens (Pilot), line mode (a real terminal) and
written in every output format."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
import yaml

from planner.flows.loader import Content
from planner.output.write import output_files
from planner.questions import REGISTRY, Entry, QuestionBase
from planner.ui.app import PlannerApp
from planner.ui.conversation import ConversationScreen
from planner.ui.review import ReviewScreen
from tests.conftest import FIXTURES, ROOT, environment
from tests.output.helpers import play as play_fixed
from tests.personas.runner import PersonaPlayer, check
from tests.ui import screens

HERE = Path(__file__).parent
EVERY_KIND = HERE / "every-kind.yaml"
EVERY_KIND_PLAN = HERE / "every-kind-plan.yaml"
SPEC = yaml.safe_load(EVERY_KIND.read_text(encoding="utf-8"))


def test_the_engine_keeps_and_shows_every_kind(tmp_path: Path) -> None:
    player = PersonaPlayer(EVERY_KIND, tmp_path)
    played = player.play()
    try:
        check(played, SPEC["expect"], EVERY_KIND.name)
        session = played.session
        assert {q: a.value for q, a in session.relevant_answers().items()} == SPEC["stored"]
        assert {q: session.words(a) for q, a in session.relevant_answers().items()} == SPEC["words"]
    finally:
        player.close(played)


async def test_the_screens_take_every_kind(make_app: Callable[..., PlannerApp], kinds: Content) -> None:
    """Each kind's answer goes in through its widget and is kept as the engine keeps it (the keys for each
    shape of input are pressed in tests/ui/test_walk.py)."""
    app = make_app(kinds)
    async with app.run_test(size=(100, 40)) as pilot:
        await screens.start(pilot, SPEC["flow"])
        while isinstance(screen := app.screen, ConversationScreen) and screen.view is not None:
            await screens.give(pilot, SPEC["answers"].get(screen.view.id))
        assert isinstance(app.screen, ReviewScreen)
        assert app.opened is not None
        assert {q: a.value for q, a in app.opened.session.relevant_answers().items()} == SPEC["stored"]


def _one_line(question: Any, given: Any) -> list[str]:
    return [str(given)]


def _several(question: Any, given: Any) -> list[str]:
    return [", ".join(given)]


def _items(question: Any, given: Any) -> list[str]:
    lines = [""]  # Enter to start
    for item in given:
        lines.append("yes")
        lines += [str(item.get(f.id, "")) for f in question.fields if f.id in item or not f.when]
    return [*lines, "no"]


def _rows(question: Any, given: Any) -> list[str]:
    return ["", *[str(given.get(row.value, "")) for row in question.rows]]


# What a person types in line mode for each shape of input.
TYPED: dict[Entry, Callable[[Any, Any], list[str]]] = {
    "choose_one": _one_line, "choose_many": _several, "one_line": _one_line, "several_lines": _one_line,
    "list_of_items": _items, "grid": _rows,
}


def test_line_mode_takes_every_kind_in_a_real_terminal(tmp_path: Path, kinds: Content) -> None:
    flow = kinds.flows[SPEC["flow"]]
    data = tmp_path / "data"
    child = pexpect.spawn(sys.executable, ["-m", "planner", "--plain", "--content", str(FIXTURES / "kinds"),
                                           "--data-dir", str(data)],
                          cwd=str(ROOT), env=environment(data), encoding="utf-8", timeout=20)
    child.expect_exact("Type a number: ")
    child.sendline("1")
    for step in flow.steps:
        model = step.model
        if not isinstance(model, QuestionBase):
            child.expect_exact("Press Enter to go on.")
            child.sendline("")
            continue
        child.expect_exact(model.prompt)
        child.expect_exact(REGISTRY[model.kind].how_to_answer)
        for line in TYPED[REGISTRY[model.kind].entry](model, SPEC["answers"][model.id]):
            child.sendline(line)
    child.expect_exact("Type a folder to save the plan in, or press Enter to skip: ")
    child.sendline(str(tmp_path / "plan"))
    child.expect(pexpect.EOF)
    written = json.loads((tmp_path / "plan" / "answers.json").read_text(encoding="utf-8"))
    assert {a["question"]: a["value"] for a in written["answers"]} == SPEC["stored"]
    assert {a["question"]: a["words"] for a in written["answers"]} == SPEC["words"]


@pytest.fixture(scope="module")
def plan_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | bytes]:
    session, record = play_fixed(EVERY_KIND_PLAN, tmp_path_factory.mktemp("data"))
    return output_files(session, record=record)


def test_the_plan_persona_answers_every_kind(plan_files: dict[str, str | bytes], content: Content) -> None:
    flow = content.flows["support-plan"]
    answered: set[str] = set()
    for given in json.loads(plan_files["answers.json"])["answers"]:
        question = flow.question(given["question"])
        answered.add(question.kind)
        for item in given["value"] if isinstance(given["value"], list) else []:
            answered |= {f.kind for f in REGISTRY[question.kind].kind.fields(question) if isinstance(item, dict)
                         and f.id in item}
    assert answered == set(REGISTRY)


@pytest.mark.parametrize("fmt", ["md", "txt", "html", "json", "pdf"])
def test_every_kind_is_written_in_every_format(plan_files: dict[str, str | bytes], fmt: str) -> None:
    documents = {name.rsplit(".", 1)[0] for name in plan_files if name != "answers.json"}
    assert documents, "the support plan makes documents"
    for name in documents:
        written = plan_files[f"{name}.{fmt}"]
        assert written, f"{name}.{fmt} is empty"
        if fmt == "pdf":
            assert isinstance(written, bytes) and written.startswith(b"%PDF")
        elif fmt == "json":
            json.loads(written)
    plan = plan_files[f"support-plan.{fmt}"]
    if fmt in ("md", "txt", "html"):
        assert isinstance(plan, str)
        # A date, a time and an amount of money, as people say them.
        for words in ("2 March 2040", "7:30am", "£150"):
            assert words in plan, f"'{words}' is not in support-plan.{fmt}"
