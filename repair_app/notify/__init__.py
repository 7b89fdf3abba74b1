"""How reminders reach the person: the Notifier port, its adapters, and the reminder loop.

``repair_app.core.reminders`` decides *when*; this package decides *how*:

* ``desktop``: plyer, on Linux/macOS/Windows (shows a notification now; cannot schedule);
* ``phone``: the OS scheduler on Android/iOS through the optional ``flet-notifications``
  package (a dependency, shipped by ``flet build``), armed ahead so reminders fire with the
  app closed;
* ``in-app``: a banner in every open Repair window or tab.

Adapters are tried in order; the first that delivers wins, and none of their failures
reaches the person as a crash (:class:`~repair_app.notify.base.NotifierChain`).
"""

from .base import Delivery, Notifier, NotifierChain, NotifierUnavailable
from .firing import FireReport, fire_due, load_reminder_settings, load_state

__all__ = [
    "Delivery",
    "FireReport",
    "Notifier",
    "NotifierChain",
    "NotifierUnavailable",
    "fire_due",
    "load_reminder_settings",
    "load_state",
]
