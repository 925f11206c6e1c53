"""`planner run FLOW --answers FILE --out DIR`: answer a flow from a file, and write what it holds."""

from __future__ import annotations

import argparse
import contextlib
import gc
from pathlib import Path

from planner.flows.loader import Content
from planner.output.printing import Printer
from planner.output.write import OutputError, check_folder, save_files, session_files
from planner.script import Script, ScriptError, play, read_script
from planner.store import SessionStore, StoreError
from planner.store.linking import check_link
from planner.store.opening import FlowBroken, Opened, resume, set_language, start

from planner.i18n.translator import N_

from .common import (CommandError, Commands, Parser, content_from, language_from, output_refused, say, store_from,
                     terminal_translator, told)

NOTHING_KEPT = N_("Nothing was answered, so no session was kept.")
ANSWERS_KEPT = N_("The answers before it are saved in session {id}.")
NO_ANSWERS_FILE = N_("There is no answers file at {path}.")
SESSION = N_("session: {id}")
RESUME_CODE = N_("resume code: {code}")
WRITTEN = N_("written: {path}")
NO_SESSION = N_("There is no saved session '{typed}'.")
OTHER_FLOW = N_("Session '{typed}' is a {flow} conversation, not {wanted}.")


def add_parser(sub: Commands, common: Parser) -> None:
    run = sub.add_parser("run", help="answer a conversation from a YAML file and write the results",
                         parents=[common])
    run.add_argument("flow", help="the conversation to run, such as carer-assessment")
    run.add_argument("--answers", required=True, type=Path, help="YAML file of answers by question id")
    run.add_argument("--out", required=True, type=Path,
                     help="an empty or new folder to write the results in")
    run.add_argument("--force", action="store_true",
                     help="write into --out even if it has files in it (files of the same name are replaced)")
    run.add_argument("--session", help="carry on this saved session (its id or resume code) instead of a new one")
    run.add_argument("--link-to", help="for a carer's assessment: the support plan session it belongs to")


def main(args: argparse.Namespace) -> int:
    if not args.answers.is_file():
        raise CommandError(NO_ANSWERS_FILE, path=str(args.answers))
    content = content_from(args, lazy=True)  # only the conversation played (and any it links to) is built
    language_from(args, content)  # a mistyped --lang is said before anything about the folder
    try:
        script = read_script(args.answers)
    except ScriptError as error:
        raise CommandError(error.said) from None
    try:
        check_folder(args.out, force=args.force)  # before any answer, so a refusal leaves nothing behind
    except OutputError as error:
        raise output_refused(error) from None
    # What is loaded so far lasts as long as the command: the garbage collector need not sweep it again on the
    # way to the documents (those sweeps took 50-100 ms of a run), nor the PDF child touch its copy of it.
    gc.freeze()
    try:
        # Started before the store is opened, so the child that makes the PDFs never holds a connection to it.
        with _printer(content, args.flow) as printer:
            store = store_from(args)
            try:
                opened = _open(args, store, content, script)
                return _play(args, store, content, script, opened, new=not args.session, printer=printer)
            finally:
                store.close()
    finally:
        gc.unfreeze()  # collectable again, for a process that goes on after the command (tests)


def _printer(content: Content, flow: str) -> Printer:
    """What makes the PDFs: a child process, loading what it needs while the answers are read, if the flow
    makes any document."""
    found = content.flows.get(flow)
    return Printer.start() if found is not None and found.header.documents else Printer()


def _play(args: argparse.Namespace, store: SessionStore, content: Content, script: Script, opened: Opened,
          *, new: bool, printer: Printer) -> int:
    """Answer from the script, then write the documents; a new session that got no answer is not kept."""
    try:
        tr = terminal_translator(args)
        say(tr.gettext(SESSION, id=opened.record.id), flush=True)
        if opened.code:
            say(tr.gettext(RESUME_CODE, code=opened.code), flush=True)
        try:
            play(opened.session, script, lambda line: say(line, flush=True))
        except ScriptError as error:
            if new and not _holds_anything(opened):
                _forget(store, opened)
                raise CommandError(told(error, tr) + "\n" + tr.gettext(NOTHING_KEPT)) from None
            problem = told(error, tr) + "\n" + tr.gettext(ANSWERS_KEPT, id=opened.record.short_id)
            try:
                _write(args, store, content, opened, printer)  # what was answered is still worth having
            except CommandError as fault:  # the documents could not be written either: say both
                problem += "\n" + told(fault, tr)
            raise CommandError(problem) from None
        except BaseException:
            if new and not _holds_anything(opened):
                _forget(store, opened)
            raise
        _write(args, store, content, opened, printer)
        return 0
    finally:
        opened.close()


def _write(args: argparse.Namespace, store: SessionStore, content: Content, opened: Opened, printer: Printer) -> None:
    try:
        written = save_files(session_files(opened, store, content, printer=printer), args.out, force=args.force,
                             translator=opened.session.translator)
    except OutputError as error:
        raise output_refused(error) from None
    for path in written:
        say(terminal_translator(args).gettext(WRITTEN, path=str(path)))


def _holds_anything(opened: Opened) -> bool:
    """Whether any question has been answered (questions only skipped on the way hold nothing)."""
    return any(answer.status != "skipped" for answer in opened.session.answers())


def _forget(store: SessionStore, opened: Opened) -> None:
    """Delete a session this run made before anything was answered in it."""
    opened.close()
    with contextlib.suppress(StoreError):  # the message about the answers file matters more; the session is empty
        store.delete(opened.record.id)


def _open(args: argparse.Namespace, store: SessionStore, content: Content, script: Script) -> Opened:
    try:
        if args.session:
            record = store.find(args.session)
            if record is None:
                raise CommandError(NO_SESSION, typed=args.session)
            if record.flow_id != args.flow:
                raise CommandError(OTHER_FLOW, typed=args.session, flow=record.flow_id, wanted=args.flow)
            opened = resume(store, content, record)
            if getattr(args, "lang", None):
                set_language(store, opened, language_from(args, content), content)
            return opened
        link = check_link(store, content, args.flow, args.link_to).id if args.link_to else None
        return start(store, content, args.flow, participants=script.participants, council_id=script.council,
                     linked_to=link, locale=language_from(args, content))
    except FlowBroken:
        raise  # said with each of its mistakes, file:line
    except StoreError as error:
        raise CommandError(error.said) from None
