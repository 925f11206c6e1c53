"""The conversation screen: a growing transcript, one question at a time, the same buttons always."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll

from planner.flows.answers import Participant, Status
from planner.flows.links import plain, terms
from planner.flows.translate import glossary_entry
from planner.flows.view import EndView, StepView
from planner.i18n.catalogues import language_name
from planner.i18n.translator import N_
from planner.store.linking import carer_flow
from planner.store.opening import Opened

from .answers import Answered, AnswerWidget, answer_widget
from .base import PlannerScreen
from .dialogs import AskText, Confirm, Message
from .rich_text import linked, said
from .widgets import Button, Select, Static


SOMEONE_ELSE = "__someone_else__"
KEPT = 20  # lines of the transcript kept on screen: every step lays out the same few, however long the talk
BUTTONS = {"back": N_("Back"), "not-sure": N_("Not sure"), "skip": N_("Skip for now"), "why": N_("Why we ask"),
           "explain": N_("Explain words"), "check": N_("Check my answers"), "stop": N_("Save and stop"),
           "note": N_("Add a note"), "linked-carer": N_("Carer's own assessment"),
           "clear": N_("Start again and clear my answers")}


class ConversationScreen(PlannerScreen):
    """One conversation, driven entirely through the session API."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back", show=False)]
    AUTO_FOCUS = "#answer-slot *"  # the answer, from the start (not the language switch, first on the screen)

    def __init__(self, opened: Opened) -> None:
        super().__init__(name="conversation")
        self.opened = opened
        self.session = opened.session
        self.view: StepView | None = None
        self._first: StepView | EndView | None = None  # the step found while composing

    def compose(self) -> ComposeResult:
        mode = self.planner_app.mode
        _ = self._
        with Horizontal(id="top"):
            yield Static(id="progress")
            if mode == "planner":
                yield Select(self._speakers(), value=self.session.speaker, allow_blank=False, id="speaker",
                             prompt=_("Now asking"))
            other = self.planner_app.other_language()
            if other:
                yield Button(language_name(other), id="language")
        with Horizontal(id="middle"):
            with Vertical(id="main"):
                # The first lines and answer box are composed with the screen, not mounted after it.
                first = self._first = self.session.current()
                lines = self._opening()
                if isinstance(first, StepView) and first.section_intro:
                    lines.append(said(_("Assistant"), first.section_intro))
                yield VerticalScroll(*[Static(line, classes="said") for line in lines], id="transcript")
                with Vertical(id="question-area"):
                    yield Static(id="question")
                    yield Static(id="hint")
                    yield Static(id="given")
                    with Vertical(id="answer-slot"):
                        if isinstance(first, StepView):
                            yield answer_widget(first)
                    yield Static(id="problem", classes="problem")
            if mode == "planner":
                yield VerticalScroll(Static(id="summary-text"), id="summary")
        with Grid(id="actions"):
            shown = ["back", "not-sure", "skip", "why", "explain", "check", "stop"]
            if mode == "planner":
                carer = carer_flow(self.planner_app.content, self.session.flow.id)
                shown += ["note"] + (["linked-carer"] if carer is not None else [])
            if mode == "kiosk":
                shown.append("clear")
            off = self._disabled(first) if isinstance(first, StepView) else set()
            for button_id in shown:
                yield Button(self.translated(BUTTONS[button_id]), id=button_id, disabled=button_id in off)

    def _opening(self) -> list[Any]:
        """What the assistant says first: the flow's welcome, and whether its questions changed."""
        header = self.session.header()
        first = not self.session.answers()
        lines = [said(self._("Assistant"), header.intro.strip() if first and header.intro else
                      self._("Welcome back. We are carrying on with: {title}.", title=header.title))]
        change = self.opened.change
        if change.dropped or change.invalid:
            lines.append(said(self._("Assistant"), self._("Some questions have changed since last time. A few earlier "
                                                          "answers no longer fit. They are kept, but will not be "
                                                          "used.")))
        if change.added:
            lines.append(said(self._("Assistant"), self._("There are some new questions since last time. I will ask "
                                                          "them as we go.")))
        return lines

    def on_mount(self) -> None:
        self.query_one("#transcript", VerticalScroll).scroll_end(animate=False)
        first, self._first = self._first, None
        self.refresh_step(first)

    # ----------------------------------------------------------------- language
    @on(Button.Pressed, "#language")
    def _switch_language(self) -> None:
        """Carry on in the other language: every answer stays, and the same question is asked again."""
        self.planner_app.set_language(self.planner_app.other_language() or "en")
        for button in self.query("#actions Button").results(Button):
            button.label = self.translated(BUTTONS[button.id or ""])
        self.query_one("#language", Button).label = language_name(self.planner_app.other_language() or "en")
        if self.planner_app.mode == "planner":
            select = self.query_one("#speaker", Select)
            select.set_options(self._speakers())
            select.value = self.session.speaker
        # TRANSLATORS: said just after someone chooses this language; name your own language here.
        carry_on = self._("We will carry on in English. Your answers are all kept.")
        self._say(said(self._("Assistant"), carry_on))
        self.refresh_step()

    # ----------------------------------------------------------------- showing a step
    def refresh_step(self, composed: StepView | EndView | None = None) -> None:
        """Show whatever the session says is next (`composed`: the step the screen was composed with)."""
        current = composed or self.session.current()
        if isinstance(current, EndView):
            self.view = None
            self.planner_app.show_review(self.opened, at_end=True)
            return
        self.view = current
        progress = current.progress
        _ = self._
        where = progress.section_title
        if current.is_question and progress.step_count:
            where = _("{section} — {number} of {count}", section=where, number=progress.step_number,
                      count=progress.step_count)
        self.query_one("#progress", Static).update(_("Part {number} of {count}: {where}",
                                                     number=progress.section_number, count=progress.section_count,
                                                     where=where))
        if current.section_intro and composed is None:
            self._say(said(_("Assistant"), current.section_intro))
        self.query_one("#question", Static).update(linked(current.text))
        self.query_one("#hint", Static).update(linked(current.hint) if current.hint else "")
        gettext = self.planner_app.translator.gettext
        hidden = self.planner_app.mode == "kiosk" and getattr(current.question, "sensitive", False)
        given = "; ".join(_("{who} said: {words}", who=g.participant.label(gettext),
                            words=_("(Saved. It is not shown here, to keep it private.)") if hidden else plain(g.words))
                          for g in current.given)
        self.query_one("#given", Static).update(_("Answered before — {given}", given=given) if given else "")
        self.query_one("#problem", Static).update("")
        off = self._disabled(current)
        for button_id in ("not-sure", "skip", "why", "explain"):
            self.query_one(f"#{button_id}", Button).disabled = button_id in off
        slot = self.query_one("#answer-slot", Vertical)
        if composed is not None and slot.children:
            widget = slot.query_one(AnswerWidget)
        else:
            slot.remove_children()
            widget = answer_widget(current)
            slot.mount(widget)
        self.call_after_refresh(widget.start)
        self._update_summary()

    def _disabled(self, view: StepView) -> set[str]:
        """The buttons that do nothing at this step."""
        off = set() if view.is_question else {"not-sure", "skip"}
        if view.question is not None and not view.question.not_sure:
            off.add("not-sure")
        if not view.why:
            off.add("why")
        if not self._terms(view):
            off.add("explain")
        return off

    def _say(self, *lines: Any) -> None:
        """Add lines to the transcript; only the last few are kept (all answers are in Check my answers)."""
        transcript = self.query_one("#transcript", VerticalScroll)
        transcript.mount_all([Static(text, classes="said") for text in lines])
        old = list(transcript.children)[:-KEPT]
        if old:
            transcript.remove_children(old)
        transcript.scroll_end(animate=False)

    # ----------------------------------------------------------------- answering
    @on(Answered)
    def _answered(self, event: Answered) -> None:
        event.stop()
        view = self.view
        if view is None:
            return
        outcome = self.session.answer(event.raw)
        if not outcome.accepted:
            self.query_one("#problem", Static).update(self._("Problem: {problem}", problem=outcome.problem))
            return
        self._record(view, outcome.ack)

    def _record(self, view: StepView, ack: str = "") -> None:
        """Put the question and the answer just saved into the transcript, then show what is next."""
        lines = [said(self._("Assistant"), view.text)]
        main = self.session.answers()[-1] if self.session.answers() else None
        if main is not None and main.question == view.id:
            who = self.session.participants.get(main.by, Participant(main.by, "planner")).label(self._)
            words = plain(self.session.words(main))
            if self.planner_app.mode == "kiosk" and getattr(view.question, "sensitive", False):
                # A kiosk is in a public place: someone passing must not read this answer.
                words = self._("(Saved. It is not shown here, to keep it private.)")
            lines.append(said(who if self.planner_app.mode == "planner" else self._("You"), words))
        if ack:
            lines.append(said(self._("Assistant"), ack))
        self._say(*lines)
        self.refresh_step()

    @on(Button.Pressed, "#go-on")
    def _go_on(self, event: Button.Pressed) -> None:
        event.stop()
        if self.view is not None:
            self._say(said(self._("Assistant"), self.view.text))
        self.session.proceed()
        self.refresh_step()

    @on(Button.Pressed, "#not-sure")
    def _not_sure(self) -> None:
        self._status("not_sure")

    @on(Button.Pressed, "#skip")
    def _skip(self) -> None:
        self._status("skipped")

    def _status(self, status: Status) -> None:
        view = self.view
        if view is None or not view.is_question:
            return
        outcome = self.session.set_status(status)
        if not outcome.accepted:
            self.query_one("#problem", Static).update(self._("Problem: {problem}", problem=outcome.problem))
            return
        self._record(view)

    # ----------------------------------------------------------------- the other buttons
    @on(Button.Pressed, "#back")
    def action_back(self) -> None:
        if self.session.back():
            self.refresh_step()
        else:
            self.query_one("#problem", Static).update(self._("This is the first question."))

    @on(Button.Pressed, "#why")
    def _why(self) -> None:
        if self.view is not None and self.view.why:
            self.app.push_screen(Message(self._("Why we ask"), [self.view.why]))

    @on(Button.Pressed, "#explain")
    def _explain(self) -> None:
        if self.view is None:
            return
        glossary = self.planner_app.glossary_lookup()
        tr = self.planner_app.translator
        found = [glossary_entry(glossary[t.lower()], tr) for t in self._terms(self.view) if t.lower() in glossary]
        self.app.push_screen(Message(self._("What these words mean"),
                                     [f"{entry.term[:1].upper() + entry.term[1:]}: {entry.explanation.strip()}"
                                      for entry in found]))

    def _terms(self, view: StepView) -> list[str]:
        texts = [view.text, view.hint, *(label for _, label in view.choices)]
        return list(dict.fromkeys(t for text in texts for t in terms(text)))

    @on(Button.Pressed, "#check")
    def _check(self) -> None:
        self.planner_app.show_review(self.opened, at_end=False)

    @on(Button.Pressed, "#stop")
    def _stop(self) -> None:
        self.planner_app.save_and_stop(self.opened)

    @on(Button.Pressed, "#clear")
    def _clear(self) -> None:
        def answered(sure: bool | None) -> None:
            if sure:
                self.planner_app.clear_session(self.opened)

        self.app.push_screen(Confirm(self._("Start again and clear all your answers? They cannot be brought back."),
                                     self._("Yes, clear my answers")), answered)

    @on(Button.Pressed, "#note")
    def _note(self) -> None:
        def save(text: str | None) -> None:
            if text:
                self.session.add_note(text, self.view.id if self.view else "")
                self._say(said(self._("Planner's note"), text))

        self.app.push_screen(AskText(self._("Your note (only for the plan, not read out):")), save)

    @on(Button.Pressed, "#linked-carer")
    def _carer_assessment(self) -> None:
        def begin(name: str | None) -> None:
            if name:
                who, _, relationship = name.partition(",")
                self.planner_app.start_linked_carer(self.opened, who.strip(), relationship.strip())

        self.app.push_screen(AskText(self._("Whose carer's assessment is it? Their name and how they are related. "
                                            "This conversation is saved first."),
                                     self._("For example: Sue, daughter")), begin)

    # ----------------------------------------------------------------- planner mode
    def _speakers(self) -> list[tuple[str, str]]:
        people = [(p.label(self._) if p.role != "planner" else self._("My own note (planner)"), p.id)
                  for p in self.session.participants.values()]
        return [*people, (self._("Someone else…"), SOMEONE_ELSE)]

    @on(Select.Changed, "#speaker")
    def _speaker(self, event: Select.Changed) -> None:
        event.stop()
        if event.value == SOMEONE_ELSE:
            def added(name: str | None) -> None:
                select = self.query_one("#speaker", Select)
                if name:
                    who, _, relationship = name.partition(",")
                    person = Participant(f"carer{len(self.session.participants)}", "carer", who.strip(),
                                         relationship.strip())
                    self.session.add_participant(person)
                    self.session.set_speaker(person.id)
                select.set_options(self._speakers())
                select.value = self.session.speaker

            self.app.push_screen(AskText(self._("Who else is answering? Their name and how they are related:"),
                                         self._("For example: Sue, daughter")), added)
            return
        if isinstance(event.value, str):
            self.session.set_speaker(event.value)
            self.refresh_step()

    def _update_summary(self) -> None:
        if self.planner_app.mode != "planner":
            return
        lines = []
        for section in self.session.review():
            answered = [i for i in section.items if i.given]
            if answered:
                lines.append(self.ngettext("{section}: {n} of {count} answered", "{section}: {n} of {count} answered",
                                           len(answered), section=section.title, count=len(section.items)))
        differences = self.session.differences()
        if differences:
            lines.append("")
            lines.append(self._("Differences of view:"))
            lines += [f"- {plain(self.session.view(self.session.flow.by_id[d.question]).text)}" for d in differences]
        lines += [line for note in self.session.fault_notes() for line in ("", plain(note))]
        self.query_one("#summary-text", Static).update("\n".join(lines) or self._("No answers yet."))
