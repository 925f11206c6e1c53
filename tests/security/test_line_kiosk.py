"""Line mode in public (#13): nothing typed reaches the terminal as a control; `--plain --kiosk` keeps the kiosk rules.

Driven through a real pseudo-terminal (pexpect) and a real store, as a member of the public would.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import termios
from pathlib import Path
from collections.abc import Iterator

import pexpect
import pytest

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.flows.view import StepView
from planner.store import SessionStore
from planner.store.opening import start
from planner.ui.line import Line
from planner.ui.line_kiosk import kiosk as line_kiosk

from tests.conftest import FIXTURES, ROOT, environment

VISIT = str(FIXTURES / "visit-v1")
HELLO = b"Hello. I am here to help you plan your care and support"
CODE = rb"Your code to carry on later is ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})\. Please write it down\."
# Window title, clipboard (OSC 52), screen and cursor moves, a bell, an 8-bit CSI, and Rich and link markup.
HOSTILE = ("\x1b]0;PWNED\x07\x1b]52;c;ZXZpbA==\x07\x1b[2J\x1b[10;10H\x07\x9b31m"
           "[bold]Ann[/bold] [link=https://x]y[/link] [[click]] \x1b[?1049h")
NEXT = "Press Enter when you are done."
RUN = ["-m", "planner"]


def spawn(data: Path, *args: str, idle: float | None = None) -> pexpect.spawn:
    env = environment(data)
    if idle is not None:
        env.update(PLANNER_KIOSK_IDLE_SECONDS=str(idle), PLANNER_KIOSK_WARNING_SECONDS=str(idle))
    child = pexpect.spawn(sys.executable, [*RUN, "--plain", *args, "--content", VISIT, "--data-dir",
                                           str(data)], cwd=str(ROOT), env=env, timeout=20, echo=False,
                          dimensions=(24, 80))
    child.delaybeforesend = 0.05
    return child


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[pexpect.spawn]:
    child = spawn(tmp_path / "data", "--kiosk")
    yield child
    child.terminate(force=True)


def controls(said: bytes) -> list[bytes]:
    """Every terminal control in what was printed, but the kiosk's own clear screen."""
    said = said.replace(Line.CLEAR.encode(), b"")
    return re.findall(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]", said)


def start_visit(child: pexpect.spawn) -> str:
    child.expect_exact(b"Type a number: ")
    child.sendline("1")
    child.expect(CODE)
    code = child.match.group(1).decode()
    child.expect_exact(b"What would you like me to call you?")
    child.expect_exact(b"> ")
    return code


def test_typed_escape_sequences_and_markup_come_back_as_plain_words(tmp_path: Path) -> None:
    child = spawn(tmp_path / "data")
    start_visit(child)
    child.sendline(HOSTILE)
    child.expect_exact(b"Thank you, ")
    child.expect_exact(b"> ")
    said = child.before or b""
    child.sendline("who")  # a name and a relationship of someone else answering, quoted back
    child.expect_exact(b"Type a number: ")
    child.sendline("2")
    child.expect_exact(b"What is their name? ")
    child.sendline("\x1b]52;c;c2VjcmV0\x07Sue\x1b[31m")
    child.expect_exact(b"For example, daughter: ")
    child.sendline("\x1b]0;title\x07daughter\x1b[H")
    child.expect_exact(b"Now answering: Sue (daughter).")
    child.sendline("check")
    child.expect_exact(b"To change an answer")
    said += child.before or b""
    child.sendline("stop")
    child.expect(pexpect.EOF)
    said += child.before or b""
    assert b"[bold]Ann[/bold] [link=https://x]y[/link]" in said  # markup is shown as the words typed
    assert b"PWNED" not in said and b"ZXZpbA" not in said and b"c2VjcmV0" not in said
    assert controls(said) == []
    assert b"\x1b" not in said  # outside a kiosk nothing is ever cleared either


def test_names_from_elsewhere_are_read_out_without_their_escape_sequences(tmp_path: Path, visit: Content) -> None:
    # Names not typed here (an answers file, planner mode, an older store) were never cleaned on the way in.
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, visit, "visit", mode="kiosk", participants=[
        Participant("person", "person", "\x1b]0;PWNED\x07Ann\x1b]52;c;ZXZpbA==\x07", "\x1b[2Jmother\x1b[?1049h")])
    opened.session.answer("Ann")
    code = opened.code
    opened.close()
    store.close()
    child = spawn(tmp_path / "data", "--kiosk")
    child.expect_exact(b"Type a number: ")
    child.sendline("2")
    child.expect_exact(b"Type your code")
    child.sendline(code)
    child.expect_exact(b"Welcome back.")
    said = b""
    for command, shown in (("who", b"Type a number: "), ("1", b"> "), ("back", b"Answered before: "),
                           ("check", b"To change an answer")):
        child.sendline(command)
        child.expect_exact(shown)
        said += child.before or b""
    child.expect_exact(b"> ")
    said += child.before or b""
    child.terminate(force=True)
    assert b"Now answering: Ann (mother)." in said
    assert b"PWNED" not in said and b"ZXZpbA" not in said
    assert controls(said) == [] and b"\x1b" not in said.replace(Line.CLEAR.encode(), b"")


def test_stop_ctrl_d_ctrl_c_and_friends_go_back_to_the_start_not_to_a_shell(kiosk: pexpect.spawn) -> None:
    for leave in ("stop", "eof", "intr"):
        code = start_visit(kiosk)
        kiosk.sendline("Zebedee")
        kiosk.expect_exact(b"Does anyone help you now?")
        kiosk.expect_exact(b"> ")
        if leave == "stop":
            kiosk.sendline("stop")
        elif leave == "eof":
            kiosk.sendeof()
        else:
            kiosk.sendintr()
        kiosk.expect_exact(b"Your answers are saved.")
        kiosk.expect_exact(f"Your code to carry on later is {code}.".encode())  # said once, at the end
        kiosk.expect_exact(NEXT.encode())
        kiosk.sendline("")
        kiosk.expect_exact(HELLO)
        kiosk.expect_exact(b"Type a number: ")
        said = kiosk.before or b""
        assert code.encode() not in said and b"Zebedee" not in said  # nothing of them for the next person
        kiosk.sendline("")  # Enter at the start: the same start again
    for key in ("d", "c", "z", "\\"):  # Ctrl+D, Ctrl+C, Ctrl+Z, Ctrl+\ at the start
        kiosk.sendcontrol(key)
    kiosk.sendline("1")
    kiosk.expect_exact(b"What would you like me to call you?")
    assert kiosk.isalive()
    said = (kiosk.before or b"")
    assert b"Traceback" not in said and b"$ " not in said


def test_a_closed_standard_input_ends_the_kiosk_plainly(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, *RUN, "--plain", "--kiosk", "--content", VISIT, "--data-dir",
                           str(tmp_path / "data")], input="1\nAnn\nstop\n\n", capture_output=True, text=True,
                          cwd=str(ROOT), env=environment(tmp_path / "data"), timeout=20)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout.count("Hello. I am here") == 2  # the stop went back to the start; then the input ended


def test_nobody_typing_saves_closes_and_forgets_the_person(tmp_path: Path) -> None:
    child = spawn(tmp_path / "data", "--kiosk", idle=1)
    code = start_visit(child)
    child.sendline("Zebedee")
    child.expect_exact(b"Does anyone help you now?")
    child.expect_exact(b"Are you still there? Press Enter for more time.")
    child.sendline("")  # more time: the same question again
    child.expect_exact(b"> ")
    child.sendline("2")
    child.expect_exact(b"How are you today?")
    child.expect_exact(b"Are you still there? Press Enter for more time.")
    child.expect_exact(b"the conversation is closed.")
    child.expect_exact(HELLO)
    after = child.before or b""
    assert Line.CLEAR.encode() in after  # the screen and its scrollback are cleared for the next person
    child.expect_exact(b"Type a number: ")
    after += child.before or b""
    child.expect(pexpect.TIMEOUT, timeout=1.5)  # the start waits quietly, saying nothing of anyone
    after += child.before or b""
    assert b"Zebedee" not in after and code.encode() not in after and b"Does anyone" not in after
    assert after.count(b"Are you still there") == 0
    # The session was closed (its lock let go): its code opens it again, where it was left.
    child.sendline("2")
    child.expect_exact(b"Type your code")
    child.sendline(code)
    child.expect_exact(b"Welcome back.")
    child.expect_exact(b"How are you today?")
    child.terminate(force=True)


def _session(data: Path, content: Content, mode: str = "kiosk") -> tuple[str, str]:
    store = SessionStore.in_folder(data)
    opened = start(store, content, "visit", mode=mode)
    opened.session.answer("Zebedee")
    opened.close()
    store.close()
    return opened.record.id, opened.code


def test_a_session_id_or_its_prefix_never_opens_a_kiosk_conversation(tmp_path: Path, visit: Content) -> None:
    session_id, _code = _session(tmp_path / "data", visit)
    child = spawn(tmp_path / "data", "--kiosk")
    child.expect_exact(b"Type a number: ")
    child.sendline("2")
    said = b""
    for typed in (session_id[:8], session_id):
        child.expect_exact(b"Type your code")
        child.sendline(typed)
        child.expect(rb"Sorry, (I cannot find that code|that did not work)")
        said += child.before or b""
    child.expect_exact(b"Type a number: ")
    said += child.before or b""
    assert b"Welcome back" not in said and b"Zebedee" not in said
    child.terminate(force=True)


def test_wrong_codes_are_told_the_exact_wait_even_after_a_restart(tmp_path: Path, visit: Content) -> None:
    _id, code = _session(tmp_path / "data", visit)
    child = spawn(tmp_path / "data", "--kiosk")
    child.expect_exact(b"Type a number: ")
    child.sendline("2")
    child.sendline("AAAA-AAAA-AAAA")
    child.expect_exact(b"Sorry, I cannot find that code.")  # the first wrong try: no wait yet
    child.expect_exact(b"Type your code")
    child.sendline("CCCC-CCCC-CCCC")
    child.expect_exact(b"Please wait 5 seconds, then try again.")
    child.terminate(force=True)

    again = spawn(tmp_path / "data", "--kiosk")  # a restart forgets nothing
    again.expect_exact(b"Type a number: ")
    again.sendline("2")
    again.sendline(code)  # even the right code waits its turn
    again.expect(rb"Please wait ([1-5]) seconds?, then try again\.")
    again.expect_exact(b"Type a number: ")  # and anyone may start a new conversation meanwhile
    again.sendline("1")
    again.expect_exact(b"What would you like me to call you?")
    assert b"Welcome back" not in (again.before or b"")
    again.terminate(force=True)


def test_a_code_is_locked_after_five_wrong_tries_and_said_plainly(tmp_path: Path, visit: Content) -> None:
    _id, code = _session(tmp_path / "data", visit)
    store = SessionStore.in_folder(tmp_path / "data")
    ticks = iter(range(0, 100_000, 1000))
    store.clock = lambda: float(next(ticks))  # every try long after the last: only the lock can refuse
    wrong = code[:-1] + ("A" if code[-1] != "A" else "C")
    typed = io.StringIO("".join(f"2\n{wrong}\n" for _ in range(5)) + f"2\n{code}\n")
    out = io.StringIO()
    assert line_kiosk(visit, store, typed, out) == 0
    said = out.getvalue()
    assert "Sorry, that code is locked" in said
    assert said.count("Sorry, that code is locked") == 2  # the fifth wrong try, then the right code
    assert "Welcome back" not in said and "Zebedee" not in said
    store.close()


def test_start_again_deletes_the_conversation(kiosk: pexpect.spawn, tmp_path: Path) -> None:
    start_visit(kiosk)
    kiosk.sendline("Zebedee")
    kiosk.expect_exact(b"Does anyone help you now?")
    kiosk.sendline("start again")
    kiosk.expect_exact(b"They cannot be brought back. Type yes or no: ")
    kiosk.sendline("yes")
    kiosk.expect_exact(b"Your answers have been cleared. Nothing of them is kept.")
    kiosk.expect_exact(NEXT.encode())
    kiosk.sendline("")
    kiosk.expect_exact(HELLO)
    store = SessionStore.in_folder(tmp_path / "data")
    assert store.list() == []
    store.close()


def test_a_finished_kiosk_visit_prints_and_writes_nothing_in_the_data_folder(tmp_path: Path) -> None:
    printed = tmp_path / "printed.txt"
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    (bin_folder / "lp").write_text(f"#!/bin/sh\ncat >> '{printed}'\n")
    (bin_folder / "lp").chmod(0o755)
    data = tmp_path / "data"
    env = {**environment(data), "PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"}
    child = pexpect.spawn(sys.executable, [*RUN, "--plain", "--kiosk", "--data-dir", str(data)],
                          cwd=str(ROOT), env=env, timeout=30, echo=False, dimensions=(24, 80))
    child.delaybeforesend = 0.05
    child.expect(rb"  (\d+)\. Your personal budget")
    number = child.match.group(1)
    child.expect_exact(b"Type a number: ")
    child.sendline(number)
    child.expect(CODE)
    code = child.match.group(1)
    for _ in range(60):  # skip every question to the end
        index = child.expect_exact([b"> ", b"Type yes to answer them now, or finish to finish: ",
                              b"Would you like a printed copy of your plan? Type yes or no: "])
        if index == 2:
            break
        child.sendline("skip" if index == 0 else "finish")
    child.sendline("yes")
    child.expect_exact(b"Your plan is being printed.")
    child.expect_exact(code)
    child.expect_exact(NEXT.encode())
    child.sendline("")
    child.expect_exact(HELLO)
    child.expect_exact(b"Type a number: ")
    assert code not in (child.before or b"")
    child.terminate(force=True)
    assert printed.read_text().strip()
    assert not (data / "outputs").exists()
    # Only the store itself (and its key, if kept there): no document, no plain copy of any answer.
    assert {p.name for p in data.iterdir() if not p.name.startswith("sessions.db")} <= {"key", "locks"}


def test_a_fault_in_a_kiosk_says_sorry_and_starts_again_without_a_traceback(
        visit: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.ui import line

    def broken(self: line.Conversation, view: object) -> None:
        raise RuntimeError("Zebedee said something secret")

    monkeypatch.setattr(line.Conversation, "_step", broken)
    monkeypatch.setattr("planner.ui.line_kiosk.PAUSE_AFTER_FAULT", 0.01)
    store = SessionStore.in_folder(tmp_path / "data")
    out = io.StringIO()
    assert line_kiosk(visit, store, io.StringIO("1\n"), out) == 0
    said = out.getvalue()
    assert "Sorry, something went wrong, so we have gone back to the start." in said
    assert said.count("Hello. I am here") == 2
    assert "Traceback" not in said and "Zebedee" not in said and "RuntimeError" not in said
    store.close()


def test_a_fault_outside_a_kiosk_exits_non_zero(visit: Content, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from planner.cli import main
    from planner.ui import line

    def broken(self: line.Conversation, view: object) -> None:
        raise RuntimeError("broken")

    monkeypatch.setattr(line.Conversation, "_step", broken)
    monkeypatch.setattr(sys, "stdin", io.StringIO("1\n"))
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert main(["--plain", "--content", VISIT, "--data-dir", str(tmp_path / "data")]) != 0


def test_a_sensitive_answer_is_not_read_back_at_a_kiosk(content: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, content, "budget-check", mode="kiosk")
    session = opened.session
    session.answer("Ann")
    session.answer("have_budget")
    while (view := session.current()).id != "budget_amount":
        if isinstance(view, StepView) and view.is_question:
            session.set_status("skipped")
        else:
            session.proceed()
    assert session.answer("£987 a week").accepted
    code = opened.code
    opened.close()
    carry_on = len(content.flows) + 1
    out = io.StringIO()
    line_kiosk(content, store, io.StringIO(f"{carry_on}\n{code}\ncheck\nback\nstop\n\n"), out)
    said = out.getvalue()
    assert "Welcome back" in said and "How much is your personal budget? The person: (Saved." in said
    assert "987" not in said  # someone passing a public screen must not read it
    store.close()


def test_a_kiosk_deletes_old_conversations_when_it_starts(visit: Content, tmp_path: Path) -> None:
    store = SessionStore.in_folder(tmp_path / "data")
    flow = visit.flows["visit"]
    store.create(flow, {}, mode="kiosk", now="2020-01-01T00:00:00+00:00")
    store.create(flow, {}, mode="self", now="2020-01-01T00:00:00+00:00")  # not a kiosk's: kept
    assert line_kiosk(visit, store, io.StringIO(""), io.StringIO(), keep_days=30) == 0
    assert [record.mode for record in store.list()] == ["self"]
    store.close()


def test_a_kiosk_terminal_echoes_typed_controls_as_words(tmp_path: Path) -> None:
    child = pexpect.spawn(sys.executable, [*RUN, "--plain", "--kiosk", "--content", VISIT, "--data-dir",
                                           str(tmp_path / "data")], cwd=str(ROOT), env=environment(tmp_path / "data"),
                          timeout=20, echo=True, dimensions=(24, 80))
    child.delaybeforesend = 0.05
    attributes = termios.tcgetattr(child.child_fd)
    attributes[3] &= ~termios.ECHOCTL  # a terminal set up to echo controls as they are
    termios.tcsetattr(child.child_fd, termios.TCSANOW, attributes)
    child.expect_exact(b"Type a number: ")
    child.sendline("\x1b]0;PWNED\x07")
    child.expect_exact(b"Sorry, please type a number")
    echoed = child.before or b""
    child.terminate(force=True)
    assert b"^[]0;PWNED^G" in echoed and controls(echoed) == []
