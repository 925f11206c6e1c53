"""Line mode: the conversation as plain lines of text, for screen readers and braille.

No boxes, no colours, no redraws: each prompt is printed once, choices are numbered,
and commands are ordinary words ("back", "repeat", "help"). Problems are printed
right after the answer that caused them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Mapping, TextIO

from planner.flows.answers import Participant
from planner.flows.links import plain, terms
from planner.flows.model import GlossaryEntry
from planner.flows.view import EndView, StepView
from planner.questions.groups import SIMPLE_KINDS
from planner.questions.base import Invalid
from planner.store.opening import Opened
from planner.text import clean_text

HELP = """You can type these words at any time:
  back      go to the question before
  repeat    hear the question again
  skip      skip this question for now
  not sure  say you are not sure
  private   say you would rather not say
  why       hear why we ask this
  meaning   hear what the special words in a question mean
  check     hear all your answers so far
  who       change who is answering
  stop      save and stop; you can carry on later with your code
  help      hear this again"""

COMMANDS = {
    "back": "back", "go back": "back", "repeat": "repeat", "again": "repeat", "skip": "skip",
    "skip for now": "skip", "not sure": "not_sure", "i'm not sure": "not_sure", "im not sure": "not_sure",
    "don't know": "not_sure", "dont know": "not_sure", "private": "rather_not_say",
    "rather not say": "rather_not_say", "i'd rather not say": "rather_not_say", "why": "why",
    "why we ask": "why", "meaning": "meaning", "explain": "meaning", "check": "check",
    "check my answers": "check", "who": "who", "stop": "stop", "save and stop": "stop", "quit": "stop",
    "help": "help", "?": "help", "finish": "finish", "go on": "go_on", "next": "go_on",
}


class Stopped(Exception):
    """The person asked to stop, or the input ended."""


class Line:
    """Reads and writes whole lines, cleaning what was typed."""

    def __init__(self, stdin: TextIO, stdout: TextIO) -> None:
        self.stdin = stdin
        self.stdout = stdout

    def say(self, text: str = "") -> None:
        self.stdout.write(plain(text).rstrip() + "\n")
        self.stdout.flush()

    def ask(self, prompt: str = "> ") -> str:
        self.stdout.write(prompt)
        self.stdout.flush()
        try:
            line = self.stdin.readline()
        except KeyboardInterrupt:
            raise Stopped from None
        if not line:
            raise Stopped
        return clean_text(line.rstrip("\r\n")).strip()


def command_of(text: str) -> str | None:
    """The command a typed line means, if it is one."""
    return COMMANDS.get(" ".join(text.lower().replace("’", "'").split()).strip(".!"))


def converse(opened: Opened, stdin: TextIO, stdout: TextIO, glossary: Mapping[str, GlossaryEntry] | None = None,
             on_finish: Callable[[Opened], list[Path]] | None = None) -> int:
    """Hold the conversation until it is finished or the person stops; answers are saved as they go.

    `on_finish` writes the plan and other documents, and says where they are.
    """
    talk = Conversation(opened, Line(stdin, stdout), glossary or {}, on_finish)
    try:
        talk.run()
    except Stopped:
        talk.goodbye()
    return 0


class Conversation:
    """One person (or a planner with a family) talking through one flow in line mode."""

    def __init__(self, opened: Opened, line: Line, glossary: Mapping[str, GlossaryEntry],
                 on_finish: Callable[[Opened], list[Path]] | None = None) -> None:
        self.opened = opened
        self.on_finish = on_finish
        self.session = opened.session
        self.line = line
        self.glossary = {word.lower(): entry for entry in glossary.values() for word in [entry.term, *entry.synonyms]}
        self.last_section = ""

    def run(self) -> None:
        header = self.session.flow.header
        if not self.session.answers() and header.intro:
            self.line.say(header.intro)
        else:
            self.line.say(f"Welcome back. We are carrying on with: {header.title}.")
        self._say_change()
        self.line.say("Type help at any time to hear what you can do.")
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
            command = command_of(typed)
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
            self.line.say(f"Part {progress.section_number} of {progress.section_count}: {progress.section_title}.")
            if view.section_intro:
                self.line.say(view.section_intro)
        self.line.say()
        if not view.is_question:
            self.line.say(view.text)
            self.line.say("Press Enter to go on.")
            return
        number = f"Question {progress.step_number} of {progress.step_count}. " if progress.step_count > 1 else ""
        self.line.say(number + view.text)
        if view.hint:
            self.line.say(view.hint)
        for n, (_, label) in enumerate(view.choices, 1):
            self.line.say(f"  {n}. {label}")
        self.line.say(self._how_to_answer(view))
        if view.given:
            shown = "; ".join(f"{g.participant.label()}: {g.words}" for g in view.given)
            self.line.say(f"Answered before: {shown}. Press Enter to keep it, or give a new answer.")

    def _how_to_answer(self, view: StepView) -> str:
        kind = view.kind
        if kind == "multi_choice":
            return "Type the numbers of all that fit, with commas between them."
        if view.choices:
            return "Type a number, or the words."
        if kind == "list":
            return "I will ask about each one in turn. Press Enter to start."
        if kind == "grid":
            return "I will ask about each one in turn. Press Enter to start."
        return {"money": "Type an amount, such as 120 a week.", "time": "Type a time, such as 9am.",
                "date": "Type a date, such as 3 March 2027.", "number": "Type a number.",
                "long_text": "Type your answer. Press Enter when you have finished.",
                }.get(kind, "Type your answer.")

    def _answer(self, view: StepView, typed: str) -> bool:
        if typed == "" and view.mine is not None:
            self.session.proceed()
            return True
        raw: Any = typed
        if view.kind == "list":
            raw = self._list_items(view)
        elif view.kind == "grid":
            raw = self._grid_rows(view)
        elif view.kind in ("short_text", "long_text") and typed == "" and not view.question.required:  # type: ignore
            outcome = self.session.set_status("skipped")
            return outcome.accepted
        outcome = self.session.answer(raw)
        if not outcome.accepted:
            self.line.say(f"Sorry, {outcome.problem[0].lower()}{outcome.problem[1:]}" if outcome.problem else "")
            return False
        if outcome.ack:
            self.line.say(outcome.ack)
        return True

    # ----------------------------------------------------------------- lists and grids
    def _list_items(self, view: StepView) -> list[dict[str, Any]]:
        question: Any = view.question
        items: list[dict[str, Any]] = []
        name = question.item_name or "one"
        while len(items) < question.max_items:
            if len(items) >= question.min_items:
                more = "another" if items else "one"
                reply = self.line.ask(f"Add {more} {name}? Type yes or no: ").lower()
                if reply not in ("yes", "y"):
                    break
            self.line.say(f"{name.capitalize()} {len(items) + 1}.")
            item: dict[str, Any] = {}
            for field in question.fields:
                if not self.session.field_shown(view.id, field.id, item):
                    continue
                value = self._field(view, field, item)
                if value != "":
                    item[field.id] = value
            items.append(item)
        return items

    def _field(self, view: StepView, field: Any, item: dict[str, Any]) -> str:
        kind = SIMPLE_KINDS[field.kind]
        while True:
            self.line.say(self.session.field_text(view.id, field.id, "prompt", item))
            choices = getattr(kind, "choices", None)
            for n, choice in enumerate(choices(field) if choices else [], 1):
                self.line.say(f"  {n}. {choice.label}")
            typed = self.line.ask()
            if typed == "" and not field.required:
                return ""
            result = kind.parse(field, typed)
            if not isinstance(result, Invalid):
                return typed
            self.line.say(f"Sorry, {result.text()}")

    def _grid_rows(self, view: StepView) -> dict[str, str]:
        question: Any = view.question
        answers: dict[str, str] = {}
        scale = "; ".join(f"{n}. {c.label}" for n, c in enumerate(question.scale, 1))
        for row in question.rows:
            self.line.say(f"{row.label}: {scale}")
            while True:
                typed = self.line.ask()
                if typed == "":
                    break
                if any(typed.lower() in (str(n), c.label.lower(), c.value) for n, c in enumerate(question.scale, 1)):
                    answers[row.value] = typed
                    break
                self.line.say("Sorry, please type one of the numbers, or press Enter to leave this one.")
        return answers

    # ----------------------------------------------------------------- commands
    def _command(self, command: str, view: StepView) -> bool:
        """Carry out a command; True when the conversation has moved on."""
        if command == "help":
            self.line.say(HELP)
        elif command == "back":
            if not self.session.back():
                self.line.say("This is the first question.")
                return False
            return True
        elif command in ("skip", "not_sure", "rather_not_say"):
            if not view.is_question:
                self.session.proceed()
                return True
            outcome = self.session.set_status(command)  # type: ignore[arg-type]
            if not outcome.accepted:
                self.line.say(f"Sorry, {outcome.problem}")
            return outcome.accepted
        elif command == "why":
            self.line.say(view.why or "We ask this to make your plan fit you.")
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
            self.line.say("Please answer this question first, or type skip.")
        return False

    def _meanings(self, view: StepView) -> None:
        texts = [view.text, view.hint, *(label for _, label in view.choices)]
        found = [t for text in texts for t in terms(text)]
        if not found:
            self.line.say("There are no special words in this question.")
        for term in dict.fromkeys(found):
            entry = self.glossary.get(term.lower())
            if entry is not None:
                self.line.say(f"{entry.term.capitalize()}: {entry.explanation.strip()}")

    def _check(self) -> None:
        sections = self.session.review()
        if not sections:
            self.line.say("There are no answers yet.")
        for section in sections:
            self.line.say(f"{section.title}.")
            for item in section.items:
                words = "; ".join(f"{g.participant.label()}: {g.words}" for g in item.given) or "not answered yet"
                self.line.say(f"  {item.prompt} {words}.")
        self.line.say("To change an answer, type back until you reach it.")

    def _who(self) -> None:
        people = list(self.session.participants.values())
        self.line.say(f"Now answering: {self.session.participants[self.session.speaker].label()}.")
        for n, person in enumerate(people, 1):
            self.line.say(f"  {n}. {person.label()}")
        self.line.say(f"  {len(people) + 1}. Someone else")
        typed = self.line.ask("Who is answering now? Type a number: ")
        if typed.isdecimal() and 1 <= int(typed) <= len(people):
            self.session.set_speaker(people[int(typed) - 1].id)
        elif typed == str(len(people) + 1):
            name = self.line.ask("What is their name? ")
            relationship = self.line.ask("How are they related to the person? For example, daughter: ")
            person = Participant(f"carer{len(people)}", "carer", name, relationship)
            self.session.add_participant(person)
            self.session.set_speaker(person.id)
        self.line.say(f"Now answering: {self.session.participants[self.session.speaker].label()}.")

    # ----------------------------------------------------------------- the end
    def _at_end(self, view: EndView) -> bool:
        if view.to_revisit:
            self.line.say()
            count = len(view.to_revisit)
            self.line.say("We have come to the end. " + ("One question is still to answer:" if count == 1 else
                                                          f"{count} questions are still to answer:"))
            for item in view.to_revisit:
                self.line.say(f"  {item.prompt}")
            reply = self.line.ask("Type yes to answer them now, or finish to finish: ").lower()
            if reply in ("yes", "y"):
                self.session.edit(view.to_revisit[0].id)
                return False
            if command_of(reply) == "back":
                self.session.back()
                return False
            if command_of(reply) == "stop":
                raise Stopped
        end = self.session.finish()
        if end.missing_required:
            self.line.say("These questions must be answered before we can finish:")
            for item in end.missing_required:
                self.line.say(f"  {item.prompt}")
            self.session.edit(end.missing_required[0].id)
            return False
        self.line.say("Thank you. That is everything. Your answers are saved.")
        self._say_written()
        self._say_code()
        return True

    def _say_written(self) -> None:
        if self.on_finish is None:
            return
        try:
            written = self.on_finish(self.opened)
        except OSError as error:
            self.line.say(f"Sorry, the plan could not be written ({error.strerror}). Your answers are safe.")
            return
        printable = [path for path in written if path.suffix == ".txt"]
        self.line.say(f"Your plan is written in the folder {written[0].parent}." if written else "")
        for path in printable:
            self.line.say(f"To read it or print it, open {path}.")

    def goodbye(self) -> None:
        self.line.say()
        self.line.say("Your answers are saved.")
        self._say_code()

    def _say_code(self) -> None:
        if self.opened.code:
            self.line.say(f"Your code to carry on later is {self.opened.code}. Please write it down.")
        else:
            self.line.say(f"To carry on later, use your code, or session {self.opened.record.short_id}.")

    def _say_change(self) -> None:
        change = self.opened.change
        if change.dropped or change.invalid:
            self.line.say("Some questions have changed since last time, so a few earlier answers no longer fit. "
                          "They are kept, but will not be used.")
        if change.added:
            self.line.say("There are some new questions since last time. I will ask them as we go.")
