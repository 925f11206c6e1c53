"""PDFs made beside the other documents: in a child process where the system can fork one, or here.

Loading fpdf2 and the fonts, and laying a page out, take longer than every other document
together. `Printer.start()` forks a child at once, which loads them while this process goes on
(reading answers, rendering the HTML). `Printer.begin()` then hands it each HTML page as soon as
it is rendered (`Pending.add`), so the first is laid out while this process renders the next and
writes the Markdown, text and JSON; `Pending.result()` takes back each PDF's bytes. With more than
one core, the child forks a helper for each page as it comes (one per core at a time), so pages
are laid out side by side.

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

import contextlib
import datetime as dt
import gc
import gettext
import json
import os
import queue
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
        self._queue: queue.SimpleQueue[bytes | None] | None = None  # what the sending thread writes to the child
        self._sending: threading.Thread | None = None

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
        """File name -> PDF for each page, in the order given (see `begin` to hand them over sooner)."""
        return self.send(pages, translator).result()

    def send(self, pages: list[Page], translator: Translator) -> Pending:
        """Hand all the pages to the child now; `result()` of what comes back gives the PDFs (see `begin`)."""
        pending = self.begin(translator)
        for page in pages:
            pending.add(page)
        pending.end()
        return pending

    def begin(self, translator: Translator) -> Pending:
        """Get ready to hand pages over one by one (`Pending.add`), each as soon as it is rendered, so the child
        lays out the first while this process renders the next; `result()` then gives the PDFs. Without a child,
        the pages are laid out when `result()` is called."""
        if self.pid and self._jobs >= 0:
            words = {message: translator.catalogue.gettext(message) for message in WORDS}
            self._queue = queue.SimpleQueue()
            self._queue.put(json.dumps({"locale": translator.locale, "words": words}).encode("utf-8"))
            jobs, self._jobs = self._jobs, -1
            # In a thread, so a page bigger than the pipe holds never keeps this process waiting for the child.
            self._sending = threading.Thread(target=_send, args=(jobs, self._queue), daemon=True)
            self._sending.start()
        else:
            self.close()
        return Pending(self, translator)

    def _hand_over(self, message: bytes) -> bool:
        """Give the child one more message (None: there are no more); whether it is given one."""
        if self._queue is None:
            return False
        self._queue.put(message)
        return True

    def _end(self) -> None:
        """No more pages: the child can finish once it has laid out those given."""
        if self._queue is not None:
            self._queue.put(None)
            self._queue = None

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
        self._end()
        for end in (self._jobs, self._results):
            if end >= 0:
                os.close(end)
        self._jobs = self._results = -1
        status = None
        if self.pid:
            pid, self.pid = self.pid, 0
            try:
                if stop:
                    os.kill(pid, signal.SIGTERM)
                status = os.waitpid(pid, 0)[1]
            except (ChildProcessError, ProcessLookupError):
                pass
        if self._sending is not None:  # it ends once the child is gone, as writing to it then fails
            self._sending.join()
            self._sending = None
        return status

    def __enter__(self) -> Printer:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


class Pending:
    """PDFs handed to a printer page by page (`add`), to take back with `result()`."""

    def __init__(self, printer: Printer, translator: Translator) -> None:
        self.printer = printer
        self.pages: list[Page] = []
        self.translator = translator
        self.handed = False  # whether the child has been given the pages

    def add(self, page: Page) -> None:
        """One more page: the child gets it now, and may lay it out while this process goes on."""
        self.pages.append(page)
        message = json.dumps({"name": page.name, "html": page.html, "made_on": page.made_on.isoformat()})
        self.handed = self.printer._hand_over(message.encode("utf-8"))

    def end(self) -> None:
        """No more pages: the child can finish once it has laid out those given."""
        self.printer._end()

    def result(self) -> dict[str, bytes]:
        """File name -> PDF for each page, in order: from the child, or made here if it could not."""
        self.end()
        made = self.printer._collect(len(self.pages)) if self.handed else None
        self.printer.close()
        if made is None:
            made = [_lay_out(page.html, page.made_on, self.translator) for page in self.pages]
        return {page.name: pdf for page, pdf in zip(self.pages, made, strict=True)}


def _send(end: int, jobs: queue.SimpleQueue[bytes | None]) -> None:
    """Write each message to the child as it comes, each after its size; close the pipe after the last (None)."""
    out = os.fdopen(end, "wb", buffering=0)
    whole = True
    while (message := jobs.get()) is not None:
        if whole:  # once the child is gone, its PDFs are made here instead: the rest is only taken off the queue
            whole = _write_all(out, _SIZE.pack(len(message)) + message)
    with contextlib.suppress(OSError):
        out.close()


def _write_all(out: BinaryIO, data: bytes) -> bool:
    """Write all of `data` (a pipe may take it in parts); whether it all went."""
    view = memoryview(data)
    try:
        while view:
            view = view[out.write(view) or 0:]
    except OSError:
        return False
    return True


def _lay_out(page: str, made_on: dt.date, translator: Translator) -> bytes:
    from .pdf import to_pdf

    return to_pdf(page, made_on=made_on, translator=translator)


def _child(jobs: int, results: int) -> None:
    """The child's work: load fpdf2 and the fonts, then lay out each page as it comes, and send back the PDFs.

    With more than one core, each page goes to a helper forked as soon as the page comes (up to one per core at
    once), so the first page is laid out while the parent renders the next.
    """
    # Loading fpdf2 makes many objects and no garbage: the collector's sweeps through them while importing cost a
    # fifth of the loading. What is loaded then lasts as long as the child, so later sweeps need not look at it.
    gc.disable()
    from .pdf import preload

    preload()
    gc.freeze()
    gc.enable()
    workers = max(1, os.cpu_count() or 1)
    made: list[bytes] = []
    helpers: list[tuple[int, int]] = []  # laying out the pages after those in `made`, in order
    with os.fdopen(jobs, "rb") as given:
        head = _read_message(given)
        if head is None:
            return  # no pages after all (no documents, or the parent stopped)
        job: dict[str, Any] = json.loads(head.decode("utf-8"))
        translator = Translator(str(job["locale"]), _Words({str(k): str(v) for k, v in job["words"].items()}))
        while (message := _read_message(given)) is not None:
            data = json.loads(message.decode("utf-8"))
            page = Page(str(data["name"]), str(data["html"]), dt.date.fromisoformat(str(data["made_on"])))
            if workers == 1:
                made.append(_lay_out(page.html, page.made_on, translator))
                continue
            if len(helpers) == workers:
                made.extend(_gather(*helpers.pop(0), 1))
            helpers.append(_helper([page], translator))
    for pid, end in helpers:
        made.extend(_gather(pid, end, 1))
    with os.fdopen(results, "wb") as out:
        for pdf in made:
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


def _read_message(stream: BinaryIO) -> bytes | None:
    """One message from a pipe, after its size; None if the other end closed it (or stopped) before a whole one."""
    head = stream.read(_SIZE.size)
    if len(head) < _SIZE.size:
        return None
    (size,) = _SIZE.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def _read_pdfs(stream: BinaryIO, count: int) -> list[bytes]:
    """Up to `count` PDFs from a pipe, each after its size; fewer if the other end stopped early."""
    found: list[bytes] = []
    while len(found) < count and (pdf := _read_message(stream)) is not None:
        found.append(pdf)
    return found
