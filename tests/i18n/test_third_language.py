"""A third language from files alone: Scottish Gaelic (gd) in a content folder, with no change to the code.

The folder is a copy of the built-in content plus `locales/gd/LC_MESSAGES/planner.po` (a few translated
words) and `locales/gd/words.yaml` (a few test words). A flow is then answered in Gaelic through the
engine and through `planner run --lang gd`: yes and no in Gaelic words, money with a Gaelic period word,
and a date with a Gaelic month name that only Babel (CLDR) knows.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from planner.flows.loader import load_content
from planner.flows.session import MemoryRecorder, Session
from planner.flows.view import StepView
from planner.i18n import catalogues

from tests.conftest import ROOT, environment
from tests.i18n.conftest import write_po

BUILT_IN = ROOT / "planner" / "content"
# Test words, not a full Gaelic vocabulary. None of them is a label in the catalogue below, so an
# answer is understood through the words file only.
GAELIC_WORDS = """\
yes: [seadh]
no: [cha]
each: [gach, san]
periods:
  week: [seachdain]
  month: [mìos]
"""
GAELIC_PO = [(None, "Yes", "Tha"), (None, "No", "Chan eil"), (None, "Please give a date, like 23/11/2026 or "
             "23 November 2026.", "Thoir ceann-latha, mar 23/11/2026.")]
# budget-check: a money question, two yes/no questions and a date.
ANSWERS: dict[str, Any] = {
    "budget_stage": "have_budget",
    "budget_amount": "£150 gach seachdain",  # 'each week'
    "knows_can_pay_for": "seadh",
    "contribution": "no",
    "unpaid_carer": "cha",
    "review_date": "3 dhen Mhàrt 2027",  # CLDR's Gaelic for '3 March 2027', in no words file
}
EXPECTED = {
    "budget_amount": {"amount": "150.00", "period": "week", "approximate": False},
    "knows_can_pay_for": "yes", "unpaid_carer": "no", "review_date": "2027-03-03",
}


@pytest.fixture
def gaelic(tmp_path: Path) -> Path:
    """A copy of the built-in content that also speaks Gaelic."""
    root = tmp_path / "content"
    shutil.copytree(BUILT_IN, root)
    write_po(root / "locales", "gd", GAELIC_PO)
    (root / "locales" / "gd" / "words.yaml").write_text(GAELIC_WORDS, encoding="utf-8")
    return root


def test_gaelic_is_offered_once_its_catalogue_is_there(gaelic: Path) -> None:
    folders = catalogues.folders_for(gaelic)
    assert "gd" in catalogues.languages(folders)
    assert catalogues.supported("gd", folders) == "gd"
    assert catalogues.supported("gd", catalogues.folders_for(BUILT_IN)) is None


def walk(session: Session, answers: dict[str, Any]) -> dict[str, Any]:
    """Go through the flow giving `answers`, skipping other questions: each value kept, or why it was refused."""
    seen: dict[str, Any] = {}
    for _ in range(200):
        view = session.current()
        if not isinstance(view, StepView):
            return seen
        if view.id in answers and view.id not in seen:
            outcome = session.answer(answers[view.id])
            seen[view.id] = next(a.value for a in session.answers() if a.question == view.id) if outcome.accepted \
                else ("refused", outcome.problem)
            if outcome.accepted:
                continue
        if view.is_question:
            assert session.set_status("skipped").accepted
        else:
            assert session.proceed().accepted
    raise AssertionError("the flow did not end")


def test_a_flow_is_answered_in_gaelic_through_the_engine(gaelic: Path) -> None:
    content = load_content(gaelic)
    assert not [p for p in content.problems if p.severity == "error"]
    tr = catalogues.load("gd", catalogues.folders_for(gaelic))
    session = Session(content.flows["budget-check"], MemoryRecorder(), translator=tr)
    seen = walk(session, ANSWERS)
    assert {key: seen[key] for key in EXPECTED} == EXPECTED
    assert session.words(session.primary("knows_can_pay_for")) == "Tha"  # type: ignore[arg-type]


def test_gaelic_words_are_understood_only_where_there_is_a_gaelic_words_file(gaelic: Path) -> None:
    content = load_content(BUILT_IN)
    session = Session(content.flows["budget-check"], MemoryRecorder(), translator=catalogues.load("cy"))
    seen = walk(session, ANSWERS)
    assert seen["budget_amount"][0] == "refused" and seen["knows_can_pay_for"][0] == "refused"
    assert seen["unpaid_carer"][0] == "refused" and seen["review_date"][0] == "refused"
    session = Session(content.flows["budget-check"], MemoryRecorder(), translator=catalogues.load("cy"))
    seen = walk(session, {**ANSWERS, "budget_amount": "£150 yr wythnos", "knows_can_pay_for": "ydw",
                          "unpaid_carer": "nac oes", "review_date": "3 Mawrth 2027"})
    assert {key: seen[key] for key in EXPECTED} == EXPECTED


def test_planner_run_answers_a_flow_in_gaelic(gaelic: Path, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("answers:\n" + "".join(f"  {key}: {json.dumps(value, ensure_ascii=False)}\n"
                                              for key, value in ANSWERS.items()), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "planner", "run", "budget-check", "--answers", str(answers),
                             "--out", str(tmp_path / "out"), "--lang", "gd", "--content", str(gaelic)],
                            capture_output=True, text=True, env=environment(tmp_path / "data"), cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    document = json.loads((tmp_path / "out" / "answers.json").read_text(encoding="utf-8"))
    given = {a["question"]: a["value"] for a in document["answers"] if a["status"] == "answered"}
    assert {key: given[key] for key in EXPECTED} == EXPECTED
    assert document["session"]["locale"] == "gd"
