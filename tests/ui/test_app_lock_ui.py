"""The lock screen, the lock gate (idle, background, restart) and Settings → App lock,
on control trees with a fake page and a fake clock."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

import flet as ft
import pytest

from repair_app.content import default_program
from repair_app.context import AppContext
from repair_app.core.app_lock import ScryptParams
from repair_app.core.clock import FakeClock
from repair_app.core.settings import Settings
from repair_app.lock_service import LockService
from repair_app.store import Store
from repair_app.ui.lock_gate import LockGate
from repair_app.ui.screens.lock import LockScreen
from repair_app.ui.screens.settings import SettingsScreen
from repair_app.ui.widgets.app_lock_settings import AppLockSection

from .fake_page import FakePage
from .helpers import all_text, click, find, find_all

FAST = ScryptParams(n=2**10, r=8, p=1)  # tests only
PRIVATE = "MARKER-my-partner-Sam"
PHRASE = "river stone 42"


class App:
    """One process: a data folder, its lock service, and contexts opened on demand."""

    def __init__(self, data_dir: Path, clock: FakeClock) -> None:
        self.data_dir = data_dir
        self.clock = clock
        self.lock = LockService.open(data_dir, clock, params=FAST)
        self.store: Store | None = None
        self.contexts_opened = 0

    def restart(self) -> App:
        if self.store is not None:
            self.store.close()
        return App(self.data_dir, self.clock)

    def context(self) -> AppContext:
        if self.store is None:
            self.store = Store.open(self.data_dir, self.clock, codec=self.lock.codec)
        self.contexts_opened += 1
        return AppContext(store=self.store, clock=self.clock, program=default_program(),
                          data_dir=self.data_dir, app_lock=self.lock)

    def gate(self, page: FakePage | None = None) -> tuple[LockGate, FakePage]:
        page = page or FakePage()
        gate = LockGate(page, self.lock, self.clock, self.context)  # type: ignore[arg-type]
        return gate, page


@pytest.fixture
def app(tmp_path: Path, clock: FakeClock):
    app = App(tmp_path / "data", clock)
    ctx = app.context()
    ctx.save_settings(Settings(onboarded=True, program_start=date(2026, 11, 16),
                               code_word="time out"))
    with ctx.store.transaction():
        ctx.store.month_table("journal", date(2026, 11, 1)).insert({"text": PRIVATE})
    yield app
    if app.store is not None:
        app.store.close()


def files_containing(folder: Path, needles: list[str]) -> list[str]:
    return [str(p) for p in folder.rglob("*") if p.is_file()
            and any(n.encode() in p.read_bytes() for n in needles)]


def turn_on(app: App, passcode: str = "2468", encrypt: bool = False) -> None:
    app.lock.turn_on(passcode, passcode, idle_seconds=60, encrypt=encrypt, store=app.store)


def run(coroutine):
    """Run a coroutine to the end on its own loop in a worker thread (a loop may already
    be running in this thread: playwright's, when the browser tests ran first)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def submit(gate: LockGate, passcode: str) -> str | None:
    return run(gate.submit_passcode(passcode))


def is_lock_view(view: ft.View) -> bool:
    return "Repair is locked" in all_text(view.controls)


# -- the lock screen ---------------------------------------------------------------------

class FakeGate:
    def __init__(self, start_pause=None, digits_only=True, biometric_label=None) -> None:
        self.start_pause = start_pause
        self.digits_only = digits_only
        self.biometric_label = biometric_label
        self.tried: list[str] = []
        self.touched = 0
        self.scans = 0

    async def unlock_with_biometrics(self) -> str | None:
        self.scans += 1
        return ""

    async def submit_passcode(self, passcode: str) -> str | None:
        self.tried.append(passcode)
        return None if passcode == "2468" else "That's not the passcode."

    def touch(self) -> None:
        self.touched += 1

    def pause_left(self) -> float | None:
        return None


def test_lock_screen_without_a_pause_hook_has_no_pause_button() -> None:
    screen = LockScreen(FakeGate())
    tree = screen.build()
    assert screen.pause_button is None
    assert "Pause" not in [b.content for b in find_all(tree, ft.OutlinedButton)]
    assert screen.passcode.password and screen.passcode.keyboard_type == ft.KeyboardType.NUMBER


def test_the_pause_button_works_without_the_passcode() -> None:
    started: list[bool] = []
    gate = FakeGate(start_pause=lambda: started.append(True))
    screen = LockScreen(gate)
    button = find(screen.build(), ft.OutlinedButton, content="Pause")
    click(button)
    assert started == [True] and gate.tried == []


def test_wrong_passcode_is_refused_and_cleared() -> None:
    gate = FakeGate()
    screen = LockScreen(gate)
    screen.passcode.value = "1111"
    run(screen.unlock())
    assert screen.message.visible and screen.message.value == "That's not the passcode."
    assert screen.passcode.value == "" and not screen.unlock_button.disabled
    screen.passcode.value = ""
    run(screen.unlock())
    assert screen.message.value == "Enter your passcode." and gate.tried == ["1111"]


# -- the gate ------------------------------------------------------------------------------

def test_lock_off_opens_the_app_directly(app: App) -> None:
    gate, page = app.gate()
    gate.start()
    assert not gate.locked and gate.shell is not None
    assert "Week 2" in all_text(page.top.controls)
    assert page.title == "Repair"


class HandlerRecordingPage(FakePage):
    """Notes how many updates had been sent when each page event handler was assigned."""

    def __setattr__(self, name: str, value) -> None:
        if name.startswith("on_") and "assigned" in self.__dict__:
            self.assigned.append((name, self.updates))
        super().__setattr__(name, value)


def test_every_route_handler_is_on_the_page_before_its_first_update(app: App) -> None:
    """Issue 14: a handler assigned after the first update is one more update of the page,
    and Flet's client redraws the whole page for it, right after the first screen. The
    gate's handler (a route change is activity) is set before the shell starts."""
    page = HandlerRecordingPage()
    page.assigned = []
    gate, _page = app.gate(page)
    gate.start()
    assert page.updates >= 1
    assert [updates for _name, updates in page.assigned] == [0] * len(page.assigned)
    gate.idle.touch = lambda now: touched.append(now)
    touched: list[float] = []
    page.go_to("/progress")
    assert touched and page.top.route == "/progress"


def test_lock_on_shows_only_the_lock_screen_until_the_right_code(app: App) -> None:
    turn_on(app)
    restarted = app.restart()
    gate, page = restarted.gate()
    gate.start()
    assert [is_lock_view(v) for v in page.views] == [True]
    assert restarted.contexts_opened == 0
    shown = all_text(page.top.controls)
    for private in (PRIVATE, "time out", "Week 2", "Phase 1"):
        assert private not in shown
    assert submit(gate, "1357") == "That's not the passcode."
    assert gate.locked and gate.shell is None
    assert submit(gate, "2468") is None
    assert not gate.locked and restarted.contexts_opened == 1
    assert "Week 2" in all_text(page.top.controls)


def test_back_off_survives_a_restart(app: App, clock: FakeClock) -> None:
    turn_on(app)
    gate, _ = app.restart().gate()
    gate.start()
    for _ in range(4):
        assert submit(gate, "0000") == "That's not the passcode."
    assert "Try again in 30 seconds" in submit(gate, "0000")
    clock.advance(5)
    again, _ = app.restart().gate()  # the app was closed and opened again
    again.start()
    assert "Try again in 25 seconds" in submit(again, "2468")
    assert again.locked
    clock.advance(25)
    assert submit(again, "2468") is None


def test_locks_after_the_idle_time_and_keeps_the_screen_underneath(app: App,
                                                                 clock: FakeClock) -> None:
    turn_on(app)
    gate, page = app.gate()
    gate.start()
    submit(gate, "2468")
    underneath = list(page.views)
    clock.advance(59)
    assert not gate.check_idle()
    assert gate.seconds_to_sleep() == 1
    clock.advance(1)
    assert gate.check_idle() and gate.locked
    assert page.views[:-1] == underneath and is_lock_view(page.top)
    assert page.top.can_pop is False
    assert gate.seconds_to_sleep() is None  # sleeps until woken, no polling while locked
    submit(gate, "2468")
    assert page.views == underneath  # the same controls: nothing typed is lost


def test_activity_postpones_the_idle_lock(app: App, clock: FakeClock) -> None:
    turn_on(app)
    gate, page = app.gate()
    gate.start()
    submit(gate, "2468")
    clock.advance(50)
    page.on_keyboard_event(ft.KeyboardEvent(name="keyboard_event", control=None, key="A",
                                            shift=False, ctrl=False, alt=False, meta=False))
    clock.advance(50)
    page.go_to("/phases")  # navigation counts too
    clock.advance(50)
    assert not gate.check_idle()
    assert "The four phases" in all_text(page.top.controls)
    clock.advance(10)
    assert gate.check_idle()


@pytest.mark.parametrize(("platform", "state", "locks"), [
    (ft.PagePlatform.ANDROID, ft.AppLifecycleState.HIDE, True),
    (ft.PagePlatform.IOS, ft.AppLifecycleState.PAUSE, True),
    (ft.PagePlatform.IOS, ft.AppLifecycleState.INACTIVE, False),
    (ft.PagePlatform.WINDOWS, ft.AppLifecycleState.HIDE, False),
])
def test_a_phone_locks_when_sent_to_the_background(app: App, platform, state, locks) -> None:
    turn_on(app)
    gate, page = app.gate(FakePage(platform=platform))
    gate.start()
    submit(gate, "2468")
    page.on_app_lifecycle_state_change(ft.AppLifecycleStateChangeEvent(
        name="app_lifecycle_state_change", control=None, state=state))
    assert gate.locked is locks


def test_closing_or_reloading_a_tab_locks_it(app: App) -> None:
    turn_on(app)
    gate, page = app.gate()
    gate.start()
    submit(gate, "2468")
    page.on_disconnect(None)
    assert gate.locked and is_lock_view(page.top)


def test_lock_now_and_lock_turned_off_elsewhere(app: App) -> None:
    turn_on(app)
    first, _ = app.gate()
    second, second_page = app.gate()
    for gate in (first, second):
        gate.start()
        submit(gate, "2468")
    app.lock.lock_everywhere()
    assert first.check_idle() and second.check_idle()
    submit(first, "2468")
    app.lock.turn_off("2468", app.store)
    second.check_idle()
    assert not second.locked and not is_lock_view(second_page.top)


def test_while_locked_navigation_shows_the_lock_screen(app: App) -> None:
    turn_on(app)
    gate, page = app.gate()
    gate.start()
    submit(gate, "2468")
    gate.lock_now()
    page.go_to("/progress")  # e.g. the browser's back button or a typed address
    assert is_lock_view(page.top)
    assert not any("Where you are" in all_text(v.controls) for v in page.views[-1:])
    submit(gate, "2468")
    assert "Where you are" in all_text(page.top.controls)


def test_encrypted_data_is_only_opened_after_unlocking(app: App) -> None:
    turn_on(app, PHRASE, encrypt=True)
    restarted = app.restart()
    assert restarted.lock.needs_key
    gate, page = restarted.gate()
    gate.start()
    assert restarted.store is None and restarted.contexts_opened == 0
    assert submit(gate, "river stone 41") == "That's not the passcode."
    assert restarted.store is None
    assert submit(gate, PHRASE) is None
    assert "Week 2" in all_text(page.top.controls)
    assert restarted.store.month_table("journal", date(2026, 11, 1)).all() == [
        {"text": PRIVATE}]
    restarted.store.close()
    restarted.store = None


# -- Settings → App lock --------------------------------------------------------------------

def section_for(app: App, nav, **kwargs) -> AppLockSection:
    return AppLockSection(app.context(), nav, **kwargs)


def fill(section: AppLockSection, **values: str) -> None:
    for key, value in values.items():
        section.fields[key].value = value


def press(section: AppLockSection, key: str = "submit") -> None:
    handler = section.buttons[key].on_click
    result = handler(None)
    if asyncio.iscoroutine(result):
        run(result)


def test_settings_has_the_section_only_with_an_app_lock(app: App, onboarded_ctx, nav) -> None:
    assert "App lock" not in all_text(SettingsScreen(onboarded_ctx, nav).build())
    text = all_text(SettingsScreen(app.context(), nav).build())
    assert "App lock" in text and "Off." in text


def test_turn_on_from_settings(app: App, nav) -> None:
    section = section_for(app, nav)
    section.controls()
    press(section, "turn_on")
    fill(section, new="2468", again="2469")
    press(section)
    assert section.error.value == "The two passcodes don't match." and not app.lock.enabled
    fill(section, new="246", again="246")
    press(section)
    assert "at least 4 digits" in section.error.value
    fill(section, new="2468", again="2468")
    section.idle_choice.value = "300"
    press(section)
    assert app.lock.enabled and not app.lock.encrypted and app.lock.idle_seconds == 300
    assert nav.messages == ["App lock is on."]
    assert "after 5 minutes without use" in all_text(section.body)


def test_encryption_asks_twice_and_offers_a_copy_first(app: App, nav, tmp_path: Path) -> None:
    saved: list[tuple[str, bytes]] = []

    async def save_file(name: str, data: bytes) -> str:
        saved.append((name, data))
        return str(tmp_path / name)

    section = section_for(app, nav, save_file=save_file)
    section.controls()
    press(section, "turn_on")
    section.encrypt_choice.value = True
    fill(section, new="2468", again="2468")
    press(section)
    assert "at least 8 characters" in section.error.value and section.mode == "turn_on"
    fill(section, new=PHRASE, again=PHRASE)
    press(section)
    assert section.mode == "confirm_encrypt" and not app.lock.enabled
    assert "can't be opened again" in all_text(section.body)
    assert section.buttons["submit"].disabled  # the second confirmation

    press(section, "copy")  # the encrypted copy, with its own passphrase
    fill(section, new="copy phrase 99", again="copy phrase 99")
    press(section)
    [(name, data)] = saved
    assert name.endswith(".repaircopy") and PRIVATE.encode() not in data
    assert section.mode == "confirm_encrypt"

    section.understood.value = True
    section._understood_changed()
    assert not section.buttons["submit"].disabled
    press(section)
    assert app.lock.enabled and app.lock.encrypted
    assert nav.messages[-1] == "App lock is on and your journal is encrypted."
    assert files_containing(app.data_dir, [PRIVATE, PHRASE, "journal"]) == []


def test_change_passcode_and_turn_off_from_settings(app: App, nav) -> None:
    turn_on(app, PHRASE, encrypt=True)
    section = section_for(app, nav)
    section.controls()
    press(section, "change")
    fill(section, current="wrong phrase", new="new phrase 77", again="new phrase 77")
    press(section)
    assert section.error.value == "That's not the passcode."
    fill(section, current=PHRASE, new="1234", again="1234")
    press(section)
    assert "at least 8 characters" in section.error.value  # still encrypted
    fill(section, current=PHRASE, new="new phrase 77", again="new phrase 77")
    press(section)
    assert nav.messages[-1] == "Passcode changed." and section.mode == "overview"
    press(section, "turn_off")
    fill(section, current="new phrase 77")
    press(section)
    assert nav.messages[-1] == "App lock is off."
    assert not app.lock.enabled and not app.lock.encrypted
    assert files_containing(app.data_dir, [PRIVATE])


def test_encrypt_later_needs_a_long_enough_passcode(app: App, nav) -> None:
    turn_on(app, "2468")
    section = section_for(app, nav)
    section.controls()
    press(section, "encrypt")
    fill(section, current="2468")
    press(section)
    assert "Change your passcode first" in section.error.value and section.mode == "encrypt"


def test_lock_stays_on_while_served_to_the_network(app: App, nav) -> None:
    turn_on(app)
    app.lock.keep_on_reason = "The app lock stays on while Repair is served to your network."
    section = section_for(app, nav)
    section.controls()
    press(section, "turn_off")
    fill(section, current="2468")
    press(section)
    assert "served to your network" in section.error.value and app.lock.enabled


def test_every_lock_button_and_field_has_a_label(app: App, nav) -> None:
    turn_on(app)
    section = section_for(app, nav)
    for mode in ("overview", "turn_on", "confirm_encrypt", "change", "turn_off", "copy",
                 "encrypt", "decrypt"):
        section._show(mode)
        for field in find_all(section.body, ft.TextField):
            assert field.label
        for button in find_all(section.body, ft.FilledButton) + find_all(section.body,
                                                                       ft.OutlinedButton):
            assert button.content and button.height >= 48


def test_the_idle_watcher_sleeps_until_woken_then_locks(app: App, clock: FakeClock) -> None:
    turn_on(app)
    gate, page = app.gate()
    gate.start()
    [(watcher, _)] = page.tasks  # one coroutine per window, started by start()
    assert watcher == gate.watch_idle
    submit(gate, "2468")

    async def scenario() -> None:
        task = asyncio.create_task(gate.watch_idle())
        for _ in range(20):
            await asyncio.sleep(0)
        assert not gate.locked
        clock.advance(61)  # the fake clock passes the deadline; wake the watcher
        gate._service_event("changed")
        for _ in range(50):
            if gate.locked:
                break
            await asyncio.sleep(0)
        assert gate.locked
        gate.close()
        await asyncio.wait_for(task, timeout=5)

    run(scenario())
    assert gate._service_event not in app.lock.listeners


def test_pause_from_the_locked_app_needs_no_passcode_and_shows_nothing_private(
        app: App) -> None:
    turn_on(app)
    restarted = app.restart()
    gate, page = restarted.gate()
    started: list[str] = []
    gate.start_pause = lambda: started.append(page.route)  # what the pause feature connects
    gate.start()
    tree = page.top.controls
    pause = find(tree, ft.OutlinedButton, content="Pause")
    click(pause)
    assert started == ["/today"] and gate.locked  # started, still locked, no passcode asked
    shown = all_text(tree)
    for private in (PRIVATE, "time out", "Week 2", "Phase 1"):
        assert private not in shown
    assert restarted.contexts_opened == 0  # nothing was read from the journal


def test_a_failing_passcode_check_gives_a_message_not_a_crash(app: App) -> None:
    """Issue 15 (4, 10): whatever the check raises, the lock screen says something."""
    turn_on(app)
    gate, _page = app.restart().gate()

    def broken(_passcode: str):
        raise ValueError("scrypt parameters too costly")

    gate.app_lock.unlock = broken  # type: ignore[method-assign]
    message = submit(gate, "2468")
    assert message and "couldn't check" in message.lower()
    assert gate.locked

    def disk_full(_passcode: str):
        raise OSError(28, "No space left on device")

    gate.app_lock.unlock = disk_full  # type: ignore[method-assign]
    message = submit(gate, "2468")
    assert message and "couldn't check" in message.lower() and gate.locked


def test_a_phone_back_on_another_day_shows_that_day_after_unlocking(app: App) -> None:
    turn_on(app)
    gate, page = app.gate(FakePage(platform=ft.PagePlatform.ANDROID, route="/today"))
    gate.start()
    submit(gate, "2468")
    today_view = page.views[0]

    def lifecycle(state) -> None:
        page.on_app_lifecycle_state_change(ft.AppLifecycleStateChangeEvent(
            name="app_lifecycle_state_change", control=None, state=state))

    lifecycle(ft.AppLifecycleState.HIDE)
    assert gate.locked and is_lock_view(page.top)
    app.clock.set_wall(app.clock.now() + timedelta(days=1))  # asleep overnight
    lifecycle(ft.AppLifecycleState.RESUME)
    assert gate.locked and is_lock_view(page.top)  # nothing rebuilt behind the lock
    assert page.views[0] is today_view
    submit(gate, "2468")
    assert not gate.locked
    assert page.views[0] is not today_view and page.views[-1].route == "/today"
    assert gate.shell.shown_day == app.clock.now().date()


# -- a running pause and the lock (issue 18, item 3) --------------------------------------

def connected_gate(app: App) -> tuple[LockGate, FakePage]:
    gate, page = app.gate()
    gate.start_pause = gate.open_pause  # as app.py connects it
    gate.start()
    return gate, page


def test_the_pause_screen_is_not_idle_locked_while_the_pause_runs(app: App,
                                                                   clock: FakeClock) -> None:
    turn_on(app)
    gate, page = connected_gate(app)
    submit(gate, "2468")
    gate.open_pause()
    page.go_to("/pause")
    clock.advance(61)
    assert not gate.check_idle() and not gate.locked
    assert "Breathe" in all_text(page.top.controls)
    assert 1138 <= gate.seconds_to_sleep() <= 1200  # wakes when the pause ends + idle time
    clock.advance(20 * 60 - 61)  # the pause is over: the idle time counts from its end
    assert not gate.check_idle()
    clock.advance(60)
    assert gate.check_idle() and gate.locked


def test_the_lock_screen_shows_the_running_pause_and_returns_to_it(app: App,
                                                                   clock: FakeClock) -> None:
    turn_on(app)
    gate, page = connected_gate(app)
    submit(gate, "2468")
    gate.open_pause()
    page.go_to("/today")  # away from the pause screen: the idle lock applies
    clock.advance(94)
    assert gate.check_idle() and gate.locked
    shown = all_text(page.top.controls)
    assert "Your pause · 18:26 left" in shown
    assert "Start a pause" not in shown
    back = find(page.top.controls, ft.FilledButton, content="Return to your pause")
    click(back)
    page.go_to("/pause")
    assert gate.locked and "Breathe" in all_text(page.top.controls)


def test_the_lock_screen_offers_a_pause_when_none_runs(app: App) -> None:
    turn_on(app)
    gate, page = connected_gate(app)
    shown = all_text(page.top.controls)
    assert "Your pause" not in shown
    find(page.top.controls, ft.OutlinedButton, content="Pause")


def test_passcode_fields_have_a_named_show_button_not_flutters_unnamed_eye() -> None:
    """Issue 18, item 9: Flutter's reveal eye has no name and is 40 px on the web."""
    from repair_app.ui.widgets.common import icon_action_button, reveal_toggle

    field = reveal_toggle(ft.TextField(label="Passcode", password=True))
    assert field.can_reveal_password is False
    toggle = field.suffix_icon
    assert toggle.content.label == "Show passcode"
    button = icon_action_button(toggle)
    assert button.width == button.height == 48
    button.on_click(ft.Event(name="click", control=button))
    assert field.password is False and toggle.content.label == "Hide passcode"
    button.on_click(ft.Event(name="click", control=button))
    assert field.password is True and toggle.content.label == "Show passcode"


def test_the_lock_screen_focuses_the_passcode_on_a_phone_not_on_the_web(app: App) -> None:
    """On the web an autofocused field leaves Flutter's unnamed editing input behind."""
    turn_on(app)
    gate, _page = app.restart().gate(FakePage(platform=ft.PagePlatform.ANDROID, web=False))
    gate.start()
    assert gate.screen.passcode.autofocus is True
    gate, _page = app.restart().gate(FakePage(web=True))
    gate.start()
    assert gate.screen.passcode.autofocus is False
