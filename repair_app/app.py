"""The composition root: open the store, load the program, build the context, mount the UI."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import flet as ft
import platformdirs

from repair_app.content import default_program
from repair_app.content.apology_rules import default_apology_rules
from repair_app.content.message_rules import default_message_rules
from repair_app.context import AppContext
from repair_app.core.app_lock import public_settings
from repair_app.core.clock import Clock
from repair_app.core.content import ContentError, Program
from repair_app.lock_service import LockService
from repair_app.notify.mobile import PhoneNotifications
from repair_app.notify.service import ReminderService
from repair_app.store import Store, StoreCorruptError
from repair_app.store.promise_log import StoredPromiseLog
from repair_app.system_clock import SystemClock
from repair_app.ui.events import chain_handler
from repair_app.ui.lock_gate import LockGate
from repair_app.ui.shell import Shell
from repair_app.ui.widgets.reminder_banner import ReminderBanner

DATA_DIR_ENV = "REPAIR_DATA_DIR"
log = logging.getLogger(__name__)


def default_data_dir(environ: dict[str, str] | os._Environ = os.environ) -> Path:
    """--data-dir wins (handled by the caller); then $REPAIR_DATA_DIR, Flet's app data folder
    (set by `flet run` and packaged apps), and last the platform's user data folder."""
    for name in (DATA_DIR_ENV, "FLET_APP_STORAGE_DATA"):
        value = environ.get(name)
        if value:
            return Path(value).expanduser()
    return Path(platformdirs.user_data_dir("Repair", appauthor=False))


@dataclass
class Services:
    """What one process shares between all its windows or browser tabs.

    With encryption on, ``store`` is None until the first window is unlocked: the
    store cannot be read without the key (``app_lock`` holds it once unlocked).
    """

    store: Store | None
    clock: Clock
    program: Program
    data_dir: Path
    app_lock: LockService | None = None
    reminders: ReminderService | None = None
    _opening: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, data_dir: Path, clock: Clock | None = None) -> Services:
        clock = clock or SystemClock()
        program = default_program()
        default_message_rules()  # validated now, so a bad rules file stops the app at start
        default_apology_rules()  # the apology builder's, likewise
        app_lock = LockService.open(data_dir, clock)
        services = cls(store=None, clock=clock, program=program, data_dir=data_dir,
                       app_lock=app_lock)
        if not app_lock.needs_key:
            services.open_store()
        return services

    def open_store(self) -> Store:
        """The store, opened now if encryption kept it closed (call after unlocking).
        The reminder loop starts with it: it reads the promise from the store."""
        with self._opening:  # two windows may unlock at once
            if self.store is None:
                codec = self.app_lock.codec if self.app_lock is not None else None
                self.store = Store.open(self.data_dir, self.clock, codec=codec)
                self.reminders = ReminderService(self.store, self.clock,
                                                 promises=StoredPromiseLog(self.store),
                                                 program=self.program)
            return self.store

    def context(self) -> AppContext:
        store = self.open_store()
        notices, store.notices[:] = list(store.notices), []
        ctx = AppContext(store=store, clock=self.clock, program=self.program,
                         data_dir=self.data_dir, notices=notices, app_lock=self.app_lock)
        if self.app_lock is not None:
            self.app_lock.mirror_public_settings(public_settings(ctx.settings))
        return ctx


def error_page(page: ft.Page, title: str, message: str) -> None:
    page.title = "Repair"
    page.views.clear()
    page.views.append(
        ft.View(route="/", controls=[
            ft.Icon(ft.Icons.ERROR_OUTLINE, size=40, color=ft.Colors.ERROR),
            ft.Text(title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
            ft.Text(message, selectable=True),
        ], padding=24)
    )
    page.update()


def make_main(data_dir: Path, clock: Clock | None = None, *, network: bool = False):
    """Build the Flet entry point. The store opens once, on the first session.

    ``network``: served beyond this device (``--host``), so the app lock must stay on."""
    services: list[Services] = []
    failure: list[tuple[str, str]] = []

    def main(page: ft.Page) -> None:
        if not services and not failure:
            try:
                services.append(Services.open(data_dir, clock))
                if network and services[0].app_lock is not None:
                    services[0].app_lock.keep_on_reason = (
                        "The app lock stays on while Repair is served to your network.")
            except ContentError as error:
                failure.append(("The program's words could not be loaded", str(error)))
            except StoreCorruptError as error:
                failure.append(("Your data could not be opened", str(error)))
            except OSError as error:
                failure.append(("Your data folder could not be opened",
                                f"{data_dir}: {error.strerror or error}"))
        if failure:
            error_page(page, *failure[0])
            return
        opened = services[0]
        assert opened.app_lock is not None

        def make_shell(page: ft.Page, ctx: AppContext, gate: LockGate) -> Shell:
            shell = Shell(page, ctx, lock=gate)
            if opened.reminders is not None:
                attach_reminders(page, shell, ctx, opened.reminders)
            return shell

        # The gate shows the lock screen when the app lock is on and starts the Shell
        # after unlocking (opening the store then, if it is encrypted).
        gate = LockGate(page, opened.app_lock, opened.clock, opened.context, make_shell)
        if opened.store is not None:  # an encrypted store can't record a pause before unlock
            gate.start_pause = gate.open_pause
        gate.start()

    return main


def attach_reminders(page: ft.Page, shell: Shell, ctx: AppContext,
                     service: ReminderService) -> None:
    """Give this window its banner and the phone scheduler (on Android/iOS), and start the
    process's one reminder loop on the first window."""
    banner = ReminderBanner(page, shell.go)
    ctx.reminders = service.session(banner)
    service.attach(banner)
    page.on_connect = chain_handler(page.on_connect, lambda _e: service.attach(banner))
    page.on_disconnect = chain_handler(page.on_disconnect, lambda _e: service.detach(banner))
    page.on_close = chain_handler(page.on_close, lambda _e: service.detach(banner))
    try:
        phone = PhoneNotifications.for_page(page, shell.go)
    except Exception:  # the optional package failed to start: desktop/in-app still work
        log.warning("phone notifications are unavailable", exc_info=True)
        phone = None
    if phone is not None:
        service.attach_phone(phone)
    service.start(page.loop)
    shell.pause.time_up_signals.append(lambda _session: service.notify_pause_over(
        discreet=ctx.settings.discreet_notifications))
