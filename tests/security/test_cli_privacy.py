"""#13 "other leaks": `planner sessions show` keeps what the documents keep private, and a run that
fails before its first answer leaves no session behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.cli import main
from tests.conftest import FIXTURES

SECRET = "The evening carer shouts at me when I am slow."
ANSWERS = f"""participants:
  - {{id: ann, role: person, name: Ann}}
  - {{id: sue, role: carer, name: Sue, relationship: daughter}}
answers:
  name: Ann
  helpers: "yes"
  mood: good
  helper_name: Sue
  carry_on: "yes"
  anything_else: "{SECRET}"
"""


@pytest.fixture
def private_visit(tmp_path: Path) -> Path:
    """The visit flow, with its last question ('anything else?') told in confidence."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "visit-v1", root)
    flow = root / "flows" / "visit.yaml"
    text = flow.read_text()
    marked = text.replace("        kind: long_text\n", "        kind: long_text\n        private: true\n")
    assert marked != text
    flow.write_text(marked)
    return root


def run(tmp_path: Path, content: Path, answers: str, *extra: str) -> int:
    (tmp_path / "answers.yaml").write_text(answers)
    return main(["run", "visit", "--content", str(content), "--answers", str(tmp_path / "answers.yaml"),
                 "--data-dir", str(tmp_path / "data"), *extra])


def saved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    capsys.readouterr()
    assert main(["sessions", "list", "--data-dir", str(tmp_path / "data")]) == 0
    listed = capsys.readouterr().out
    return [] if listed == "There are no saved conversations.\n" else listed.splitlines()


def test_sessions_show_withholds_answers_told_in_confidence(tmp_path: Path, private_visit: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert run(tmp_path, private_visit, ANSWERS, "--out", str(tmp_path / "out")) == 0
    session = capsys.readouterr().out.splitlines()[0].split()[-1]
    assert SECRET not in (tmp_path / "out" / "answers.json").read_text()  # the documents' rule

    show = ["sessions", "show", session[:8], "--content", str(private_visit), "--data-dir", str(tmp_path / "data")]
    assert main(show) == 0
    shown = capsys.readouterr().out
    assert "shouts" not in shown
    assert "  Is there anything else?\n    (told in confidence: not shown)\n" in shown
    assert "  Will Sue keep helping every day?\n    Ann: Yes\n" in shown  # everything else is still shown
    assert (f"Answers told in confidence are not shown (1). To see them on this screen, add --include-private: "
            f"planner sessions show {session[:8]} --include-private") in shown

    assert main([*show, "--include-private"]) == 0
    everything = capsys.readouterr().out
    assert f"Ann: {SECRET}" in everything and "not shown" not in everything


def test_a_run_that_fails_before_its_first_answer_keeps_no_session(tmp_path: Path, private_visit: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    unknown_question = ANSWERS.replace("  mood: good\n", "  mod: good\n")
    assert run(tmp_path, private_visit, unknown_question, "--out", str(out)) == 1
    said = capsys.readouterr().err
    assert "has no question 'mod'" in said and "Nothing was answered, so no session was kept." in said
    not_accepted = ANSWERS.replace("  name: Ann\n", "  name: {answers: [{by: nobody, answer: Ann}]}\n")
    assert run(tmp_path, private_visit, not_accepted, "--out", str(out)) == 1
    assert "'nobody' is not one of the participants" in capsys.readouterr().err
    first_refused = ANSWERS.replace('  helpers: "yes"\n', "  helpers: perhaps\n").replace("  name: Ann\n", "")
    assert run(tmp_path, private_visit, first_refused, "--out", str(out)) == 1
    assert "the answer to 'helpers' was not accepted" in capsys.readouterr().err
    assert saved(tmp_path, capsys) == [] and not out.exists()


def test_a_run_that_fails_later_keeps_its_answers_and_an_earlier_session_is_never_removed(
        tmp_path: Path, private_visit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    later = ANSWERS.replace("  mood: good\n", "  mood: splendid\n")
    assert run(tmp_path, private_visit, later, "--out", str(tmp_path / "out")) == 1
    said = capsys.readouterr().err
    assert "The answers before it are saved in session" in said
    kept = saved(tmp_path, capsys)
    assert len(kept) == 1
    session = kept[0].split()[0]
    # Carrying that session on with a file that fails at once must not delete it.
    assert run(tmp_path, private_visit, ANSWERS.replace("  mood: good\n", "  mod: good\n"), "--session", session,
               "--out", str(tmp_path / "again")) == 1
    assert "no session was kept" not in capsys.readouterr().err
    assert saved(tmp_path, capsys) == kept
