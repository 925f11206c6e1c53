"""Shared fixtures: the built-in content, loaded once, a private data folder per test, and `planner` run in-process."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest

from planner.flows.loader import Content, load_content
from planner.paths import BUILTIN_CONTENT

ROOT = Path(__file__).resolve().parent.parent
# The longest tests (by CPU with coverage, or by time spent waiting on another process), longest first. They
# are handed out before all others, so that with `-n 2` no worker is left running one of them at the end while
# the other has nothing to do (xdist hands tests out in collection order). Only the order changes.
LONGEST_FIRST = (
    "tests/ui/test_walk.py::test_each_flow_end_to_end[support-plan]",
    "tests/ui/test_walk.py::test_every_kind_of_question_by_keyboard",
    "tests/security/test_screen_text.py::test_every_kind_of_question_and_every_screen",
    "tests/engine/test_linked.py::test_only_what_a_carer_agreed_to_share_reaches_the_plan",
    "tests/ui/test_serve.py::test_the_browser_kiosk_loads",
    "tests/security/test_red_team_kiosk.py::test_a_browser_asking_for_a_huge_screen_cannot_blow_up_its_kiosk",
    "tests/kinds/test_every_kind.py::test_the_screens_take_every_kind",
    "tests/ui/test_walk.py::test_a_list_shows_only_the_fields_that_apply",
    "tests/engine/test_linked.py::test_a_break_paid_from_the_plan_is_mirrored_in_that_carers_own_plan",
    "tests/content/test_speed_check.py::test_a_ten_thousand_question_flow_over_a_megabyte_passes_check",
    "tests/ui/test_walk.py::test_each_flow_end_to_end[carer-assessment]",
    "tests/ui/test_walk.py::test_back_skip_check_change_and_return",
    "tests/i18n/test_switching.py::test_switching_language_in_the_conversation_keeps_every_answer",
    "tests/security/test_kiosk_screens.py::test_every_screen_times_out_to_a_clean_start[finish]",
    "tests/content/test_broken.py::test_too_many_items_is_refused",
)
FIXTURES = Path(__file__).parent / "fixtures"
PLANNER = [sys.executable, "-m", "planner"]
TEST_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="  # 32 bytes, 0 to 31
# Also for session-scoped fixtures, which run outside `private_data`: never a real key, never a prompt.
os.environ["PLANNER_KEY"] = TEST_KEY
os.environ.pop("PLANNER_KEY_FILE", None)
os.environ.pop("PLANNER_PASSPHRASE", None)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests in LONGEST_FIRST first, in that order; every other test after them, in the order collected."""
    rank = {nodeid: place for place, nodeid in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid, len(rank)))


@pytest.fixture(scope="session")
def content() -> Content:
    loaded = load_content(BUILTIN_CONTENT)
    assert loaded.ok, loaded.problems
    return loaded


@pytest.fixture(scope="session")
def visit() -> Content:
    loaded = load_content(FIXTURES / "visit-v1")
    assert loaded.ok, loaded.problems
    return loaded


@pytest.fixture(scope="session")
def kinds() -> Content:
    """A flow with one question of each kind."""
    loaded = load_content(FIXTURES / "kinds")
    assert loaded.ok, loaded.problems
    return loaded


@pytest.fixture(autouse=True)
def private_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test ever touches the real data folder."""
    folder = tmp_path / "data"
    monkeypatch.setenv("PLANNER_DATA", str(folder))
    monkeypatch.setenv("PLANNER_CACHE", str(tmp_path / "cache"))  # compiled catalogues
    monkeypatch.delenv("PLANNER_CONTENT", raising=False)
    monkeypatch.delenv("PLANNER_LANG", raising=False)
    # A fixed key, so no test (nor any planner it starts) stops to ask for a passphrase; tests of the
    # passphrase itself take it away again.
    monkeypatch.setenv("PLANNER_KEY", TEST_KEY)
    monkeypatch.delenv("PLANNER_KEY_FILE", raising=False)
    monkeypatch.delenv("PLANNER_PASSPHRASE", raising=False)
    return folder


def environment(data: Path) -> dict[str, str]:
    return {**os.environ, "PLANNER_DATA": str(data), "PYTHONPATH": str(ROOT)}


@dataclass(frozen=True)
class Ran:
    """What `planner ARGS` did, run in this process: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


class Planner(Protocol):
    def __call__(self, *argv: str, data: Path | None = None) -> Ran: ...


@pytest.fixture
def planner_main(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Planner:
    """`planner ARGS` in this process (planner.cli.main), with PLANNER_DATA set to `data` when given.

    Only tests of the process itself (its exit code as a program, a pipe, a signal, the installed script)
    start one; everything else is the same code, called here, and measured by coverage.
    """
    from planner.cli import main

    def run(*argv: str, data: Path | None = None) -> Ran:
        if data is not None:
            monkeypatch.setenv("PLANNER_DATA", str(data))
        capsys.readouterr()
        try:
            code = main(list(argv))
        except SystemExit as stopped:  # argparse: --help, --version, a usage error
            code = stopped.code if isinstance(stopped.code, int) else 0 if stopped.code is None else 1
        said = capsys.readouterr()
        return Ran(code, said.out, said.err)

    return run
