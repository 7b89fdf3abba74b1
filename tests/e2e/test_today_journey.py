"""Today in a real browser: a promise, three ticks, the 5:1 tally, a reload keeps it all,
the promise is marked kept; History shows the day; screenshots at both sizes and themes."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .conftest import DESKTOP, PHONE, open_app, reload, screenshot, tap, type_into

PROMISE = "I'll wash the dishes after dinner 🍽"
TICKED = ("I didn't defend myself today", "I left out criticism and blame", "I gave them space")


def start_program_weeks_ago(page, days_ago: int) -> None:
    page.get_by_text("Three things before we start").wait_for(timeout=30_000)
    start = date.today() - timedelta(days=days_ago)  # the test's own clock, not the app's
    type_into(page, "Program start date", start.isoformat())
    tap(page, page.get_by_role("button", name="Start my program"))
    page.get_by_text(re.compile(rf"day {days_ago + 1} of your program")).wait_for(timeout=30_000)


def checkbox(page, label: str):
    """A checklist row: one checkbox stop, named by its label (and the row's hint, if any:
    "I kept today's promise. Follows your answer on the promise card.")."""
    return page.get_by_role("checkbox", name=re.compile("^" + re.escape(label) + r"(?!\w)"))


def wait_text(page, text: str | re.Pattern, timeout: float = 15_000) -> None:
    page.get_by_text(text).first.wait_for(timeout=timeout)


def test_promise_checklist_and_tally_survive_a_reload(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    start_program_weeks_ago(page, 15)  # week 3: phases 1-3, the tally is on

    # An empty promise can't be saved, and the button says why.
    empty_button = page.get_by_role("button", name="Write a promise first")
    empty_button.wait_for(timeout=15_000)
    assert empty_button.is_disabled()
    type_into(page, "Today's promise", PROMISE)
    tap(page, page.get_by_role("button", name="Save promise"))
    page.get_by_role("button", name="Kept it").wait_for(timeout=15_000)

    for label in TICKED:
        tap(page, checkbox(page, label))
        page.wait_for_function(
            "label => [...document.querySelectorAll('[role=checkbox]')].some("
            "e => e.getAttribute('aria-label') === label"
            " && e.getAttribute('aria-checked') === 'true')", arg=label, timeout=15_000)
    wait_text(page, "3 of 9 done today")
    wait_text(page, "Day 1 of 14")

    type_into(page, "A few words (optional)", "hug at breakfast 🤗")
    tap(page, page.get_by_role("button", name="Add positive moment"))
    wait_text(page, "Today: 1 positive · 0 negative · 1 : 0")
    tap(page, page.get_by_role("button", name="Add positive moment"))
    tap(page, page.get_by_role("button", name="Add negative moment"))
    wait_text(page, "Today: 2 positive · 1 negative · 2 : 1")
    screenshot(page, "today-journey-phone-light")

    reload(page)
    wait_text(page, PROMISE)
    wait_text(page, "3 of 9 done today")
    for label in TICKED:
        assert checkbox(page, label).get_attribute("aria-checked") == "true"
    assert checkbox(page, "I did one small kind thing").get_attribute("aria-checked") == "false"
    wait_text(page, "Today: 2 positive · 1 negative · 2 : 1")

    tap(page, page.get_by_role("button", name="Kept it"))
    wait_text(page, "You kept it")
    wait_text(page, "4 of 9 done today")
    reload(page)
    wait_text(page, "You kept it")
    assert checkbox(page, "I kept today's promise").get_attribute("aria-checked") == "true"
    screenshot(page, "today-kept-phone-light")

    tap(page, page.get_by_role("button", name=re.compile("^History")))
    wait_text(page, "Promises kept in a row: 1 day")
    wait_text(page, "Last 30 days: you kept the 1 promise you made.")
    screenshot(page, "history-phone-light")
    page.context.close()

    for viewport, dark, label in ((DESKTOP, False, "desktop-light"),
                                  (DESKTOP, True, "desktop-dark"), (PHONE, True, "phone-dark")):
        other = open_app(browser, app_server.url + "today", viewport=viewport, dark=dark)
        wait_text(other, "You kept it", timeout=30_000)
        screenshot(other, f"today-journey-{label}")
        other.goto(app_server.url + "today/history")
        reload(other)
        wait_text(other, "Promises kept in a row: 1 day", timeout=30_000)
        screenshot(other, f"history-{label}")
        other.context.close()


def test_not_kept_then_own_it(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    start_program_weeks_ago(page, 8)  # week 2: the promise is asked, no tally yet
    assert page.get_by_text("Five to one").count() == 0
    type_into(page, "Today's promise", "אתקשר אליך בצהריים")
    tap(page, page.get_by_role("button", name="Save promise"))
    tap(page, page.get_by_role("button", name="Didn't keep it"))
    type_into(page, "What happened", "The meeting ran over")
    type_into(page, "One repair step", "Told them and set an alarm ⏰")
    tap(page, page.get_by_role("button", name="Own it"))
    wait_text(page, "Told them and set an alarm ⏰")
    reload(page)
    wait_text(page, "Not this time")
    wait_text(page, "אתקשר אליך בצהריים")
    wait_text(page, "Told them and set an alarm ⏰")
    screenshot(page, "today-own-it-phone-light")
    page.context.close()
