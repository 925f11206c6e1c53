"""Line mode through a real pseudo-terminal: typed answers, a wrong answer, back, repeat, stop and resume."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pexpect

from tests.conftest import FIXTURES, ROOT, environment

VISIT = str(FIXTURES / "visit-v1")


def spawn(data: Path, *args: str) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "planner", *args, "--content", VISIT, "--data-dir", str(data)],
                          cwd=str(ROOT), env=environment(data), encoding="utf-8", timeout=20, dimensions=(24, 40))
    child.delaybeforesend = 0.05
    return child


def test_a_conversation_in_plain_lines(tmp_path: Path) -> None:
    child = spawn(tmp_path / "data", "--plain")
    child.expect_exact("  1. A visit. A small flow for tests.")
    child.expect_exact("Type a number: ")
    child.sendline("1")
    child.expect(r"Your code to carry on later is ([A-Z0-9-]{14})\. Please write it down\.")
    code = child.match.group(1)
    child.expect_exact("What would you like me to call you?")
    child.expect_exact("> ")
    child.sendline("\x1b[31mAnn\x1b[0m")
    child.expect_exact("Thank you, Ann.")
    child.expect_exact("Does anyone help you now?")
    child.expect_exact("  1. Yes")
    child.expect_exact("> ")
    child.sendline("perhaps")
    # The problem comes straight after the answer, then the prompt again.
    child.expect_exact("Sorry, please choose one of the answers shown, by its number or its words.")
    child.expect_exact("> ")
    child.sendline("back")
    child.expect_exact("What would you like me to call you?")
    child.expect_exact("Answered before: The person: Ann. Press Enter to keep it, or give a new answer.")
    child.sendline("")
    child.expect_exact("Does anyone help you now?")
    child.sendline("2")
    child.expect_exact("How are you today?")
    child.sendline("repeat")
    child.expect_exact("Part 1 of 2: About you.")
    child.expect_exact("How are you today?")
    child.sendline("help")
    child.expect_exact("back      go to the question before")
    child.sendline("stop")
    child.expect_exact("Your answers are saved.")
    child.expect(pexpect.EOF)
    assert not re.search(r"\x1b\[[0-9;]*[A-HJKSTfmsu]", child.before or "")  # no screen control of any kind

    resumed = spawn(tmp_path / "data", "sessions", "resume", code.lower())
    resumed.expect_exact("Welcome back. We are carrying on with: A visit.")
    resumed.expect_exact("How are you today?")
    resumed.sendline("Fair")
    resumed.expect_exact("Is there anything else?")
    resumed.sendline("")
    resumed.expect_exact("Goodbye, Ann.")
    resumed.sendline("")
    resumed.expect_exact("We have come to the end. One question is still to answer:\r\n  Is there anything else?")
    resumed.sendline("skip")  # a stray word does not finish
    resumed.expect_exact("Please type yes, or finish.")
    resumed.sendline("finish")
    resumed.expect_exact("Thank you. That is everything. Your answers are saved.")
    # Nothing is written unless the person names a folder: never into the data folder on its own.
    resumed.expect_exact("Type a folder to save the plan in, or press Enter to skip: ")
    resumed.sendline(str(tmp_path / "plan"))
    resumed.expect(r"Your plan is written in the folder (\S+)\.")
    assert Path(resumed.match.group(1)) == tmp_path / "plan"
    assert (tmp_path / "plan" / "answers.json").exists()
    resumed.expect(pexpect.EOF)
    assert not (tmp_path / "data" / "outputs").exists()


def test_a_plan_is_saved_only_where_the_person_says(tmp_path: Path) -> None:
    child = spawn(tmp_path / "data", "--plain")
    child.expect_exact("Type a number: ")
    child.sendline("1")
    for reply in ("Ann", "2", "skip", "", ""):
        child.expect_exact("> ")
        child.sendline(reply)
    child.expect_exact("Type yes to answer them now, or finish to finish: ")
    child.sendline("finish")
    child.expect_exact("Type a folder to save the plan in, or press Enter to skip: ")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "someone-else.txt").write_text("another person's plan")
    child.sendline(str(tmp_path / "full"))  # a folder with files in it is refused: two people never mixed
    child.expect_exact("already has files in it, so nothing was written")
    child.expect_exact("Choose an empty or new folder.")
    child.expect_exact("Type a folder to save the plan in, or press Enter to skip: ")
    child.sendline("")
    child.expect_exact("Your code to carry on later is")
    child.expect(pexpect.EOF)
    assert sorted(p.name for p in (tmp_path / "full").iterdir()) == ["someone-else.txt"]
    assert not (tmp_path / "data" / "outputs").exists()


def test_skip_and_not_sure_are_words_that_work(tmp_path: Path) -> None:
    child = spawn(tmp_path, "--plain")
    child.expect_exact("Type a number: ")
    child.sendline("1")
    child.expect_exact("What would you like me to call you?")
    child.sendline("Bo")
    child.expect_exact("Does anyone help you now?")
    child.expect_exact("> ")
    child.sendline("skip")
    child.expect_exact("How are you today?")
    child.expect_exact("> ")
    child.sendline("not sure")
    child.expect_exact("Is there anything else?")
    before = child.before or ""
    assert "not offered" not in before
    child.sendline("stop")
    child.expect(pexpect.EOF)


def test_a_list_asks_yes_or_no_until_it_gets_one(kinds, tmp_path: Path) -> None:
    import io

    from planner.store import SessionStore
    from planner.store.opening import start
    from planner.ui.line import converse

    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, kinds, "kinds")
    assert opened.session.edit("helpers")
    # Words that are neither yes nor no (here, the name typed too soon) are never taken as 'no'.
    typed = io.StringIO("\n".join(["", "Sue", "yes", "Sue", "1", "maybe", "no", "stop", ""]))
    out = io.StringIO()
    converse(opened, typed, out)
    said = out.getvalue()
    assert said.count("Please type yes or no.") == 2
    assert opened.session.primary("helpers").value == [{"name": "Sue", "often": "daily"}]
    opened.close()
    store.close()


def test_at_the_end_each_yes_offers_the_next_question_still_to_answer(visit, tmp_path: Path) -> None:
    import io

    from planner.store import SessionStore
    from planner.store.opening import start
    from planner.ui.line import converse

    store = SessionStore.in_folder(tmp_path / "data")
    opened = start(store, visit, "visit")
    typed = io.StringIO("\n".join(["Ann", "skip", "skip", "skip", "", "yes", "skip", "yes", "stop", ""]))
    out = io.StringIO()
    converse(opened, typed, out)
    assert "We have come to the end." in out.getvalue()
    # After skipping the first one again, the next yes offers the second, not the first once more.
    assert opened.session.current().id == "mood"
    opened.close()
    store.close()
