"""Issue 18 in a real browser: a half-written message survives a tab switch and a pause
(which returns to where the user was, its button counting down meanwhile), and a running
pause stays visible through the app lock."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from .conftest import (
    DESKTOP,
    PHONE,
    field_value,
    go_to_destination,
    open_app,
    reload,
    screenshot,
    tap,
    type_into,
)
from .test_foundation_journey import complete_welcome
from .test_privacy_journey import AuditedApp, click_button, turn_on_lock

WORDS = "I'm sorry about tonight. I want to"
RUNNING_BUTTON = re.compile(r"^Pause · (1\d|20):\d\d")


def unsent_text(data_dir: Path) -> str:
    try:
        doc = json.loads((data_dir / "main.json").read_text())
    except (OSError, ValueError):
        return ""
    return (doc.get("unsent_message", {}).get("1") or {}).get("text", "")


def wait_until_kept(data_dir: Path, text: str, timeout: float = 30.0) -> None:
    """Wait until the app has written the message to its data file (the autosave)."""
    deadline = time.monotonic() + timeout
    while unsent_text(data_dir) != text:
        assert time.monotonic() < deadline, f"not kept: {unsent_text(data_dir)!r}"
        time.sleep(0.2)


def test_the_half_written_message_survives_a_tab_switch_and_a_pause(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    complete_welcome(page)
    go_to_destination(page, "Message")
    page.get_by_role("textbox", name="Your message").wait_for(timeout=30_000)
    type_into(page, "Your message", WORDS)
    # Playwright types faster than the browser passes keystrokes on; a person's last
    # keystroke reaches the app long before their next tap. (The save on leaving a
    # screen is tested in tests/ui/test_unsent_message.py.)
    wait_until_kept(app_server.data_dir, WORDS)

    go_to_destination(page, "Progress")
    page.wait_for_url(re.compile(r"/progress$"), timeout=30_000)
    go_to_destination(page, "Message")
    page.wait_for_url(re.compile(r"/send-check$"), timeout=30_000)
    assert field_value(page, "Your message") == WORDS

    tap(page, page.get_by_role("button", name="Pause", exact=True))
    page.get_by_text("Your code word", exact=True).wait_for(timeout=30_000)
    page.get_by_role("button", name="Check my pulse").click()  # opens in view, not below
    beat = page.get_by_role("button", name="Tap on each beat")
    beat.wait_for(timeout=30_000)
    deadline = time.monotonic() + 10
    while True:  # the page scrolls the box into view
        found = beat.bounding_box()
        if found and found["y"] >= 0 and found["y"] + found["height"] <= PHONE["height"]:
            break
        assert time.monotonic() < deadline, f"the pulse button stayed out of view: {found}"
        page.wait_for_timeout(200)
    screenshot(page, "calm-pulse-open-phone-light")
    tap(page, page.get_by_role("button", name="End early"))
    tap(page, page.get_by_role("button", name="End now"))
    page.get_by_text("You ended the pause early").wait_for(timeout=30_000)
    page.get_by_role("button", name="Start another pause").wait_for()
    screenshot(page, "calm-pause-return-phone-light")
    click_button(page, "Skip")
    page.wait_for_url(re.compile(r"/send-check$"), timeout=30_000)  # back where they were
    assert field_value(page, "Your message") == WORDS
    page.context.close()


def test_the_pause_button_counts_down_on_stacked_screens(browser, app_server):
    page = open_app(browser, app_server.url, viewport=DESKTOP, dark=True)
    complete_welcome(page)
    page.goto(app_server.url + "phases/2")
    reload(page)
    page.get_by_text(re.compile("^Phase 2: ")).first.wait_for(timeout=30_000)
    tap(page, page.get_by_role("button", name="Pause", exact=True))
    page.get_by_text("Your code word", exact=True).wait_for(timeout=30_000)
    page.go_back()  # the phase page it was started from, with the pause still running
    page.wait_for_url(re.compile(r"/phases/2$"), timeout=30_000)
    button = page.get_by_role("button", name=RUNNING_BUTTON)
    button.wait_for(timeout=30_000)
    first = button.text_content() or button.get_attribute("aria-label")
    page.wait_for_timeout(2500)
    later = button.text_content() or button.get_attribute("aria-label")
    assert first != later, (first, later)  # it ticks
    screenshot(page, "calm-pause-button-running-desktop-dark")
    tap(page, button)
    page.get_by_text("Your code word", exact=True).wait_for(timeout=30_000)
    page.context.close()


def test_a_running_pause_is_not_hidden_by_the_lock(browser, tmp_path):
    app = AuditedApp(tmp_path)
    server = app.start()
    try:
        page = open_app(browser, server.url, viewport=PHONE)
        complete_welcome(page, code_word="time out")
        turn_on_lock(page, "2468")  # locks after a minute of stillness
        tap(page, page.get_by_role("button", name="Pause", exact=True))
        page.get_by_text("Your code word", exact=True).wait_for(timeout=30_000)
        page.wait_for_timeout(68_000)  # more than the idle time, no activity at all
        assert page.get_by_text("Repair is locked").count() == 0
        page.get_by_text(re.compile(r"^1\d:\d\d$")).first.wait_for(timeout=10_000)
        page.get_by_text("Breathe in").or_(page.get_by_text("Breathe out")).first.wait_for()
        screenshot(page, "calm-pause-after-idle-phone-light")

        page.go_back()  # back to Settings, where it was started; lock now
        page.wait_for_url(re.compile(r"/settings$"), timeout=30_000)
        click_button(page, "Lock now")
        page.get_by_text("Repair is locked").wait_for(timeout=30_000)
        page.get_by_text(re.compile(r"^Your pause · 1\d:\d\d left$")).wait_for(timeout=30_000)
        assert page.get_by_role("button", name="Pause", exact=True).count() == 0
        screenshot(page, "calm-lock-with-pause-phone-light")
        click_button(page, "Return to your pause")
        page.get_by_text("time out").wait_for(timeout=30_000)
        page.get_by_text(re.compile(r"^1\d:\d\d$")).first.wait_for(timeout=30_000)
        assert page.get_by_text("Past pauses").count() == 0  # still locked: nothing private
        page.context.close()
    finally:
        app.stop()
