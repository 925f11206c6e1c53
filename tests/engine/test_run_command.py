"""`planner run` and `planner sessions`: what a person at the command line sees.

The commands run in this process (planner.cli.main); one test starts `python -m planner` itself, for the exit
code and standard error of a real process.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT, Planner, environment

VISIT = FIXTURES / "visit-v1"


@pytest.fixture
def planner(planner_main: Planner) -> Planner:
    return planner_main


def answers_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text)
    return path


GOOD = """participants:
  - {id: ann, role: person, name: Ann}
  - {id: sue, role: carer, name: Sue, relationship: daughter}
answers:
  name: Ann
  helpers: "yes"
  mood: {status: not_sure}
  helper_name: Sue
  carry_on: {answers: [{by: ann, answer: "yes"}, {by: sue, answer: "no"}]}
"""


def test_a_run_writes_the_answers_and_says_what_was_accepted(tmp_path: Path, planner: Planner) -> None:
    result = planner("run", "visit", "--content", str(VISIT), "--answers", str(answers_file(tmp_path, GOOD)),
                     "--out", str(tmp_path / "out"), data=tmp_path / "data")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[2:] [:6] == ["accepted: name", "accepted: helpers", "accepted: mood", "accepted: helper_name",
                              "accepted: carry_on (by ann)", "accepted: carry_on (by sue)"]
    assert "skipped: anything_else" in lines
    written = tmp_path / "out" / "answers.json"
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    document = json.loads(written.read_text())
    counted = {a["question"]: a for a in document["answers"] if a["counts"]}
    assert counted["mood"]["status"] == "not_sure" and counted["mood"]["words"] == "I'm not sure"
    assert counted["carry_on"]["by"] == "sue"
    assert document["differences"] == [{"question": "carry_on", "prompt": "Will Sue keep helping every day?",
                                        "views": [{"by": "Ann", "words": "Yes"},
                                                  {"by": "Sue (daughter)", "words": "No"}]}]
    assert document["to_revisit"] == ["anything_else"] and document["session"]["finished"] is True


def test_an_answer_that_does_not_fit_names_the_question_and_line(tmp_path: Path, planner: Planner) -> None:
    bad = GOOD.replace('helpers: "yes"', "helpers: perhaps")
    result = planner("run", "visit", "--content", str(VISIT), "--answers", str(answers_file(tmp_path, bad)),
                     "--out", str(tmp_path / "out"), data=tmp_path / "data")
    assert result.returncode == 1
    assert f"{tmp_path / 'answers.yaml'}:6: the answer to 'helpers' was not accepted: Please choose one of the " \
           "answers shown" in result.stderr
    assert "The answers before it are saved" in result.stderr and "Traceback" not in result.stderr
    assert json.loads((tmp_path / "out" / "answers.json").read_text())["answers"][0]["value"] == "Ann"


def test_a_missing_required_answer_is_named(tmp_path: Path, planner: Planner) -> None:
    result = planner("run", "visit", "--content", str(VISIT), "--answers",
                     str(answers_file(tmp_path, "answers:\n  name: Ann\n")), "--out", str(tmp_path / "out"),
                     data=tmp_path / "data")
    assert result.returncode == 1
    assert "question 'helpers' must be answered, but the file has no answer for it" in result.stderr


def test_an_unknown_question_gets_a_suggestion(tmp_path: Path, planner: Planner) -> None:
    result = planner("run", "visit", "--content", str(VISIT), "--answers",
                     str(answers_file(tmp_path, "answers:\n  name: Ann\n  helper: 'yes'\n")),
                     "--out", str(tmp_path / "out"), data=tmp_path / "data")
    assert result.returncode == 1
    assert ":3: the flow 'visit' has no question 'helper'. Did you mean 'helpers'?" in result.stderr


def test_bad_files_and_arguments_get_plain_messages(tmp_path: Path, planner: Planner) -> None:
    data = tmp_path / "data"
    cases = [
        (("run", "visit", "--answers", str(tmp_path / "nope.yaml"), "--out", str(tmp_path)),
         "There is no answers file"),
        (("run", "nonsense", "--content", str(VISIT), "--answers", str(answers_file(tmp_path, "answers: {}\n")),
          "--out", str(tmp_path / "out")), "There is no conversation called 'nonsense'. Try one of: visit."),
        (("run", "visit"), "the following arguments are required: --answers, --out"),
        (("sessions", "show", "ZZZZ"), "There is no saved session 'ZZZZ'"),
        (("--frobnicate",), "unrecognized arguments: --frobnicate"),
    ]
    for args, message in cases:
        result = planner(*args, data=data)
        assert result.returncode in (1, 2), args
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    (tmp_path / "broken.yaml").write_text("answers:\n  name: [unclosed\n")
    result = planner("run", "visit", "--content", str(VISIT), "--answers", str(tmp_path / "broken.yaml"),
                     "--out", str(tmp_path / "out"), data=data)
    assert result.returncode == 1 and f"{tmp_path / 'broken.yaml'}:" in result.stderr


def test_python_m_planner_exits_with_the_code_and_says_why(tmp_path: Path) -> None:
    """As a program: the exit code and standard error of a real process, with no traceback."""
    result = subprocess.run([sys.executable, "-m", "planner", "sessions", "show", "ZZZZ"], capture_output=True,
                            text=True, env=environment(tmp_path / "data"), cwd=ROOT, timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr.startswith("planner: There is no saved session 'ZZZZ'.") and "Traceback" not in result.stderr


def test_sessions_list_show_export_and_delete(tmp_path: Path, planner: Planner) -> None:
    data = tmp_path / "data"
    run = planner("run", "visit", "--content", str(VISIT), "--answers", str(answers_file(tmp_path, GOOD)),
                  "--out", str(tmp_path / "out"), data=data)
    session_id = run.stdout.splitlines()[0].split()[-1]
    code = run.stdout.splitlines()[1].split()[-1]
    listed = planner("sessions", "list", data=data)
    assert listed.stdout.startswith(f"{session_id[:8]}  visit  Ann, Sue (daughter)  finished")
    shown = planner("sessions", "show", code.lower(), "--content", str(VISIT), data=data)
    assert "  Will Sue keep helping every day?\n    Sue (daughter): No\n    Ann: Yes\n" in shown.stdout
    exported = planner("sessions", "export", session_id[:8], "--content", str(VISIT), data=data)
    assert json.loads(exported.stdout)["session"]["id"] == session_id
    refused = planner("sessions", "delete", session_id[:8], data=data)
    assert refused.returncode == 1 and "add --yes" in refused.stderr
    deleted = planner("sessions", "delete", session_id[:8], "--yes", data=data)
    assert deleted.returncode == 0 and planner("sessions", "list", data=data).stdout == \
        "There are no saved conversations.\n"


def test_a_fault_inside_planner_is_said_plainly_not_as_a_traceback(tmp_path: Path, monkeypatch, capsys) -> None:
    from planner import cli
    from planner.commands import run

    def broken(args: object) -> int:
        raise AttributeError("'SupportPlan' object has no attribute 'x'")

    monkeypatch.setattr(run, "main", broken)
    monkeypatch.delenv("PLANNER_DEBUG", raising=False)
    assert cli.main(["run", "visit", "--answers", "a.yaml", "--out", str(tmp_path)]) == 1
    said = capsys.readouterr().err
    assert said.startswith("planner: Sorry, something went wrong inside planner (AttributeError).")
    assert "Every answer already given is saved." in said and "Traceback" not in said
    monkeypatch.setenv("PLANNER_DEBUG", "1")  # for whoever looks after the computer: the fault itself
    with pytest.raises(AttributeError):
        cli.main(["run", "visit", "--answers", "a.yaml", "--out", str(tmp_path)])
