"""The composition root: open the store, load the program, build the context, mount the UI."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import flet as ft

from repair_app.content import PROGRAM_FILE, default_program
from repair_app.content.validated import validate_once
from repair_app.context import AppContext
from repair_app.core.app_lock import public_settings
from repair_app.core.clock import Clock
from repair_app.core.content import ContentError, Program
from repair_app.core.lifecycle import came_back
from repair_app.core.routes import resolve_route
from repair_app.data_dir import (  # noqa: F401  (part of this module's interface)
    DATA_DIR_ENV,
    default_data_dir,
    default_stamp_dir,
)
from repair_app.device_auth import DeviceAuth
from repair_app.key_keeper import KeyKeeper
from repair_app.lock_service import LockService
from repair_app.memory_release import release_start_memory
from repair_app.notify.mobile import PhoneNotifications
from repair_app.notify.service import ReminderService
from repair_app.store import Store, StoreCorruptError
from repair_app.store.promise_log import StoredPromiseLog
from repair_app.system_clock import SystemClock
from repair_app.ui.events import chain_handler
from repair_app.ui.icons import Icons
from repair_app.ui.lock_gate import LockGate
from repair_app.ui.screen_registry import BeforeYouSendScreen, ProgressScreen
from repair_app.ui.shell import Shell
from repair_app.ui.theme import apply_theme
from repair_app.ui.widgets.reminder_banner import ReminderBanner

#: The rule files checked at start (by ``validate_rules``), unless they passed before.
RULE_FILES = (PROGRAM_FILE.with_name("message_rules.toml"),
              PROGRAM_FILE.with_name("apology_rules.toml"))
WARMED_UP_SCREENS = (BeforeYouSendScreen, ProgressScreen)
log = logging.getLogger(__name__)


def validate_rules() -> None:
    """Load the "Before you send" and apology rules: ContentError names a malformed file
    and the place in it. Loaded once per process (later calls return the same rules)."""
    from repair_app.content import apology_rules, message_rules

    message_rules.default_message_rules()
    apology_rules.default_apology_rules()


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
    def open(cls, data_dir: Path, clock: Clock | None = None, *,
             stamp_dir: Path | None = None) -> Services:
        """``stamp_dir``: skip checking rule files that passed before (None: check now)."""
        clock = clock or SystemClock()
        program = default_program()
        # A bad rules file stops the app here, at start, with its clear message.
        validate_once(RULE_FILES, validate_rules, stamp_dir)
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
            ft.Icon(Icons.ERROR_OUTLINE, size=40, color=ft.Colors.ERROR),
            ft.Text(title, theme_style=ft.TextThemeStyle.HEADLINE_SMALL),
            ft.Text(message, selectable=True),
        ], padding=24)
    )
    page.update()


def make_main(data_dir: Path, clock: Clock | None = None, *, network: bool = False,
              stamp_dir: Path | None = None):
    """Build the Flet entry point. The store opens once, on the first session.

    ``network``: served beyond this device (``--host``), so the app lock must stay on.
    ``stamp_dir``: where content files that passed validation are remembered."""
    services: list[Services] = []
    failure: list[tuple[str, str]] = []
    opening = threading.Lock()

    def open_services() -> None:
        with opening:  # the preparing thread and a first window may both ask
            if services or failure:
                return
            try:
                services.append(Services.open(data_dir, clock, stamp_dir=stamp_dir))
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

    def prepare() -> None:
        """Before the first window: open the store and build the first screen once,
        offstage (see ``repair_app/startup.py``). A failure is shown by ``main``."""
        open_services()
        if services:
            build_first_screen_offstage(services[0])

    def main(page: ft.Page) -> None:
        open_services()
        if failure:
            error_page(page, *failure[0])
            return
        opened = services[0]
        assert opened.app_lock is not None

        def make_shell(page: ft.Page, ctx: AppContext, gate: LockGate) -> Shell:
            ctx.biometrics = gate.biometrics
            ctx.key_keeper = gate.key_keeper
            shell = Shell(page, ctx, lock=gate)
            if opened.reminders is not None:
                attach_reminders(page, shell, ctx, opened.reminders)
            return shell

        # The gate shows the lock screen when the app lock is on and starts the Shell
        # after unlocking (opening the store then, if it is encrypted).
        gate = LockGate(page, opened.app_lock, opened.clock, opened.context, make_shell)
        try:
            gate.biometrics = DeviceAuth.for_page(page)  # None on web and desktop
            gate.key_keeper = KeyKeeper.for_page(page) if gate.biometrics else None
        except Exception:  # the optional package failed to start: the passcode remains
            log.warning("fingerprint/face unlock is unavailable", exc_info=True)
        if opened.store is not None:  # an encrypted store can't record a pause before unlock
            gate.start_pause = gate.open_pause
        gate.start()
        # After the first frame, in the background: what the first check in "Before you
        # send" and the first Progress open would otherwise wait for.
        page.run_thread(warm_up)

    main.prepare = prepare  # type: ignore[attr-defined]
    return main


class _Offstage:
    """What the shell and a screen may touch while being built with no window: a page
    that is never shown and a navigator that goes nowhere."""

    route = "/"
    width = 0
    run_task = None

    def go(self, route: str) -> None: ...

    def show_message(self, text: str) -> None: ...

    def apply_theme(self, theme_name: str) -> None: ...

    def refresh(self) -> None: ...


def build_first_screen_offstage(opened: Services) -> None:
    """Build the views the first window will show, with no window, and throw them away.

    What the first frame costs beyond drawing is first-time work: Flet imports each
    control's module on first use, the theme module among them; the screen's module is
    imported when first shown; the store parses the months the screen reads. Done here,
    while the browser loads, the real first build finds it all in memory. Reads only;
    with the store still locked (encryption) there is nothing private to prepare.
    """
    try:
        apply_theme(SimpleNamespace(), "system")  # type: ignore[arg-type]
        if opened.store is None:
            return
        ctx = AppContext(store=opened.store, clock=opened.clock, program=opened.program,
                         data_dir=opened.data_dir)
        shell = Shell(_Offstage(), ctx)  # type: ignore[arg-type]
        match = resolve_route("/", onboarded=ctx.settings.onboarded,
                              phase_count=len(ctx.program.phases))
        for narrow in (True, False):
            shell.narrow = narrow
            shell.build_views(match)
    except Exception:  # only a head start: the real first build will say what is wrong
        log.exception("building the first screen offstage failed")


def warm_up() -> None:
    """Load the rules (checked at start, or passed before) and import the two screens
    whose first open should feel instant (Progress brings in the chart package), then give
    back the memory that took and no longer needs. The rules' phrase indexes are built
    when a screen that checks messages is shown (``prepare_first_check``), not here: the
    server holds none of their ~5 MB until someone opens such a screen."""
    try:
        validate_rules()
    except Exception:  # changed since start: the screen that needs them says so
        log.exception("the rules could not be loaded")
    for screen in WARMED_UP_SCREENS:
        try:
            screen.resolve()
        except Exception:  # showing the screen will say what is wrong
            log.exception("%r could not be imported", screen)
    # What validating the rules needed only once goes back to the OS (docs/benchmarks.md).
    release_start_memory()


def reminders_resumed(page: ft.Page, service: ReminderService, e: ft.Event) -> None:
    """Back on screen: what the phone allows may have changed in its settings, reminders
    may have come due while Python was suspended, and the OS gets the plan again."""
    state = getattr(getattr(e, "state", None), "value", str(getattr(e, "state", "")))
    if not came_back(state):
        return
    if service.phone is not None:
        page.run_task(service.access.refresh)
    service.rearm_soon()


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
    page.on_app_lifecycle_state_change = chain_handler(
        page.on_app_lifecycle_state_change,
        lambda e: reminders_resumed(page, service, e))
    try:
        phone = PhoneNotifications.for_page(page, shell.go)
    except Exception:  # the optional package failed to start: desktop/in-app still work
        log.warning("phone notifications are unavailable", exc_info=True)
        phone = None
    if phone is not None:
        service.attach_phone(phone)
        page.run_task(service.access.refresh)  # only looks: never asks at start
    service.start(page.loop)
    shell.pause.time_up_signals.append(lambda session: service.notify_pause_over(
        session, discreet=ctx.settings.discreet_notifications))
    # a pause started, extended or ended early: its end is (re)armed with the phone's OS
    shell.pause.changed_signals.append(service.changed)
