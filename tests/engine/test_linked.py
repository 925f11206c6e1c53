"""Whole-family working: a carer's own assessment linked to the person's plan, shared only with consent."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT, Planner, Ran

PERSONAS = ROOT / "tests" / "personas"
Run = Callable[..., Ran]


@pytest.fixture
def planner(planner_main: Planner) -> Run:
    """`planner ARGS --data-dir DATA`, in this process."""

    def run(data: Path, *args: str) -> Ran:
        return planner_main(*args, "--data-dir", str(data))

    return run


def carer_answers(tmp_path: Path, name: str, share: str) -> Path:
    spec = yaml.safe_load((PERSONAS / "carer-assessment" / "willing-not-able.yaml").read_text())
    spec["answers"]["carer_name"] = name
    spec["answers"]["share_willing_able"] = share
    spec["participants"][0]["name"] = name
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({k: spec[k] for k in ("participants", "answers")}))
    return path


def test_only_what_a_carer_agreed_to_share_reaches_the_plan(tmp_path: Path, planner: Run) -> None:
    data = tmp_path / "data"
    plan = planner(data, "run", "support-plan", "--answers", str(PERSONAS / "support-plan" / "early-riser.yaml"),
                   "--out", str(tmp_path / "plan"))
    assert plan.returncode == 0, plan.stderr
    plan_id = plan.stdout.splitlines()[0].split()[-1]
    for name, share in (("Karen", "yes"), ("Marek", "no")):
        carer = planner(data, "run", "carer-assessment", "--answers", str(carer_answers(tmp_path, name, share)),
                        "--out", str(tmp_path / name), "--link-to", plan_id[:8])
        assert carer.returncode == 0, carer.stderr
    exported = planner(data, "sessions", "export", plan_id[:8], "--out", str(tmp_path / "again"))
    assert exported.returncode == 0, exported.stderr
    text = " ".join((tmp_path / "again" / "support-plan.txt").read_text().split())
    assert ("Karen has had their own carer's assessment, and agreed to share this: wanting to go on caring now, "
            "yes") in text
    assert "able to go on now, no" in text.lower()
    assert ("Marek has had their own carer's assessment. Their answers are private, so this plan does not count on "
            "their help until they say so.") in text
    assert "Marek has had their own carer's assessment, and agreed" not in text


def test_a_link_must_be_to_a_support_plan(tmp_path: Path, planner: Run) -> None:
    data = tmp_path / "data"
    budget = planner(data, "run", "budget-check", "--answers", str(PERSONAS / "budget-check" / "knows-everything.yaml"),
                     "--out", str(tmp_path / "b"))
    budget_id = budget.stdout.splitlines()[0].split()[-1]
    refused = planner(data, "run", "carer-assessment", "--answers", str(carer_answers(tmp_path, "Karen", "yes")),
                      "--out", str(tmp_path / "c"), "--link-to", budget_id[:8])
    assert refused.returncode == 1
    assert ("A carer-assessment conversation can only be linked to a support-plan conversation, not to a budget-check "
            "one.") in refused.stderr
    missing = planner(data, "run", "carer-assessment", "--answers", str(carer_answers(tmp_path, "Karen", "yes")),
                      "--out", str(tmp_path / "c"), "--link-to", "ffffffff")
    assert missing.returncode == 1 and "There is no saved session 'ffffffff' to link to." in missing.stderr


def test_a_break_paid_from_the_plan_is_mirrored_in_that_carers_own_plan(tmp_path: Path, planner: Run) -> None:
    data = tmp_path / "data"
    plan = planner(data, "run", "support-plan", "--answers", str(PERSONAS / "support-plan" / "two-workers-rural.yaml"),
                   "--out", str(tmp_path / "plan"))
    assert plan.returncode == 0, plan.stderr
    plan_text = " ".join((tmp_path / "plan" / "support-plan.txt").read_text().split())
    assert "For Margaret: A sitter on Wednesday afternoons, so Margaret can go out: £45.00 a week" in plan_text
    assert "(a break for Margaret)" in plan_text  # costed with the rest of his support
    plan_id = plan.stdout.splitlines()[0].split()[-1]
    for name in ("Margaret Jones", "Karen"):
        carer = planner(data, "run", "carer-assessment", "--answers", str(carer_answers(tmp_path, name, "no")),
                        "--out", str(tmp_path / name), "--link-to", plan_id[:8])
        assert carer.returncode == 0, carer.stderr
    margaret = " ".join((tmp_path / "Margaret Jones" / "carer-support-plan.txt").read_text().split())
    assert "A break paid from Bill's budget" in margaret
    assert "What: A sitter on Wednesday afternoons, so Margaret can go out. Who gives it: A charity or community " \
           "group. A week: £45.00." in margaret
    assert "Look at a break for you" not in margaret  # it is already arranged, not something to look at
    karen = (tmp_path / "Karen" / "carer-support-plan.txt").read_text()
    assert "Wednesday" not in karen  # another carer's break stays in that carer's plan
    plan_json = (tmp_path / "plan" / "support-plan.json").read_text()
    assert '"for_carer": true' in plan_json and '"carer_name": "Margaret"' in plan_json


def test_a_carers_emergency_plan_reaches_the_plan_only_with_its_own_consent(tmp_path: Path, planner: Run) -> None:
    """Issue #15, item 8: the plan links to the carer's emergency plan through their own linked assessment."""
    data = tmp_path / "data"
    plan = planner(data, "run", "support-plan", "--answers", str(PERSONAS / "support-plan" / "alone-with-dog.yaml"),
                   "--out", str(tmp_path / "plan"))
    assert plan.returncode == 0, plan.stderr
    plan_id = plan.stdout.splitlines()[0].split()[-1]
    for name, share in (("Mark", "yes"), ("Marek", "no")):
        answers = carer_answers(tmp_path, name, "no")
        spec = yaml.safe_load(answers.read_text())
        spec["answers"].update(emergency_plan="plan_and_card", share_emergency_plan=share)
        answers.write_text(yaml.safe_dump(spec))
        carer = planner(data, "run", "carer-assessment", "--answers", str(answers), "--out", str(tmp_path / name),
                        "--link-to", plan_id[:8])
        assert carer.returncode == 0, carer.stderr
    exported = planner(data, "sessions", "export", plan_id[:8], "--out", str(tmp_path / "again"))
    assert exported.returncode == 0, exported.stderr
    for document in ("support-plan.json", "hand-over.json"):
        found = json.loads((tmp_path / "again" / document).read_text())["if_things_go_wrong"]["carer_emergency_plans"]
        shared = {"source": "carer_assessment", "carer": "Mark", "value": None,
                  "words": "Yes, a plan and an emergency card", "by": None}
        assert shared in found
        assert not [p for p in found if p["carer"] == "Marek"]  # Marek said no: it stays with him
        assert [p["source"] for p in found] == ["carer_assessment", "this_conversation"]
    text = " ".join((tmp_path / "again" / "support-plan.txt").read_text().split())
    assert "Mark's own carer's assessment: Yes, a plan and an emergency card" in text
    assert "Marek's own carer's assessment" not in text
