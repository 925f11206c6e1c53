"""The Textual app: one app, a screen per part of a visit, and the kiosk's rules."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from pathlib import Path
from typing import Literal
from collections.abc import Callable

from textual import events
from textual.app import App
from textual.notifications import SeverityLevel
from textual import widgets as textual_widgets

from planner.flows.answers import ROLE_FOR, Participant
from planner.flows.flow import Flow
from planner.flows.loader import Content
from planner.flows.model import GlossaryEntry
from planner.i18n import catalogues
from planner.i18n.translator import N_, Translator
from planner.text import for_terminal
from planner.store import SessionInUse, SessionStore, StoreError
from planner.store.linking import carer_flow
from planner.store.opening import Opened, resume, set_language, start, translator_for

from .conversation import ConversationScreen
from .dialogs import Message, StillThere
from .themes import THEMES
from .welcome import WelcomeScreen

Mode = Literal["self", "planner", "kiosk"]
WRONG_CODE = N_("I cannot find that code. Please check it and try again.")
CODE_LOCKED = N_("That code has been tried too many times, so it is locked to keep it safe. Please ask a member "
                 "of staff to help.")
CANNOT_OPEN = N_("Sorry, that conversation cannot be opened here. Please ask someone to help you.")
PLANNER_ONLY = N_("That conversation was started with a planner. Please ask them to open it.")


class PlannerApp(App[None]):
    """The assistant: welcome, conversation, check my answers, finish."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "Planner"
    ENABLE_COMMAND_PALETTE = False  # it offers Quit and theme changes, which a kiosk must not

    def __init__(self, content: Content, store: SessionStore, *, mode: Mode = "self", high_contrast: bool = False,
                 spacious: bool = False, idle_seconds: float = 120, warning_seconds: int = 30,
                 clock: Callable[[], float] = time.monotonic, keep_days: int = 30,
                 locale: str | None = None) -> None:
        super().__init__()
        for theme in THEMES:
            self.register_theme(theme)
        self._first_theme(high_contrast)
        self.content = content
        self.store = store
        self.default_locale = catalogues.supported(locale, self._folders()) or catalogues.SOURCE
        self.locale = self.default_locale
        self.translator: Translator = translator_for(self.locale, content)
        self.mode: Mode = mode
        self.high_contrast = high_contrast
        self.spacious = spacious
        self.idle_seconds = idle_seconds
        self.warning_seconds = max(20, warning_seconds)
        self.clock = clock
        self.opened: Opened | None = None
        self.last_activity = clock()
        self._still_there: StillThere | None = None
        self.keep_days = keep_days
        self.fault: BaseException | None = None  # the fault that stopped the app, if one did
        self._set_up = False

    def _first_theme(self, high_contrast: bool) -> None:
        """Start in our own theme, before the stylesheet is first parsed.

        Setting `theme` once running would parse every stylesheet again with the new colours (and
        again when the next widget's CSS comes, as Textual's reparse drops its cache).
        """
        name = "planner-high-contrast" if high_contrast else "planner"
        self.set_reactive(App.theme, name)
        self.stylesheet.set_variables(self.get_css_variables())
        dark = self.current_theme.dark
        self._refresh_truecolor_filter(self.ansi_theme)
        classes = {theme: False for theme in self.classes if theme.startswith("-theme-")}
        self.update_classes({**classes, f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark},
                            update=False)

    def on_mount(self) -> None:
        # Textual calls the on_mount of every class in the MRO, so a subclass's on_mount that also
        # calls super().on_mount() would run this twice: two welcome screens, two kiosk timers.
        if self._set_up:
            return
        self._set_up = True
        self.animation_level = "none"
        self.set_high_contrast(self.high_contrast)
        self.set_spacious(self.spacious)
        self.push_screen(WelcomeScreen())
        if self.mode == "kiosk":
            self.purge_old()
            self.set_interval(1, self.tick)

    # ----------------------------------------------------------------- looks
    def set_high_contrast(self, on: bool) -> None:
        self.high_contrast = on
        self.theme = "planner-high-contrast" if on else "planner"
        self.set_class(on, "high-contrast")

    def set_spacious(self, on: bool) -> None:
        self.spacious = on
        self.set_class(on, "spacious")

    def on_resize(self, event: events.Resize) -> None:
        self.set_class(event.size.width < 70, "narrow")

    # ----------------------------------------------------------------- language
    def _folders(self) -> tuple[Path, ...]:
        return catalogues.folders_for(self.content.root)

    def languages(self) -> list[str]:
        """English, then every language with a catalogue."""
        return catalogues.languages(self._folders())

    def other_language(self) -> str | None:
        """The language a one-press switch goes to: the next one after this (None with only one)."""
        found = self.languages()
        if len(found) < 2:
            return None
        return found[(found.index(self.locale) + 1) % len(found)] if self.locale in found else found[0]

    def set_language(self, locale: str) -> None:
        """Speak another language; an open conversation carries on in it with every answer kept."""
        self.locale = catalogues.supported(locale, self._folders()) or catalogues.SOURCE
        self.translator = translator_for(self.locale, self.content)
        if self.opened is not None:
            try:
                set_language(self.store, self.opened, self.locale, self.content)
            except StoreError:
                self.opened.session.set_translator(self.translator)  # shown now; saved with the next answer's state

    def _(self, message: str, **params: object) -> str:
        return self.translator.gettext(message, **params)

    def ngettext(self, singular: str, plural: str, n: int, **params: object) -> str:
        return self.translator.ngettext(singular, plural, n, **params)

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """A passing message, always as words: it may quote what someone typed."""
        super().notify(for_terminal(message), title=for_terminal(title), severity=severity, timeout=timeout,
                       markup=False)

    # ----------------------------------------------------------------- content
    def flows(self) -> list[Flow]:
        return sorted(self.content.flows.values(), key=lambda f: f.header.title)

    def glossary_lookup(self) -> dict[str, GlossaryEntry]:
        return {word.lower(): entry for entry in self.content.glossary.values()
                for word in [entry.term, *entry.synonyms]}

    # ----------------------------------------------------------------- visits
    def start_flow(self, flow_id: str) -> None:
        """A new conversation, and its code shown to the person who starts it."""
        flow = self.content.flows[flow_id]
        people = [Participant("person", ROLE_FOR.get(flow.header.for_, "person"))]
        if self.mode == "planner":
            people.append(Participant("planner", "planner", "", "planner"))
        self._begin(flow_id, people, None, lambda code: (self._("Your code"), [
            self._("Your code is {code}.", code=code),
            self._("Please write it down and keep it private. With it you can stop at any time and carry on later.")]))

    def start_linked_carer(self, plan: Opened, name: str, relationship: str) -> None:
        """Save the person's plan, then start the carer's own assessment, linked to it."""
        flow_id = carer_flow(self.content, plan.record.flow_id)
        if flow_id is None:  # the button is only shown for a flow a carer's flow links to
            return
        self._close(plan)
        self.go_home()
        people = [Participant("carer", "carer", name, relationship), Participant("planner", "planner", "", "planner")]
        self._begin(flow_id, people, plan.record.id, lambda code: (self._("A carer's own assessment"), [
            self._("This is {name}'s own conversation. It is linked to the plan, but {name} decides what the plan may "
                   "see.", name=name),
            self._("Its code is {code}. The plan's code has not changed.", code=code)]))

    def _begin(self, flow_id: str, people: list[Participant], linked_to: str | None,
               note: Callable[[str], tuple[str, list[str]]]) -> None:
        try:
            opened = start(self.store, self.content, flow_id, participants=people, mode=self.mode,
                           linked_to=linked_to, locale=self.locale)
        except StoreError as error:
            self.push_screen(Message(self._("Sorry"), [error.text(self.translator)]))
            return
        self._open(opened)
        self.push_screen(Message(*note(opened.code)))

    def resume_code(self, typed: str) -> str | None:
        """Open the session with this code; a plain problem if it cannot be opened.

        Only a resume code opens a conversation here (never a session id): wrong tries are counted
        in the store, so the wait survives a restart, and the wait is said exactly.
        """
        if not typed.strip():
            return self._("Please type your code first.")
        check = self.store.open_by_code(typed, place="kiosk" if self.mode == "kiosk" else self.mode)
        record = check.record
        if record is None:
            if check.locked:
                return self._(CODE_LOCKED)
            if check.wait > 0:
                return self.ngettext("Please check your code. Please wait {n} second, then try again.",
                                     "Please check your code. Please wait {n} seconds, then try again.", check.wait)
            return self._(WRONG_CODE)
        if self.mode == "kiosk" and record.mode == "planner":
            return self._(PLANNER_ONLY)
        try:
            opened = resume(self.store, self.content, record)
        except SessionInUse as error:
            return error.text(self.translator)
        except StoreError as error:  # at a kiosk, never words that name a session (its id) or the data folder
            return self._(CANNOT_OPEN) if self.mode == "kiosk" else error.text(self.translator)
        self._open(opened)
        return None

    def _open(self, opened: Opened) -> None:
        if self.mode != "planner":  # the planner's own questions are never asked in self-service or at a kiosk
            opened.session.planner_away()
        self.opened = opened
        self.locale = catalogues.supported(opened.record.locale, self._folders()) or catalogues.SOURCE
        self.translator = opened.session.translator  # a conversation carries on in its own language
        self.push_screen(ConversationScreen(opened))

    def show_review(self, opened: Opened, *, at_end: bool) -> None:
        from .review import ReviewScreen  # here: not needed before the first question

        self.push_screen(ReviewScreen(opened, at_end))

    def show_conversation(self, opened: Opened) -> None:
        """Back from the review screen to the conversation, at wherever the session now is."""
        self.pop_screen()
        if isinstance(self.screen, ConversationScreen):
            self.screen.refresh_step()

    def finish(self, opened: Opened) -> None:
        end = opened.session.finish()
        if end.missing_required:
            names = [item.prompt for item in end.missing_required]
            self.push_screen(Message(self._("A few questions must be answered first"), names))
            return
        self._close(opened)
        self.go_home()
        self._show_finish(opened, finished=True)

    def save_and_stop(self, opened: Opened) -> None:
        self._close(opened)
        self.go_home()
        self._show_finish(opened, finished=False)

    def _show_finish(self, opened: Opened, *, finished: bool) -> None:
        from .finish import FinishScreen  # here: not needed before the first question

        self.push_screen(FinishScreen(opened, finished=finished))

    def clear_session(self, opened: Opened) -> None:
        self._close(opened)
        try:
            self.store.delete(opened.record.id)
        except StoreError as error:
            self.push_screen(Message(self._("Sorry"), [error.text(self.translator)]))
            return
        self.go_home()
        cleared = self._("Your answers have been cleared. Nothing of them is kept.")
        self.push_screen(Message(self._("Cleared"), [cleared]))

    def _close(self, opened: Opened) -> None:
        opened.close()
        if self.opened is opened:
            self.opened = None

    def go_home(self, *, next_person: bool = False) -> None:
        """Back to a fresh welcome screen, with nothing of the last visit left on screen.

        With `next_person` at a kiosk, the screen goes back to its own language too.
        """
        if next_person and self.mode == "kiosk" and self.opened is None:
            self.set_language(self.default_locale)
        self._clipboard = ""  # Ctrl+V must not give the next person what the last one copied
        for screen in self.screen_stack:
            clear_boxes(screen)
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(WelcomeScreen())

    # ----------------------------------------------------------------- kiosk
    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown, events.MouseScrollDown, events.MouseScrollUp,
                              events.Paste)):
            self.last_activity = self.clock()
        await super().on_event(event)

    def at_rest(self) -> bool:
        """Nothing of anyone is on screen: no conversation, no dialog, no code typed, the kiosk's own language."""
        if self.opened is not None or self.locale != self.default_locale or len(self.screen_stack) > 2:
            return False
        screen = self.screen
        if not isinstance(screen, WelcomeScreen):
            return False
        return not screen.holds_anything()

    def tick(self) -> None:
        """Once a second at a kiosk: when idle on any screen, warn; then save, close and clear."""
        if self._still_there is not None:
            self._still_there.tick()
            if self._still_there.left <= 0:
                self.time_out()
            return
        if self.clock() - self.last_activity < self.idle_seconds:
            return
        if self.at_rest():
            self.last_activity = self.clock()
            return
        self._still_there = StillThere(self.warning_seconds, self.clock, saving=self.opened is not None)
        self.push_screen(self._still_there, self._more_time)

    def _more_time(self, more: bool | None) -> None:
        self._still_there = None
        self.last_activity = self.clock()

    def time_out(self) -> None:
        """Nobody answered the warning: the answers are saved; close and clear everything."""
        self._still_there = None
        if self.opened is not None:
            self._close(self.opened)
        self.purge_old()
        self.go_home(next_person=True)
        self.last_activity = self.clock()

    def purge_old(self) -> None:
        """A kiosk keeps conversations only for a while: older ones are deleted for good."""
        cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=self.keep_days)
        with contextlib.suppress(StoreError):  # never stop a kiosk starting; the next start tries again
            self.store.purge(mode="kiosk", older_than=cutoff.isoformat(timespec="seconds"))

    def copy_to_clipboard(self, text: str) -> None:
        """At a kiosk a copy stays inside the app: the terminal's own clipboard would outlive the visit."""
        if self.mode == "kiosk":
            self._clipboard = text
            return
        super().copy_to_clipboard(text)

    async def action_quit(self) -> None:
        if self.mode != "kiosk":
            await super().action_quit()

    def action_help_quit(self) -> None:
        if self.mode != "kiosk":
            super().action_help_quit()

    # ----------------------------------------------------------------- faults
    def _handle_exception(self, error: Exception) -> None:
        """A fault of ours: the app stops, its session is closed (every answer is already saved).

        Textual would print a traceback with the values of variables, answers among them, on the
        screen the public sees; it is kept only with PLANNER_DEBUG, and never at a kiosk. The
        caller (`planner.cli`, or the kiosk's loop in `planner.ui.kiosk`) reads `fault`.
        """
        self.fault = error
        if self.opened is not None:
            try:
                self._close(self.opened)
            except Exception:
                self.opened = None
        if os.environ.get("PLANNER_DEBUG") and self.mode != "kiosk":
            super()._handle_exception(error)
            return
        self._return_code = 1
        if self._exception is None:  # so that a test run (Pilot) still sees it
            self._exception = error
            self._exception_event.set()
        self._close_messages_no_wait()

    def _print_error_renderables(self) -> None:
        """At a kiosk nothing of a fault is ever printed (the screen is in front of the public)."""
        if self.mode == "kiosk":
            self._exit_renderables.clear()
            return
        super()._print_error_renderables()


def clear_boxes(screen: object) -> None:
    """Empty every box on a screen, so nothing typed there is left for the next person."""
    query = getattr(screen, "query", None)
    if query is None:
        return
    for box in query(textual_widgets.Input).results(textual_widgets.Input):
        box.value = ""
    for area in query(textual_widgets.TextArea).results(textual_widgets.TextArea):
        area.text = ""
