"""Whole-family working: a carer's own assessment linked to the person's plan, shared only with consent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT, environment

PERSONAS = ROOT / "tests" / "personas"


def planner(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planner", *args, "--data-dir", str(data)], capture_output=True,
                          text=True, env=environment(data), cwd=ROOT, timeout=180)


def carer_answers(tmp_path: Path, name: str, share: str) -> Path:
    spec = yaml.safe_load((PERSONAS / "carer-assessment" / "willing-not-able.yaml").read_text())
    spec["answers"]["carer_name"] = name
    spec["answers"]["share_willing_able"] = share
    spec["participants"][0]["name"] = name
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump({k: spec[k] for k in ("participants", "answers")}))
    return path


def test_only_what_a_carer_agreed_to_share_reaches_the_plan(tmp_path: Path) -> None:
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


def test_a_link_must_be_to_a_support_plan(tmp_path: Path) -> None:
    data = tmp_path / "data"
    budget = planner(data, "run", "budget-check", "--answers", str(PERSONAS / "budget-check" / "knows-everything.yaml"),
                     "--out", str(tmp_path / "b"))
    budget_id = budget.stdout.splitlines()[0].split()[-1]
    refused = planner(data, "run", "carer-assessment", "--answers", str(carer_answers(tmp_path, "Karen", "yes")),
                      "--out", str(tmp_path / "c"), "--link-to", budget_id[:8])
    assert refused.returncode == 1
    assert "can only be linked to a support plan conversation, not to a budget-check one" in refused.stderr
    missing = planner(data, "run", "carer-assessment", "--answers", str(carer_answers(tmp_path, "Karen", "yes")),
                      "--out", str(tmp_path / "c"), "--link-to", "ffffffff")
    assert missing.returncode == 1 and "There is no saved session 'ffffffff' to link to." in missing.stderr
