"""The phone-only screens, drawn by the real app in Chromium with the phone's side faked
(tests/e2e/phone_preview.py: the boundary fakes of the three packages). This checks and
pictures OUR screens with a phone's answers (the question after the welcome, Settings'
notification line, the fingerprint button on the lock screen); it proves nothing about
the phone's side itself, which no phone here can run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from repair_app.core.app_lock import ScryptParams
from repair_app.lock_service import LockService
from repair_app.store import Store
from repair_app.system_clock import SystemClock

from .conftest import (
    DESKTOP,
    PHONE,
    AppServer,
    go_to_destination,
    open_app,
    screenshot,
    scroll_into_view,
    start_app,
    tap,
    type_into,
)
from .test_reminders_journey import open_settings

PREVIEW = Path(__file__).with_name("phone_preview.py")


def start_preview(tmp_path: Path, **env: str) -> AppServer:
    return start_app(tmp_path / "data", tmp_path / "app.log", env, display=None,
                     program=(str(PREVIEW),))


@pytest.fixture
def preview(tmp_path):
    servers: list[AppServer] = []

    def start(**env: str) -> AppServer:
        servers.append(start_preview(tmp_path, **env))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def finish_welcome(page, *, asked: bool = True) -> None:
    """Start the program; on Today the question comes (a modal dialog: Flutter hides what
    is beneath it from the accessibility tree, so wait for the dialog, not for Today)."""
    page.get_by_text("Three things before we start").wait_for(timeout=30_000)
    tap(page, page.get_by_role("button", name="Start my program"))
    if asked:
        page.get_by_text("A gentle nudge?").wait_for(timeout=30_000)
    else:
        page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)


def test_welcome_asks_with_a_sentence_and_settings_says_on(browser, preview):
    server = preview(PREVIEW_PERMISSION_ANSWER="1")
    page = open_app(browser, server.url, viewport=PHONE)
    finish_welcome(page)
    page.get_by_text(re.compile("quiet nudge for your morning promise")).wait_for()
    screenshot(page, "phone-preview-ask-light")
    tap(page, page.get_by_role("button", name="Allow notifications"))
    page.get_by_text("A gentle nudge?").wait_for(state="detached", timeout=15_000)
    open_settings(page, server.url)
    page.get_by_text(re.compile("^Notifications are on: reminders reach you")) \
        .wait_for(timeout=15_000)
    screenshot(page, "phone-preview-settings-on-light")
    page.context.close()

    # Opened again (a new session, as after a restart): the phone is asked afresh, and
    # it still says yes (no "Open phone settings", as for a yes turned off since).
    again = open_app(browser, server.url + "settings", viewport=PHONE)
    again.get_by_text("Reminders", exact=True).wait_for(timeout=30_000)
    again.get_by_text(re.compile("^Notifications are on: reminders reach you")) \
        .wait_for(timeout=15_000)
    assert again.get_by_role("button", name="Open phone settings").count() == 0
    assert "Traceback" not in server.log()
    again.context.close()


@pytest.mark.parametrize(("viewport", "dark", "label"), [(PHONE, True, "phone-dark"),
                                                          (DESKTOP, False, "desktop-light")])
def test_a_refusal_is_shown_with_the_way_to_the_phone_settings(browser, preview, viewport,
                                                               dark, label):
    server = preview(PREVIEW_PERMISSION_ANSWER="0")
    page = open_app(browser, server.url, viewport=viewport, dark=dark)
    finish_welcome(page)
    tap(page, page.get_by_role("button", name="Allow notifications"))
    open_settings(page, server.url)
    page.get_by_text(re.compile("^Notifications are off for Repair")).wait_for(timeout=15_000)
    page.get_by_role("button", name="Open phone settings").wait_for()
    screenshot(page, f"phone-preview-settings-refused-{label}")
    page.get_by_role("button", name="Allow notifications").click()  # Android's last dialog
    page.get_by_text(re.compile("turn them on in your phone's settings")) \
        .wait_for(timeout=15_000)
    assert page.get_by_role("button", name="Allow notifications").count() == 0
    page.context.close()


def test_without_exact_alarms_settings_says_a_few_minutes_late(browser, preview):
    server = preview(PREVIEW_NOTIFICATIONS_ENABLED="1", PREVIEW_EXACT_ALARMS="0")
    page = open_app(browser, server.url, viewport=PHONE)
    finish_welcome(page, asked=False)  # already allowed: no question
    open_settings(page, server.url)
    page.get_by_text(re.compile("may be a few minutes late")).wait_for(timeout=15_000)
    page.get_by_role("button", name="Allow exact timing").wait_for()
    screenshot(page, "phone-preview-settings-late-light")
    page.context.close()


def test_lock_screen_offers_the_fingerprint_and_it_opens(browser, preview, tmp_path):
    data_dir = tmp_path / "data"
    clock = SystemClock()
    lock = LockService.open(data_dir, clock, params=ScryptParams(n=2**10, r=8, p=1))
    store = Store.open(data_dir, clock)
    from repair_app.core.settings import Settings
    from repair_app.store import DocumentRepository

    DocumentRepository(store, "settings").save(Settings(onboarded=True).to_document())
    lock.turn_on("2468", "2468", idle_seconds=300, encrypt=False, store=store)
    lock.set_biometric(True)
    store.close()
    server = preview(PREVIEW_NOTIFICATIONS_ENABLED="1")
    page = open_app(browser, server.url, viewport=PHONE)
    page.get_by_text("Repair is locked").wait_for(timeout=30_000)
    button = page.get_by_role("button", name="Unlock with fingerprint")
    button.wait_for(timeout=15_000)
    screenshot(page, "phone-preview-lock-fingerprint-light")
    button.click()
    page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)
    page.context.close()


def scroll_to(page, locator) -> None:
    """Flutter builds what is near the screen: scroll down until it exists."""
    for _ in range(12):
        if locator.count():
            break
        page.mouse.move(195, 400)
        page.mouse.wheel(0, 500)
        page.wait_for_timeout(300)
    locator.wait_for(timeout=30_000)
    scroll_into_view(locator)


def test_settings_turns_fingerprint_unlock_on_after_a_scan(browser, preview, tmp_path):
    data_dir = tmp_path / "data"
    clock = SystemClock()
    lock = LockService.open(data_dir, clock, params=ScryptParams(n=2**10, r=8, p=1))
    store = Store.open(data_dir, clock)
    from repair_app.core.settings import Settings
    from repair_app.store import DocumentRepository

    DocumentRepository(store, "settings").save(Settings(onboarded=True).to_document())
    lock.turn_on("2468", "2468", idle_seconds=300, encrypt=False, store=store)
    store.close()
    server = preview(PREVIEW_NOTIFICATIONS_ENABLED="1", PREVIEW_ENROLLED="face")
    page = open_app(browser, server.url, viewport=PHONE)
    page.get_by_text("Repair is locked").wait_for(timeout=30_000)
    type_into(page, "Passcode", "2468")
    tap(page, page.get_by_role("button", name="Unlock", exact=True))
    page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)
    go_to_destination(page, "Settings")  # in-app: a reload would lock again
    page.get_by_text("Reminders", exact=True).wait_for(timeout=30_000)
    switch = page.get_by_role("switch", name="Unlock with face")
    scroll_to(page, switch)
    switch.click()
    page.get_by_text("You can now open Repair with your face.").wait_for(timeout=15_000)
    scroll_to(page, switch)
    screenshot(page, "phone-preview-settings-face-light")
    assert LockService.open(data_dir, clock).biometric_on
