"""Every output of a session, built in memory and written into a folder as one set.

Documents are only written when someone asks (export, print, `--out`): nothing here writes
into the data folder on its own. A set is built whole in memory first, written into a private
temporary folder beside (or, when that cannot be, inside) the target, synced, and only then
renamed into place, so a failure part-way leaves neither a partial set nor a temporary file.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from planner.flows.loader import Content
from planner.flows.session import Session
from planner.i18n.translator import ENGLISH, N_, Translator
from planner.store import linking
from planner.store.opening import Opened
from planner.store.database import FILE_NAME
from planner.store.sessions import SessionRecord, SessionStore

if TYPE_CHECKING:  # the documents, templates and PDF are loaded when documents are made, not to check a folder
    from .documents import Document, LinkedCarer
    from .printing import Page, Printer
    from .render import Renderer

Files = dict[str, str | bytes]

# Exit codes for faults in writing documents (listed in the README); 1 and 2 are taken by
# every other plain message and by a mistyped command.
NOT_EMPTY = 3
NOT_A_FOLDER = 4
SPECIAL_FILE = 5
NOT_ALLOWED = 6
READ_ONLY_DISK = 7
DISK_FULL = 8
CANNOT_WRITE = 9
TEMPLATE_BROKEN = 10

MESSAGES = {
    NOT_EMPTY: N_("The folder {folder} already has files in it, so nothing was written: documents about two "
                  "people must never be mixed. Choose an empty or new folder."),
    NOT_A_FOLDER: N_("{folder} is a file, not a folder, so nothing was written. Give the name of a folder."),
    NOT_ALLOWED: N_("You are not allowed to write in {folder}, so nothing was written. Choose a folder of your "
                    "own."),
    READ_ONLY_DISK: N_("The disk that holds {folder} can only be read, not written, so nothing was written. "
                       "Choose a folder on another disk."),
    DISK_FULL: N_("There is no room left on the disk for {folder}, so nothing was written. Make some room, or "
                  "choose a folder on another disk."),
    CANNOT_WRITE: N_("The documents could not be written in {folder} ({problem}), so nothing was written. Try "
                     "another folder."),
    TEMPLATE_BROKEN: N_("No documents were made, so nothing was written. {problem} Your answers are saved."),
}
FORCE_HINT = N_("Or add --force to write there anyway.")  # the command line's own way out; screens have none
PIPE = N_("{folder} is a pipe, not a folder, so nothing was written. Give the name of a folder.")
DEVICE = N_("{folder} is a device, not a folder, so nothing was written. Give the name of a folder.")
IN_DATA = N_("{folder} is where planner keeps its saved conversations, so nothing was written there. Choose "
             "another folder.")
PART_IS_A_FILE = N_("Part of {folder} is a file, not a folder, so nothing was written. Give the name of a folder.")


class OutputError(Exception):
    """A plain message about writing documents (folder not empty, read-only, disk full...).

    `code` is the exit code a command stops with.
    """

    def __init__(self, message: str, code: int = CANNOT_WRITE) -> None:
        super().__init__(message)
        self.code = code


def council_templates(content: Content | None, council_id: str | None) -> Path | None:
    """The council's own templates folder, if it has one."""
    if content is None or not council_id:
        return None
    folder = content.root / "councils" / council_id / "templates"
    return folder if folder.is_dir() else None


def render_all(documents: dict[str, Document], renderer: Renderer, *,
               pages: Mapping[str, str] | None = None) -> dict[str, str]:
    """File name -> text, for every document in every format (`pages`: HTML pages already rendered, by file name)."""
    from .render import FORMATS, to_json

    files = {}
    for name, document in documents.items():
        for fmt in FORMATS:
            file = f"{name}.{fmt}"
            files[file] = pages[file] if pages and file in pages else renderer.render(document, fmt)
        files[f"{name}.json"] = to_json(document)
    return files


def render_pdfs(documents: dict[str, Document], renderer: Renderer, files: dict[str, str], *,
                printer: Printer | None = None) -> dict[str, bytes]:
    """File name -> PDF, for every document, from its HTML page in `files` (from `render_all`); made by `printer`
    (see `planner.output.printing`), or here."""
    from .printing import Printer

    return (printer or Printer()).pdfs(_pages(documents, files), renderer.translator)


def _pages(documents: dict[str, Document], files: Mapping[str, str]) -> list[Page]:
    from .printing import Page

    return [Page(f"{name}.pdf", files[f"{name}.html"], document.about.prepared_on)
            for name, document in documents.items()]


def output_files(source: Opened | Session, *, record: SessionRecord | None = None, content: Content | None = None,
                 today: dt.date | None = None, linked: Sequence[linking.LinkedCarer] = (),
                 plan: Session | None = None, printer: Printer | None = None) -> Files:
    """answers.json and the flow's documents (Markdown, text, HTML, JSON and PDF), in memory.

    Args:
        source: an open session (with its record), or a bare session.
        record: the session's record, when `source` is a bare session.
        content: the content the session runs on, to find the council's own templates.
        today: the date to print on documents (default: the day of the last answer).
        linked: carers' own assessments linked to this plan (`planner.store.linking.linked_carers`).
        plan: for a carer's assessment, the support plan it is linked to (`planner.store.linking.linked_plan`).
        printer: what makes the PDFs (`planner.output.printing.Printer.start()`: in a child process, while the
            other formats are made here); by default, they are made here.

    Returns:
        File name -> text or bytes, answers.json first. OutputError if a council template is broken.
    """
    from jinja2 import TemplateError

    from .answers import answers_document
    from .documents import build_documents
    from .documents.base import babel_locale
    from .printing import Page, Printer
    from .render import Renderer, TemplateFailed

    if isinstance(source, Opened):
        session, record = source.session, record or source.record
    else:
        session = source
    answers = json.dumps(answers_document(session, record).model_dump(mode="json"), indent=2, ensure_ascii=False)
    files: Files = {"answers.json": answers + "\n"}
    documents = build_documents(session, record, today=today, linked=[_linked(carer) for carer in linked],
                                plan=plan)
    if not documents:
        return files
    council = next(iter(documents.values())).about.council
    renderer = Renderer(council_templates=council_templates(content, council.id if council else None),
                        locale=babel_locale(record.locale if record else None), translator=session.translator)
    try:
        # The HTML pages first, each handed to the printer as soon as it is rendered, so the PDF of the first is
        # under way while the next page and the other formats are made.
        pdfs = (printer or Printer()).begin(renderer.translator)
        pages = {}
        for name, document in documents.items():
            pages[f"{name}.html"] = page = renderer.render(document, "html")
            pdfs.add(Page(f"{name}.pdf", page, document.about.prepared_on))
        pdfs.end()
        texts = render_all(documents, renderer, pages=pages)
    except (TemplateFailed, TemplateError) as error:  # a council's template broke a rule or a limit
        problem = str(error) if isinstance(error, TemplateFailed) else f"{error.message or error}."
        raise OutputError(session.translator.gettext(MESSAGES[TEMPLATE_BROKEN], problem=problem),
                          TEMPLATE_BROKEN) from None
    files.update(texts)
    files.update(pdfs.result())
    return files


def session_files(opened: Opened, store: SessionStore, content: Content, *, printer: Printer | None = None) -> Files:
    """Every output of a stored session (answers.json, each document in each format, PDFs), in memory; `printer`
    as for `output_files`."""
    return output_files(opened, content=content, linked=linking.linked_carers(store, content, opened.record),
                        plan=linking.linked_plan(store, content, opened.record, opened.session.translator),
                        printer=printer)


def write_outputs(source: Opened | Session, folder: Path, *, record: SessionRecord | None = None,
                  content: Content | None = None, today: dt.date | None = None,
                  linked: Sequence[linking.LinkedCarer] = (), plan: Session | None = None,
                  force: bool = False) -> list[Path]:
    """Write answers.json and the flow's documents into `folder` as one set (see `output_files`, `save_files`)."""
    files = output_files(source, record=record, content=content, today=today, linked=linked, plan=plan)
    translator = source.session.translator if isinstance(source, Opened) else source.translator
    return save_files(files, folder, force=force, translator=translator)


def write_session(opened: Opened, store: SessionStore, content: Content, folder: Path, *,
                  force: bool = False) -> list[Path]:
    """Every output of a stored session into `folder`, with what sessions linked to it share."""
    translator = opened.session.translator
    check_folder(folder, force=force, translator=translator)  # before the work of making every document
    return save_files(session_files(opened, store, content), folder, force=force, translator=translator)


def _linked(carer: linking.LinkedCarer) -> LinkedCarer:
    from .documents import LinkedCarer

    words = {code.removeprefix("carer."): text for code, text in carer.answers}
    return LinkedCarer(name=carer.name, shared=carer.shared, finished=carer.finished, **words)


def save_files(files: Mapping[str, str | bytes], folder: Path, *, force: bool = False,
               translator: Translator = ENGLISH) -> list[Path]:
    """Write a set of files into `folder` atomically, owner-only; refuses a non-empty folder unless force.

    A new or empty folder is replaced in one rename by a finished private folder made beside it;
    with `force`, files go into the existing folder (each replacing any file of the same name,
    other files left alone), all written before the first is moved in. Text is written as UTF-8.

    Returns:
        The files written, in the order given. OutputError, with its own message and exit code,
        for every way this can fail; nothing is left behind then.
    """
    folder = Path(folder)
    for name in files:
        if not name or "/" in name or name in (".", "..") or name.startswith("."):
            raise ValueError(f"not a plain file name: {name!r}")
    try:
        return _save(files, folder, force)
    except OutputError:
        raise
    except OSError as error:
        raise _plain(error, folder, translator) from None
    except _Refused as refused:
        raise OutputError(translator.gettext(refused.message, folder=str(folder)), refused.code) from None


class _Refused(Exception):
    def __init__(self, code: int, message: str = "") -> None:
        self.code = code
        self.message = message or MESSAGES[code]


def check_folder(folder: Path, *, force: bool = False, translator: Translator = ENGLISH) -> None:
    """OutputError now if `save_files` would refuse `folder` (not empty, not a folder), before any work is done."""
    try:
        _inspect(Path(os.path.realpath(folder)), force)
    except OSError as error:
        raise _plain(error, folder, translator) from None
    except _Refused as refused:
        raise OutputError(translator.gettext(refused.message, folder=str(folder)), refused.code) from None


def _inspect(target: Path, force: bool) -> tuple[bool, bool]:
    """(whether `target` exists, whether it is empty); _Refused if it is not a folder, or not empty without force."""
    if any(_is_data_folder(folder) for folder in (target, *target.parents)):
        # A plain copy there would outlive delete and go with a copied data folder, --force or not.
        raise _Refused(NOT_ALLOWED, IN_DATA)
    try:
        found = os.stat(target)
    except FileNotFoundError:
        return False, True
    if not stat.S_ISDIR(found.st_mode):
        if stat.S_ISFIFO(found.st_mode) or stat.S_ISSOCK(found.st_mode):
            raise _Refused(SPECIAL_FILE, PIPE)
        if stat.S_ISCHR(found.st_mode) or stat.S_ISBLK(found.st_mode):
            raise _Refused(SPECIAL_FILE, DEVICE)
        raise _Refused(NOT_A_FOLDER)
    with os.scandir(target) as entries:
        empty = next(entries, None) is None
    if not empty and not force:
        raise _Refused(NOT_EMPTY)
    return True, empty


def _is_data_folder(folder: Path) -> bool:
    """Whether planner keeps saved conversations in this folder (it holds a SQLite file by the store's name)."""
    try:
        with open(folder / FILE_NAME, "rb") as file:
            start = file.read(16)
    except OSError:
        return False
    return start in (b"", b"SQLite format 3\x00")


def _save(files: Mapping[str, str | bytes], folder: Path, force: bool) -> list[Path]:
    target = Path(os.path.realpath(folder))  # a link to a folder means that folder
    exists, empty = _inspect(target, force)
    if empty:
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            _swap_in(files, target)
        except OSError as error:
            if not exists or error.errno not in (errno.EACCES, errno.EPERM, errno.EBUSY, errno.EXDEV):
                raise
            _fill(files, target)  # an empty folder of ours in a parent that is not (a mount point, say)
    else:
        _fill(files, target)
    return [folder / name for name in files]


def _swap_in(files: Mapping[str, str | bytes], target: Path) -> None:
    """Write the set into a private folder beside `target`, then rename it to `target`."""
    temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        _write_into(files, temporary)
        try:
            os.rename(temporary, target)
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY):  # something was put there meanwhile
                raise _Refused(NOT_EMPTY) from None
            raise
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    _sync_folder(target.parent)


def _fill(files: Mapping[str, str | bytes], target: Path) -> None:
    """Write the set into a private folder inside `target`, then move each file out into `target`."""
    temporary = Path(tempfile.mkdtemp(dir=target, prefix=".planner-"))
    moved: list[Path] = []
    try:
        _write_into(files, temporary)
        for name in files:
            os.replace(temporary / name, target / name)
            moved.append(target / name)
        _sync_folder(target)
    except BaseException:
        for path in moved:
            path.unlink(missing_ok=True)
        raise
    finally:
        shutil.rmtree(temporary, ignore_errors=True)


def _write_into(files: Mapping[str, str | bytes], folder: Path) -> None:
    os.chmod(folder, 0o700)
    for name, content in files.items():
        descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                             0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(content.encode("utf-8") if isinstance(content, str) else content)
            file.flush()
            os.fsync(file.fileno())
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """Make the folder's list of names durable (a rename is only safe once its folder is synced)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems cannot sync a folder; the files themselves are synced
    finally:
        os.close(descriptor)


def _plain(error: OSError, folder: Path, tr: Translator) -> OutputError:
    """The plain message and exit code for a fault in writing."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        code = DISK_FULL
    elif error.errno == errno.EROFS:
        code = READ_ONLY_DISK
    elif error.errno in (errno.EACCES, errno.EPERM):
        code = NOT_ALLOWED
    elif error.errno == errno.ENOTDIR:
        return OutputError(tr.gettext(PART_IS_A_FILE, folder=str(folder)), NOT_A_FOLDER)
    else:
        return OutputError(tr.gettext(MESSAGES[CANNOT_WRITE], folder=str(folder),
                                      problem=error.strerror or type(error).__name__), CANNOT_WRITE)
    return OutputError(tr.gettext(MESSAGES[code], folder=str(folder)), code)
