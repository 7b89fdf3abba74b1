"""Issue 18, item 5: with the browser's text size at 200% the pause's countdown stays on one
line inside its ring, clear of "Breathe in"; Settings and Progress keep their words whole.

What simulates a user's 200% font size: Flutter's web engine reads the text scale from the
font size of the page's root element (the browser's "font size" setting changes it the same
way, and Flutter follows it live), so the journey sets ``<html style="font-size: 32px">``
after the welcome. (Chromium's device scale factor zooms everything instead, like page
zoom, and leaves text scale at 1.)"""

from __future__ import annotations

import re

import pytest

from .conftest import PHONE, go_to_destination, open_app, screenshot, tap
from .test_foundation_journey import complete_welcome


def open_large(browser, url: str, *, dark: bool = False):
    """The app past its welcome, with the text at 200%."""
    page = open_app(browser, url, viewport=PHONE, dark=dark)
    complete_welcome(page)
    page.evaluate("document.documentElement.style.fontSize = '32px'")
    page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)
    page.wait_for_timeout(800)
    return page


def box(locator):
    locator.wait_for(timeout=30_000)
    found = locator.bounding_box()
    assert found is not None
    return found


def pause_layout_problems(page) -> list[str]:
    """What is wrong with the pause dial's layout at this moment (nothing: it is right)."""
    countdown = box(page.get_by_text(re.compile(r"^\d\d:\d\d$")).first)
    breath = box(page.get_by_text(re.compile(r"^Breathe (in|out)$")).first)
    ring = box(page.get_by_role("progressbar").first.or_(
        page.get_by_label("Time left in the pause")).first)
    problems = []
    # one line: about as tall as its font, not two lines
    if not countdown["height"] < 1.6 * countdown["width"] / 2.5:
        problems.append(f"the countdown wraps: {countdown}")
    # inside the ring, and clear of the breathing label under it
    if not (ring["x"] <= countdown["x"]
            and countdown["x"] + countdown["width"] <= ring["x"] + ring["width"]):
        problems.append(f"the countdown spills out of the ring: {countdown} {ring}")
    # (the semantics box of a text runs a few pixels below its glyphs)
    if not countdown["y"] + 0.9 * countdown["height"] <= breath["y"]:
        problems.append(f"the countdown runs into the breathing label: {countdown} {breath}")
    if not breath["y"] + breath["height"] <= ring["y"] + ring["height"]:
        problems.append(f"the breathing label falls out of the ring: {breath} {ring}")
    return problems


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_pause_at_200_percent_text(browser, app_server, dark):
    page = open_large(browser, app_server.url, dark=dark)
    tap(page, page.get_by_role("button", name="Pause", exact=True))
    page.get_by_text("Your code word", exact=True).wait_for(timeout=30_000)
    # The dial settles to the text size a moment after the screen is drawn (later on a
    # loaded machine): wait for a layout that holds, then keep it in a screenshot.
    problems: list[str] = []
    for _ in range(60):
        problems = pause_layout_problems(page)
        if not problems:
            break
        page.wait_for_timeout(500)
    name = f"large-text-pause-phone-{'dark' if dark else 'light'}"
    screenshot(page, name)
    assert not problems, problems
    page.context.close()


def test_settings_and_progress_at_200_percent_text(browser, app_server):
    page = open_large(browser, app_server.url)
    screenshot(page, "large-text-today-phone-light")
    go_to_destination(page, "Settings")
    page.wait_for_timeout(1500)
    screenshot(page, "large-text-settings-phone-light")
    go_to_destination(page, "Today")
    tap(page, page.get_by_role("checkbox").first)  # one thing done: the calendar has a day
    page.wait_for_timeout(800)
    go_to_destination(page, "Progress")
    page.get_by_text("Checklist calendar").first.wait_for(timeout=30_000)
    # The calendar is one image to a screen reader (its figures are under "Show as text"),
    # so what the squares and labels look like is checked by eye on the screenshot.
    page.get_by_role("button", name=re.compile("show the figures as text")).first.wait_for()
    page.mouse.move(PHONE["width"] / 2, PHONE["height"] / 2)
    page.mouse.wheel(0, 700)
    page.wait_for_timeout(800)
    screenshot(page, "large-text-progress-calendar-phone-light")
    page.context.close()


def test_the_calendar_week_fits_a_320_px_phone(browser, app_server):
    page = open_app(browser, app_server.url, viewport={"width": 320, "height": 640})
    complete_welcome(page)
    tap(page, page.get_by_role("checkbox").first)
    page.wait_for_timeout(800)
    go_to_destination(page, "Progress")
    page.get_by_text("Checklist calendar").first.wait_for(timeout=30_000)
    page.get_by_role("button", name=re.compile("show the figures as text")).first.wait_for()
    page.mouse.move(160, 320)
    page.mouse.wheel(0, 250)
    page.wait_for_timeout(800)
    screenshot(page, "progress-calendar-320-light")
    page.context.close()
