"""`planner sessions list|show|resume|export|delete|unlock`: look after saved conversations."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from planner.flows.links import plain
from planner.flows.loader import Content
from planner.store import SessionRecord, SessionStore, StoreError
from planner.i18n.translator import N_, Translator
from planner.store.opening import Opened, resume

from .common import (CommandError, Commands, Parser, content_from, output_refused, say, say_json, store_from,
                     terminal_translator)

NOT_FOUND = N_("There is no saved session '{typed}'. 'planner sessions list' shows the ones there are.")


LOCKED_MARK = N_("(code locked: 'planner sessions unlock' gives a new one)")
UNLOCKED = N_("The new code for {session} is {code}. The old code will not work any more. Give the new code "
              "only to the person the conversation belongs to, in private.")
PRIVATE_TO_FOLDER = N_("Answers told in confidence are never written into a folder of documents, which is for "
                       "sharing. Leave out --out to see them on this screen.")
WITHHELD_HERE = N_("(told in confidence: not shown)")
WITHHELD = N_("Answers told in confidence are not shown ({count}). To see them on this screen, add "
              "--include-private: planner sessions show {id} --include-private")
NOBODY = N_("nobody named")
FINISHED = N_("finished")
IN_PROGRESS = N_("in progress")
DESCRIBED = N_("{id}  {flow}  {names}  {state}, last changed {when}")
NONE_SAVED = N_("There are no saved conversations.")
STILL_TO_ANSWER = N_("Still to answer: {ids}")
WRITTEN = N_("written: {path}")
ADD_YES = N_("To delete without being asked, add --yes.")
CONFIRM = N_("Delete {session} and all its answers for good? Type yes to delete: ")
YES = N_("yes")
NOTHING_DELETED = N_("Nothing was deleted.")
DELETED = N_("Deleted session {id} and all its answers.")


def add_parser(sub: Commands, common: Parser) -> None:
    sessions = sub.add_parser("sessions", help="list, show, resume, export or delete saved conversations",
                              parents=[common])
    actions = sessions.add_subparsers(dest="action", parser_class=type(sessions), required=True)
    actions.add_parser("list", help="list saved conversations", parents=[common])
    for name, text in (("show", "show every answer in a conversation"), ("resume", "carry on a conversation"),
                       ("export", "write a conversation's answers and documents"),
                       ("delete", "remove a conversation for good"),
                       ("unlock", "give a new resume code to a conversation whose code is locked")):
        action = actions.add_parser(name, help=text, parents=[common])
        action.add_argument("session", help="the session's id (or its first 8 characters) or resume code")
        if name == "export":
            action.add_argument("--out", type=Path, help="an empty or new folder to write the answers and the "
                                "documents in (default: print the answers as JSON)")
            action.add_argument("--force", action="store_true",
                                help="write into --out even if it has files in it "
                                     "(files of the same name are replaced)")
        if name in ("show", "export"):
            action.add_argument("--include-private", action="store_true",
                                help="print answers told in confidence too (never written with --out)")
        if name == "delete":
            action.add_argument("--yes", action="store_true", help="do not ask to confirm")
        if name == "resume":
            action.add_argument("--plain", action="store_true", help="plain lines of text, for screen readers")


def main(args: argparse.Namespace) -> int:
    tr = terminal_translator(args)
    store = store_from(args)
    try:
        if args.action == "list":
            return _list(store, tr)
        record = store.find(args.session)
        if record is None:
            raise CommandError(NOT_FOUND, typed=args.session)
        if args.action == "delete":
            return _delete(store, record, args.yes, tr)
        if args.action == "unlock":
            return _unlock(store, record, tr)
        content = content_from(args)
        opened = _open(store, content, record)
        try:
            if args.action == "show":
                return _show(opened, args.include_private, tr)
            if args.action == "export":
                return _export(store, opened, args.out, content, args.include_private, args.force, tr)
            from planner.ui.line import converse
            from planner.ui.line_start import languages_for, writer

            return converse(opened, sys.stdin, sys.stdout, content.glossary, writer(store, content),
                            languages_for(store, content))
        finally:
            opened.close()
    finally:
        store.close()


def describe(record: SessionRecord, tr: Translator | None = None) -> str:
    """One line about a session, for lists."""
    tr = tr or terminal_translator()
    names = ", ".join(p.label() for p in record.participants if p.role != "planner") or tr.gettext(NOBODY)
    state = tr.gettext(FINISHED if record.finished else IN_PROGRESS)
    return tr.gettext(DESCRIBED, id=record.short_id, flow=record.flow_id, names=names, state=state,
                      when=_when(record.updated))


def _list(store: SessionStore, tr: Translator) -> int:
    records = store.list()
    if not records:
        say(tr.gettext(NONE_SAVED))
        return 0
    for record in records:
        say(describe(record, tr) + ("  " + tr.gettext(LOCKED_MARK) if store.code_locked(record.id) else ""))
    return 0


def _unlock(store: SessionStore, record: SessionRecord, tr: Translator) -> int:
    """A new code for the session (the old one, locked or not, opens nothing any more)."""
    say(tr.gettext(UNLOCKED, code=store.unlock_code(record.id), session=describe(record, tr)))
    return 0


def _open(store: SessionStore, content: Content, record: SessionRecord) -> Opened:
    try:
        return resume(store, content, record)
    except StoreError as error:
        raise CommandError(error.said) from None


def _show(opened: Opened, include_private: bool, tr: Translator) -> int:
    """Every answer, as the documents would tell it: answers told in confidence only with --include-private."""
    from planner.output.answers import private_questions  # here: the output stack is slow to load

    say(describe(opened.record, tr))
    private = set() if include_private else private_questions(opened.session)
    withheld = 0
    for section in opened.session.review():
        say(f"\n{section.title}")
        for item in section.items:
            say(f"  {plain(item.prompt)}")
            if item.id in private and item.given:
                withheld += 1
                say(f"    {tr.gettext(WITHHELD_HERE)}")
                continue
            for given in item.given:
                say(f"    {given.participant.label()}: {given.words}")
    left = opened.session.to_revisit()
    if left:
        say("\n" + tr.gettext(STILL_TO_ANSWER, ids=", ".join(item.id for item in left)))
    if withheld:
        say("\n" + tr.gettext(WITHHELD, count=withheld, id=opened.record.short_id))
    return 0


def _export(store: SessionStore, opened: Opened, out: Path | None, content: Content, include_private: bool,
            force: bool, tr: Translator) -> int:
    from planner.output.answers import answers_document  # here: the output stack is slow to load
    from planner.output.write import OutputError, write_session

    if out is None:
        document = answers_document(opened.session, opened.record, include_private=include_private)
        say_json(document.model_dump(mode="json"))
        return 0
    if include_private:
        raise CommandError(PRIVATE_TO_FOLDER)
    try:
        written = write_session(opened, store, content, out, force=force)
    except OutputError as error:
        raise output_refused(error, tr) from None
    for path in written:
        say(tr.gettext(WRITTEN, path=str(path)))
    return 0


def _delete(store: SessionStore, record: SessionRecord, confirmed: bool, tr: Translator) -> int:
    if not confirmed:
        if not sys.stdin.isatty():
            raise CommandError(ADD_YES)
        say(tr.gettext(CONFIRM, session=describe(record, tr)), end="", flush=True)
        reply = input()
        if reply.strip().lower() not in {"yes", tr.gettext(YES).lower()}:
            say(tr.gettext(NOTHING_DELETED))
            return 0
    try:
        store.delete(record.id)
    except StoreError as error:
        raise CommandError(error.said) from None
    say(tr.gettext(DELETED, id=record.short_id))
    return 0


def _when(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{moment.day} {moment:%b %Y %H:%M}"
