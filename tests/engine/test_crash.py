"""Killing a scripted run at chosen and random points loses nothing that was shown as accepted.

One session is killed again and again, each time it is carried on, so every kill is also a resume after a
kill: just after the first answer, straight after a resume shows its first answer, at random points in the
middle, and two answers before the end. The last run carries on to the end.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
from pathlib import Path

from benchmarks.synthetic import write_answers, write_flow
from planner.store import SessionStore
from tests.conftest import ROOT, environment

QUESTIONS = 120


def start_run(content: Path, answers: Path, out: Path, data: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "planner", "run", "synthetic", "--content", str(content),
                             "--answers", str(answers), "--out", str(out), "--data-dir", str(data), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment(data),
                            cwd=ROOT)


def stored(data: Path, session_id: str) -> list[str]:
    store = SessionStore.in_folder(data)  # question ids are sealed: only the store can read them
    try:
        return [answer.question for answer in store.answers(session_id)]
    finally:
        store.close()


def accepted_lines(process: subprocess.Popen[str], count: int | None = None) -> list[str]:
    """The questions the run says it accepted: the next `count` of them, or all until it ends."""
    assert process.stdout is not None
    found: list[str] = []
    while count is None or len(found) < count:
        line = process.stdout.readline()
        if not line:
            break
        if line.startswith("accepted: "):
            found.append(line.split()[-1])
    return found


def test_sigkill_at_random_points_then_resume(tmp_path: Path) -> None:
    content = write_flow(tmp_path / "content", QUESTIONS)
    answers = tmp_path / "answers.yaml"
    asked = write_answers(answers, QUESTIONS)
    data = tmp_path / "data"
    chooser = random.Random(20261123)
    middle = sorted(chooser.sample(range(5, len(asked) - 10), 2))
    # How many answers each run shows before it is killed: the first answer; a random stretch; the first answer
    # after a resume; another random stretch; then up to two answers before the end.
    kill_after = [1, middle[0], 1, middle[1], len(asked) - 2]
    session_id = ""
    kept: list[str] = []
    for attempt, target in enumerate(kill_after):
        process = start_run(content, answers, tmp_path / "out", data,
                            *(("--session", session_id[:8]) if session_id else ()))
        assert process.stdout is not None
        if not session_id:
            session_id = process.stdout.readline().split()[-1]
            process.stdout.readline()  # the resume code
        wanted = 1 if target == 1 else max(1, target - len(kept))
        shown = accepted_lines(process, wanted)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # A resumed run carries on at the next question: nothing asked twice, nothing missed.
        assert shown == asked[len(kept):len(kept) + len(shown)], attempt
        # Everything shown as accepted is in the store, in order, with nothing after it that was not asked.
        before = len(kept)
        kept = stored(data, session_id)
        assert kept[:before + len(shown)] == asked[:before + len(shown)] and kept == asked[:len(kept)], attempt
        assert len(kept) >= before + len(shown), attempt
    # The last run carries on to the end and writes the answers.
    again = start_run(content, answers, tmp_path / "out-last", data, "--session", session_id[:8])
    resumed = accepted_lines(again)
    _, errors = again.communicate(timeout=120)
    assert again.returncode == 0, errors
    assert resumed == asked[len(kept):]
    assert stored(data, session_id) == asked
    document = json.loads((tmp_path / "out-last" / "answers.json").read_text())
    assert [a["question"] for a in document["answers"]] == asked
