"""Writing every output of a session into a folder: answers.json and each document in each format, and as PDF."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Sequence

from planner.flows.loader import Content
from planner.flows.session import Session
from planner.store.opening import Opened
from planner.store import linking
from planner.store.sessions import SessionRecord, SessionStore

from .answers import answers_document
from .documents import Document, LinkedCarer, build_documents
from .documents.base import babel_locale
from .files import write_private
from .pdf import to_pdf
from .render import FORMATS, Renderer, to_json


def council_templates(content: Content | None, council_id: str | None) -> Path | None:
    """The council's own templates folder, if it has one."""
    if content is None or not council_id:
        return None
    folder = content.root / "councils" / council_id / "templates"
    return folder if folder.is_dir() else None


def render_all(documents: dict[str, Document], renderer: Renderer) -> dict[str, str]:
    """File name -> text, for every document in every format."""
    files = {}
    for name, document in documents.items():
        for fmt in FORMATS:
            files[f"{name}.{fmt}"] = renderer.render(document, fmt)
        files[f"{name}.json"] = to_json(document)
    return files


def render_pdfs(documents: dict[str, Document], renderer: Renderer, files: dict[str, str]) -> dict[str, bytes]:
    """File name -> PDF, for every document, from its HTML page in `files` (from `render_all`)."""
    return {f"{name}.pdf": to_pdf(files[f"{name}.html"], made_on=document.about.prepared_on,
                                  translator=renderer.translator)
            for name, document in documents.items()}


def write_outputs(source: Opened | Session, folder: Path, *, record: SessionRecord | None = None,
                  content: Content | None = None, today: dt.date | None = None,
                  linked: Sequence[linking.LinkedCarer] = (), plan: Session | None = None) -> list[Path]:
    """Write answers.json and the flow's documents (Markdown, text, HTML, JSON and PDF) into `folder`.

    Args:
        source: an open session (with its record), or a bare session.
        folder: where to write; made if needed, owner-only.
        record: the session's record, when `source` is a bare session.
        content: the content the session runs on, to find the council's own templates.
        today: the date to print on documents (default: the day of the last answer).
        linked: carers' own assessments linked to this plan (`planner.store.linking.linked_carers`).
        plan: for a carer's assessment, the support plan it is linked to (`planner.store.linking.linked_plan`).

    Returns:
        The files written, answers.json first.
    """
    if isinstance(source, Opened):
        session, record = source.session, record or source.record
    else:
        session = source
    answers = json.dumps(answers_document(session, record).model_dump(mode="json"), indent=2, ensure_ascii=False)
    written = [write_private(folder / "answers.json", answers + "\n")]
    documents = build_documents(session, record, today=today, linked=[_linked(carer) for carer in linked],
                                plan=plan)
    if not documents:
        return written
    council = next(iter(documents.values())).about.council
    renderer = Renderer(council_templates=council_templates(content, council.id if council else None),
                        locale=babel_locale(record.locale if record else None), translator=session.translator)
    files = render_all(documents, renderer)
    for name, content in {**files, **render_pdfs(documents, renderer, files)}.items():
        written.append(write_private(folder / name, content))
    return written


def _linked(carer: linking.LinkedCarer) -> LinkedCarer:
    words = {code.removeprefix("carer."): text for code, text in carer.answers}
    return LinkedCarer(name=carer.name, shared=carer.shared, **words)


def write_session(opened: Opened, store: SessionStore, content: Content, folder: Path) -> list[Path]:
    """Every output of a stored session into `folder`, with what sessions linked to it share."""
    return write_outputs(opened, folder, content=content, linked=linking.linked_carers(store, content, opened.record),
                         plan=linking.linked_plan(store, content, opened.record, opened.session.translator))


def write_visit(opened: Opened, store: SessionStore, content: Content, outputs: Path) -> list[Path]:
    """At the end of a visit: every document for this session, in its own folder under `outputs`."""
    return write_session(opened, store, content, outputs / opened.record.short_id)
