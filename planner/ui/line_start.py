"""The line mode's welcome: choose a conversation, or carry on one started before."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import TextIO

from planner.flows.answers import ROLE_FOR, Participant
from planner.flows.loader import Content
from planner.flows.translate import header
from planner.i18n import catalogues
from planner.i18n.catalogues import language_name
from planner.i18n.translator import N_, Translator
from planner.store import SessionInUse, SessionStore, StoreError
from planner.store.opening import Opened, resume, set_language, start, translator_for

from .line import Finisher, Languages, Line, Stopped, converse, yes_or_no

MAX_CODE_TRIES = 5
PLANNER_ONLY = N_("That conversation was started with a planner. Please ask them to open it.")
CANNOT_OPEN = N_("Sorry, that conversation cannot be opened here. Please ask someone to help you.")
PRINT_COMMAND = ("lp",)  # the system's print queue; the document goes on its standard input, never into a file


class Start:
    """The welcome's state: the content, the store, and the language spoken so far."""

    def __init__(self, content: Content, store: SessionStore, line: Line, locale: str | None, *,
                 mode: str = "self") -> None:
        self.content, self.store, self.line, self.mode = content, store, line, mode
        self.folders = catalogues.folders_for(content.root)
        self.locale = catalogues.supported(locale, self.folders) or catalogues.SOURCE
        self.first_locale = self.locale
        self.tr: Translator = translator_for(self.locale, content)
        line.translate = lambda message: self.tr.gettext(message)

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
    """Greet, let the person choose (a language too), then hold the conversation (a kiosk's is
    `planner.ui.line_kiosk.kiosk`, which never ends)."""
    line = Line(stdin, stdout)
    here = Start(content, store, line, locale, mode="planner" if planner_mode else "self")
    line.say(here._("Hello. I am here to help you plan your care and support, one question at a time."))
    try:
        opened = choose(here)
    except Stopped:
        line.say(here._("Goodbye."))
        return 0
    if opened is None:
        return 1
    if not planner_mode:  # the planner's own questions are never asked in self-service
        opened.session.planner_away()
    try:
        return converse(opened, stdin, stdout, content.glossary, writer(store, content), here.languages(),
                        show_id=False)
    finally:
        opened.close()


def writer(store: SessionStore, content: Content) -> Finisher:
    """At the end of a visit: offer to save the plan in a folder the person names (nothing is written otherwise)."""
    def offer(opened: Opened, line: Line) -> None:
        from planner.output.write import OutputError, save_files, session_files  # slow to load: only at the end

        tr = opened.session.translator
        files: dict[str, str | bytes] | None = None
        while True:
            typed = line.ask(tr.gettext("Type a folder to save the plan in, or press Enter to skip: "))
            if not typed:
                return
            try:
                files = files or session_files(opened, store, content)
                written = save_files(files, Path(typed).expanduser(), translator=tr)
            except OutputError as error:
                line.say(str(error))
                continue
            line.say(tr.gettext("Your plan is written in the folder {folder}.", folder=written[0].parent))
            for path in written:
                if path.suffix == ".txt":
                    line.say(tr.gettext("To read it or print it, open {path}.", path=path))
            return
    return offer


def printer(store: SessionStore, content: Content) -> Finisher:
    """At the end of a kiosk visit: offer a printed copy, sent straight to the printer (never kept in a file)."""
    def offer(opened: Opened, line: Line) -> None:
        from planner.output.write import OutputError, session_files  # slow to load: only at the end

        tr = opened.session.translator
        if not yes_or_no(line, tr.gettext("Would you like a printed copy of your plan? Type yes or no: "),
                         tr.gettext("Please type yes or no.")):
            return
        try:
            files = session_files(opened, store, content)
        except OutputError as error:
            line.say(str(error))
            return
        text = next((words for name, words in files.items() if name.endswith(".txt")), None)
        if text is None:
            line.say(tr.gettext("Sorry, there is nothing to print for this conversation."))
            return
        try:
            subprocess.run(PRINT_COMMAND, input=text.encode("utf-8") if isinstance(text, str) else text,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60, check=True)
        except (OSError, subprocess.SubprocessError):
            line.say(tr.gettext("Sorry, the plan could not be printed. Your answers are saved. "
                                "Please ask someone to help."))
            return
        line.say(tr.gettext("Your plan is being printed. Please take it from the printer."))
    return offer


def choose(here: Start) -> Opened | None:
    """The first question: which conversation (or carry on one, or another language); None if none opened."""
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
        # At a kiosk an untouched start waits quietly; in another language it goes back to its own in time.
        typed = line.ask(_("Type a number: "), quiet=here.locale == here.first_locale)
        if typed.isdecimal() and 1 <= int(typed) <= len(flows):
            flow = flows[int(typed) - 1]
            people = [Participant("person", ROLE_FOR.get(flow.header.for_, "person"))]
            if here.mode == "planner":
                people.append(Participant("planner", "planner", "", "planner"))
            try:
                opened = start(store, content, flow.id, participants=people, mode=here.mode, locale=here.locale)
            except StoreError as error:
                line.say(error.text(here.tr))
                return None
            line.say(_("Your code to carry on later is {code}. Please write it down.", code=opened.code))
            return opened
        if typed == str(len(flows) + 1):
            resumed = _resume(here)
            if resumed is not None:
                return resumed
            continue  # back to the choice: anyone may always start a new conversation
        if other and typed == str(len(flows) + 2):
            here.switch(other)
            continue
        line.say(_("Sorry, please type a number from 1 to {last}.", last=len(flows) + (2 if other else 1)))


def _resume(here: Start) -> Opened | None:
    """Open a conversation by its resume code; ids never work here, and wrong codes are slowed down."""
    _ = here._
    for _attempt in range(MAX_CODE_TRIES):
        typed = here.line.ask(_("Type your code, for example KM4P-XT7C-FAQ9: "))
        if not typed:
            return None
        if here.mode == "planner":  # a planner has the command line's access anyway: no slowing down
            record = here.store.find(typed)
        else:
            check = here.store.open_by_code(typed, place=here.mode)
            if check.locked:
                here.line.say(_("Sorry, that code is locked, because it was typed wrong too many times. "
                                "Please ask someone to help you."))
                return None
            if check.wait:
                here.line.say(here.tr.ngettext("Sorry, that did not work. Please wait {n} second, then try again.",
                                               "Sorry, that did not work. Please wait {n} seconds, then try again.",
                                               check.wait))
                return None
            record = check.record
        if record is None:
            here.line.say(_("Sorry, I cannot find that code. Please check it and try again."))
            continue
        if here.mode == "kiosk" and record.mode == "planner":
            here.line.say(_(PLANNER_ONLY))
            return None
        try:
            return resume(here.store, here.content, record)
        except SessionInUse as error:
            here.line.say(error.text(here.tr))
            return None
        except StoreError as error:  # at a kiosk, never words that name a session (its id) or the data folder
            here.line.say(_(CANNOT_OPEN) if here.mode == "kiosk" else error.text(here.tr))
            return None
    here.line.say(_("Sorry, that code did not work. Please ask someone to help you find it."))
    return None
