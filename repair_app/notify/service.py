"""The reminder loop: one per process, shared by every open window or tab.

It sleeps until the next due time (an ``asyncio.Event`` wait with a timeout, not a
polling tick), wakes early when settings or today's promise change, and fires what is due
through the notifier chain (phone's OS scheduler, desktop, in-app banner).

Sleep/resume and clock changes: a sleeping task is timed by the monotonic clock, which
does not follow a changed wall clock and (on Linux and macOS) does not count the time
the machine was suspended. So each sleep is capped at ``MAX_SLEEP_SECONDS`` (60 s) and
the next due time is recomputed from the wall clock on every wake: after a resume, a
clock change or a trip to another time zone, a reminder is at most a minute late, and the
persisted last-handled day per rule keeps it from firing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from concurrent.futures import Future
from datetime import timedelta

from repair_app.core.clock import Clock
from repair_app.core.reminders import (
    MAX_SLEEP_SECONDS,
    BannerSink,
    PromiseLog,
    ReminderKind,
    TrialResult,
    describe_next,
    message_for,
    next_due,
    rules_from_settings,
    skip_reason,
    sleep_seconds,
    upcoming_occurrences,
)
from repair_app.store import Store

from .base import Delivery, Notifier, NotifierChain
from .desktop import PlyerNotifier
from .firing import FireReport, fire_due, load_reminder_settings, load_state, save_state
from .in_app import InAppNotifier
from .mobile import HORIZON_DAYS, PhoneNotifications

log = logging.getLogger(__name__)

#: Wake a little after the due instant, never a little before it.
WAKE_MARGIN_SECONDS = 0.05


class ReminderService:
    def __init__(self, store: Store, clock: Clock, *, promises: PromiseLog | None = None,
                 desktop: Notifier | None = None,
                 max_sleep: float = MAX_SLEEP_SECONDS) -> None:
        self.store = store
        self.clock = clock
        self.promises = promises
        self.desktop: Notifier = desktop if desktop is not None else PlyerNotifier()
        self.in_app = InAppNotifier()
        self.phone: PhoneNotifications | None = None
        self.max_sleep = max_sleep
        self.last_report: FireReport | None = None
        self._armed_plan: tuple | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._task: Future | None = None
        self._guard = threading.Lock()
        self._stopping = False

    # -- the chain -----------------------------------------------------------------------

    def chain(self, in_app: Notifier | None = None) -> NotifierChain:
        notifiers: list[Notifier] = []
        if self.phone is not None:
            notifiers.append(self.phone)
        notifiers.append(self.desktop)
        notifiers.append(in_app if in_app is not None else self.in_app)
        return NotifierChain(notifiers)

    # -- sessions ------------------------------------------------------------------------

    def attach(self, sink: BannerSink) -> None:
        self.in_app.attach(sink)
        self.changed()  # something missed earlier today can now be shown

    def detach(self, sink: BannerSink) -> None:
        self.in_app.detach(sink)

    def attach_phone(self, phone: PhoneNotifications) -> None:
        self.phone = phone
        self._armed_plan = None
        self.changed()

    def notify_pause_over(self, *, discreet: bool) -> Delivery:
        """A pause's time is up while the app is open: tell the OS too (the pause screen
        or its in-app banner already shows it), so a user in another app hears of it."""
        message = message_for(ReminderKind.PAUSE, discreet=discreet)
        return NotifierChain([n for n in (self.phone, self.desktop) if n is not None]) \
            .deliver(message)

    def session(self, sink: BannerSink) -> SessionReminders:
        return SessionReminders(self, sink)

    # -- one cycle -----------------------------------------------------------------------

    def cycle(self) -> FireReport | None:
        """Fire what is due and re-arm the phone. Never raises (logs instead)."""
        try:
            report = fire_due(self.store, self.clock, self.chain(), self.promises)
        except Exception:
            log.exception("checking reminders failed")
            return None
        self.last_report = report
        if self.phone is not None:
            try:
                self.rearm()
            except Exception:
                log.exception("arming phone reminders failed")
        return report

    def rearm(self) -> None:
        """Hand the next HORIZON_DAYS of reminders to the phone's OS scheduler."""
        phone = self.phone
        if phone is None:
            return
        with self.store.transaction():
            settings = load_reminder_settings(self.store)
            state = load_state(self.store)
        now = self.clock.now()
        rules = rules_from_settings(settings)
        horizon = now + timedelta(days=HORIZON_DAYS)
        plan = [(o, message_for(o.kind, discreet=settings.discreet_notifications, key=o.key))
                for o in upcoming_occurrences(rules, now, state, until=horizon)
                if not skip_reason(o, self.promises)]
        signature = tuple((o.key, o.due.isoformat(), m.title, m.body) for o, m in plan)
        if signature == self._armed_plan:
            return
        zone_name = getattr(now.tzinfo, "key", None)
        armed = phone.run(phone.arm(plan, zone_name))
        with self.store.transaction():
            save_state(self.store, load_state(self.store).with_armed(armed))
        self._armed_plan = signature

    # -- the loop ------------------------------------------------------------------------

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Start the loop on ``loop`` (the Flet server's loop) once per process."""
        with self._guard:
            if self._task is not None:
                return
            self._loop = loop
            self._task = asyncio.run_coroutine_threadsafe(self.run(), loop)

    def stop(self) -> None:
        with self._guard:
            self._stopping = True
        self.changed()

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def changed(self) -> None:
        """Wake the loop now (thread-safe): settings, the promise or the windows changed."""
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)

    async def run(self) -> None:
        self._wake = asyncio.Event()
        while not self._stopping:
            report = await asyncio.to_thread(self.cycle)
            delay = self.max_sleep
            if report is not None and not report.undelivered:
                upcoming = report.next.due if report.next is not None else None
                delay = sleep_seconds(self.clock.now(), upcoming, self.max_sleep)
                if delay > 0:
                    delay += WAKE_MARGIN_SECONDS
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)
            self._wake.clear()

    # -- for screens ---------------------------------------------------------------------

    def send_test(self, sink: BannerSink | None, discreet: bool | None = None) -> TrialResult:
        """Send what the morning reminder would send, now, to this window if nothing else
        can show it; ``discreet`` as the screen's switch shows it (None: as saved). Never
        raises."""
        if discreet is None:
            try:
                discreet = load_reminder_settings(self.store).discreet_notifications
            except Exception:
                discreet = True
        message = message_for(ReminderKind.MORNING, discreet=discreet)
        here = InAppNotifier([sink] if sink is not None else [])
        delivery = self.chain(in_app=here).deliver(message)
        return TrialResult(message, delivery.via, delivery.problems)

    def describe_next(self) -> str:
        try:
            with self.store.transaction():
                settings = load_reminder_settings(self.store)
                state = load_state(self.store)
        except Exception:
            log.warning("reading reminder state failed", exc_info=True)
            return ""
        now = self.clock.now()
        return describe_next(next_due(rules_from_settings(settings), now, state), now)


class SessionReminders:
    """The reminders as one window sees them (implements core ReminderControl)."""

    def __init__(self, service: ReminderService, sink: BannerSink) -> None:
        self.service = service
        self.sink = sink

    def changed(self) -> None:
        self.service.changed()

    def send_test(self, discreet: bool | None = None) -> TrialResult:
        return self.service.send_test(self.sink, discreet)

    def describe_next(self) -> str:
        return self.service.describe_next()

