"""The pause in a real browser: one tap from Today, the code word and a running countdown that
survives a reload, End early with confirmation, the note, the history; a pause that ended while
the app was closed greets the user with the return screen. Screenshots at phone and desktop
size, light and dark."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta

import pytest

from .conftest import (
    DESKTOP,
    PHONE,
    focus_for_typing,
    open_app,
    reload,
    screenshot,
    settle_input,
    start_app,
    tap,
    wait_until_still,
)
from .test_foundation_journey import complete_welcome

COUNTDOWN = re.compile(r"^\d\d:\d\d$")


def countdown_seconds(page) -> int:
    """The countdown as shown (mm:ss → seconds)."""
    text = page.get_by_text(COUNTDOWN).first
    text.wait_for(timeout=30_000)
    minutes, seconds = (int(part) for part in text.text_content().split(":"))
    return minutes * 60 + seconds


def start_pause_from_today(page) -> None:
    tap(page, page.get_by_role("button", name="Pause"))
    page.get_by_text("Your code word", exact=True).wait_for(timeout=30_000)
    assert page.url.endswith("/pause")


def test_pause_from_today_survives_reload_then_ends_early(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    complete_welcome(page, code_word="time out")
    start_pause_from_today(page)
    page.get_by_text("Your code word: time out").wait_for()
    first = countdown_seconds(page)
    assert 18 * 60 < first <= 20 * 60
    page.wait_for_timeout(2500)
    screenshot(page, "pause-phone-light")
    before_reload = countdown_seconds(page)
    assert before_reload < 20 * 60

    reload(page)
    assert page.url.endswith("/pause")
    page.get_by_text("Your code word: time out").wait_for(timeout=30_000)
    page.wait_for_timeout(1500)
    after_reload = countdown_seconds(page)
    assert after_reload < before_reload, (before_reload, after_reload)
    page.wait_for_timeout(2200)
    assert countdown_seconds(page) < after_reload  # still running

    tap(page, page.get_by_role("button", name="Check my pulse"))
    beat = page.get_by_role("button", name="Tap on each beat")
    beat.wait_for(timeout=30_000)
    # the app scrolls the pulse box into view a moment after it opens: tap once it rests
    wait_until_still(page, beat, still_ms=1200)
    tap(page, beat)
    page.get_by_text(re.compile(r"^0 beats · \d+ s left$")).wait_for(timeout=30_000)

    tap(page, page.get_by_role("button", name="End early"))
    page.get_by_text("Twenty minutes is the minimum for your body to settle.").wait_for()
    tap(page, page.get_by_role("button", name="End now"))
    page.get_by_text("You ended the pause early").wait_for(timeout=30_000)
    page.get_by_text("What do you need right now?").wait_for()
    page.get_by_text("How can we solve this together instead of against each other?").wait_for()
    note = page.get_by_role("textbox", name="What helped")
    focus_for_typing(page, note)
    note.press_sequentially("Cold water and the balcony")
    settle_input(page, note, "Cold water and the balcony")
    assert note.input_value() == "Cold water and the balcony"
    screenshot(page, "pause-return-phone-light")
    tap(page, page.get_by_role("button", name="Save and finish"))
    page.get_by_text("Saved with this pause.").wait_for(timeout=30_000)
    assert page.url.endswith("/today")

    page.goto(app_server.url + "pause/history")
    reload(page)
    page.get_by_text("1 pause so far. Stepping away at all is the hard part.").wait_for(
        timeout=30_000)
    page.get_by_text(re.compile(r"ended early")).wait_for()
    page.get_by_text("What helped: Cold water and the balcony").wait_for()
    screenshot(page, "pause-history-phone-light")

    stored = json.loads(next((app_server.data_dir / "months").glob("*.json")).read_text())
    (entry,) = stored["pauses"].values()
    assert entry["ended_early"] is True and entry["note"] == "Cold water and the balcony"
    page.context.close()


@pytest.mark.parametrize(("viewport", "dark", "label"), [
    (DESKTOP, False, "desktop-light"), (DESKTOP, True, "desktop-dark"), (PHONE, True, "phone-dark"),
])
def test_pause_screen_at_each_size_and_theme(browser, app_server, viewport, dark, label):
    page = open_app(browser, app_server.url, viewport=viewport, dark=dark)
    complete_welcome(page, code_word="pause")
    screenshot(page, f"pause-button-today-{label}")
    start_pause_from_today(page)
    assert countdown_seconds(page) <= 20 * 60
    page.wait_for_timeout(2000)
    screenshot(page, f"pause-{label}")
    tap(page, page.get_by_role("button", name="End early"))
    tap(page, page.get_by_role("button", name="End now"))
    page.get_by_text("You ended the pause early").wait_for(timeout=30_000)
    screenshot(page, f"pause-return-{label}")
    page.context.close()


def test_pause_that_ended_while_closed_shows_the_return_screen(browser, tmp_path):
    data_dir = tmp_path / "data"
    server = start_app(data_dir, tmp_path / "first.log")
    try:
        page = open_app(browser, server.url, viewport=PHONE)
        complete_welcome(page)
        start_pause_from_today(page)
        page.context.close()
    finally:
        server.stop()

    # Twenty-five minutes pass while the app is closed: move the stored pause back in time.
    main = data_dir / "main.json"
    document = json.loads(main.read_text())
    pause = document["pause"]["1"]
    for key in ("started_at", "ends_at"):
        pause[key] = (datetime.fromisoformat(pause[key]) - timedelta(minutes=25)).isoformat()
    main.write_text(json.dumps(document))

    server = start_app(data_dir, tmp_path / "second.log")
    try:
        page = open_app(browser, server.url, viewport=PHONE)
        page.get_by_text("Your 20 minutes are up").wait_for(timeout=30_000)
        assert page.url.endswith("/pause")
        page.get_by_text("What do you need right now?").wait_for()
        screenshot(page, "pause-finished-while-closed-phone-light")
        tap(page, page.get_by_role("button", name="Skip"))
        page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)
        reload(page)  # the return screen was seen: no longer shown on opening
        assert page.url.endswith("/today")
        page.context.close()
    finally:
        server.stop()
