"""Fingerprint / face unlock in the lock gate, the lock screen and Settings → App lock,
with the phone's check faked at flet-local-auth's boundary (tests/device)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import flet as ft
import pytest
from device import fake_flet_local_auth as fake

from repair_app.core.clock import FakeClock
from repair_app.device_auth import DeviceAuth
from repair_app.ui.screens.lock import LockScreen
from repair_app.ui.widgets.app_lock_settings import AppLockSection

from .fake_page import FakePage
from .helpers import all_text, find, find_all
from .test_app_lock_ui import PRIVATE, App, is_lock_view, run, submit, turn_on


@pytest.fixture
def app(tmp_path: Path, clock: FakeClock):
    from repair_app.core.settings import Settings

    app = App(tmp_path / "data", clock)
    ctx = app.context()
    ctx.save_settings(Settings(onboarded=True, program_start=date(2026, 11, 16)))
    with ctx.store.transaction():
        ctx.store.month_table("journal", date(2026, 11, 1)).insert({"text": PRIVATE})
    yield app
    if app.store is not None:
        app.store.close()


def phone_gate(app: App, *, enrolled=(fake.BiometricType.FINGERPRINT,), platform="android"):
    gate, page = app.gate(FakePage(platform=ft.PagePlatform(platform), web=False))
    auth = DeviceAuth.for_page(page, module=fake)
    auth.service.enrolled = list(enrolled)
    gate.biometrics = auth
    gate.start()
    for handler, args in list(page.tasks):  # what page.run_task would run: the probe
        if handler == gate.refresh_biometrics:
            run(handler(*args))
    return gate, page, auth


def scan_button(page) -> ft.OutlinedButton:
    screen_view = page.top
    for button in find_all(screen_view.controls, ft.OutlinedButton):
        if str(button.content).startswith("Unlock with"):
            return button
    raise AssertionError("no fingerprint/face button")


def test_no_button_until_turned_on_in_settings(app: App):
    turn_on(app)
    gate, page, _auth = phone_gate(app)
    assert gate.locked and gate.biometric_label is None
    assert not scan_button(page).visible


def test_success_opens_without_the_passcode(app: App):
    turn_on(app)
    app.lock.set_biometric(True)
    gate, page, auth = phone_gate(app)
    button = scan_button(page)
    assert button.visible and button.content == "Unlock with fingerprint"
    run(gate.screen.unlock_with_biometrics())
    assert not gate.locked and not is_lock_view(page.top)
    assert [n for n, _ in auth.service.calls].count("authenticate") == 1


@pytest.mark.parametrize(("answer", "says"), [
    (fake.LocalAuthErrorCode.USER_CANCELED, ""),
    (False, ""),
    (fake.LocalAuthErrorCode.BIOMETRIC_LOCKOUT, "Too many tries"),
    (fake.LocalAuthErrorCode.NO_BIOMETRIC_HARDWARE, "Use your passcode"),
])
def test_anything_but_yes_leaves_it_locked_with_the_passcode_ready(app: App, answer, says):
    turn_on(app)
    app.lock.set_biometric(True)
    gate, page, auth = phone_gate(app)
    auth.service.answer = answer
    run(gate.screen.unlock_with_biometrics())
    assert gate.locked and is_lock_view(page.top)
    message = gate.screen.message
    assert (message.value or "") == says if not says else says in message.value
    assert not gate.screen.passcode.disabled
    assert submit(gate, "2468") is None and not gate.locked  # the passcode still works


def test_fingerprint_removed_from_the_phone_hides_the_button(app: App):
    turn_on(app)
    app.lock.set_biometric(True)
    gate, page, auth = phone_gate(app)
    auth.service.enrolled = []
    auth.service.answer = fake.LocalAuthErrorCode.NO_BIOMETRICS_ENROLLED
    run(gate.screen.unlock_with_biometrics())
    assert "no fingerprint or face set up" in gate.screen.message.value
    assert not scan_button(page).visible


def test_not_enrolled_phone_never_offers_it(app: App):
    turn_on(app)
    app.lock.set_biometric(True)
    gate, page, _auth = phone_gate(app, enrolled=())
    assert gate.biometric_label is None and not scan_button(page).visible


def test_an_encrypted_journal_still_needs_the_passphrase(app: App):
    turn_on(app, "river stone 42", encrypt=True)
    app.lock.set_biometric(True)
    restarted = app.restart()
    gate, page, _auth = phone_gate(restarted)
    assert gate.biometric_label is None and not scan_button(page).visible
    assert "encrypted" in restarted.lock.unlock_trusted().message  # no key without it


def test_web_and_desktop_have_no_button(app: App):
    turn_on(app)
    app.lock.set_biometric(True)
    gate, page = app.gate(FakePage())  # web (the stand-in page's default)
    assert DeviceAuth.for_page(page, module=fake) is None
    gate.start()
    assert gate.biometric_label is None and not scan_button(page).visible
    screen = LockScreen(gate)
    assert "fingerprint" not in all_text(screen.build()).lower()


# -- Settings → App lock ------------------------------------------------------------------

def section_for(app: App, nav, auth: DeviceAuth | None) -> AppLockSection:
    ctx = app.context()
    ctx.biometrics = auth
    return AppLockSection(ctx, nav)


def probed(auth: DeviceAuth) -> DeviceAuth:
    run(auth.refresh())
    return auth


def phone_auth(**steer) -> DeviceAuth:
    auth = DeviceAuth.for_page(FakePage(platform=ft.PagePlatform.IOS, web=False), module=fake)
    for name, value in steer.items():
        setattr(auth.service, name, value)
    return probed(auth)


def test_settings_switch_only_in_the_phone_app(app: App, nav):
    turn_on(app)
    tree = section_for(app, nav, None).controls()
    assert not [s for s in find_all(tree, ft.Switch) if "Unlock with" in (s.label or "")]


def test_turning_it_on_asks_for_the_fingerprint_first(app: App, nav):
    turn_on(app)
    auth = phone_auth(enrolled=[fake.BiometricType.FACE])
    section = section_for(app, nav, auth)
    tree = section.controls()
    switch = find(tree, ft.Switch, label="Unlock with face")
    assert not switch.disabled and switch.value is False
    assert "not its PIN" in all_text(tree)
    auth.service.answer = fake.LocalAuthErrorCode.USER_CANCELED
    switch.value = True
    run(section._biometric_changed())
    assert switch.value is False and not app.lock.biometric_on
    assert "Not turned on." in section.error.value
    auth.service.answer = True
    switch.value = True
    run(section._biometric_changed())
    assert app.lock.biometric_on
    assert nav.messages[-1] == "You can now open Repair with your face."
    section.biometric_switch.value = False
    run(section._biometric_changed())
    assert not app.lock.biometric_on


def test_switch_disabled_with_the_reason(app: App, nav):
    turn_on(app)
    tree = section_for(app, nav, phone_auth(enrolled=[])).controls()
    switch = find_all(tree, ft.Switch)[0]
    assert switch.disabled and "Set up a fingerprint or face" in all_text(tree)


def test_turning_the_lock_off_turns_it_off(app: App):
    turn_on(app)
    app.lock.set_biometric(True)
    assert app.lock.biometric_on
    app.lock.turn_off("2468", app.store)
    assert not app.lock.biometric_on
    app.lock.set_biometric(True)  # refused without a lock
    assert not app.lock.biometric_on


# -- an encrypted journal opened with the key kept in the phone's keystore ----------------

def keeper_for(platform=ft.PagePlatform.ANDROID):
    from device import fake_flet_secure_storage as fake_storage

    from repair_app.key_keeper import KeyKeeper

    return KeyKeeper.for_page(FakePage(platform=platform, web=False), module=fake_storage)


def encrypted_with_biometrics(app: App, nav, keeper) -> None:
    turn_on(app, "river stone 42", encrypt=True)
    ctx = app.context()
    ctx.biometrics = phone_auth()
    ctx.key_keeper = keeper
    section = AppLockSection(ctx, nav)
    section.controls()
    assert not section.biometric_switch.disabled
    section.biometric_switch.value = True
    run(section._biometric_changed())


def gate_with_keeper(app: App, keeper):
    gate, page = app.gate(FakePage(platform=ft.PagePlatform.ANDROID, web=False))
    gate.biometrics = DeviceAuth.for_page(page, module=fake)
    gate.key_keeper = keeper
    gate.start()
    for handler, args in list(page.tasks):
        if handler == gate.refresh_biometrics:
            run(handler(*args))
    return gate, page


def test_fingerprint_opens_an_encrypted_journal_after_a_restart(app: App, nav):
    keeper = keeper_for()
    encrypted_with_biometrics(app, nav, keeper)
    assert app.lock.biometric_key_kept and keeper.service.values  # the key is kept
    restarted = app.restart()
    assert restarted.lock.needs_key
    gate, page = gate_with_keeper(restarted, keeper)
    assert scan_button(page).visible
    run(gate.screen.unlock_with_biometrics())
    assert not gate.locked and not restarted.lock.needs_key
    journal = restarted.store.month_table("journal", date(2026, 11, 1))
    assert journal.all()[0]["text"] == PRIVATE  # really decrypted with the kept key


def test_a_stale_kept_key_is_refused_and_the_passphrase_renews_it(app: App, nav):
    keeper = keeper_for()
    encrypted_with_biometrics(app, nav, keeper)
    old = dict(keeper.service.values)
    app.lock.change_passcode("river stone 42", "sea glass 1234", "sea glass 1234", app.store)
    keeper.service.values.update(old)  # the keystore still holds the old key
    restarted = app.restart()
    gate, _page = gate_with_keeper(restarted, keeper)
    run(gate.screen.unlock_with_biometrics())
    assert gate.locked and "passphrase" in gate.screen.message.value
    assert submit(gate, "sea glass 1234") is None and not gate.locked
    assert keeper.service.values != old  # renewed: the next fingerprint opens it again


def test_no_keystore_no_change(app: App, nav):
    keeper = keeper_for()
    keeper.service.fail = True
    encrypted_with_biometrics(app, nav, keeper)
    assert not app.lock.biometric_on


def test_turning_it_off_forgets_the_key(app: App, nav):
    keeper = keeper_for()
    encrypted_with_biometrics(app, nav, keeper)
    ctx = app.context()
    ctx.biometrics = phone_auth()
    ctx.key_keeper = keeper
    section = AppLockSection(ctx, nav)
    section.controls()
    section.biometric_switch.value = False
    run(section._biometric_changed())
    assert not app.lock.biometric_on and keeper.service.values == {}
