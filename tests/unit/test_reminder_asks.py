"""Reminders follow the program: what each asks, when it starts, where its tap lands,
read from the bundled program, one test per week 1-4."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from repair_app.content import default_program
from repair_app.core.reminder_asks import (
    EVENING_CHECKLIST,
    EVENING_PROMISE,
    begins_note,
    checkin_phase,
    first_day,
    promise_phase,
    reminder_ask,
    reminder_message,
    reminder_rules,
    welcome_morning_helper,
)
from repair_app.core.reminders import (
    CHECKIN_ROUTE,
    DISCREET_BODY,
    NEVER,
    TODAY_ROUTE,
    ReminderKind,
    ReminderState,
    due_occurrences,
    next_due,
)
from repair_app.core.routes import CHECKIN, resolve_route
from repair_app.core.settings import Settings

PROGRAM = default_program()
START = date(2026, 11, 23)  # a Monday
BERLIN = ZoneInfo("Europe/Berlin")
MORNING, EVENING, WEEKLY = ReminderKind.MORNING, ReminderKind.EVENING, ReminderKind.WEEKLY


def settings(**changes) -> Settings:
    return Settings(onboarded=True, program_start=START).with_changes(**changes)


def test_routes_are_real_routes():
    assert CHECKIN_ROUTE == CHECKIN
    assert resolve_route(TODAY_ROUTE, onboarded=True).name == "today"
    assert resolve_route(CHECKIN_ROUTE, onboarded=True).name == "checkin"


def test_week_1_asks_phase_1s_intention_and_no_promise_or_check_in():
    morning = reminder_ask(PROGRAM, MORNING, 1)
    assert morning is not None
    assert morning.title == "Today's intention"
    assert morning.body == PROGRAM.phase(1).intention
    assert "promise" not in morning.body.lower()
    assert morning.route == TODAY_ROUTE  # Today shows phase 1's checklist in week 1
    evening = reminder_ask(PROGRAM, EVENING, 1, promise_made=True)  # no promise exists yet
    assert evening is not None and evening.body == EVENING_CHECKLIST
    assert reminder_ask(PROGRAM, WEEKLY, 1) is None


def test_week_2_asks_for_the_promise_and_the_evening_asks_if_it_was_kept():
    morning = reminder_ask(PROGRAM, MORNING, 2)
    assert morning is not None
    assert (morning.title, morning.body, morning.route) == (
        "Your small promise", PROGRAM.questions.morning, TODAY_ROUTE)
    kept = reminder_ask(PROGRAM, EVENING, 2, promise_made=True)
    assert kept is not None and kept.body == EVENING_PROMISE
    none_made = reminder_ask(PROGRAM, EVENING, 2, promise_made=False)
    assert none_made is not None and none_made.body == EVENING_CHECKLIST
    assert reminder_ask(PROGRAM, WEEKLY, 2) is None


def test_week_3_keeps_the_promise_and_still_no_check_in():
    morning = reminder_ask(PROGRAM, MORNING, 3)
    assert morning is not None and morning.body == PROGRAM.questions.morning
    assert reminder_ask(PROGRAM, WEEKLY, 3) is None


def test_week_4_starts_the_check_in_and_it_opens_the_check_in():
    weekly = reminder_ask(PROGRAM, WEEKLY, 4)
    assert weekly is not None
    assert (weekly.title, weekly.body, weekly.route) == (
        "Weekly check-in", PROGRAM.questions.partnership, CHECKIN_ROUTE)
    morning = reminder_ask(PROGRAM, MORNING, 4)
    assert morning is not None and morning.body == PROGRAM.questions.morning


def test_before_the_start_nothing_is_asked():
    for kind in (MORNING, EVENING, WEEKLY):
        assert reminder_ask(PROGRAM, kind, 0) is None


def test_start_weeks_come_from_the_program_data():
    promise, checkin = promise_phase(PROGRAM), checkin_phase(PROGRAM)
    assert promise is not None and promise.number == 2
    assert checkin is not None and checkin.number == 4
    assert first_day(PROGRAM, START, MORNING) == START
    assert first_day(PROGRAM, START, EVENING) == START
    assert first_day(PROGRAM, START, WEEKLY) == START + timedelta(weeks=3)
    # a program whose check-in phase starts in week 6 moves the reminder with it
    later = replace(PROGRAM, phases=tuple(
        replace(p, starts_week=6) if p.number == 4 else p for p in PROGRAM.phases))
    assert first_day(later, START, WEEKLY) == START + timedelta(weeks=5)
    assert reminder_ask(later, WEEKLY, 5) is None
    # and one without a check-in never sends it
    no_checkin = replace(PROGRAM, phases=PROGRAM.phases[:3])
    assert first_day(no_checkin, START, WEEKLY) == NEVER
    weekly_rule = [r for r in reminder_rules(settings(), no_checkin) if r.kind is WEEKLY][0]
    assert not weekly_rule.enabled


def test_the_weekly_reminder_is_off_until_week_4():
    rules = reminder_rules(settings(weekly_day=6, weekly_time=time(19)), PROGRAM)
    state = ReminderState(since=datetime(2026, 11, 23, 0, 0, tzinfo=BERLIN))
    week_1_sunday = datetime(2026, 11, 29, 19, 30, tzinfo=BERLIN)
    assert WEEKLY not in [o.kind for o in due_occurrences(rules, week_1_sunday, state)]
    week_4_sunday = datetime(2026, 12, 20, 19, 30, tzinfo=BERLIN)
    assert WEEKLY in [o.kind for o in due_occurrences(rules, week_4_sunday, state)]
    # with only the weekly reminder on, the next one is the first Sunday of week 4
    only_weekly = reminder_rules(settings(morning_reminder=False, evening_reminder=False),
                                 PROGRAM)
    upcoming = next_due(only_weekly, datetime(2026, 11, 23, 9, tzinfo=BERLIN), state)
    assert upcoming is not None and upcoming.day == date(2026, 12, 20)


@pytest.mark.parametrize(("day", "title"), [
    (date(2026, 11, 23), "Today's intention"),  # week 1
    (date(2026, 11, 30), "Your small promise"),  # week 2
    (date(2026, 12, 7), "Your small promise"),  # week 3
    (date(2026, 12, 14), "Your small promise"),  # week 4
])
def test_the_message_of_a_day_uses_that_days_week(day, title):
    message = reminder_message(PROGRAM, settings(discreet_notifications=False), MORNING, day)
    assert message.title == title and message.route == TODAY_ROUTE
    discreet = reminder_message(PROGRAM, settings(), MORNING, day)
    assert discreet.body == DISCREET_BODY and discreet.route == TODAY_ROUTE


def test_settings_says_when_the_check_in_reminder_begins():
    note = begins_note(PROGRAM, settings(), WEEKLY, START)
    assert note.startswith("Begins in week 4, on Mon 14 Dec, when Phase 4 starts.")
    assert begins_note(PROGRAM, settings(), WEEKLY, date(2026, 12, 14)) == ""
    assert begins_note(PROGRAM, settings(), MORNING, START) == ""
    assert begins_note(PROGRAM, settings(), EVENING, START) == ""


def test_the_welcome_says_what_the_morning_reminder_asks_in_week_1():
    helper = welcome_morning_helper(PROGRAM)
    assert "today's intention" in helper
    assert "from week 2: your small promise" in helper
    assert not helper.startswith("When to ask for today's small promise")
