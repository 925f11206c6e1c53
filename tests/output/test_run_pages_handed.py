"""`planner run` hands each HTML page to its PDF child as soon as the page is rendered.

The child (a real forked process) lays out the first page while this process renders the next; if it is
stopped part-way, the PDFs are still the same bytes, laid out here. Nothing here measures time: what is
checked is the order things happen in, and the bytes that come back.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from planner.flows.session import Session
from planner.i18n.catalogues import load
from planner.output import pdf
from planner.output.documents import build_documents
from planner.output.printing import Page, Printer
from planner.output.render import Renderer
from planner.output.write import output_files, render_all
from planner.store.sessions import SessionRecord
from tests.personas.runner import PERSONAS

from .helpers import TODAY, play

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="a child is forked only where the system can fork")


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Session, SessionRecord]:
    return play(PERSONAS / "support-plan" / "early-riser.yaml", tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def pages(played: tuple[Session, SessionRecord]) -> list[Page]:
    """The HTML pages of a persona's two documents, as `planner run` hands them to its printer."""
    session, record = played
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


def here(pages: list[Page]) -> dict[str, bytes]:
    """The same pages laid out in this process."""
    return {page.name: pdf.to_pdf(page.html, made_on=page.made_on, translator=load("en")) for page in pages}


def gone(pid: int) -> bool:
    """Whether the process has ended and been waited for (no zombie is left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_the_child_is_given_the_first_page_before_the_last_page_is_rendered(
        played: tuple[Session, SessionRecord], printer: Printer, monkeypatch: pytest.MonkeyPatch) -> None:
    events: list[str] = []
    render, hand_over = Renderer.render, Printer._hand_over

    def rendering(self: Renderer, document: Any, fmt: Any, **kwargs: Any) -> str:
        events.append(f"render {document.about.document}.{fmt}")
        return render(self, document, fmt, **kwargs)

    def handing(self: Printer, message: bytes) -> bool:
        given = hand_over(self, message)
        events.append(f"given {message.decode()[:40]}" if given else "kept")
        return given

    monkeypatch.setattr(Renderer, "render", rendering)
    monkeypatch.setattr(Printer, "_hand_over", handing)
    session, record = played
    child = printer.pid
    files = output_files(session, record=record, today=TODAY, printer=printer)
    given = [n for n, e in enumerate(events) if e.startswith("given") and '"name": "support-plan.pdf"' in e]
    assert given and "kept" not in events
    assert given[0] < events.index("render hand-over.html")
    assert events.index("render support-plan.html") < given[0]
    assert {name: files[name] for name in ("support-plan.pdf", "hand-over.pdf")} == here(
        [Page(f"{name}.pdf", str(files[f"{name}.html"]), TODAY) for name in ("support-plan", "hand-over")])
    assert gone(child)


def test_a_child_stopped_after_the_first_page_still_gives_the_same_pdfs(pages: list[Page], printer: Printer) -> None:
    child = printer.pid
    pending = printer.begin(load("en"))
    pending.add(pages[0])
    os.kill(child, signal.SIGKILL)
    pending.add(pages[1])
    assert pending.result() == here(pages)
    assert gone(child)
    assert threading.active_count() == 1  # nothing is left sending to the child


def test_more_pages_than_cores_come_back_in_order(pages: list[Page], printer: Printer) -> None:
    many = [Page(f"{n}-{page.name}", page.html, page.made_on) for n in range((os.cpu_count() or 1) + 1)
            for page in pages]
    made = printer.pdfs(many, load("en"))
    assert list(made) == [page.name for page in many]
    each = here(pages)
    assert made == {page.name: each[page.name.split("-", 1)[1]] for page in many}


def test_a_printer_closed_after_a_page_stops_its_child_and_its_sending(pages: list[Page], printer: Printer) -> None:
    child = printer.pid
    printer.begin(load("en")).add(pages[0])  # then a template fails: the run stops without the PDFs
    printer.close()
    assert gone(child)
    assert threading.active_count() == 1
