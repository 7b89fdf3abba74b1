"""The pause for one app session (a window or a browser tab): start it from anywhere, keep its
monotonic anchor, and say once when its time is up.

* ``start_and_show(nav)`` is the one thing any screen needs to start a pause: the Pause
  button calls it, and an app-lock screen can call it without a passcode. It never asks
  anything first.
* ``time_up_signals`` is the "time is up" port: callables that receive the finished pause,
  called once per pause, live (not for a pause found already finished when the app opens; the
  return screen greets the user then). The shell connects an in-app banner; the reminders
  notifier can be appended later (``controller.time_up_signals.append(...)``).
* ``changed_signals`` are called (no arguments) when a pause starts, is extended, ends
  early or is put away: the reminders re-arm its end with the phone's OS, so it arrives
  with the app closed, and cancel it when the pause ended early.
* One sleeping watcher task per running pause (no polling) notices the end while the user is
  on another screen; the pause screen's ticker notices it while it is open.
* If the disk refuses to save a new pause, the pause runs in memory for this session and the
  user is told it won't survive closing the app: the worst moment is no time for an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from repair_app.context import AppContext
from repair_app.core.pause import (
    JUMP_TOLERANCE_SECONDS,
    Countdown,
    InMemoryPauseRecords,
    PauseService,
    PauseSession,
)
from repair_app.core.routes import HOME, PAUSE
from repair_app.store import StoreWriteError
from repair_app.store.pause_repository import PauseRepository
from repair_app.ui.navigation import Navigator

log = logging.getLogger(__name__)

TimeUpSignal = Callable[[PauseSession], None]
TaskRunner = Callable[..., Any]
Sleeper = Callable[[float], Awaitable[Any]]

#: Sleep this much past the computed end, so the end has surely passed on waking.
WAKE_MARGIN_SECONDS = 0.02


class PauseController:
    def __init__(self, ctx: AppContext, run_task: TaskRunner | None = None,
                 sleep: Sleeper = asyncio.sleep) -> None:
        self.ctx = ctx
        self.clock = ctx.clock
        self.service = PauseService(PauseRepository(ctx.store), ctx.clock)
        self.in_memory = False
        self.time_up_signals: list[TimeUpSignal] = []
        self.changed_signals: list[Callable[[], None]] = []
        self.countdown: Countdown | None = None
        self._run_task = run_task
        self._sleep = sleep
        self._signalled: set[str] = set()
        self._watching: set[str] = set()
        self._generation = 0  # bumped on resume: older watchers stop at their next wake
        #: Where leaving the pause goes: the screen it was started from (the shell sets it).
        self.return_route = HOME

    # -- starting ------------------------------------------------------------------------------
    def start(self, nav: Navigator | None = None) -> PauseSession:
        """Start a pause now (or return the running one). Never raises for a full disk."""
        try:
            session = self.service.start()
        except StoreWriteError as error:
            log.warning("pause kept in memory: %s", error)
            self.service = PauseService(InMemoryPauseRecords(), self.clock)
            self.in_memory = True
            session = self.service.start()
            if nav is not None:
                nav.show_message(f"Your pause has started, but it couldn't be saved: {error} "
                                 "It keeps running while Repair stays open.")
        self.countdown_for(session)
        self.watch()
        self._changed()
        return session

    def start_and_show(self, nav: Navigator) -> PauseSession:
        """One tap, no questions: start the pause and open the pause screen."""
        session = self.start(nav)
        nav.go(PAUSE)
        return session

    # -- reading and keeping in step -----------------------------------------------------------
    def current(self, nav: Navigator | None = None) -> PauseSession | None:
        """The pause as it stands (settling one whose time ran out while the app was closed)."""
        try:
            return self.service.current()
        except StoreWriteError as error:
            if nav is not None:
                nav.show_message(str(error))
            return self.service.records.load_current()

    def needs_attention(self) -> bool:
        """A pause runs, or one ended and its return screen hasn't been seen yet."""
        return self.current() is not None

    def countdown_for(self, session: PauseSession) -> Countdown:
        if self.countdown is None:
            self.countdown = Countdown.anchor(session, self.clock)
        else:
            self.countdown = self.countdown.follow(session, self.clock)
        return self.countdown

    def sync(self) -> tuple[PauseSession | None, Countdown | None]:
        """Read the stored pause (cheap: an in-memory copy and a stat) and keep the anchor in
        step: a new pause or an extension from another window is followed; a wall clock that
        jumped while the app is open is corrected in the store to the monotonic truth."""
        session = self.service.records.load_current()
        if session is None or not session.running:
            return session, None
        countdown = self.countdown_for(session)
        if countdown.wall_disagreement(session, self.clock) > JUMP_TOLERANCE_SECONDS:
            try:
                session = self.service.realign(session.id, countdown.remaining(self.clock)) \
                    or session
            except StoreWriteError as error:  # the display still follows the monotonic clock
                log.warning("couldn't realign the pause: %s", error)
        return session, countdown

    # -- the transitions -----------------------------------------------------------------------
    def extend(self) -> PauseSession:
        session = self.service.extend()
        self.countdown_for(session)
        self._changed()
        return session

    def end_early(self) -> PauseSession:
        remaining = None
        session = self.service.records.load_current()
        if session is not None and self.countdown is not None \
                and self.countdown.session_id == session.id:
            remaining = self.countdown_for(session).remaining(self.clock)
        session = self.service.end_early(remaining)
        self._changed()
        return session

    def save_note(self, text: str) -> PauseSession:
        return self.service.save_note(text)

    def dismiss(self) -> None:
        self.service.dismiss()
        self._changed()

    def _changed(self) -> None:
        for signal in list(self.changed_signals):
            try:
                signal()
            except Exception:  # the reminders failing never breaks the pause
                log.exception("a pause-changed signal failed")

    def history(self, limit: int = 50) -> list[PauseSession]:
        return self.service.history(limit)

    # -- time is up ----------------------------------------------------------------------------
    def time_up(self, session: PauseSession) -> PauseSession | None:
        """The monotonic countdown of ``session`` reached zero while the app was open: finish it
        (unless it was extended meanwhile) and fire the signals once."""
        current, countdown = self.sync()
        if current is not None and current.running:
            if current.id != session.id or (countdown and countdown.remaining(self.clock) > 0):
                return current  # extended elsewhere, or another pause: not over yet
            current, _changed = self.service.finish_if_due(force=True)
        if current is not None and current.id == session.id and not current.running:
            self._signal(current)
        return current

    def _signal(self, session: PauseSession) -> None:
        if session.id in self._signalled:
            return
        self._signalled.add(session.id)
        for signal in list(self.time_up_signals):
            try:
                signal(session)
            except Exception:  # a failing notifier never breaks the pause
                log.exception("a time-up signal failed")

    # -- back from the background ----------------------------------------------------------
    def resumed(self) -> PauseSession | None:
        """The app is on screen again (a phone's ``resume``). Python was suspended meanwhile,
        so trust the stored wall-clock end as after a restart: re-anchor the countdown
        (never "realign" the end to a clock that may have stood still), settle a pause whose
        time ran out while away (the in-app cue fires once; the phone's OS showed its own
        notification already), and restart the watcher, whose sleep overslept."""
        session = self.service.records.load_current()
        if session is None or not session.running:
            return session
        self.countdown = Countdown.anchor(session, self.clock)
        self._generation += 1
        self._watching.discard(session.id)
        if session.is_due(self.clock.now()):
            finished, _changed = self.service.finish_if_due()
            if finished is not None and not finished.running:
                self._signal(finished)
            return finished
        self.watch()
        return session

    # -- the watcher ---------------------------------------------------------------------------
    def watch(self) -> None:
        """Make sure one sleeping task waits for the end of the running pause."""
        if self._run_task is None:
            return
        session, _countdown = self.sync()
        if session is None or not session.running or session.id in self._watching:
            return
        self._watching.add(session.id)
        try:
            self._run_task(self.watch_until_time_up, session.id, self._generation)
        except Exception:  # no event loop (e.g. the page is closing): the screen still ticks
            self._watching.discard(session.id)
            log.exception("couldn't start the pause watcher")

    async def watch_until_time_up(self, pause_id: str, generation: int | None = None) -> None:
        generation = self._generation if generation is None else generation
        try:
            while True:
                if generation != self._generation:
                    return  # a newer watcher took over (see resumed())
                session, countdown = self.sync()
                if session is None or session.id != pause_id or not session.running \
                        or countdown is None:
                    return
                left = countdown.remaining(self.clock)
                if left <= 0:
                    self.time_up(session)
                    return
                await self._sleep(left + WAKE_MARGIN_SECONDS)
        finally:
            if generation == self._generation:
                self._watching.discard(pause_id)
