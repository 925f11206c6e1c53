"""`planner check` output: text and JSON, and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from content_support import BROKEN, CONTENT, HEADER, REPO
from planner.cli import main
from planner.flows import messages as m

BROKEN_FLOW = BROKEN / "flows" / "unknown_question.yaml"
UNKNOWN_QUESTION = m.UNKNOWN_NAME.format(where="step 'hello'", name="nmae", suggest=" Did you mean 'name'?")


def run_json(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict]:
    code = main([*argv, "--format", "json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def test_json_for_a_broken_file(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    code, data = run_json(["check", "flows/unknown_question.yaml"], capsys)
    assert code == 1
    assert data == {
        "ok": False,
        "errors": 1,
        "warnings": 0,
        "problems": [{"path": "flows/unknown_question.yaml", "line": 18, "severity": "error", "code": "UNKNOWN_NAME",
                      "message": UNKNOWN_QUESTION}],
        "flows": [],
    }


def test_json_problem_fields_for_the_whole_broken_folder(capsys: pytest.CaptureFixture[str],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, data = run_json(["check", "tests/content/broken"], capsys)
    assert code == 1
    assert data["ok"] is False
    assert data["errors"] == len(data["problems"]) >= 60
    for problem in data["problems"]:
        assert set(problem) == {"path", "line", "severity", "code", "message"}
        assert problem["path"].startswith("tests/content/broken/flows/") and problem["path"].endswith(".yaml")
        assert isinstance(problem["line"], int) and problem["line"] >= 0
        assert problem["severity"] == "error"
        assert problem["code"] and hasattr(m, problem["code"])
        assert problem["message"].endswith(".") and len(problem["message"]) > 20
    keys = [(p["path"], p["line"]) for p in data["problems"]]
    assert keys == sorted(keys)  # sorted by file, then line


def test_json_on_clean_content_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    code, data = run_json(["check", str(CONTENT)], capsys)
    assert code == 0
    assert data["ok"] is True
    assert data["errors"] == 0 and data["warnings"] == 0 and data["problems"] == []
    assert sorted(f["id"] for f in data["flows"]) == ["budget-check", "carer-assessment", "support-plan"]
    for flow in data["flows"]:
        assert set(flow) == {"id", "version", "path", "questions"}
        assert flow["version"] >= 1 and flow["questions"] > 0


def test_warnings_alone_exit_one(content_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = HEADER.format(id="warn").replace("text: Hello.", "text: You can get a direct payment.")
    (content_root / "flows" / "warn.yaml").write_text(text)
    code, data = run_json(["check", "."], capsys)
    assert code == 1
    assert data["errors"] == 0 and data["warnings"] == 1
    assert data["problems"] == [{
        "path": "flows/warn.yaml", "line": 12, "severity": "warning", "code": "UNLINKED_JARGON",
        "message": m.UNLINKED_JARGON.format(where="step 'welcome' (text)", word="direct payment",
                                            term="direct payment")}]
    assert [f["id"] for f in data["flows"]] == ["warn"]


def test_errors_only_skips_warnings(content_root: Path, capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEADER.format(id="warn").replace("text: Hello.", "text: You can get a direct payment.")
    (content_root / "flows" / "warn.yaml").write_text(text)
    monkeypatch.chdir(content_root.parent)
    assert main(["check", "content", "--errors-only"]) == 0
    assert capsys.readouterr().out == "All clear: 1 flow and 0 questions in content.\n"


def test_text_format_is_file_line_message(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(BROKEN)
    assert main(["check", "flows/unknown_question.yaml", "flows/duplicate_id.yaml"]) == 1
    out = capsys.readouterr().out
    assert out == (  # sorted by file, then line
        f"flows/duplicate_id.yaml:16: {m.DUPLICATE_ID.format(id='name', first=13)}\n"
        f"flows/unknown_question.yaml:18: {UNKNOWN_QUESTION}\n"
        "\n2 errors and 0 warnings.\n"
    )


def test_missing_path_exits_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    assert main(["check", str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"planner: there is no file or folder called '{missing}'.\n"


def test_bad_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--format", "xml"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'xml'" in err and "planner --help" in err


def test_json_through_the_installed_command(tmp_path: Path) -> None:
    planner = Path(sys.executable).parent / "planner"
    result = subprocess.run([str(planner), "check", str(BROKEN_FLOW), "--format", "json"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    data = json.loads(result.stdout)
    found = [(p["path"], p["line"], p["message"]) for p in data["problems"]]
    assert found == [(str(BROKEN_FLOW), 18, UNKNOWN_QUESTION)]
