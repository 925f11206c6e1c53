"""Killing a scripted run at random points loses nothing that was shown as accepted."""

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


def test_sigkill_at_random_points_then_resume(tmp_path: Path) -> None:
    content = write_flow(tmp_path / "content", QUESTIONS)
    answers = tmp_path / "answers.yaml"
    asked = write_answers(answers, QUESTIONS)
    chooser = random.Random(20261123)
    for attempt in range(8):
        data = tmp_path / f"data{attempt}"
        process = start_run(content, answers, tmp_path / "out", data)
        assert process.stdout is not None
        session_id = process.stdout.readline().split()[-1]
        process.stdout.readline()  # the resume code
        stop_after = chooser.randrange(1, len(asked) - 1)
        accepted = []
        while len(accepted) < stop_after:
            accepted.append(process.stdout.readline().split()[-1])
        process.send_signal(signal.SIGKILL)
        process.wait()
        # Everything shown as accepted is in the store, in order.
        kept = stored(data, session_id)
        assert kept[:len(accepted)] == accepted, attempt
        # Resuming carries on at the next question: nothing asked twice, nothing missed.
        again = start_run(content, answers, tmp_path / f"out{attempt}", data, "--session", session_id[:8])
        output, errors = again.communicate(timeout=120)
        assert again.returncode == 0, errors
        resumed = [line.split()[-1] for line in output.splitlines() if line.startswith("accepted: ")]
        assert resumed == asked[len(kept):], attempt
        assert stored(data, session_id) == asked
        document = json.loads((tmp_path / f"out{attempt}" / "answers.json").read_text())
        assert [a["question"] for a in document["answers"]] == asked
