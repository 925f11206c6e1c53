"""#13 point 7: nothing any command prints can drive the terminal.

Names, relationships, notes and answers (from an answers file, planner mode or the store itself),
content text, typed arguments and paths can all hold escape sequences: a window title (OSC 0), a
clipboard write (OSC 52), cursor moves (CSI, also in its 8-bit C1 form), device strings (DCS, APC,
PM), a bell, or bidi overrides that disguise text. Every command below runs in a real Python
process writing to real pipes, and the raw bytes are searched.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from planner.flows.answers import Answer, Participant
from planner.flows.loader import load_content
from planner.store import SessionStore
from planner.store.opening import start
from planner.text import clean_text, for_terminal, json_for_terminal
from tests.conftest import FIXTURES, ROOT, TEST_KEY, environment

VISIT = FIXTURES / "visit-v1"

TITLE = "\x1b]0;PWNED\x07"
CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4K\x1b\\"
PAYLOADS = [TITLE, CLIPBOARD, "\x1b[2J\x1b[1;1H", "\x9b31m", "\x9d0;T8\x9c", "\x1bPq#0\x1b\\", "\x1b_apc\x1b\\",
            "\x1b^pm\x1b\\", "\x07", "\u202e", "\u2066", "\x1b(0", "\x9d52;c;eA==\x07"]
ALL = "".join(PAYLOADS)
# What must never reach a terminal: ESC, the 8-bit CSI and OSC, BEL, and (as UTF-8) the bidi overrides.
FORBIDDEN = [b"\x1b", b"\x9b", b"\x9d", b"\x07", "\u202e".encode(), "\u2066".encode()]

# Runs several commands in one interpreter (fast), each exactly as `python -m planner ARGS` would,
# on the process's real standard output and error; a marker line separates them.
DRIVER = """
import json, sys
from planner.cli import main
for argv in json.loads(sys.argv[1]):
    try:
        code = main(argv)
    except SystemExit as stop:
        code = stop.code
    sys.stdout.flush(); sys.stderr.flush()
    for stream in (sys.stdout, sys.stderr):
        stream.write("\\n=== exit %s\\n" % code); stream.flush()
"""


def dirty(words: str) -> str:
    return f"{words}{ALL}{words}"


def run_all(commands: list[list[str]], data: Path) -> tuple[bytes, bytes]:
    result = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(commands)], capture_output=True,
                            env={**environment(data), "PLANNER_DEBUG": ""}, cwd=ROOT, timeout=180,
                            stdin=subprocess.DEVNULL)
    assert result.stdout.count(b"=== exit") == len(commands), result.stderr.decode(errors="replace")
    return result.stdout, result.stderr


def assert_clean(stream: bytes, what: str) -> None:
    for bad in FORBIDDEN:
        at = stream.find(bad)
        assert at < 0, f"{what} holds {bad!r}: {stream[max(0, at - 80):at + 40]!r}"
    assert b"Traceback" not in stream, stream.decode(errors="replace")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_for_terminal_leaves_nothing_a_terminal_obeys(payload: str) -> None:
    for text in (for_terminal(f"a{payload}b"), clean_text(f"a{payload}b", multiline=True)):
        assert text.startswith("a") and text.endswith("b")
        assert not set(text) & {"\x1b", "\x9b", "\x9d", "\x07", "\x90", "\x9c", "\x9e", "\x9f", "\u202e", "\u2066"}
    escaped = json_for_terminal(json.dumps({"v": f"a{payload}b"}, ensure_ascii=False))
    assert json.loads(escaped) == {"v": f"a{payload}b"}  # nothing lost in JSON, only written as \\u escapes
    assert not any(bad in escaped.encode() for bad in FORBIDDEN)


def test_an_unterminated_string_loses_only_its_introducer() -> None:
    assert for_terminal("Ann \x9dsaid yes") == "Ann said yes"
    assert for_terminal("bytes that were not UTF-8: \udc9b\udc1b") == "bytes that were not UTF-8: \ufffd\ufffd"


@pytest.fixture(scope="module")
def sessions(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A data folder with sessions full of escape sequences: one made through the store, one by `planner run`."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PLANNER_KEY", TEST_KEY)  # the autouse fixture that sets it runs per test, after this
        return _sessions(tmp_path_factory.mktemp("terminal"))


def _sessions(folder: Path) -> tuple[Path, list[str]]:
    data = folder / "data"
    content = load_content(VISIT)
    store = SessionStore.in_folder(data)
    people = [Participant("ann", "person", dirty("Ann")), Participant("sue", "carer", dirty("Sue"), dirty("daughter"))]
    opened = start(store, content, "visit", participants=people)
    session = opened.session
    session.answer("Ann")
    session.answer("yes")
    session.set_status("not_sure")
    session.answer("Sue")
    session.add_note(dirty("a note"))
    # Answers as a store may hold them from before cleaning on the way in, or from another program.
    for question, value in (("name", dirty("Ann")), ("helper_name", dirty("Sue")), ("anything_else", dirty("more"))):
        opened.recorder.commit(Answer(question, "answered", "ann", "2026-11-30T09:00:00+00:00", value, seq=0),
                               session.state())
    made = opened.record.id
    opened.close()
    store.close()

    answers = folder / "answers.yaml"
    answers.write_text(yaml.safe_dump({
        "participants": [{"id": "ann", "role": "person", "name": dirty("Ann")},
                         {"id": "sue", "role": "carer", "name": "Sue", "relationship": dirty("daughter")}],
        "answers": {"name": dirty("Ann"), "helpers": "yes", "mood": {"status": "not_sure"},
                    "helper_name": dirty("Sue"), "carry_on": {"answers": [{"by": "ann", "answer": "yes"},
                                                                          {"by": "sue", "answer": "no"}]},
                    "anything_else": dirty("more")}}, allow_unicode=True))
    run = subprocess.run([sys.executable, "-m", "planner", "run", "visit", "--content", str(VISIT), "--answers",
                          str(answers), "--out", str(folder / "out")], capture_output=True, env=environment(data),
                         cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    assert_clean(run.stdout, "planner run's output")
    assert_clean(run.stderr, "planner run's errors")
    ran = run.stdout.decode().splitlines()[0].split()[-1]
    return data, [made, ran]


def test_sessions_list_show_and_export_print_no_escape_sequence(sessions: tuple[Path, list[str]]) -> None:
    data, ids = sessions
    commands = [["sessions", "list"]]
    for session_id in ids:
        commands += [["sessions", "show", session_id, "--content", str(VISIT)],
                     ["sessions", "show", session_id, "--content", str(VISIT), "--include-private"],
                     ["sessions", "export", session_id, "--content", str(VISIT)],
                     ["sessions", "export", session_id, "--content", str(VISIT), "--include-private"],
                     ["sessions", "delete", session_id]]  # asks for --yes, quoting the session
    out, err = run_all(commands, data)
    assert_clean(out, "standard output")
    assert_clean(err, "standard error")
    assert out.count(b"=== exit 0") == len(commands) - 2, err.decode(errors="replace")
    assert b"Ann" in out and b"daughter" in out  # the words are there, only the sequences are gone
    exported = [json.loads(part) for part in out.decode().split("\n=== exit 0\n") if part.lstrip().startswith("{")]
    assert exported and all(d["participants"][0]["name"].startswith("Ann") for d in exported)
    # JSON keeps every character, written as \u escapes: a program reading it loses nothing.
    assert any(d["participants"][0]["name"] == dirty("Ann") for d in exported)


def test_error_messages_print_no_escape_sequence(sessions: tuple[Path, list[str]], tmp_path: Path) -> None:
    data, _ = sessions
    flows = tmp_path / "content" / "flows"
    flows.mkdir(parents=True)
    flow = yaml.safe_load((VISIT / "flows" / "visit.yaml").read_text())
    steps = flow["sections"][1]["steps"]
    steps[0]["prompt"] = dirty("Who helps you most? ")  # a lint warning quotes it
    steps[0]["id"] = dirty("helper")  # an error quotes it
    flow["flow"]["title"] = dirty("A visit")
    (flows / "hostile.yaml").write_text(yaml.safe_dump(flow, allow_unicode=False), encoding="utf-8")
    commands = [
        ["sessions", "show", dirty("nobody")],
        ["sessions", "export", dirty("nobody"), "--out", str(tmp_path / "x")],
        ["sessions", "resume", dirty("nobody")],
        ["run", "visit", "--answers", str(tmp_path / dirty("no-such-file")), "--out", str(tmp_path / "y")],
        ["run", dirty("flow"), "--content", str(VISIT), "--answers", str(ROOT / "tests" / "fixtures" / "visit-v1"
                                                                         / "flows" / "visit.yaml"),
         "--out", str(tmp_path / "z")],
        ["--lang", dirty("xx"), "sessions", "list"],
        [dirty("command")],
        ["sessions", dirty("action")],
        ["--kiosk-keep-days", dirty("7")],
        ["check", str(tmp_path / dirty("missing"))],
        ["check", str(tmp_path / "content")],
        ["check", str(tmp_path / "content"), "--format", "json"],
        ["schema", dirty("document")],
    ]
    out, err = run_all(commands, data)
    assert_clean(out, "standard output")
    assert_clean(err, "standard error")
    assert err.count(b"nobody") >= 3 and b"no-such-file" in err and b"missing" in err  # still said, only cleaned
    assert b"=== exit 0" not in err.split(b"=== exit")[0]


def test_a_typed_argument_with_8_bit_bytes_is_not_echoed_raw(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 (0x9b is CSI to many terminals) come back as a replacement character."""
    result = subprocess.run([sys.executable.encode(), b"-m", b"planner", b"sessions", b"show", b"\x9b2J\x9d0;T\x07"],
                            capture_output=True, env=environment(tmp_path / "data"), cwd=ROOT, timeout=60)
    assert result.returncode == 1
    assert_clean(result.stderr, "standard error")
    assert "There is no saved session" in result.stderr.decode()
