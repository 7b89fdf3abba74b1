"""The weekly check-in and the repair toolkit in a real browser: add a win from Today and
find it in the toolkit; check an apology and see the defending flagged; go through a whole
check-in (a reload mid-way loses nothing), find it in Past check-ins, reload: still there.
Screenshots at phone and desktop size, light and dark."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from playwright.sync_api import expect

from .conftest import (
    DESKTOP,
    PHONE,
    focus_for_typing,
    open_app,
    reload,
    screenshot,
    scroll_into_view,
    scroll_to_text,
    tap,
    type_into,
)
from .test_today_journey import start_program_weeks_ago

WIN = "We laughed at dinner 😄"
APOLOGY = "I'm sorry, but you made me feel small."
WENT_WELL = "No shouting all week 🌿"
PROMISE = "I'll cook on Thursday"
SOFT_START = "I feel tense about money. I need a plan together."
NEED = "ערב שקט ביחד"  # right-to-left: "a quiet evening together"


def wait_text(page, text, timeout: float = 30_000) -> None:
    page.get_by_text(text).first.wait_for(timeout=timeout)


def button(page, name: str):
    return page.get_by_role("button", name=name, exact=True)


def next_step(page, number: int) -> None:
    tap(page, button(page, "Next"))
    wait_text(page, f"Step {number} of 6")


def stored_draft(app_server) -> dict:
    main = json.loads((app_server.data_dir / "main.json").read_text("utf-8"))
    return next(iter(main.get("checkin_draft", {}).values()), {})


def wait_for_draft(page, app_server, field: str, text: str) -> None:
    """The draft is written at most two seconds after typing stops: wait for the file."""
    for _ in range(60):
        if stored_draft(app_server).get("answers", {}).get(field) == text:
            return
        page.wait_for_timeout(250)
    raise AssertionError(f"draft never held {text!r}: {stored_draft(app_server)}")


def test_wins_apology_and_a_whole_check_in(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    start_program_weeks_ago(page, 22)  # week 4: phase 4 is active
    monday = date.today() - timedelta(days=date.today().weekday())  # the test's own clock

    # A small win from Today.
    wait_text(page, "Weekly check-in")
    type_into(page, "A small win", WIN)
    tap(page, button(page, "Add win"))
    wait_text(page, "Win saved. You'll find it with your repair tools in Phase 4.")
    scroll_into_view(page.get_by_text("A small win today?"))
    screenshot(page, "checkin-today-tiles-phone-light")

    # ...is in the toolkit on phase 4.
    tap(page, button(page, "See all wins"))
    wait_text(page, "Phase 4: ")
    small_wins = page.get_by_text("Small wins", exact=True)
    scroll_into_view(small_wins)
    scroll_to_text(page, WIN)
    wait_text(page, "This week")
    screenshot(page, "toolkit-wins-phone-light")

    # The apology builder flags the defending.
    type_into(page, "Your apology", APOLOGY)
    tap(page, button(page, "Check for defending"))
    wait_text(page, "Some of this defends")
    wait_text(page, "“You made me…”")
    wait_text(page, "An apology with an excuse")
    scroll_into_view(page.get_by_text("Some of this defends"))
    screenshot(page, "toolkit-apology-phone-light")

    # The weekly check-in, from phase 4's card.
    tap(page, button(page, "Start check-in"))
    wait_text(page, "Step 1 of 6")
    page.wait_for_url("**/checkin", timeout=30_000)
    appreciations = page.get_by_role("textbox", name="Appreciations")
    appreciations.click()
    # pre-filled from this week (Flutter fills the page's input a frame after focus)
    expect(appreciations).to_have_value(f"Win: {WIN}", timeout=15_000)
    wait_text(page, "Filled in from this week's appreciations and wins. Change anything.")
    page.get_by_role("radio", name="Together").click()
    wait_text(page, re.compile("^Take turns"))
    screenshot(page, "checkin-step1-phone-light")

    next_step(page, 2)
    type_into(page, "What went well", WENT_WELL)
    wait_for_draft(page, app_server, "went_well", WENT_WELL)
    reload(page)  # mid-way: nothing is lost
    wait_text(page, "Step 2 of 6")
    went_well = page.get_by_role("textbox", name="What went well")
    focus_for_typing(page, went_well)  # Flutter fills the page's input once connected
    expect(went_well).to_have_value(WENT_WELL, timeout=15_000)

    next_step(page, 3)
    wait_text(page, "How can we solve this together instead of against each other?")
    type_into(page, "I feel…", "tense")
    type_into(page, "about…", "money")
    type_into(page, "I need…", "a plan together")
    wait_text(page, SOFT_START)
    screenshot(page, "checkin-issue-phone-light")

    next_step(page, 4)
    wait_text(page, "What do you need right now?")
    type_into(page, "What you need right now", NEED)
    next_step(page, 5)
    type_into(page, "A small promise for this week", PROMISE)
    next_step(page, 6)
    wait_text(page, SOFT_START)
    wait_text(page, "Together")
    screenshot(page, "checkin-review-phone-light")

    tap(page, button(page, "Save check-in"))
    wait_text(page, "Check-in saved")
    screenshot(page, "checkin-saved-phone-light")

    tap(page, button(page, "See past check-ins"))
    page.wait_for_url("**/checkin/history", timeout=30_000)
    week_label = re.compile(rf"^Week of {monday.day}\b")
    wait_text(page, week_label)
    wait_text(page, PROMISE)
    reload(page)
    wait_text(page, week_label)
    wait_text(page, PROMISE)
    wait_text(page, SOFT_START)
    wait_text(page, NEED)
    screenshot(page, "checkin-history-phone-light")
    assert stored_draft(app_server) == {}  # saved, so the draft is gone
    page.context.close()

    for viewport, dark, label in ((DESKTOP, False, "desktop-light"),
                                  (DESKTOP, True, "desktop-dark"), (PHONE, True, "phone-dark")):
        other = open_app(browser, app_server.url + "checkin/history", viewport=viewport,
                         dark=dark)
        wait_text(other, PROMISE)
        reload(other)  # a fresh browser draws emoji only once their font has loaded
        wait_text(other, PROMISE)
        screenshot(other, f"checkin-history-{label}")
        other.goto(app_server.url + "checkin")
        reload(other)
        wait_text(other, "Step 1 of 6")
        screenshot(other, f"checkin-step1-{label}")
        other.goto(app_server.url + "phases/4")
        reload(other)
        wait_text(other, "Phase 4: ")
        scroll_into_view(other.get_by_text("Apology builder"))
        type_into(other, "Your apology", "I'm sorry you feel that way.")
        tap(other, button(other, "Check for defending"))
        wait_text(other, "Some of this defends")
        other.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
        other.mouse.wheel(0, 650)  # bring the verdict and the marked-up apology into view
        screenshot(other, f"toolkit-apology-{label}")
        other.context.close()
