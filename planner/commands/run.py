"""`planner run FLOW --answers FILE --out DIR`: answer a flow from a file, and write what it holds."""

from __future__ import annotations

import argparse
from pathlib import Path

from planner.flows.loader import Content
from planner.output.write import write_session
from planner.script import Script, ScriptError, play, read_script
from planner.store import SessionStore, StoreError
from planner.store.linking import CARER_FLOW, check_link
from planner.store.opening import Opened, resume, set_language, start

from .common import CommandError, content_from, language_from, store_from


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:  # type: ignore[type-arg]
    run = sub.add_parser("run", help="answer a conversation from a YAML file and write the results",
                         parents=[common])
    run.add_argument("flow", help="the conversation to run, such as carer-assessment")
    run.add_argument("--answers", required=True, type=Path, help="YAML file of answers by question id")
    run.add_argument("--out", required=True, type=Path, help="folder to write the results in")
    run.add_argument("--session", help="carry on this saved session (its id or resume code) instead of a new one")
    run.add_argument("--link-to", help="for a carer's assessment: the support plan session it belongs to")


def main(args: argparse.Namespace) -> int:
    if not args.answers.is_file():
        raise CommandError(f"There is no answers file at {args.answers}.")
    content = content_from(args)
    try:
        script = read_script(args.answers)
    except ScriptError as error:
        raise CommandError(str(error)) from None
    store = store_from(args)
    opened = _open(args, store, content, script)
    try:
        print(f"session: {opened.record.id}", flush=True)
        if opened.code:
            print(f"resume code: {opened.code}", flush=True)
        try:
            play(opened.session, script, lambda line: print(line, flush=True))
        except ScriptError as error:
            raise CommandError(f"{error}\nThe answers before it are saved in session {opened.record.short_id}.") from None
        finally:
            written = write_session(opened, store, content, args.out)
        for path in written:
            print(f"written: {path}")
    finally:
        opened.close()
        store.close()
    return 0


def _open(args: argparse.Namespace, store: SessionStore, content: Content, script: Script) -> Opened:
    try:
        if args.session:
            record = store.find(args.session)
            if record is None:
                raise CommandError(f"There is no saved session '{args.session}'.")
            if record.flow_id != args.flow:
                raise CommandError(f"Session '{args.session}' is a {record.flow_id} conversation, not {args.flow}.")
            opened = resume(store, content, record)
            if getattr(args, "lang", None):
                set_language(store, opened, language_from(args, content), content)
            return opened
        link = check_link(store, args.link_to).id if args.link_to else None
        if link and args.flow != CARER_FLOW:
            raise CommandError(f"Only a carer's assessment can be linked to a plan, not a {args.flow} conversation.")
        return start(store, content, args.flow, participants=script.participants, council_id=script.council,
                     linked_to=link, locale=language_from(args, content))
    except StoreError as error:
        raise CommandError(str(error)) from None
