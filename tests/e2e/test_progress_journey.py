"""Progress in a real browser: five weeks seeded through the repositories, today logged on
the Today screen, then the charts, their readings and text versions, the period switch;
a new user's empty states. Screenshots at phone and desktop size, light and dark."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from repair_app.content import default_program
from repair_app.core.clock import Clock, FakeClock
from repair_app.core.day import NEGATIVE, POSITIVE, Moment
from repair_app.core.pause import PauseSession, PauseState
from repair_app.core.progress import (
    PERIOD_3_MONTHS,
    PERIOD_4_WEEKS,
    PERIOD_ALL,
    build_progress_from_summary,
    load_window,
)
from repair_app.core.promise import make_promise, mark_promise
from repair_app.store import SettingsRepository, Store
from repair_app.store.day_repository import DayRepository, MomentRepository
from repair_app.store.pause_repository import PauseRepository
from repair_app.store.progress_repository import ProgressRepository
from repair_app.system_clock import SystemClock

from .conftest import (
    DESKTOP,
    PHONE,
    focus_for_typing,
    go_to_destination,
    open_app,
    screenshot,
    scroll_into_view,
    settle_input,
    start_app,
    tap,
)
from .test_foundation_journey import complete_welcome

FULL_WEEKS = 4  # of use before the current ISO week
TITLES = ("Checklist calendar", "Promises kept", "Positive and negative moments", "Pauses")
# What each chart's reading says once today is logged, whatever the weekday.
READINGS = {
    "Checklist calendar": r"In the last 4 weeks, you did part of the checklist on \d+ of "
                          r"\d+ days\.",
    "Promises kept": r"You kept \d+ of \d+ promises in the last 4 weeks; follow-through "
                     r"\w+ .*%.*\.",
    "Positive and negative moments": r"Your ratio rose from [\d.]+:1 to [\d.]+:1 over "
                                     r"(one week|two weeks|three weeks)"
                                     r"(, at or above the 5:1 mark)?\.",
    "Pauses": r"In the last 4 weeks, you took \d+ pauses: \d+ ran their full time and \d+ "
              r"ended early\.",
}
TICKED = ("I didn't defend myself today", "I gave them space")


def program_start(today: date) -> date:
    """The Monday FULL_WEEKS weeks before the current ISO week's."""
    return today - timedelta(days=today.weekday(), weeks=FULL_WEEKS)


def seed(data_dir: Path, clock: Clock | None = None) -> date:
    """Four whole ISO weeks of use, Monday to Sunday, before the current week, and none of
    it in the current week (so what the browser adds today is all this week holds). The
    program starts on a Monday, so every weekday sees the same weeks: a start counted back
    from today put a lone positive Sunday in the tally's first week on Saturdays, and the
    ratio's reading changed with the day the tests ran. Returns the program start."""
    clock = clock or SystemClock()
    now = clock.now()
    today = now.date()
    this_monday = today - timedelta(days=today.weekday())
    start = program_start(today)
    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({
            "onboarded": True, "program_start": start.isoformat(), "theme": "system",
            "morning_time": "07:45", "evening_time": "21:00", "code_word": "pause",
            "discreet_notifications": True})
        days, moments, pauses = (DayRepository(store), MomentRepository(store),
                                 PauseRepository(store))
        day = start
        while day < this_monday:
            n = (day - start).days
            morning = datetime(day.year, day.month, day.day, 8, tzinfo=now.tzinfo)

            def change(record, n=n, morning=morning):
                record = record.with_check("no_defending", n % 4 != 0)
                record = record.with_check("no_blame", n % 3 != 0)
                if n >= 7:  # the promise starts in week 2
                    record = make_promise(record, "Call at lunch", morning)
                    record = mark_promise(record, n % 5 != 0, morning + timedelta(hours=13))
                return record

            days.update(day, change)
            if n >= 14:  # the tally starts in week 3; the ratio improves week by week
                for hour in range(9, 9 + 2 + (n - 14) // 7):
                    moments.add(Moment(day, morning.replace(hour=hour), POSITIVE))
                if n % 2:
                    moments.add(Moment(day, morning.replace(hour=19), NEGATIVE))
            if n % 6 == 3:
                begun = morning.replace(hour=21)
                pauses.save_history(PauseSession(
                    id=begun.isoformat(), started_at=begun,
                    ends_at=begun + timedelta(minutes=20),
                    state=PauseState.ENDED_EARLY if n % 12 == 3 else PauseState.FINISHED,
                    ended_at=begun + timedelta(minutes=20), length_seconds=1200))
            day += timedelta(days=1)
    return start


@pytest.fixture
def seeded_server(tmp_path: Path):
    seed(tmp_path / "data")
    server = start_app(tmp_path / "data", tmp_path / "app.log")
    yield server
    server.stop()


def chart_image(page, title: str):
    return page.get_by_role("img", name=re.compile("^" + re.escape(title) + " chart\\. \\S"))


def wait_text(page, text, timeout: float = 20_000) -> None:
    page.get_by_text(text).first.wait_for(timeout=timeout)


def log_today(page) -> None:
    """What a user does on Today: a promise kept, two ticks, a positive and a negative
    moment."""
    wait_text(page, "Today's checklist", timeout=30_000)
    promise = page.get_by_role("textbox", name="Today's promise")
    focus_for_typing(page, promise)
    promise.press_sequentially("I'll cook dinner tonight")
    settle_input(page, promise, "I'll cook dinner tonight")
    tap(page, page.get_by_role("button", name="Save promise"))
    tap(page, page.get_by_role("button", name="Kept it"))
    wait_text(page, "You kept it")
    for label in TICKED:
        box = page.get_by_role("checkbox", name=label, exact=True)
        tap(page, box)
        page.wait_for_function(
            "label => [...document.querySelectorAll('[role=checkbox]')].some("
            "e => e.getAttribute('aria-label') === label"
            " && e.getAttribute('aria-checked') === 'true')", arg=label, timeout=15_000)
    tap(page, page.get_by_role("button", name="Add positive moment"))
    wait_text(page, re.compile(r"^Today: 1 positive · 0 negative"))
    tap(page, page.get_by_role("button", name="Add negative moment"))
    wait_text(page, re.compile(r"^Today: 1 positive · 1 negative"))


def show_chart(page, title: str) -> None:
    heading = page.get_by_text(title, exact=True).first
    scroll_into_view(heading)
    page.wait_for_timeout(600)


def test_progress_draws_what_was_logged(browser, seeded_server):
    page = open_app(browser, seeded_server.url, viewport=PHONE)
    log_today(page)

    go_to_destination(page, "Progress")
    wait_text(page, "Where you are", timeout=30_000)
    wait_text(page, "Each bar is one week, Monday to Sunday.")
    for title, reading in READINGS.items():
        show_chart(page, title)
        image = chart_image(page, title)
        image.wait_for(timeout=20_000)
        assert re.fullmatch(f"{re.escape(title)} chart\\. {reading}",
                            image.get_attribute("aria-label")), image.get_attribute("aria-label")
        wait_text(page, re.compile("^" + reading + "$"))

    # The text version of the moments chart: this week holds exactly today's two taps.
    show_chart(page, "Positive and negative moments")
    tap(page, page.get_by_role("button", name=re.compile(
        "^Positive and negative moments: show the figures as text")))
    wait_text(page, re.compile(r": 1 positive, 1 negative, ratio 1:1$"))
    wait_text(page, re.compile(r": no moments$|: \d+ positive, \d+ negative"))
    page.get_by_role("button", name=re.compile(
        "^Positive and negative moments: hide the figures")).wait_for(timeout=10_000)
    screenshot(page, "progress-moments-text-phone-light")

    # Three months reach back to the program's first week; "all" is the same here.
    scroll_into_view(page.get_by_text("Where you are").first)
    page.wait_for_timeout(500)
    tap(page, page.get_by_role("button", name="3 months"))
    program_days = (date.today() - program_start(date.today())).days + 1
    wait_text(page, re.compile(r"^In the last 3 months, you did part of the checklist on "
                               rf"\d+ of {program_days} days\.$"))
    tap(page, page.get_by_role("button", name="All"))
    wait_text(page, re.compile(r"^Since you began, you did part of the checklist on "
                               rf"\d+ of {program_days} days\.$"))
    tap(page, page.get_by_role("button", name="4 weeks"))
    wait_text(page, re.compile(r"^In the last 4 weeks, you did part of the checklist"))
    page.context.close()

    for viewport, dark, size in ((PHONE, False, "phone-light"), (PHONE, True, "phone-dark"),
                                 (DESKTOP, False, "desktop-light"),
                                 (DESKTOP, True, "desktop-dark")):
        other = open_app(browser, seeded_server.url + "progress", viewport=viewport, dark=dark)
        wait_text(other, "Where you are", timeout=30_000)
        chart_image(other, "Checklist calendar").wait_for(timeout=20_000)
        screenshot(other, f"progress-{size}")
        for title in TITLES[1:]:
            show_chart(other, title)
            chart_image(other, title).wait_for(timeout=20_000)
            screenshot(other, f"progress-{title.split()[0].lower()}-{size}")
        other.context.close()


def test_a_new_user_sees_what_will_appear(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    complete_welcome(page)
    go_to_destination(page, "Progress")
    wait_text(page, re.compile(r"^The 5:1 tally joins Today in week 3"), timeout=30_000)
    wait_text(page, re.compile(r"^The morning promise joins Today in week 2"))
    wait_text(page, re.compile(r"^Nothing ticked in the last 4 weeks\."))
    assert page.get_by_role("img", name=re.compile(" chart\\. ")).count() == 0
    screenshot(page, "progress-new-user-phone-light")
    page.context.close()
    dark = open_app(browser, app_server.url + "progress", viewport=DESKTOP, dark=True)
    wait_text(dark, re.compile(r"^No pauses in the last 4 weeks\."), timeout=30_000)
    screenshot(dark, "progress-new-user-desktop-dark")
    dark.context.close()


#: Every weekday, then the calendar's seams: an ISO year of 53 weeks ending and the next
#: one starting, a seed spanning each daylight-saving change (Europe/Berlin), a leap day
#: and the last day of a month that follows one.
SEED_DAYS = (*(date(2026, 11, 30) + timedelta(days=k) for k in range(7)),
             date(2026, 12, 31), date(2027, 1, 3), date(2027, 1, 4), date(2027, 3, 28),
             date(2027, 4, 11), date(2027, 10, 31), date(2027, 11, 7), date(2028, 2, 29),
             date(2028, 3, 31))


@pytest.mark.parametrize("today", SEED_DAYS, ids=lambda d: f"{d:%a}-{d.isoformat()}")
def test_the_seed_reads_the_same_on_every_weekday(tmp_path, today):
    """No browser: the seed and today's logging, read the way the Progress screen reads
    them, give the readings the journey expects on whatever day the suite runs."""
    clock = FakeClock(datetime(today.year, today.month, today.day, 12,
                               tzinfo=ZoneInfo("Europe/Berlin")))
    start = seed(tmp_path, clock)
    assert start.weekday() == 0
    with Store.open(tmp_path, clock) as store:
        def logged(record):
            morning = clock.now().replace(hour=8)
            record = make_promise(record, "I'll cook dinner tonight", morning)
            record = mark_promise(record, True, morning.replace(hour=11))
            return record.with_check("no_defending", True).with_check("gave_space", True)

        DayRepository(store).update(today, logged)
        MomentRepository(store).add(Moment(today, clock.now(), POSITIVE))
        MomentRepository(store).add(Moment(today, clock.now(), NEGATIVE))
        progress = ProgressRepository(store)
        program = default_program()

        def read(period):
            window = load_window(period, today, progress.first_month(), start)
            summary = progress.summary(window.first, window.last, program=program,
                                       program_start=start)
            return build_progress_from_summary(period, window, summary, program=program,
                                               program_start=start, today=today,
                                               zone=clock.now().tzinfo)

        weeks = read(PERIOD_4_WEEKS)
        charts = dict(zip(TITLES, (weeks.checklist, weeks.promises, weeks.moments,
                                   weeks.pauses), strict=True))
        for title, reading in READINGS.items():
            assert re.fullmatch(reading, charts[title].reading), (title, charts[title].reading)
        program_days = (today - program_start(today)).days + 1
        for period, phrase in ((PERIOD_3_MONTHS, "In the last 3 months"),
                               (PERIOD_ALL, "Since you began")):
            assert re.fullmatch(rf"{phrase}, you did part of the checklist on \d+ of "
                                rf"{program_days} days\.", read(period).checklist.reading)
        # The calm words walk hears five past pauses, each begun at 21:00.
        past = PauseRepository(store).recent_history(clock)
        assert [p.started_at.astimezone(clock.now().tzinfo).hour for p in past] == [21] * 5
