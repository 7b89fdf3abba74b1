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

from repair_app.content import default_program
from repair_app.core.clock import Clock, local_today
from repair_app.core.content import Program
from repair_app.core.pause import PauseSession
from repair_app.core.reminder_asks import reminder_message, reminder_rules
from repair_app.core.reminders import (
    MAX_SLEEP_SECONDS,
    BannerSink,
    PromiseLog,
    ReminderKind,
    TrialResult,
    describe_next,
    message_for,
    next_due,
    pause_end_occurrence,
    skip_reason,
    sleep_seconds,
    upcoming_occurrences,
)
from repair_app.core.settings import Settings
from repair_app.store import Store
from repair_app.store.pause_repository import PauseRepository

from .access import NotificationAccess
from .base import Delivery, Notifier, NotifierChain
from .desktop import PlyerNotifier
from .firing import (
    FireReport,
    fire_due,
    load_reminder_settings,
    load_state,
    occurrence_message,
    save_state,
)
from .in_app import InAppNotifier
from .mobile import HORIZON_DAYS, PhoneNotifications

log = logging.getLogger(__name__)

#: Wake a little after the due instant, never a little before it.
WAKE_MARGIN_SECONDS = 0.05


class ReminderService:
    def __init__(self, store: Store, clock: Clock, *, promises: PromiseLog | None = None,
                 desktop: Notifier | None = None,
                 max_sleep: float = MAX_SLEEP_SECONDS, program: Program | None = None) -> None:
        self.store = store
        self.clock = clock
        self.program = program if program is not None else default_program()
        self.promises = promises
        self.desktop: Notifier = desktop if desktop is not None else PlyerNotifier()
        self.in_app = InAppNotifier()
        self.phone: PhoneNotifications | None = None
        self.access = NotificationAccess(store, clock)
        self.access.on_change = self.rearm_soon
        self.max_sleep = max_sleep
        self.last_report: FireReport | None = None
        self._armed_plan: tuple | None = None
        #: The id of the running pause whose end the phone's OS will show, if any.
        self.armed_pause: str | None = None
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
        self.access.attach(phone)
        self.rearm_soon()

    def rearm_soon(self) -> None:
        """Hand the whole plan to the phone again on the next cycle (after a permission
        answer, on coming back to the app), even if the plan itself did not change."""
        self._armed_plan = None
        self.changed()

    def notify_pause_over(self, session: PauseSession | None = None, *,
                          discreet: bool) -> Delivery:
        """A pause's time is up while the app is open: tell the OS too (the pause screen
        or its in-app banner already shows it), so a user in another app hears of it.
        Not through the phone when its OS was given this pause's end already: it shows
        that one itself, and twice would be once too many."""
        message = message_for(ReminderKind.PAUSE, discreet=discreet)
        phone = self.phone
        if phone is not None and session is not None and self.armed_pause == session.id:
            phone = None
        return NotifierChain([n for n in (phone, self.desktop) if n is not None]) \
            .deliver(message)

    def session(self, sink: BannerSink) -> SessionReminders:
        return SessionReminders(self, sink)

    # -- one cycle -----------------------------------------------------------------------

    def cycle(self) -> FireReport | None:
        """Fire what is due and re-arm the phone. Never raises (logs instead)."""
        try:
            report = fire_due(self.store, self.clock, self.chain(), self.promises, self.program)
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
        """Hand the next HORIZON_DAYS of reminders, and the end of a running pause, to
        the phone's OS scheduler (they fire with the app closed)."""
        phone = self.phone
        if phone is None:
            return
        with self.store.transaction():
            settings = load_reminder_settings(self.store)
            state = load_state(self.store)
            pause = PauseRepository(self.store).load_current()
        now = self.clock.now()
        rules = reminder_rules(settings, self.program)
        horizon = now + timedelta(days=HORIZON_DAYS)
        discreet = settings.discreet_notifications
        plan = [(o, occurrence_message(self.program, settings, o, self.promises))
                for o in upcoming_occurrences(rules, now, state, until=horizon)
                if not skip_reason(o, self.promises)]
        pause_end = pause_end_occurrence(pause, now)
        if pause_end is not None:
            plan.insert(0, (pause_end, message_for(ReminderKind.PAUSE, discreet=discreet,
                                                   key=pause_end.key)))
        signature = tuple((o.key, o.due.isoformat(), m.title, m.body) for o, m in plan)
        if signature == self._armed_plan:
            return
        zone_name = getattr(now.tzinfo, "key", None)
        armed = phone.run(phone.arm(plan, zone_name))
        self.armed_pause = (pause.id if pause is not None and pause_end is not None
                            and pause_end.key in armed else None)
        reminders_armed = {k: v for k, v in armed.items()
                           if not k.startswith(ReminderKind.PAUSE.value + ":")}
        with self.store.transaction():
            save_state(self.store, load_state(self.store).with_armed(reminders_armed))
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
        """Send what today's morning reminder would send, now, to this window if nothing
        else can show it; ``discreet`` as the screen's switch shows it (None: as saved).
        Never raises."""
        try:
            settings = load_reminder_settings(self.store)
        except Exception:
            settings = Settings()  # discreet by default
        if discreet is not None:
            settings = settings.with_changes(discreet_notifications=discreet)
        message = reminder_message(self.program, settings, ReminderKind.MORNING,
                                   local_today(self.clock))
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
        return describe_next(next_due(reminder_rules(settings, self.program), now, state), now)


class SessionReminders:
    """The reminders as one window sees them (implements core ReminderControl)."""

    def __init__(self, service: ReminderService, sink: BannerSink) -> None:
        self.service = service
        self.sink = sink
        self.access = service.access

    def changed(self) -> None:
        self.service.changed()

    def send_test(self, discreet: bool | None = None) -> TrialResult:
        return self.service.send_test(self.sink, discreet)

    def describe_next(self) -> str:
        return self.service.describe_next()

