"""What to recompute when the app comes back to the screen. Pure rules, no I/O.

On a phone, Python is suspended while Repair is in the background: no timer runs, and
the process's monotonic clock may not have counted the time away. When it comes back
(the lifecycle state ``resume``), the pause countdown is re-anchored from the stored
wall-clock end (as after a restart), Today is rebuilt if the local day changed, and the
reminders are checked and handed to the OS again. Leaving the screen (``hide``,
``pause``) locks as before (``core.app_lock.locks_on_lifecycle``).
"""

from __future__ import annotations

from datetime import date

from repair_app.core.routes import route_path

#: Flet's ``AppLifecycleState.RESUME.value``: the app is in the foreground and has focus.
RESUME = "resume"

#: Screens that show "today" (the program day, its promise and checklist, the charts):
#: rebuilt when the local day changed while away. Others keep whatever is being typed.
DAY_ROUTES = ("/today", "/progress")


def came_back(state: str) -> bool:
    return state == RESUME


def rebuild_on_return(route: str | None, shown_day: date | None, today: date) -> bool:
    """Whether the screen on show must be rebuilt because the day changed while away."""
    return shown_day is not None and shown_day != today and route_path(route) in DAY_ROUTES
