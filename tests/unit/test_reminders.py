"""Reminder rules with a fake clock: daily and weekly, DST, zone changes, clock jumps,
missed-while-closed and smart skipping."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair_app.core.clock import FakeClock
from repair_app.core.reminders import (
    CHECKIN_ROUTE,
    DISCREET_BODY,
    DISCREET_TITLE,
    MAX_SLEEP_SECONDS,
    MORNING_QUESTION,
    TODAY_ROUTE,
    Occurrence,
    ReminderKind,
    ReminderRule,
    ReminderState,
    advice_after_test,
    describe_next,
    due_occurrences,
    latest_occurrence,
    local_instant,
    message_for,
    next_due,
    next_occurrence,
    rules_from_settings,
    skip_reason,
    sleep_seconds,
    upcoming_occurrences,
)
from repair_app.core.settings import Settings

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = ZoneInfo("UTC")

MORNING = ReminderRule(ReminderKind.MORNING, time(8, 0))
EVENING = ReminderRule(ReminderKind.EVENING, time(21, 0))
SUNDAY_CHECKIN = ReminderRule(ReminderKind.WEEKLY, time(19, 0), weekday=6)


@dataclass
class Simulation:
    """Drive the rules the way the app's loop does: check, handle what is due, repeat."""

    clock: FakeClock
    rules: list[ReminderRule]
    state: ReminderState = field(default_factory=ReminderState)
    fired: list[tuple[str, datetime]] = field(default_factory=list)

    def check(self) -> None:
        now = self.clock.now()
        for occurrence in due_occurrences(self.rules, now, self.state):
            self.fired.append((occurrence.key, now))
            self.state = self.state.with_handled(occurrence, "sent", via="test", at=now)

    def run_for(self, duration: timedelta, step: timedelta = timedelta(minutes=1)) -> None:
        end = self.clock.mono + duration.total_seconds()
        while self.clock.mono < end:
            self.check()
            self.clock.advance(step.total_seconds())
        self.check()


# -- daily and weekly ------------------------------------------------------------------------

def test_daily_rule_next_time_today_then_tomorrow():
    now = datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN)
    assert next_occurrence(MORNING, now).due == datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)
    after = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)  # strictly after
    assert next_occurrence(MORNING, after).due == datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN)


def test_weekly_rule_lands_on_its_weekday():
    monday = datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN)
    occurrence = next_occurrence(SUNDAY_CHECKIN, monday)
    assert occurrence.day == date(2026, 11, 29)
    assert occurrence.day.weekday() == 6
    assert occurrence.due == datetime(2026, 11, 29, 19, 0, tzinfo=BERLIN)
    later_sunday = datetime(2026, 11, 29, 19, 30, tzinfo=BERLIN)
    assert next_occurrence(SUNDAY_CHECKIN, later_sunday).day == date(2026, 12, 6)


def test_a_week_fires_each_reminder_exactly_once_per_occurrence():
    clock = FakeClock(datetime(2026, 11, 23, 0, 0, tzinfo=BERLIN))
    sim = Simulation(clock, [MORNING, EVENING, SUNDAY_CHECKIN])
    sim.run_for(timedelta(days=7))
    keys = [key for key, _ in sim.fired]
    assert len(keys) == len(set(keys)) == 7 + 7 + 1
    assert "weekly:2026-11-29" in keys
    for key, at in sim.fired:
        kind = key.split(":")[0]
        wanted = {"morning": time(8), "evening": time(21), "weekly": time(19)}[kind]
        assert at.time() == wanted


def test_switched_off_rules_never_fire():
    clock = FakeClock(datetime(2026, 11, 23, 0, 0, tzinfo=BERLIN))
    off = ReminderRule(ReminderKind.EVENING, time(21), enabled=False)
    sim = Simulation(clock, [off])
    sim.run_for(timedelta(days=2), step=timedelta(minutes=30))
    assert sim.fired == []
    assert next_due([off], clock.now(), ReminderState()) is None


def test_rules_from_settings_use_the_defaults_of_the_issue():
    rules = {rule.kind: rule for rule in rules_from_settings(Settings(onboarded=True))}
    assert rules[ReminderKind.MORNING] == MORNING
    assert rules[ReminderKind.EVENING] == EVENING
    assert rules[ReminderKind.WEEKLY] == SUNDAY_CHECKIN


def test_no_reminder_before_the_welcome_is_finished():
    assert not any(rule.enabled for rule in rules_from_settings(Settings()))


def test_nothing_before_the_first_check_counts_as_missed():
    now = datetime(2026, 11, 23, 22, 0, tzinfo=BERLIN)  # set up late in the evening
    state = ReminderState().started(now)
    assert due_occurrences([MORNING, EVENING], now, state) == []
    assert state.started(now + timedelta(days=1)).since == now  # only the first time counts
    tomorrow = datetime(2026, 11, 24, 8, 1, tzinfo=BERLIN)
    assert [o.key for o in due_occurrences([MORNING], tomorrow, state)] == ["morning:2026-11-24"]
    assert ReminderState.from_document(state.to_document()).since == now


# -- daylight saving -------------------------------------------------------------------------

@pytest.mark.parametrize(("zone", "day"), [(BERLIN, date(2026, 3, 29)),
                                           (NEW_YORK, date(2026, 3, 8))])
def test_spring_forward_time_in_the_gap_fires_once_at_the_next_valid_time(zone, day):
    rule = ReminderRule(ReminderKind.MORNING, time(2, 30))
    assert local_instant(day, time(2, 30), zone) == datetime.combine(
        day, time(3, 0), tzinfo=zone)
    clock = FakeClock(datetime.combine(day, time(0, 0), tzinfo=zone))
    sim = Simulation(clock, [rule])
    sim.run_for(timedelta(hours=6))
    assert [(key, at.strftime("%H:%M")) for key, at in sim.fired] == [
        (f"morning:{day.isoformat()}", "03:00")]


@pytest.mark.parametrize(("zone", "day", "at"), [(BERLIN, date(2026, 10, 25), time(2, 30)),
                                                 (NEW_YORK, date(2026, 11, 1), time(1, 30))])
def test_fall_back_time_that_happens_twice_fires_once_at_the_first(zone, day, at):
    rule = ReminderRule(ReminderKind.MORNING, at)
    clock = FakeClock(datetime.combine(day, time(0, 0), tzinfo=zone))
    sim = Simulation(clock, [rule])
    sim.run_for(timedelta(hours=5))
    assert len(sim.fired) == 1
    key, fired_at = sim.fired[0]
    assert key == f"morning:{day.isoformat()}"
    assert fired_at.time() == at and fired_at.fold == 0
    assert fired_at.utcoffset() == local_instant(day, at, zone).utcoffset()
    # the first 02:30 in Berlin is still summer time (+02:00), the first 01:30 in NY is EDT
    assert fired_at.utcoffset() == {BERLIN: timedelta(hours=2),
                                    NEW_YORK: timedelta(hours=-4)}[zone]


@pytest.mark.parametrize("zone", [BERLIN, NEW_YORK])
def test_ordinary_times_keep_their_wall_time_across_dst_weeks(zone):
    clock = FakeClock(datetime(2026, 3, 1, 0, 0, tzinfo=zone))
    sim = Simulation(clock, [MORNING, EVENING])
    sim.run_for(timedelta(days=40), step=timedelta(minutes=15))
    assert len(sim.fired) == 80
    assert {at.strftime("%H:%M") for _, at in sim.fired} == {"08:00", "21:00"}


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
       at=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
       zone=st.sampled_from([BERLIN, NEW_YORK, ZoneInfo("Australia/Lord_Howe"),
                             ZoneInfo("Asia/Kolkata")]))
def test_local_instant_is_the_wall_time_or_the_first_valid_time_after(day, at, zone):
    instant = local_instant(day, at, zone)
    wanted = datetime.combine(day, at)
    shown = instant.astimezone(zone).replace(tzinfo=None)
    assert shown >= wanted
    if shown != wanted:  # in a gap: no valid wall time between wanted and shown
        assert shown - wanted <= timedelta(hours=1)
        assert (instant - timedelta(seconds=1)).astimezone(zone).replace(tzinfo=None) < wanted


# -- time zone changes, clock jumps ----------------------------------------------------------

def test_time_zone_change_between_occurrences_keeps_one_per_local_day():
    # Fired at 08:00 in Berlin, then the person flies to New York the same day.
    clock = FakeClock(datetime(2026, 11, 23, 7, 59, tzinfo=BERLIN))
    sim = Simulation(clock, [MORNING])
    sim.run_for(timedelta(minutes=2))
    assert [key for key, _ in sim.fired] == ["morning:2026-11-23"]
    clock.advance(hours=2)
    clock.set_zone(NEW_YORK)  # now 05:01 in New York, still the 23rd there
    upcoming = next_due([MORNING], clock.now(), sim.state)
    assert upcoming is not None
    assert upcoming.due == datetime(2026, 11, 24, 8, 0, tzinfo=NEW_YORK)
    sim.run_for(timedelta(hours=28))
    assert [key for key, _ in sim.fired] == ["morning:2026-11-23", "morning:2026-11-24"]
    assert sim.fired[1][1] == datetime(2026, 11, 24, 8, 0, tzinfo=NEW_YORK)


def test_time_zone_change_east_gives_the_new_day_its_reminder():
    clock = FakeClock(datetime(2026, 11, 23, 7, 59, tzinfo=NEW_YORK))
    sim = Simulation(clock, [MORNING])
    sim.run_for(timedelta(minutes=2))
    clock.set_zone(BERLIN)  # 14:01 in Berlin on the 23rd: already handled there
    sim.run_for(timedelta(hours=1))
    assert len(sim.fired) == 1
    sim.run_for(timedelta(hours=20))
    assert [key for key, _ in sim.fired] == ["morning:2026-11-23", "morning:2026-11-24"]
    assert sim.fired[1][1].astimezone(BERLIN).time() == time(8)


def test_clock_jumping_back_an_hour_does_not_fire_again():
    clock = FakeClock(datetime(2026, 11, 23, 7, 58, tzinfo=BERLIN))
    sim = Simulation(clock, [MORNING])
    sim.run_for(timedelta(minutes=5))
    assert len(sim.fired) == 1
    clock.set_wall(clock.now() - timedelta(hours=1))  # someone sets the clock back
    sim.run_for(timedelta(hours=2))
    assert len(sim.fired) == 1


def test_clock_jumping_back_a_day_does_not_fire_the_old_day_again():
    clock = FakeClock(datetime(2026, 11, 24, 8, 30, tzinfo=BERLIN))
    state = ReminderState().with_handled(
        Occurrence(ReminderKind.MORNING, date(2026, 11, 24),
                   datetime(2026, 11, 24, 8, tzinfo=BERLIN)), "sent")
    sim = Simulation(clock, [MORNING], state=state)
    clock.set_wall(datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN))
    sim.run_for(timedelta(hours=3))
    assert sim.fired == []


def test_clock_jumping_forward_past_a_reminder_fires_it_once():
    clock = FakeClock(datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN))
    sim = Simulation(clock, [MORNING])
    clock.set_wall(datetime(2026, 11, 23, 11, 0, tzinfo=BERLIN))
    sim.run_for(timedelta(minutes=10))
    assert [(k, at.strftime("%H:%M")) for k, at in sim.fired] == [("morning:2026-11-23", "11:00")]


# -- missed while closed ---------------------------------------------------------------------

def test_missed_earlier_today_fires_once_on_start():
    now = datetime(2026, 11, 23, 10, 15, tzinfo=BERLIN)
    due = due_occurrences([MORNING, EVENING], now, ReminderState())
    assert [o.key for o in due] == ["morning:2026-11-23"]
    clock = FakeClock(now)
    sim = Simulation(clock, [MORNING, EVENING])
    sim.run_for(timedelta(hours=1))
    assert [k for k, _ in sim.fired] == ["morning:2026-11-23"]


def test_missed_on_an_earlier_day_is_dropped():
    # Closed since Saturday evening; opened Monday 07:00: nothing from the weekend fires.
    now = datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN)
    assert due_occurrences([MORNING, EVENING, SUNDAY_CHECKIN], now, ReminderState()) == []
    upcoming = next_due([MORNING, EVENING, SUNDAY_CHECKIN], now, ReminderState())
    assert upcoming is not None and upcoming.key == "morning:2026-11-23"


def test_latest_occurrence_looks_back_a_week_only():
    now = datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN)  # Monday
    latest = latest_occurrence(SUNDAY_CHECKIN, now)
    assert latest is not None and latest.day == date(2026, 11, 22)


def test_upcoming_skips_what_is_already_handled():
    now = datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN)
    today = next_occurrence(MORNING, now)
    state = ReminderState().with_handled(today, "skipped")
    upcoming = upcoming_occurrences([MORNING], now, state, until=now + timedelta(days=2, hours=1))
    assert [o.key for o in upcoming] == ["morning:2026-11-24", "morning:2026-11-25"]


# -- smart skipping --------------------------------------------------------------------------

@dataclass
class FakePromises:
    made: set[date] = field(default_factory=set)
    marked: set[date] = field(default_factory=set)

    def promise_made(self, day: date) -> bool:
        return day in self.made

    def promise_marked(self, day: date) -> bool:
        return day in self.marked


def test_morning_is_skipped_when_todays_promise_is_made():
    day = date(2026, 11, 23)
    morning = next_occurrence(MORNING, datetime(2026, 11, 23, 7, tzinfo=BERLIN))
    evening = next_occurrence(EVENING, datetime(2026, 11, 23, 7, tzinfo=BERLIN))
    promises = FakePromises(made={day})
    assert skip_reason(morning, promises) == "today's promise is already made"
    assert skip_reason(evening, promises) == ""  # made but not marked: ask in the evening


def test_evening_is_skipped_when_todays_promise_is_marked():
    day = date(2026, 11, 23)
    evening = next_occurrence(EVENING, datetime(2026, 11, 23, 7, tzinfo=BERLIN))
    assert skip_reason(evening, FakePromises(made={day}, marked={day})) == (
        "today's promise is already marked")
    assert skip_reason(evening, FakePromises(marked={date(2026, 11, 22)})) == ""


def test_weekly_and_unknown_promises_are_never_skipped():
    weekly = next_occurrence(SUNDAY_CHECKIN, datetime(2026, 11, 23, 7, tzinfo=BERLIN))
    everything = FakePromises(made={weekly.day}, marked={weekly.day})
    assert skip_reason(weekly, everything) == ""
    assert skip_reason(weekly, None) == ""


# -- state, messages, words ------------------------------------------------------------------

def test_state_round_trips_and_survives_garbage():
    occurrence = next_occurrence(MORNING, datetime(2026, 11, 23, 7, tzinfo=BERLIN))
    state = ReminderState().with_handled(occurrence, "sent", via="desktop",
                                         at=occurrence.due).with_armed({"morning:x": "t"})
    again = ReminderState.from_document(state.to_document())
    assert again == state
    broken = {"last": {"morning": {"day": "yesterday"}, "bogus": {"day": "2026-01-01"},
                       "evening": "nope"}, "armed": [1, 2]}
    assert ReminderState.from_document(broken) == ReminderState()
    assert ReminderState.from_document(None) == ReminderState()
    assert ReminderState.from_document("text") == ReminderState()
    assert ReminderState.from_document({"since": "2026-11-23T08:00"}).since is None  # naive
    assert ReminderState.from_document({"since": 5}).since is None


def test_discreet_messages_say_only_a_moment_for_you():
    for kind in ReminderKind:
        message = message_for(kind, discreet=True)
        assert (message.title, message.body) == (DISCREET_TITLE, DISCREET_BODY)
    assert message_for(ReminderKind.MORNING, discreet=False).body == MORNING_QUESTION
    assert message_for(ReminderKind.MORNING, discreet=True).route == TODAY_ROUTE
    assert message_for(ReminderKind.EVENING, discreet=False).route == TODAY_ROUTE
    assert message_for(ReminderKind.WEEKLY, discreet=False).route == CHECKIN_ROUTE
    assert message_for(ReminderKind.PAUSE, discreet=True).route == "/pause"
    assert "pause is over" in message_for(ReminderKind.PAUSE, discreet=False).title


def test_notification_ids_are_stable_and_distinct():
    day = date(2026, 11, 24)
    ids = {Occurrence(kind, day, datetime(2026, 11, 24, tzinfo=UTC)).notification_id
           for kind in ReminderKind}
    assert ids == {202611241, 202611242, 202611243, 202611244}
    assert max(ids) < 2**31


def test_sleep_is_capped_and_never_negative():
    now = datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN)
    assert sleep_seconds(now, now + timedelta(hours=1)) == MAX_SLEEP_SECONDS
    assert sleep_seconds(now, now + timedelta(seconds=12)) == 12
    assert sleep_seconds(now, now - timedelta(seconds=12)) == 0
    assert sleep_seconds(now, None) == MAX_SLEEP_SECONDS


def test_describe_next_in_plain_words():
    now = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    assert describe_next(next_due([MORNING], now, ReminderState()), now) == (
        "Next: the morning reminder, tomorrow at 08:00.")
    assert describe_next(next_due([SUNDAY_CHECKIN], now, ReminderState()), now) == (
        "Next: the weekly check-in, on Sunday at 19:00.")
    assert describe_next(None, now) == "All reminders are off."


def test_test_advice_names_the_problem_and_what_to_do():
    text = advice_after_test("in-app", {"desktop": "no notification service is running"})
    assert "no notification service is running" in text
    assert "keep it open" in text  # what to do, in plain words (issue 18)
    assert "Sent" in advice_after_test("desktop", {})
    assert "Nothing could show" in advice_after_test(None, {"desktop": "x"})
