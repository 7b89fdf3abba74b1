"""Issue 18, items 9 and 11, in a real browser on a five-week-old program: what a screen
reader hears in Chromium's accessibility tree, and the words in place of scores.

* the period and theme segments say which one is selected, and follow a new choice;
* "Days without defending" is one node, "Day N of 14", with no raw progress-bar value;
* the check-in's step-back button is "Previous step", so "Back" is only the app bar's;
* each past pause is one item read whole;
* the tally says what one more kind moment does; the data folder shows on request;
* the send check's tab is "Message"; a phase page shows what is done today;
* a focused passcode field at 320 px is scrolled clear of the Pause button.
"""

from __future__ import annotations

import re
import time

from . import test_calm_layout as calm_layout
from .conftest import (
    DESKTOP,
    PHONE,
    focus_for_typing,
    go_to_destination,
    open_app,
    screenshot,
    scroll_into_view,
    scroll_to_text,
    tap,
)

SMALL_PHONE = {"width": 320, "height": 640}


# The same seeded five-week program and route opening as the calm layout walk.
seeded_server = calm_layout.seeded_server
open_route = calm_layout.open_route


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def test_selected_segments_the_streak_and_the_step_back_are_said_plainly(
        browser, seeded_server):
    url = seeded_server.url
    page = open_app(browser, url, viewport=PHONE)

    open_route(page, url, "progress")
    button(page, "4 weeks, selected").wait_for(timeout=30_000)
    assert button(page, "3 months").count() == 1
    tap(page, button(page, "3 months"))
    button(page, "3 months, selected").wait_for(timeout=30_000)
    assert button(page, "4 weeks").count() == 1
    assert button(page, "4 weeks, selected").count() == 0
    screenshot(page, "calm-words-progress-period-phone-light")

    open_route(page, url, "today")
    page.get_by_text(re.compile(r"^Day \d+ of 14$")).first.wait_for(timeout=30_000)
    bars = page.locator("flt-semantics[role=progressbar]")
    assert bars.count() == 0, [bars.nth(i).get_attribute("aria-label")
                               for i in range(bars.count())]
    box = page.get_by_role("checkbox", name="I didn't defend myself today")
    tap(page, box)
    page.wait_for_function("e => e.getAttribute('aria-checked') === 'true'",
                           arg=box.element_handle(), timeout=30_000)

    open_route(page, url, "phases/1")  # the phase page shows what is done today
    scroll_to_text(page, "On your daily checklist")
    scroll_to_text(page, "Done today")
    scroll_into_view(page.get_by_text("Done today"))
    screenshot(page, "calm-words-phase-done-today-phone-light")

    open_route(page, url, "settings")
    scroll_to_text(page, "Appearance")
    button(page, "System theme, selected").wait_for(timeout=30_000)
    tap(page, button(page, "Dark theme"))
    button(page, "Dark theme, selected").wait_for(timeout=30_000)
    assert button(page, "System theme").count() == 1
    screenshot(page, "calm-words-theme-dark-phone")

    open_route(page, url, "checkin")
    tap(page, button(page, "Next"))
    page.get_by_text("Step 2 of 6").wait_for(timeout=30_000)
    button(page, "Previous step").wait_for(timeout=30_000)
    assert button(page, "Back").count() == 1  # the app bar's, which leaves the check-in
    screenshot(page, "calm-words-checkin-step-2-phone-dark")
    tap(page, button(page, "Previous step"))
    page.get_by_text("Step 1 of 6").wait_for(timeout=30_000)

    open_route(page, url, "pause/history")
    items = page.get_by_text(re.compile(r"^\w{3} \d+ \w{3} \d{4}, 21:00\. 20 min, "
                                        r"(ended early|taken in full)\.$"))
    items.first.wait_for(timeout=30_000)
    assert items.count() == 5, items.all_text_contents()
    assert page.get_by_text("20 min · ended early", exact=True).count() == 0  # no loose lines
    screenshot(page, "calm-words-past-pauses-phone-light")
    page.context.close()


def test_kind_words_for_the_tally_and_the_folder_on_request(browser, seeded_server):
    url = seeded_server.url
    page = open_app(browser, url, viewport=DESKTOP)

    go_to_destination(page, "Message")  # the tab once called "Check"
    page.get_by_role("textbox", name="Your message").wait_for(timeout=30_000)

    open_route(page, url, "today")
    scroll_to_text(page, "Five to one")
    tap(page, button(page, "Add negative moment"))
    page.get_by_text("One more kind moment, and today is at 1 : 1.").wait_for(timeout=30_000)
    tap(page, button(page, "Add positive moment"))
    page.get_by_text("One more kind moment, and today is at 2 : 1.").wait_for(timeout=30_000)
    assert page.get_by_text(re.compile("needed")).count() == 0
    screenshot(page, "calm-words-tally-desktop-light")

    open_route(page, url, "settings")
    folder = str(seeded_server.data_dir)
    scroll_to_text(page, "Your data")
    show = button(page, "Show where it's kept")
    show.wait_for(timeout=30_000)
    assert page.get_by_text(folder).count() == 0
    assert page.get_by_text(f"Data folder: {folder}", exact=True).count() == 0
    tap(page, show)
    page.get_by_text(f"Data folder: {folder}", exact=True).wait_for(timeout=30_000)
    button(page, "Copy the folder's location").wait_for()
    button(page, "Hide where it's kept").wait_for()
    screenshot(page, "calm-words-data-folder-desktop-light")
    page.context.close()


def overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def test_a_focused_passcode_field_is_not_left_under_the_pause_button(browser, seeded_server):
    """At 320x640 the repeat-passcode field scrolled to the screen's foot had its eye under
    Pause, and focusing it left it there."""
    url = seeded_server.url
    page = open_app(browser, url, viewport=SMALL_PHONE)
    open_route(page, url, "settings")
    scroll_to_text(page, "App lock")
    tap(page, button(page, "Turn on app lock"))
    repeat = page.get_by_role("textbox", name="Repeat the new passcode")
    repeat.wait_for(timeout=30_000)
    scroll_into_view(repeat)  # at the foot of the screen, as a thumb leaves it
    page.wait_for_timeout(500)
    focus_for_typing(page, repeat)
    pause = page.get_by_role("button", name="Pause", exact=True)
    eye = page.get_by_role("button", name="Show passcode").nth(1)
    deadline = time.monotonic() + 10
    while overlap(eye.bounding_box(), pause.bounding_box()):  # Flutter scrolls it clear
        assert time.monotonic() < deadline, (eye.bounding_box(), pause.bounding_box())
        page.wait_for_timeout(200)
    field = repeat.bounding_box()
    assert field["y"] + field["height"] <= pause.bounding_box()["y"]
    screenshot(page, "calm-words-passcode-focused-320-light")
    page.context.close()
