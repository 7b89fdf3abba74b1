"""Reminders in a real browser: a changed morning time survives a reload, and the test
notification shows the in-app banner in web mode (no desktop notification service here)."""

from __future__ import annotations

import json
import re

import pytest

from .conftest import DESKTOP, PHONE, field_value, open_app, reload, screenshot, tap, type_into


def banner(page):
    """The in-app banner: Flutter merges its title and text into one labelled node."""
    return page.get_by_label(re.compile(r"^Repair\s+A moment for you$"))


def complete_welcome(page) -> None:
    page.get_by_text("Three things before we start").wait_for(timeout=30_000)
    tap(page, page.get_by_role("button", name="Start my program"))
    page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)


def open_settings(page, url: str) -> None:
    page.goto(url + "settings")
    reload(page)
    page.get_by_text("Reminders", exact=True).wait_for(timeout=30_000)


def test_morning_time_is_one_setting_changed_in_one_place(browser, app_server):
    """One setting, one place: the morning time is changed in Settings → Reminders (its
    only field there) and every place that uses it shows the new time after a reload."""
    page = open_app(browser, app_server.url, viewport=PHONE)
    complete_welcome(page)
    open_settings(page, app_server.url)
    assert field_value(page, "Morning reminder time") == "08:00"
    assert page.get_by_role("textbox", name=re.compile("morning", re.I)).count() == 1

    type_into(page, "Morning reminder time", "7:15")
    tap(page, page.get_by_role("button", name="Save reminders"))
    page.get_by_text("Reminders saved.").wait_for(timeout=15_000)

    reload(page)
    page.get_by_text("Reminders", exact=True).wait_for(timeout=30_000)
    assert field_value(page, "Morning reminder time") == "07:15"
    assert page.get_by_role("textbox", name=re.compile("morning", re.I)).count() == 1
    screenshot(page, "reminders-settings-phone-light")
    # Drafts rest until the same morning time
    page.goto(app_server.url + "send-check/drafts")
    reload(page)
    page.get_by_text(re.compile(r"until your next morning \(07:15\)")).wait_for(timeout=30_000)
    saved = json.loads((app_server.data_dir / "main.json").read_text())
    assert saved["settings"]["1"]["morning_time"] == "07:15"

    open_settings(page, app_server.url)
    tap(page, page.get_by_role("button", name="Send a test notification"))
    banner(page).wait_for(timeout=15_000)  # the in-app banner
    page.get_by_text(re.compile("can't show system notifications")).wait_for(timeout=15_000)
    screenshot(page, "reminders-banner-phone-light")

    tap(page, page.get_by_role("button", name="Open"))
    page.wait_for_url(re.compile(r"/today$"), timeout=15_000)
    page.context.close()


def test_invalid_reminder_time_is_refused(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    complete_welcome(page)
    open_settings(page, app_server.url)
    type_into(page, "Evening check time", "25:99")
    tap(page, page.get_by_role("button", name="Save reminders"))
    page.get_by_text(re.compile("That time doesn't exist")).wait_for(timeout=15_000)
    # nothing was saved: a freshly built Settings screen shows the old time
    page.goto(app_server.url + "today")
    reload(page)
    open_settings(page, app_server.url)
    assert field_value(page, "Evening check time") == "21:00"
    saved = json.loads((app_server.data_dir / "main.json").read_text())
    assert saved["settings"]["1"]["evening_time"] == "21:00"
    page.context.close()


@pytest.mark.parametrize(("viewport", "dark", "label"), [
    (DESKTOP, False, "desktop-light"), (DESKTOP, True, "desktop-dark"), (PHONE, True, "phone-dark"),
])
def test_reminders_card_and_banner_at_each_size(browser, app_server, viewport, dark, label):
    page = open_app(browser, app_server.url, viewport=viewport, dark=dark)
    complete_welcome(page)
    open_settings(page, app_server.url)
    tap(page, page.get_by_role("button", name="Send a test notification"))
    banner(page).wait_for(timeout=15_000)
    screenshot(page, f"reminders-banner-{label}")
    tap(page, page.get_by_role("button", name="Dismiss"))
    banner(page).wait_for(state="detached", timeout=15_000)
    screenshot(page, f"reminders-settings-{label}")
    page.context.close()
