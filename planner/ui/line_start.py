"""The line mode's welcome: choose a conversation, or carry on one started before."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TextIO

from planner.flows.answers import Participant
from planner.flows.loader import Content
from planner.flows.translate import header
from planner.i18n import catalogues
from planner.i18n.catalogues import language_name
from planner.i18n.translator import Translator
from planner.output.write import write_visit
from planner.store import SessionStore, StoreError
from planner.store.opening import Opened, resume, set_language, start, translator_for

from .line import Languages, Line, Stopped, converse

ROLE_FOR = {"person": "person", "carer": "carer", "adviser": "person", "planner": "person"}
MAX_CODE_TRIES = 5


class Start:
    """The welcome's state: the content, the store, and the language spoken so far."""

    def __init__(self, content: Content, store: SessionStore, line: Line, locale: str | None) -> None:
        self.content, self.store, self.line = content, store, line
        self.folders = catalogues.folders_for(content.root)
        self.locale = catalogues.supported(locale, self.folders) or catalogues.SOURCE
        self.tr: Translator = translator_for(self.locale, content)

    def _(self, message: str, **params: object) -> str:
        return self.tr.gettext(message, **params)

    def languages(self) -> Languages:
        return languages_for(self.store, self.content)

    def other(self) -> str | None:
        return self.languages().after(self.locale)

    def switch(self, locale: str) -> None:
        self.locale = locale
        self.tr = translator_for(locale, self.content)


def languages_for(store: SessionStore, content: Content) -> Languages:
    """The languages line mode offers, switching an open session in the store."""
    return Languages(catalogues.languages(catalogues.folders_for(content.root)),
                     lambda opened, locale: set_language(store, opened, locale, content))


def welcome(content: Content, store: SessionStore, stdin: TextIO, stdout: TextIO, *, planner_mode: bool = False,
            locale: str | None = None) -> int:
    """Greet, let the person choose (a language too), then hold the conversation."""
    line = Line(stdin, stdout)
    here = Start(content, store, line, locale)
    line.say(here._("Hello. I am here to help you plan your care and support, one question at a time."))
    try:
        opened = _choose(here, planner_mode)
    except Stopped:
        line.say(here._("Goodbye."))
        return 0
    if opened is None:
        return 1
    try:
        return converse(opened, stdin, stdout, content.glossary, writer(store, content), here.languages())
    finally:
        opened.close()


def writer(store: SessionStore, content: Content) -> Callable[[Opened], list[Path]]:
    """What writes the documents at the end of a visit, into the data folder's outputs."""
    return lambda opened: write_visit(opened, store, content, store.path.parent / "outputs")


def _choose(here: Start, planner_mode: bool) -> Opened | None:
    content, store, line = here.content, here.store, here.line
    flows = sorted(content.flows.values(), key=lambda f: f.header.title)
    while True:
        _ = here._
        line.say(_("What would you like to do?"))
        for n, flow in enumerate(flows, 1):
            shown = header(flow, here.tr)
            line.say(f"  {n}. {shown.title}. {shown.summary or ''}")
        line.say(f"  {len(flows) + 1}. " + _("Carry on a conversation I started before. You need your code."))
        other = here.other()
        if other:  # the language's own name, so someone who cannot read this one finds it
            line.say(f"  {len(flows) + 2}. {language_name(other)}")
        typed = line.ask(_("Type a number: "))
        if typed.isdecimal() and 1 <= int(typed) <= len(flows):
            flow = flows[int(typed) - 1]
            people = [Participant("person", ROLE_FOR.get(flow.header.for_, "person"))]
            if planner_mode:
                people.append(Participant("planner", "planner", "", "planner"))
            try:
                opened = start(store, content, flow.id, participants=people,
                               mode="planner" if planner_mode else "self", locale=here.locale)
            except StoreError as error:
                line.say(str(error))
                return None
            line.say(_("Your code to carry on later is {code}. Please write it down.", code=opened.code))
            return opened
        if typed == str(len(flows) + 1):
            return _resume(here)
        if other and typed == str(len(flows) + 2):
            here.switch(other)
            continue
        line.say(_("Sorry, please type a number from 1 to {last}.", last=len(flows) + (2 if other else 1)))


def _resume(here: Start) -> Opened | None:
    _ = here._
    for _attempt in range(MAX_CODE_TRIES):
        typed = here.line.ask(_("Type your code, for example KM4P-XT7C-FAQ9: "))
        record = here.store.find(typed)
        if record is None:
            here.line.say(_("Sorry, I cannot find that code. Please check it and try again."))
            continue
        try:
            return resume(here.store, here.content, record)
        except StoreError as error:
            here.line.say(str(error))
            return None
    here.line.say(_("Sorry, that code did not work. Please ask someone to help you find it."))
    return None
