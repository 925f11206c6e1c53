"""PDFs made beside the other documents: in a child process where the system can fork one, or here.

Loading fpdf2 and the fonts, and laying a page out, take longer than every other document
together. `Printer.start()` forks a child at once, which loads them while this process goes on
(reading answers, rendering the HTML); `Printer.pdfs()` then hands it the finished HTML pages and
takes back each PDF's bytes, while this process writes the Markdown, text and JSON. With more than
one page and more than one core, the child forks again after loading, so pages are laid out side
by side.

The child only lays out pages it is given. It is started before the store is opened, so it holds
no database connection, and it writes no file: the bytes come back here and are saved with the
rest of the set (owner-only, all or nothing; `planner.output.write`). What crosses the pipes is
JSON and the PDFs' bytes, never pickled objects. The child leaves with `os._exit`, so nothing of
this process (buffered output, exit handlers) runs twice.

If the child cannot answer (it failed, or was stopped), the pages are laid out here instead, as
they would be with no child at all: a fault in laying one out is then raised here, as the same
error, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import gettext
import json
import os
import signal
import struct
import sys
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from planner.i18n.translator import Translator

from .pdf_words import WORDS

if TYPE_CHECKING:
    from types import TracebackType

_SIZE = struct.Struct(">Q")


@dataclass(frozen=True)
class Page:
    """One PDF to make: its file name, its HTML page, and its date (which is also the PDF's)."""

    name: str
    html: str
    made_on: dt.date


class _Words(gettext.NullTranslations):
    """The few words a PDF prints, already in the document's language (given by the parent process)."""

    def __init__(self, words: dict[str, str]) -> None:
        super().__init__()
        self.words = words

    def gettext(self, message: str) -> str:
        return self.words.get(message, message)


class Printer:
    """Makes the PDFs of a set of documents, in a child process (see `start`) or in this one."""

    def __init__(self) -> None:
        self.pid = 0  # the child's process id; 0 when PDFs are made here
        self._jobs = -1  # our end of the pipe pages go to the child by
        self._results = -1  # our end of the pipe PDFs come back by

    @classmethod
    def start(cls) -> Printer:
        """A printer whose child starts loading fpdf2 and the fonts now; one that works here if there can be none.

        A child is forked only where the system can (POSIX) and while this process runs no other thread
        (a thread holding a lock at the fork would leave the child stuck).
        """
        printer = cls()
        if not hasattr(os, "fork") or threading.active_count() > 1:
            return printer
        jobs_read, jobs_write = os.pipe()
        results_read, results_write = os.pipe()
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
        try:
            pid = os.fork()
        except OSError:
            for end in (jobs_read, jobs_write, results_read, results_write):
                os.close(end)
            return printer
        if pid == 0:  # the child
            code = 1
            try:
                os.close(jobs_write)
                os.close(results_read)
                _child(jobs_read, results_write)
                code = 0
            except BaseException:  # whatever went wrong, the parent lays the pages out itself
                pass
            finally:
                os._exit(code)
        os.close(jobs_read)
        os.close(results_write)
        printer.pid, printer._jobs, printer._results = pid, jobs_write, results_read
        return printer

    def pdfs(self, pages: list[Page], translator: Translator) -> dict[str, bytes]:
        """File name -> PDF for each page, in the order given (see `send` to hand them over sooner)."""
        return self.send(pages, translator).result()

    def send(self, pages: list[Page], translator: Translator) -> Pending:
        """Hand the pages to the child now; `result()` of what comes back gives the PDFs, once this process has
        done its other work. Without a child, the pages are laid out when `result()` is called."""
        pending = Pending(self, pages, translator)
        if self.pid and pages:
            job = json.dumps({"locale": translator.locale,
                              "words": {message: translator.catalogue.gettext(message) for message in WORDS},
                              "pages": [{"name": p.name, "html": p.html, "made_on": p.made_on.isoformat()}
                                        for p in pages]}).encode("utf-8")
            jobs, self._jobs = self._jobs, -1
            # In a thread, so a page bigger than the pipe holds never keeps this process waiting for the child.
            pending.sending = threading.Thread(target=_send, args=(jobs, job), daemon=True)
            pending.sending.start()
        else:
            self.close()
        return pending

    def _collect(self, count: int) -> list[bytes] | None:
        """The child's PDFs, or None if it could not give them all."""
        found: list[bytes] = []
        try:
            with os.fdopen(self._results, "rb") as results:
                self._results = -1
                found = _read_pdfs(results, count)
        except OSError:
            pass
        whole = len(found) == count
        status = self.close(stop=not whole)
        return found if whole and status == 0 else None

    def close(self, *, stop: bool = True) -> int | None:
        """Close the pipes and wait for the child, stopping it first if it may still be at work (`stop`).

        Returns:
            The child's exit status (0 when it finished well), or None if there was none.
        """
        for end in (self._jobs, self._results):
            if end >= 0:
                os.close(end)
        self._jobs = self._results = -1
        if not self.pid:
            return None
        pid, self.pid = self.pid, 0
        try:
            if stop:
                os.kill(pid, signal.SIGTERM)
            return os.waitpid(pid, 0)[1]
        except (ChildProcessError, ProcessLookupError):
            return None

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class Pending:
    """PDFs handed to a printer, to take back with `result()`."""

    def __init__(self, printer: Printer, pages: list[Page], translator: Translator) -> None:
        self.printer = printer
        self.pages = pages
        self.translator = translator
        self.sending: threading.Thread | None = None

    def result(self) -> dict[str, bytes]:
        """File name -> PDF for each page, in order: from the child, or made here if it could not."""
        made = None
        if self.sending is not None:
            made = self.printer._collect(len(self.pages))
            self.sending.join()
        if made is None:
            made = [_lay_out(page.html, page.made_on, self.translator) for page in self.pages]
        return {page.name: pdf for page, pdf in zip(self.pages, made, strict=True)}


def _send(end: int, job: bytes) -> None:
    try:
        with os.fdopen(end, "wb") as jobs:
            jobs.write(_SIZE.pack(len(job)) + job)
    except OSError:
        pass  # the child is gone: its PDFs are made here instead


def _lay_out(page: str, made_on: dt.date, translator: Translator) -> bytes:
    from .pdf import to_pdf

    return to_pdf(page, made_on=made_on, translator=translator)


def _child(jobs: int, results: int) -> None:
    """The child's work: load fpdf2 and the fonts, wait for the pages, lay them out, send back each PDF."""
    from .pdf import preload

    preload()
    with os.fdopen(jobs, "rb") as given:
        head = given.read(_SIZE.size)
        if len(head) < _SIZE.size:
            return  # no pages after all (no documents, or the parent stopped)
        (size,) = _SIZE.unpack(head)
        job: dict[str, Any] = json.loads(given.read(size).decode("utf-8"))
    translator = Translator(str(job["locale"]), _Words({str(k): str(v) for k, v in job["words"].items()}))
    pages = [Page(str(p["name"]), str(p["html"]), dt.date.fromisoformat(str(p["made_on"]))) for p in job["pages"]]
    workers = max(1, min(len(pages), os.cpu_count() or 1))
    helpers = [_helper(pages[n::workers], translator) for n in range(1, workers)]
    mine = [_lay_out(page.html, page.made_on, translator) for page in pages[0::workers]]
    theirs = [_gather(pid, end, len(pages[n::workers])) for n, (pid, end) in enumerate(helpers, start=1)]
    made = [mine, *theirs]
    with os.fdopen(results, "wb") as out:
        for index in range(len(pages)):
            pdf = made[index % workers][index // workers]
            out.write(_SIZE.pack(len(pdf)) + pdf)


def _helper(pages: list[Page], translator: Translator) -> tuple[int, int]:
    """Fork a helper that lays out `pages` (fpdf2 and the fonts are loaded already); its id and the pipe it answers
    by."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read)
            with os.fdopen(write, "wb") as out:
                for page in pages:
                    pdf = _lay_out(page.html, page.made_on, translator)
                    out.write(_SIZE.pack(len(pdf)) + pdf)
            code = 0
        except BaseException:  # the child then fails as a whole, and the parent lays them out
            pass
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _gather(pid: int, end: int, count: int) -> list[bytes]:
    """What one helper laid out; an error if it did not finish."""
    with os.fdopen(end, "rb") as given:
        found = _read_pdfs(given, count)
    _, status = os.waitpid(pid, 0)
    if len(found) < count or status:
        raise RuntimeError("a helper could not lay out its pages")
    return found


def _read_pdfs(stream: BinaryIO, count: int) -> list[bytes]:
    """Up to `count` PDFs from a pipe, each after its size; fewer if the other end stopped early."""
    found = []
    for _ in range(count):
        head = stream.read(_SIZE.size)
        if len(head) < _SIZE.size:
            break
        (size,) = _SIZE.unpack(head)
        body = stream.read(size)
        if len(body) < size:
            break
        found.append(body)
    return found
