"""Line mode at a kiosk (`planner --plain --kiosk`): the same rules as the screen kiosk.

It never ends while anyone can type: stop, Ctrl+D and Ctrl+C go back to the start for the next
person; any fault says one plain line and goes back to the start. Only a resume code opens a
conversation, and wrong codes are slowed down by the store. After a while without a key it asks
"Are you still there?", then saves, closes and goes back to the start. Nothing of one person
(their code, their answers) is said again once the next person's start is shown; the screen is
cleared, and anything typed ahead is dropped. Documents are never written to a file: a printed
copy goes straight to the printer.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from typing import TextIO

from planner.flows.loader import Content
from planner.i18n.translator import N_
from planner.store import SessionStore, StoreError

from .line import Conversation, Line, StartAgain, Stopped, TimedOut
from .line_input import Idle, InputClosed, KioskSignals
from .line_start import Start, choose, printer

SORRY = N_("Sorry, something went wrong, so we have gone back to the start. Any answers already given are saved.")
CLOSED = N_("Nobody has typed for a while, so the answers are saved and the conversation is closed.")
PAUSE_AFTER_FAULT = 1.0  # seconds
NEXT_PERSON = N_("Press Enter when you are done. Then the screen is cleared for the next person.")


def kiosk(content: Content, store: SessionStore, stdin: TextIO, stdout: TextIO, *, locale: str | None = None,
          keep_days: int = 30, idle: Idle | None = None) -> int:
    """One visit after another until standard input closes for good; returns 0 then."""
    line = Line(stdin, stdout, idle=idle or Idle.from_environment())
    with KioskSignals(line.reader):
        while True:
            purge_old(store, keep_days)
            try:
                visit(content, store, line, locale)
            except InputClosed:
                return 0
            except Exception:  # a fault of ours: never a traceback or an answer on a public screen (not even with
                line.forget()  # PLANNER_DEBUG: standard error is the same public screen)
                line.say(Start(content, store, line, locale)._(SORRY))
                time.sleep(PAUSE_AFTER_FAULT)  # a fault that comes back at once must not spin
                continue
            line.forget()


def visit(content: Content, store: SessionStore, line: Line, locale: str | None) -> None:
    """One person: choose, talk, then finish or stop; their answers are saved all along."""
    here = Start(content, store, line, locale, mode="kiosk")  # the kiosk's own language again
    line.say(here._("Hello. I am here to help you plan your care and support, one question at a time."))
    try:
        opened = choose(here)
    except (Stopped, TimedOut):
        return
    if opened is None:
        return
    opened.session.planner_away()  # the planner's own questions are never asked at a kiosk
    talk = Conversation(opened, line, content.glossary, printer(store, content), here.languages(), show_id=False)
    try:
        try:
            talk.run()
        except Stopped:
            talk.goodbye()
        except TimedOut:
            line.say(talk._(CLOSED))
            return
        except StartAgain:
            opened.close()
            store.delete(opened.record.id)
            line.say(talk._("Your answers have been cleared. Nothing of them is kept."))
        with contextlib.suppress(Stopped, TimedOut):
            line.ask(talk._(NEXT_PERSON) + " ")
    finally:
        opened.close()


def purge_old(store: SessionStore, keep_days: int) -> None:
    """A kiosk keeps conversations only for a while: older ones are deleted for good."""
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=keep_days)
    with contextlib.suppress(StoreError):  # never stop a kiosk starting; the next start tries again
        store.purge(mode="kiosk", older_than=cutoff.isoformat(timespec="seconds"))
