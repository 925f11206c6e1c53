"""The kiosk's keeper: whatever goes wrong inside, the screen comes back to the welcome screen.

A kiosk stands in a public place with a shell behind it. If a fault of ours stops the app,
this loop starts a fresh one at once (its session was closed and every answer was already
saved), showing nothing of the fault: no traceback, no answer. Nothing is logged.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from .app import PlannerApp

REST_AFTER_FAULTS = 5  # faults in quick succession before the loop rests a moment between tries
QUICK_SECONDS = 10.0


def keep_running(make: Callable[[], PlannerApp], *, run: Callable[[PlannerApp], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic) -> int:
    """Run a new kiosk app after every fault; return only when one ends without a fault.

    Args:
        make: builds a fresh kiosk app (a new welcome screen, nothing of anyone in it).
        run: runs the app to its end (default: `app.run()`).
        sleep, clock: for the short rest after many faults close together (so a fault at start-up
            does not spin the computer).
    """
    quick: list[float] = []
    while True:
        app = make()
        try:
            if run is None:
                app.run()
            else:
                run(app)
        except Exception as error:
            app.fault = app.fault or error
        if app.fault is None:
            return app.return_code or 0
        now = clock()
        quick = [t for t in quick if now - t < QUICK_SECONDS] + [now]
        if len(quick) >= REST_AFTER_FAULTS:
            sleep(1.0)
