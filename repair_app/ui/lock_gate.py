"""The lock gate of one window or browser tab: lock screen, idle lock, background lock.

One gate per page session. When the app lock is on, the session starts locked and shows
only :class:`~repair_app.ui.screens.lock.LockScreen`; the Shell (and, when the journal is
encrypted, the store itself) is opened only after the right passcode. It locks again:

- after the idle time with no activity. *Activity* is: a route change (every navigation,
  back/forward), a key press anywhere on the page (``page.on_keyboard_event``), typing
  on the lock screen, and unlocking. Taps inside a screen that do not navigate are not
  seen (Flet has no global input hook), so on a phone a long stretch of typing without
  navigating can lock: the screen is covered, not rebuilt, and what was typed is still
  there after unlocking;
- at once when a phone app leaves the screen (lifecycle ``hide``/``pause``), and when
  a browser tab disconnects (closing or reloading it);
- at once on "Lock now" in Settings (every window of this process).

A running pause shown on screen holds the idle lock: stillness is what the pause asks for,
so the idle time counts from the pause's end. On any other screen the idle lock applies,
and the lock screen then shows the running pause's time left and a way back to it.

The idle timer is one ``page.run_task`` coroutine that sleeps until the idle deadline
(or until woken by a settings change), checks, and sleeps again: no polling.

While locked, the lock view covers the screen that was open (kept, so nothing typed is
lost). Flutter keeps a covered view off screen and out of the accessibility tree. When the
journal is encrypted, nothing from it is loaded before the first unlock.
The Pause hook: ``gate.start_pause`` (None until the pause feature is connected; the
lock screen shows its Pause button only when it is set).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

import flet as ft

from repair_app.context import AppContext
from repair_app.core.app_lock import OPEN_WHILE_LOCKED, IdleTimer, locks_on_lifecycle
from repair_app.core.biometric_unlock import (
    AUTH_REASON,
    BiometricControl,
    BiometricOutcome,
    message_after,
    offered_on_lock_screen,
    unlock_button_label,
)
from repair_app.core.clock import Clock
from repair_app.core.lifecycle import came_back
from repair_app.core.routes import PAUSE, route_path
from repair_app.lock_service import LockService
from repair_app.store import StoreCorruptError, WrongKeyError
from repair_app.ui.events import chain_handler
from repair_app.ui.screens.lock import LockScreen
from repair_app.ui.shell import Shell
from repair_app.ui.theme import apply_theme
from repair_app.ui.widgets.pause_button import remaining_now

log = logging.getLogger(__name__)


class KeyKeeperLike(Protocol):
    """The phone's keystore for the journal's key (``repair_app.key_keeper.KeyKeeper``)."""

    async def read(self) -> str | None: ...

    async def keep(self, text: str) -> bool: ...

    async def forget(self) -> None: ...


class LockGate:
    def __init__(self, page: ft.Page, app_lock: LockService, clock: Clock,
                 open_context: Callable[[], AppContext],
                 make_shell: Callable[[ft.Page, AppContext, LockGate], Shell] | None = None
                 ) -> None:
        self.page = page
        self.app_lock = app_lock
        self.clock = clock
        self.open_context = open_context
        self.make_shell = make_shell or (lambda page, ctx, gate: Shell(page, ctx, lock=gate))
        #: THE pause hook: set it to start a pause (no passcode, no private text).
        self.start_pause: Callable[[], None] | None = None
        #: The phone's fingerprint/face check (repair_app.device_auth); None on web/desktop.
        self.biometrics: BiometricControl | None = None
        #: The phone's keystore for an encrypted journal's key (repair_app.key_keeper).
        self.key_keeper: KeyKeeperLike | None = None
        self.shell: Shell | None = None
        self.locked = app_lock.enabled
        self.idle = IdleTimer(app_lock.idle_seconds, clock.monotonic())
        self.screen: LockScreen | None = None
        self._lock_view: ft.View | None = None
        self._pending: set[str] = set()
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closed = False
        self._pause_end: float | None = None  # monotonic end of the pause on screen

    # -- what the lock screen and the shell ask ------------------------------------------

    @property
    def digits_only(self) -> bool:
        return self.app_lock.digits_only

    def touch(self) -> None:
        """Activity: push the idle deadline back."""
        self.idle.touch(self.clock.monotonic())

    def pause_left(self) -> float | None:
        """Seconds left in a running pause this window knows of (None: none runs, or the
        app hasn't been opened yet in this window)."""
        if self.shell is None:
            return None
        try:
            return remaining_now(self.shell.pause)
        except Exception:  # the lock screen must show even if the pause can't be read
            log.exception("couldn't read the running pause")
            return None

    def _hold_until(self) -> float | None:
        """While the pause screen shows a running pause, the idle lock waits for its end
        (remembered, so the return screen after it gets the full idle time too)."""
        if route_path(self.page.route) != PAUSE:
            self._pause_end = None
            return None
        left = self.pause_left()
        if left is not None:
            self._pause_end = self.clock.monotonic() + left
        return self._pause_end

    def intercept(self, route: str) -> bool:
        """Called by the Shell before it builds a route: True if the lock screen is shown
        instead (the app is locked and the route is not one that may open while locked)."""
        if not self.locked or route in OPEN_WHILE_LOCKED:
            return False
        self.show_lock()
        return True

    # -- lifecycle -------------------------------------------------------------------------

    def open_pause(self) -> None:
        """The lock screen's Pause button: start a pause at once, without the passcode.
        The window's Shell is started behind the lock if it wasn't yet (it shows only
        the pause while locked)."""
        if self.shell is None:
            self._start_shell(self.open_context())
        assert self.shell is not None
        self.shell.pause.start_and_show(self.shell)

    def start(self) -> None:
        page = self.page
        page.title = "Repair"  # never anything from the journal
        theme = self.app_lock.device.public("settings").get("theme", "system")
        apply_theme(page, theme if isinstance(theme, str) else "system")
        self.app_lock.listeners.append(self._service_event)
        page.on_keyboard_event = chain_handler(page.on_keyboard_event, self._key)
        page.on_app_lifecycle_state_change = chain_handler(page.on_app_lifecycle_state_change,
                                                         self._lifecycle)
        page.on_disconnect = chain_handler(page.on_disconnect, self._disconnected)
        page.on_close = chain_handler(page.on_close, self._closed_session)
        if self.locked:
            self.show_lock()
        else:
            self._start_shell(self.open_context())
        page.run_task(self.watch_idle)
        if self.biometrics is not None:
            page.run_task(self.refresh_biometrics)

    def _start_shell(self, ctx: AppContext) -> None:
        ctx.notices[:0] = self.app_lock.notices
        self.app_lock.notices.clear()
        self.shell = self.make_shell(self.page, ctx, self)
        # Before the shell starts, so that its first update carries every page handler
        # (the shell chains its own after this one).
        self.page.on_route_change = chain_handler(self.page.on_route_change,
                                                lambda _e: self.touch(), first=True)
        self.shell.start()

    def close(self) -> None:
        self._closed = True
        if self._service_event in self.app_lock.listeners:
            self.app_lock.listeners.remove(self._service_event)
        self._poke()

    # -- locking and unlocking ---------------------------------------------------------------

    def lock_now(self) -> None:
        if not self.app_lock.enabled:
            return
        self.locked = True
        self.show_lock()

    def show_lock(self) -> None:
        """Cover the app with the lock view (on top of the screen underneath, which keeps
        whatever was being typed; Flutter keeps covered views off screen and out of the
        accessibility tree). Open dialogs and messages are closed."""
        page = self.page
        if self._lock_view is None or not page.views or page.views[-1] is not self._lock_view:
            if self._lock_view in page.views:
                page.views.remove(self._lock_view)
            # On the web an autofocused field leaves Flutter's editing input in the page
            # with no name (a stray stop for a screen reader); a phone raises its keyboard.
            self.screen = LockScreen(self, autofocus=not getattr(page, "web", False))
            self._lock_view = self.screen.view(page.route or "/")
            page.views.append(self._lock_view)
        for _ in range(10):
            if page.pop_dialog() is None:
                break
        page.update()

    async def submit_passcode(self, passcode: str) -> str | None:
        """Check the passcode off the event loop; open the app if right. Returns what to
        tell the user when it is not (wrong, wait, or the data could not be opened)."""
        self.touch()
        try:
            result = await asyncio.to_thread(self.app_lock.unlock, passcode)
        except (OSError, ValueError, StoreCorruptError) as error:
            log.warning("the passcode check failed", exc_info=True)
            return f"Repair couldn't check the passcode: {error}. Please try again."
        if not result.ok:
            return result.message
        if self.app_lock.encrypted and self.app_lock.biometric_on:
            await self.keep_key()
        return await self._open_unlocked()

    # -- fingerprint / face ------------------------------------------------------------------

    @property
    def biometric_label(self) -> str | None:
        """The lock screen's fingerprint/face button label, or None when not offered."""
        auth = self.biometrics
        lock = self.app_lock
        key_kept = lock.biometric_key_kept and self.key_keeper is not None
        if auth is None or not offered_on_lock_screen(
                auth.facts, turned_on=lock.biometric_on,
                encrypted=lock.needs_key, key_kept=key_kept):
            return None
        return unlock_button_label(auth.facts)

    async def refresh_biometrics(self) -> None:
        """Ask the phone what it has (no dialog), then show or hide the lock screen's
        button. At start and on coming back (a fingerprint may have been removed)."""
        if self.biometrics is None:
            return
        await self.biometrics.refresh()
        lock = self.app_lock
        if self.key_keeper is not None and not (lock.biometric_on and lock.encrypted):
            await self.key_keeper.forget()  # turned off, or not encrypted any more
        if self.screen is not None:
            self.screen.show_biometric(self.biometric_label)

    async def unlock_with_biometrics(self) -> str | None:
        """The phone's fingerprint/face dialog; open the app if it says yes. Returns what
        to tell the user otherwise ("" when nothing needs saying, e.g. cancelled)."""
        self.touch()
        if self.biometrics is None or self.biometric_label is None:
            return message_after(BiometricOutcome.UNSUPPORTED)
        outcome = await self.biometrics.authenticate(AUTH_REASON)
        if outcome is not BiometricOutcome.SUCCESS:
            if outcome is BiometricOutcome.NOT_ENROLLED and self.screen is not None:
                await self.refresh_biometrics()  # hide the button: nothing to scan
            return message_after(outcome)
        if self.app_lock.needs_key and self.key_keeper is not None:
            kept = await self.key_keeper.read()
            result = await asyncio.to_thread(self.app_lock.unlock_with_kept_key, kept)
        else:
            result = await asyncio.to_thread(self.app_lock.unlock_trusted)
        if not result.ok:
            return result.message
        return await self._open_unlocked()

    async def keep_key(self) -> bool:
        """After the passphrase opened an encrypted journal with fingerprint/face unlock
        on: keep (or renew, after a passphrase change) its key in the phone's keystore."""
        lock = self.app_lock
        text = lock.key_for_keeping()
        if self.key_keeper is None or not lock.biometric_on or text is None:
            return False
        if await self.key_keeper.keep(text):
            if not lock.biometric_key_kept:
                await asyncio.to_thread(lock.set_biometric, True, key_kept=True)
            return True
        return False

    async def _open_unlocked(self) -> str | None:
        ctx = None
        if self.shell is None:
            try:
                ctx = await asyncio.to_thread(self.open_context)
            except (StoreCorruptError, WrongKeyError) as error:
                return f"Your data could not be opened: {error}"
            except OSError as error:
                return f"Your data folder could not be opened: {error.strerror or error}"
        self.unlocked(ctx)
        return None

    def unlocked(self, ctx: AppContext | None = None) -> None:
        self.locked = False
        self.touch()
        lock_view, self._lock_view, self.screen = self._lock_view, None, None
        self._poke()
        if self.shell is None:
            assert ctx is not None
            self.page.views.clear()
            self._start_shell(ctx)
            return
        if lock_view in self.page.views:
            self.page.views.remove(lock_view)
        top = self.page.views[-1].route if self.page.views else None
        if top != (self.page.route or "/") or self.shell.needs_rebuild():
            # the route changed while locked, or the day did while the phone was away
            self.shell.render(self.page.route)
        else:
            self.page.update()

    # -- the idle timer ---------------------------------------------------------------------

    def check_idle(self) -> bool:
        """Handle requests from other threads, then lock if the idle time has passed.
        True if it locked."""
        pending, self._pending = self._pending, set()
        if "changed" in pending:
            self.idle.idle_seconds = self.app_lock.idle_seconds
            if not self.app_lock.enabled and self.locked and self.shell is not None:
                self.unlocked()  # the lock was turned off in another window
        if "lock" in pending and not self.locked and self.app_lock.enabled:
            self.lock_now()
            return True
        if self.locked or not self.app_lock.enabled:
            return False
        if self.idle.is_due(self.clock.monotonic(), self._hold_until()):
            self.lock_now()
            return True
        return False

    def seconds_to_sleep(self) -> float | None:
        """How long the watcher may sleep (None: until woken)."""
        if self.locked or not self.app_lock.enabled:
            return None
        return self.idle.seconds_left(self.clock.monotonic(), self._hold_until())

    async def watch_idle(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        while not self._closed:
            try:
                self.check_idle()
            except Exception:  # a failed lock attempt must not stop the watcher
                log.exception("idle check failed")
            delay = self.seconds_to_sleep()
            try:
                if delay is None:
                    await self._wake.wait()
                else:
                    await asyncio.wait_for(self._wake.wait(), timeout=max(delay, 0.05))
            except TimeoutError:
                pass
            self._wake.clear()

    def _poke(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is None or wake is None or loop.is_closed():
            return
        loop.call_soon_threadsafe(wake.set)

    # -- events ------------------------------------------------------------------------------

    def _service_event(self, event: str) -> None:
        self._pending.add(event)
        self._poke()

    def _key(self, _e: Any) -> None:
        self.touch()

    def _lifecycle(self, e: Any) -> None:
        state = getattr(getattr(e, "state", None), "value", str(getattr(e, "state", "")))
        platform = getattr(self.page, "platform", None)
        mobile = bool(platform is not None and platform.is_mobile())
        if locks_on_lifecycle(state, mobile) and not self.locked:
            self.lock_now()
        elif came_back(state):
            self._poke()  # the idle watcher overslept while Python was suspended
            if self.biometrics is not None:
                self.page.run_task(self.refresh_biometrics)

    def _disconnected(self, _e: Any) -> None:
        if not self.locked:
            self.lock_now()

    def _closed_session(self, _e: Any) -> None:
        self.close()
