"""The line mode's welcome: choose a conversation, or carry on one started before."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TextIO

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.output.write import write_visit
from planner.store import SessionStore, StoreError
from planner.store.opening import Opened, resume, start

from .line import Line, Stopped, converse

ROLE_FOR = {"person": "person", "carer": "carer", "adviser": "person", "planner": "person"}
MAX_CODE_TRIES = 5


def welcome(content: Content, store: SessionStore, stdin: TextIO, stdout: TextIO, *, planner_mode: bool = False) -> int:
    """Greet, let the person choose, then hold the conversation."""
    line = Line(stdin, stdout)
    line.say("Hello. I am here to help you plan your care and support, one question at a time.")
    flows = sorted(content.flows.values(), key=lambda f: f.header.title)
    try:
        opened = _choose(content, store, line, flows, planner_mode)
    except Stopped:
        line.say("Goodbye.")
        return 0
    if opened is None:
        return 1
    try:
        return converse(opened, stdin, stdout, content.glossary, writer(store, content))
    finally:
        opened.close()


def writer(store: SessionStore, content: Content) -> Callable[[Opened], list[Path]]:
    """What writes the documents at the end of a visit, into the data folder's outputs."""
    return lambda opened: write_visit(opened, store, content, store.path.parent / "outputs")


def _choose(content: Content, store: SessionStore, line: Line, flows: list, planner_mode: bool) -> Opened | None:
    while True:
        line.say("What would you like to do?")
        for n, flow in enumerate(flows, 1):
            line.say(f"  {n}. {flow.header.title}. {flow.header.summary or ''}")
        line.say(f"  {len(flows) + 1}. Carry on a conversation I started before. You need your code.")
        typed = line.ask("Type a number: ")
        if typed.isdecimal() and 1 <= int(typed) <= len(flows):
            flow = flows[int(typed) - 1]
            people = [Participant("person", ROLE_FOR.get(flow.header.for_, "person"))]
            if planner_mode:
                people.append(Participant("planner", "planner", "", "planner"))
            try:
                opened = start(store, content, flow.id, participants=people,
                               mode="planner" if planner_mode else "self")
            except StoreError as error:
                line.say(str(error))
                return None
            line.say(f"Your code to carry on later is {opened.code}. Please write it down.")
            return opened
        if typed == str(len(flows) + 1):
            return _resume(content, store, line)
        line.say(f"Sorry, please type a number from 1 to {len(flows) + 1}.")


def _resume(content: Content, store: SessionStore, line: Line) -> Opened | None:
    for _ in range(MAX_CODE_TRIES):
        typed = line.ask("Type your code, for example KM4P-XT7C-FAQ9: ")
        record = store.find(typed)
        if record is None:
            line.say("Sorry, I cannot find that code. Please check it and try again.")
            continue
        try:
            return resume(store, content, record)
        except StoreError as error:
            line.say(str(error))
            return None
    line.say("Sorry, that code did not work. Please ask someone to help you find it.")
    return None
