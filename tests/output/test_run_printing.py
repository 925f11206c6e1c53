"""`planner run` makes its PDFs in a child process, started before the answers are read.

A child is a real forked process here (a process is what is tested): its PDFs are the very bytes the
same pages give when laid out in this process; if it cannot answer, they are laid out here instead;
and a page that cannot be laid out stops the run with the same plain message as before, writing
nothing. Nothing here measures time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from planner.flows.loader import Content
from planner.i18n.catalogues import load
from planner.i18n.translator import Translator
from planner.output import pdf
from planner.output.documents import build_documents
from planner.output.printing import Page, Printer
from planner.output.render import Renderer
from planner.output.write import render_all, render_pdfs
from tests.conftest import Planner
from tests.personas.runner import PERSONAS

from .helpers import TODAY, play

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a child is forked only where the system can fork")


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> list[Page]:
    """The HTML pages of a persona's documents (two documents), as `planner run` hands them to its printer."""
    session, record = play(PERSONAS / "support-plan" / "early-riser.yaml", tmp_path_factory.mktemp("data"))
    documents = build_documents(session, record, today=TODAY)
    files = render_all(documents, Renderer())
    return [Page(f"{name}.pdf", files[f"{name}.html"], document.about.prepared_on)
            for name, document in documents.items()]


@pytest.fixture
def printer() -> Iterator[Printer]:
    if threading.active_count() > 1:
        pytest.skip("another test left a thread running, so no child may be forked")
    with Printer.start() as started:
        assert started.pid, "a child was forked"
        yield started


def here(pages: list[Page], translator: Translator | None = None) -> dict[str, bytes]:
    """The same pages laid out in this process."""
    return {page.name: pdf.to_pdf(page.html, made_on=page.made_on, translator=translator or load("en"))
            for page in pages}


def gone(pid: int) -> bool:
    """Whether the process has ended and been waited for (no zombie is left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_child_makes_the_same_bytes_as_this_process(pages: list[Page], printer: Printer) -> None:
    child = printer.pid
    made = printer.pdfs(pages, load("en"))
    assert list(made) == ["support-plan.pdf", "hand-over.pdf"]
    assert made == here(pages)
    assert gone(child)


def test_the_child_prints_the_words_at_the_foot_of_each_page_in_the_documents_language(pages: list[Page],
                                                                                        printer: Printer) -> None:
    welsh = load("cy")
    made = printer.pdfs(pages[1:], welsh)
    assert made == here(pages[1:], welsh)
    assert made != here(pages[1:])


def test_a_child_that_is_gone_leaves_the_pdfs_to_this_process(pages: list[Page], printer: Printer) -> None:
    child = printer.pid
    os.kill(child, signal.SIGKILL)
    made = printer.pdfs(pages, load("en"))
    assert made == here(pages)
    assert gone(child)


def test_a_printer_closed_before_any_page_stops_its_child(printer: Printer) -> None:
    child = printer.pid
    printer.close()
    assert gone(child)
    assert printer.pdfs([], load("en")) == {}


def test_render_pdfs_without_a_printer_lays_out_here(content: Content, tmp_path: Path) -> None:
    session, record = play(PERSONAS / "support-plan" / "early-riser.yaml", tmp_path / "data")
    documents = build_documents(session, record, today=TODAY)
    renderer = Renderer()
    files = render_all(documents, renderer)
    made = render_pdfs(documents, renderer, files)
    assert made == here([Page(f"{name}.pdf", files[f"{name}.html"], d.about.prepared_on)
                         for name, d in documents.items()])


def test_planner_run_writes_the_childs_pdfs_owner_only(tmp_path: Path, planner_main: Planner) -> None:
    if threading.active_count() > 1:
        pytest.skip("another test left a thread running, so no child may be forked")
    answers = PERSONAS / "support-plan" / "early-riser.yaml"
    run = planner_main("run", "support-plan", "--answers", str(answers), "--out", str(tmp_path / "out"),
                       data=tmp_path / "data")
    assert run.returncode == 0, run.stderr
    written = {p.name: p for p in (tmp_path / "out").iterdir()}
    assert {"support-plan.pdf", "hand-over.pdf"} <= set(written)
    for path in written.values():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for name in ("support-plan", "hand-over"):
        made_on = dt.date.fromisoformat(json.loads(written[f"{name}.json"].read_text())["about"]["prepared_on"])
        made_here = pdf.to_pdf(written[f"{name}.html"].read_text(encoding="utf-8"), made_on=made_on,
                               translator=load("en"))
        assert written[f"{name}.pdf"].read_bytes() == made_here


def test_a_page_that_cannot_be_laid_out_stops_the_run_plainly_and_writes_nothing(
        tmp_path: Path, planner_main: Planner, monkeypatch: pytest.MonkeyPatch) -> None:
    if threading.active_count() > 1:
        pytest.skip("another test left a thread running, so no child may be forked")
    real = pdf.to_pdf

    def failing(page: str, **kwargs: Any) -> bytes:
        if "hand over" in page.lower() or "hand-over" in page.lower():
            raise ValueError("this page cannot be laid out")
        return real(page, **kwargs)

    monkeypatch.setattr(pdf, "to_pdf", failing)  # before the fork: the child fails on this page too
    answers = PERSONAS / "support-plan" / "early-riser.yaml"
    run = planner_main("run", "support-plan", "--answers", str(answers), "--out", str(tmp_path / "out"),
                       data=tmp_path / "data")
    assert run.returncode == 1
    assert "Sorry, something went wrong inside planner (ValueError). Every answer already given is saved." in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []

