"""Line mode: the conversation as plain lines of text, for screen readers and braille.

No boxes, no colours, no redraws: each prompt is printed once, choices are numbered,
and commands are ordinary words ("back", "repeat", "help"). Problems are printed
right after the answer that caused them.
"""

from __future__ import annotations

from typing import Any, TextIO
from collections.abc import Callable, Mapping

from planner.flows.answers import Participant, Status
from planner.flows.links import plain, terms
from planner.flows.model import GlossaryEntry
from planner.flows.translate import glossary_entry
from planner.flows.view import EndView, StepView
from planner.i18n import words
from planner.i18n.translator import N_, Translator
from planner.questions import Entry, Invalid, kind_of
from planner.questions.groups import GridKind, ListKind
from planner.store.opening import Opened
from planner.text import clean_text, for_terminal

from .line_input import EndOfLine, Idle, InputClosed, KioskInput

# TRANSLATORS: list the words line mode understands in your language (commands: in locales/LANG/words.yaml).
HELP = N_("""You can type these words at any time:
  back      go to the question before
  repeat    hear the question again
  skip      skip this question for now
  not sure  say you are not sure
  private   say you would rather not say
  why       hear why we ask this
  meaning   hear what the special words in a question mean
  check     hear all your answers so far
  who       change who is answering
  language  carry on in another language
  stop      save and stop; you can carry on later with your code
  help      hear this again""")
KIOSK_HELP = N_("  start again  clear all your answers and start again")
STILL_THERE = N_("Are you still there? Press Enter for more time.")

STATUS_OF: dict[str, Status] = {"skip": "skipped", "not_sure": "not_sure", "rather_not_say": "rather_not_say"}


class Stopped(Exception):
    """The person asked to stop, or the input ended."""


class TimedOut(Exception):
    """At a kiosk, nobody answered "Are you still there?": the visit is over."""


class StartAgain(Exception):
    """At a kiosk, the person asked to clear their answers and start again."""


LIST = ListKind()
GRID = GridKind()
Finisher = Callable[[Opened, "Line"], None]  # at the end of a visit: offer the documents (save or print)


class Line:
    """Reads and writes whole lines, cleaning what was typed and everything printed.

    With `idle` (a kiosk), each question waits only so long for a reply, then asks
    "Are you still there?", then raises TimedOut; Ctrl+C and Ctrl+D raise Stopped, and only an
    input closed for good raises InputClosed.
    """

    CLEAR = "\x1b[H\x1b[2J\x1b[3J"  # home, clear the screen and its scrollback: our own, never a person's

    def __init__(self, stdin: TextIO, stdout: TextIO, *, idle: Idle | None = None) -> None:
        self.stdin = stdin
        self.stdout = stdout
        self.idle = idle
        self.reader = KioskInput.of(stdin) if idle is not None else None
        self.translate: Callable[[str], str] = lambda message: message  # set by whoever is talking

    @property
    def kiosk(self) -> bool:
        return self.idle is not None

    def write(self, text: str) -> None:
        """The one way out to the terminal: names, answers and content alike can hold no control sequence."""
        self.stdout.write(for_terminal(text))
        self.stdout.flush()

    def say(self, text: str = "") -> None:
        self.write(plain(text).rstrip() + "\n")

    def ask(self, prompt: str = "> ", *, quiet: bool = False) -> str:
        """The next line typed, cleaned. At a kiosk `quiet` waits for ever without a warning (the start)."""
        self.write(prompt)
        if self.idle is None:
            try:
                line = self.stdin.readline()
            except KeyboardInterrupt:
                raise Stopped from None
            if not line:
                raise Stopped
        elif self.reader is None:
            line = self.stdin.readline()
            if not line:
                raise InputClosed
        else:
            line = self._wait(prompt, quiet)
        return clean_text(line.rstrip("\r\n")).strip()

    def _wait(self, prompt: str, quiet: bool) -> str:
        assert self.reader is not None and self.idle is not None
        try:
            while True:
                line = self.reader.read(self.idle.seconds)
                if line is not None:
                    return line
                if quiet:
                    self.reader.flush()  # a half-typed line is not left for the next person
                    continue
                self.say()
                self.say(self.translate(STILL_THERE))
                line = self.reader.read(self.idle.warning)
                if line is None:
                    raise TimedOut
                if clean_text(line):
                    return line
                self.write(prompt)
        except EndOfLine:
            raise Stopped from None

    def forget(self) -> None:
        """At a kiosk, before the next person: drop anything typed ahead and clear the screen."""
        if self.reader is not None:
            self.reader.flush()
        isatty = getattr(self.stdout, "isatty", None)
        if self.kiosk and isatty is not None and isatty():
            self.stdout.write(self.CLEAR)
            self.stdout.flush()


def yes_or_no(line: Line, ask: str, please: str, understood: words.Words | None = None) -> bool:
    """Ask until the reply is yes or no (Enter is no): other words are never taken as no."""
    while True:
        reply = line.ask(ask).strip().lower()
        meaning = "no" if not reply else (understood or words.default()).yes_no(reply)
        if meaning is not None:
            return meaning == "yes"
        line.say(please)


def command_of(text: str, understood: words.Words | None = None) -> str | None:
    """The command a typed line means, if it is one (in the conversation's words, then the others')."""
    return (understood or words.default()).command(text)


def converse(opened: Opened, stdin: TextIO, stdout: TextIO, glossary: Mapping[str, GlossaryEntry] | None = None,
             on_finish: Finisher | None = None, languages: Languages | None = None, *, show_id: bool = True) -> int:
    """Hold the conversation until it is finished or the person stops; answers are saved as they go.

    `on_finish` offers the plan and other documents (nothing is written unless the person
    asks); `languages` lets the person carry on in another language; `show_id` says the
    session's id when its code is not known (never where the public can read it).
    """
    talk = Conversation(opened, Line(stdin, stdout), glossary or {}, on_finish, languages, show_id=show_id)
    try:
        talk.run()
    except Stopped:
        talk.goodbye()
    return 0


class Languages:
    """The languages on offer, and how to switch an open conversation to one (kept in the store)."""

    def __init__(self, available: list[str], switch: Callable[[Opened, str], None]) -> None:
        self.available = available
        self.switch = switch

    def after(self, locale: str) -> str | None:
        """The next language after this one, or None when there is only one."""
        if len(self.available) < 2:
            return None
        return self.available[(self.available.index(locale) + 1) % len(self.available)] \
            if locale in self.available else self.available[0]


class Conversation:
    """One person (or a planner with a family) talking through one flow in line mode."""

    def __init__(self, opened: Opened, line: Line, glossary: Mapping[str, GlossaryEntry],
                 on_finish: Finisher | None = None, languages: Languages | None = None, *,
                 show_id: bool = True) -> None:
        self.opened = opened
        self.show_id = show_id
        self.on_finish = on_finish
        self.languages = languages
        self.session = opened.session
        self.line = line
        line.translate = lambda message: self.tr.gettext(message)
        self.glossary = {word.lower(): entry for entry in glossary.values() for word in [entry.term, *entry.synonyms]}
        self.last_section = ""
        self.revisited: set[str] = set()  # questions offered again at the end in this round

    @property
    def tr(self) -> Translator:
        return self.session.translator

    def _(self, message: str, **params: Any) -> str:
        return self.tr.gettext(message, **params)

    def run(self) -> None:
        header = self.session.header()
        if not self.session.answers() and header.intro:
            self.line.say(header.intro)
        else:
            self.line.say(self._("Welcome back. We are carrying on with: {title}.", title=header.title))
        self._say_change()
        self.line.say(self._("Type help at any time to hear what you can do."))
        while True:
            view = self.session.current()
            if isinstance(view, EndView):
                if self._at_end(view):
                    return
                continue
            self._step(view)

    # ----------------------------------------------------------------- a step
    def _step(self, view: StepView) -> None:
        self._show(view)
        while True:
            typed = self.line.ask()
            command = command_of(typed, words.of(self.tr))
            if command == "start_again" and not self.line.kiosk:
                command = None  # only a kiosk clears answers from here; elsewhere these are just words
            if command == "repeat":
                self._show(view, again=True)
                continue
            if command and self._command(command, view):
                return
            if command:
                continue
            if not view.is_question:
                self.session.proceed()
                return
            if self._answer(view, typed):
                return

    def _show(self, view: StepView, again: bool = False) -> None:
        progress = view.progress
        if progress.section_title != self.last_section or again:
            self.last_section = progress.section_title
            self.line.say()
            self.line.say(self._("Part {number} of {count}: {title}.", number=progress.section_number,
                                 count=progress.section_count, title=progress.section_title))
            if view.section_intro:
                self.line.say(view.section_intro)
        self.line.say()
        if not view.is_question:
            self.line.say(view.text)
            self.line.say(self._("Press Enter to go on."))
            return
        if progress.step_count > 1:
            self.line.say(self._("Question {number} of {count}. {text}", number=progress.step_number,
                                 count=progress.step_count, text=view.text))
        else:
            self.line.say(view.text)
        if view.hint:
            self.line.say(view.hint)
        for n, (_, label) in enumerate(view.choices, 1):
            self.line.say(f"  {n}. {label}")
        self.line.say(self._how_to_answer(view))
        if view.given:
            shown = "; ".join(f"{g.participant.label(self._)}: {self._words(view.question, g.words)}"
                              for g in view.given)
            self.line.say(self._("Answered before: {shown}. Press Enter to keep it, or give a new answer.",
                                 shown=shown))

    def _words(self, question: Any, words: str) -> str:
        """An answer as it may be read out here: at a kiosk, a sensitive one is not (someone may be passing)."""
        if self.line.kiosk and getattr(question, "sensitive", False):
            return self._("(Saved. It is not shown here, to keep it private.)")
        return words

    def _question(self, step_id: str) -> Any:
        step = self.session.flow.by_id.get(step_id)
        return step.model if step is not None else None

    def _how_to_answer(self, view: StepView) -> str:
        entry = view.kind_entry
        return self.tr.gettext(entry.how_to_answer) if entry is not None else ""

    def _sorry(self, problem: str) -> None:
        if problem:
            self.line.say(self._("Sorry, {problem}", problem=problem[:1].lower() + problem[1:]))

    def _answer(self, view: StepView, typed: str) -> bool:
        if typed == "" and view.mine is not None:
            self.session.proceed()
            return True
        entry = view.kind_entry
        if entry is None:
            return False
        if entry.empty_is_skip and typed == "" and view.question is not None and not view.question.required:
            return self.session.set_status("skipped").accepted
        outcome = self.session.answer(ANSWERS[entry.entry](self, view, typed))
        if not outcome.accepted:
            self._sorry(outcome.problem)
            return False
        if outcome.ack:
            self.line.say(outcome.ack)
        return True

    # ----------------------------------------------------------------- lists and grids
    def _typed(self, view: StepView, typed: str) -> str:
        """A choice, a line of words, a number...: the answer is what was typed."""
        return typed

    def _list_items(self, view: StepView, typed: str = "") -> list[dict[str, Any]]:
        question: Any = view.question
        items: list[dict[str, Any]] = []
        name = question.item_name or self._("one")
        while len(items) < question.max_items:
            if len(items) >= question.min_items:
                ask = (self._("Add another {name}? Type yes or no: ", name=name) if items else
                       self._("Add one {name}? Type yes or no: ", name=name))
                if not self._yes_or_no(ask):
                    break
            self.line.say(self._("{name} {number}.", name=name[:1].upper() + name[1:], number=len(items) + 1))
            item: dict[str, Any] = {}  # as typed, for the answer
            for field in question.fields:
                known = LIST.understood(question, item)  # for the fields' conditions ('2' means 'carer')
                if not self.session.field_shown(view.id, field.id, known):
                    continue
                value = self._field(view, field, known)
                if value != "":
                    item[field.id] = value
            items.append(item)
        return items

    def _yes_or_no(self, ask: str) -> bool:
        """Ask until the reply is yes or no (Enter is no): other words are never taken as no."""
        return yes_or_no(self.line, ask, self._("Please type yes or no."), words.of(self.tr))

    def _field(self, view: StepView, field: Any, item: dict[str, Any]) -> str:
        kind = kind_of(field)
        while True:
            self.line.say(self.session.field_text(view.id, field.id, "prompt", item))
            choices = getattr(kind, "choices", None)
            for n, choice in enumerate(choices(field) if choices else [], 1):
                self.line.say(f"  {n}. {choice.label}")
            typed = self.line.ask()
            if typed == "" and not field.required:
                return ""
            result = LIST.read_field(field, typed)
            if not isinstance(result, Invalid):
                return typed
            self._sorry(result.text(self.tr.gettext))

    def _grid_rows(self, view: StepView, typed: str = "") -> dict[str, str]:
        question: Any = view.question
        cells: dict[str, str] = {}
        scale = "; ".join(f"{n}. {c.label}" for n, c in enumerate(question.scale, 1))
        for row in question.rows:
            self.line.say(f"{row.label}: {scale}")
            while True:
                reply = self.line.ask()
                if reply == "":
                    break
                cell = GRID.read_cell(question, reply)
                if cell is not None:
                    cells[row.value] = cell
                    break
                self.line.say(self._("Sorry, please type one of the numbers, or press Enter to leave this one."))
        return GRID.assemble(question, cells)

    # ----------------------------------------------------------------- commands
    def _command(self, command: str, view: StepView) -> bool:
        """Carry out a command; True when the conversation has moved on."""
        if command == "help":
            self.line.say(self._(HELP))
            if self.line.kiosk:
                self.line.say(self._(KIOSK_HELP))
        elif command == "start_again":
            if self._yes_or_no(self._("Start again and clear all your answers? They cannot be brought back.") + " "
                               + self._("Type yes or no: ")):
                raise StartAgain
            self.line.say(self._("Your answers are kept. We will carry on."))
        elif command == "back":
            if not self.session.back():
                self.line.say(self._("This is the first question."))
                return False
            return True
        elif command == "language":
            return self._language()
        elif command in ("skip", "not_sure", "rather_not_say"):
            if not view.is_question:
                self.session.proceed()
                return True
            outcome = self.session.set_status(STATUS_OF[command])
            if not outcome.accepted:
                self._sorry(outcome.problem)
            return outcome.accepted
        elif command == "why":
            self.line.say(view.why or self._("We ask this to make your plan fit you."))
        elif command == "meaning":
            self._meanings(view)
        elif command == "check":
            self._check()
        elif command == "who":
            self._who()
        elif command == "stop":
            raise Stopped
        elif command == "go_on" and not view.is_question:
            self.session.proceed()
            return True
        elif command == "finish":
            self.line.say(self._("Please answer this question first, or type skip."))
        return False

    def _language(self) -> bool:
        """Carry on in the next language; the question is asked again in it, and every answer is kept."""
        other = self.languages.after(self.tr.locale) if self.languages else None
        if other is None or self.languages is None:
            self.line.say(self._("There is only one language here."))
            return False
        self.languages.switch(self.opened, other)
        self.last_section = ""
        # TRANSLATORS: said just after someone chooses this language; name your own language here.
        self.line.say(self._("We will carry on in English. Your answers are all kept."))
        return True

    def _meanings(self, view: StepView) -> None:
        texts = [view.text, view.hint, *(label for _, label in view.choices)]
        found = [t for text in texts for t in terms(text)]
        if not found:
            self.line.say(self._("There are no special words in this question."))
        for term in dict.fromkeys(found):
            entry = self.glossary.get(term.lower())
            if entry is not None:
                shown = glossary_entry(entry, self.tr)
                self.line.say(f"{shown.term[:1].upper() + shown.term[1:]}: {shown.explanation.strip()}")

    def _check(self) -> None:
        sections = self.session.review()
        if not sections:
            self.line.say(self._("There are no answers yet."))
        for section in sections:
            self.line.say(f"{section.title}.")
            for item in section.items:
                words = "; ".join(f"{g.participant.label(self._)}: {self._words(self._question(item.id), g.words)}"
                                  for g in item.given) or \
                    self._("not answered yet")
                self.line.say(f"  {item.prompt} {words}.")
        for note in self.session.fault_notes() if self.opened.record.mode == "planner" else []:
            self.line.say(note)
        self.line.say(self._("To change an answer, type back until you reach it."))

    def _who(self) -> None:
        _ = self._
        people = list(self.session.participants.values())
        self.line.say(_("Now answering: {who}.", who=self.session.participants[self.session.speaker].label(_)))
        for n, person in enumerate(people, 1):
            self.line.say(f"  {n}. {person.label(_)}")
        self.line.say(f"  {len(people) + 1}. " + _("Someone else"))
        typed = self.line.ask(_("Who is answering now? Type a number: "))
        if typed.isdecimal() and len(typed) <= 4 and 1 <= int(typed) <= len(people):
            self.session.set_speaker(people[int(typed) - 1].id)
        elif typed == str(len(people) + 1):
            name = self.line.ask(_("What is their name? "))
            relationship = self.line.ask(_("How are they related to the person? For example, daughter: "))
            person = Participant(f"carer{len(people)}", "carer", name, relationship)
            self.session.add_participant(person)
            self.session.set_speaker(person.id)
        self.line.say(_("Now answering: {who}.", who=self.session.participants[self.session.speaker].label(_)))

    # ----------------------------------------------------------------- the end
    def _at_end(self, view: EndView) -> bool:
        if view.to_revisit:
            self.line.say()
            self.line.say(self.tr.ngettext("We have come to the end. One question is still to answer:",
                                           "We have come to the end. {n} questions are still to answer:",
                                           len(view.to_revisit)))
            for item in view.to_revisit:
                self.line.say(f"  {item.prompt}")
            while True:  # only 'finish' finishes: a stray word or Enter must not end the conversation
                reply = self.line.ask(self._("Type yes to answer them now, or finish to finish: ")).strip().lower()
                if words.of(self.tr).yes_no(reply) == "yes":
                    self.session.edit(self._next_to_revisit(view))
                    return False
                command = command_of(reply, words.of(self.tr))
                if command == "back":
                    self.session.back()
                    return False
                if command == "stop":
                    raise Stopped
                if command == "finish":
                    break
                self.line.say(self._("Please type yes, or finish."))
        end = self.session.finish()
        if end.missing_required:
            self.line.say(self._("These questions must be answered before we can finish:"))
            for item in end.missing_required:
                self.line.say(f"  {item.prompt}")
            self.session.edit(end.missing_required[0].id)
            return False
        self.line.say(self._("Thank you. That is everything. Your answers are saved."))
        self._say_written()
        self._say_code()
        return True

    def _next_to_revisit(self, view: EndView) -> str:
        """The next question still to answer, so skipping one again moves on to the one after it."""
        waiting = [item.id for item in view.to_revisit if item.id not in self.revisited]
        if not waiting:
            self.revisited.clear()
            waiting = [item.id for item in view.to_revisit]
        self.revisited.add(waiting[0])
        return waiting[0]

    def _say_written(self) -> None:
        if self.on_finish is not None:
            self.on_finish(self.opened, self.line)

    def goodbye(self) -> None:
        self.line.say()
        self.line.say(self._("Your answers are saved."))
        self._say_code()

    def _say_code(self) -> None:
        if self.opened.code:
            self.line.say(self._("Your code to carry on later is {code}. Please write it down.", code=self.opened.code))
        elif self.show_id:
            self.line.say(self._("To carry on later, use your code, or session {id}.", id=self.opened.record.short_id))
        else:
            self.line.say(self._("To carry on later, type the same code as before."))

    def _say_change(self) -> None:
        change = self.opened.change
        if change.dropped or change.invalid:
            self.line.say(self._("Some questions have changed since last time, so a few earlier answers no longer fit. "
                                 "They are kept, but will not be used."))
        if change.added:
            self.line.say(self._("There are some new questions since last time. I will ask them as we go."))


# How line mode takes each shape of input (`planner.questions.Entry`): the one table to extend for a new shape.
ANSWERS: dict[Entry, Callable[[Conversation, StepView, str], Any]] = {
    "choose_one": Conversation._typed, "choose_many": Conversation._typed, "one_line": Conversation._typed,
    "several_lines": Conversation._typed, "list_of_items": Conversation._list_items, "grid": Conversation._grid_rows,
}
