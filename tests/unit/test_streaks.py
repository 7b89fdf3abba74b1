"""Days without defending, promise streaks and follow-through, across gaps, month and
year ends, DST days and time-zone changes."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from repair_app.core.clock import FakeClock, local_today
from repair_app.core.day import DayRecord
from repair_app.core.promise import make_promise, mark_promise
from repair_app.core.streaks import (
    LOOKBACK_DAYS,
    current_run,
    defend_free_message,
    follow_through,
    promise_kept_on,
    run_ending,
)

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


def days_set(*days: date):
    chosen = set(days)
    return lambda day: day in chosen


def span(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def test_run_counts_back_to_the_first_gap():
    today = date(2026, 11, 23)
    done = days_set(*span(date(2026, 11, 18), today), date(2026, 11, 16))
    assert run_ending(done, today) == 6  # the 17th is missing


def test_today_not_yet_ticked_does_not_break_the_run():
    today = date(2026, 11, 23)
    run = current_run(days_set(*span(date(2026, 11, 20), date(2026, 11, 22))), today)
    assert (run.count, run.today_done, run.restarted) == (3, False, False)
    assert run.label(14) == "Day 3 of 14"
    assert "day 4" in defend_free_message(run, 14)


def test_a_missed_day_restarts_kindly():
    today = date(2026, 11, 23)
    done = days_set(*span(date(2026, 11, 15), date(2026, 11, 21)))  # the 22nd was missed
    run = current_run(done, today)
    assert (run.count, run.restarted) == (0, True)
    message = defend_free_message(run, 14)
    assert "human" in message and "day 1" in message
    ticked = current_run(days_set(*span(date(2026, 11, 15), date(2026, 11, 21)), today), today)
    assert (ticked.count, ticked.today_done, ticked.restarted) == (1, True, True)
    assert "Day 1 again" in defend_free_message(ticked, 14)


def test_nothing_yet_is_not_a_restart():
    run = current_run(days_set(), date(2026, 11, 23))
    assert (run.count, run.restarted) == (0, False)
    assert defend_free_message(run, 14) == "If you hold back today, tick it tonight: that's day 1."


@pytest.mark.parametrize(("first", "today"), [
    (date(2026, 12, 20), date(2027, 1, 5)),   # across a year end
    (date(2028, 2, 20), date(2028, 3, 3)),    # across a leap-year February
    (date(2026, 10, 20), date(2026, 10, 30)),  # across the autumn DST change in Berlin
    (date(2026, 3, 25), date(2026, 4, 2)),    # across the spring DST change
])
def test_runs_across_month_and_year_ends_and_dst(first, today):
    run = current_run(days_set(*span(first, today)), today)
    assert run.count == (today - first).days + 1


def test_days_before_the_program_never_count():
    today = date(2026, 11, 23)
    done = days_set(*span(date(2026, 11, 1), today))
    assert current_run(done, today, since=date(2026, 11, 20)).count == 4


def test_beyond_the_goal_and_beyond_the_lookback():
    today = date(2026, 11, 23)
    run = current_run(days_set(*span(today - timedelta(days=19), today)), today)
    assert run.label(14) == "Day 20"
    assert "14 days and more" in defend_free_message(run, 14)
    forever = current_run(lambda _day: True, today)
    assert forever.capped and forever.count == LOOKBACK_DAYS
    assert forever.label(14) == f"Day {LOOKBACK_DAYS}+"


def test_lookups_are_bounded_by_the_run_not_by_history():
    asked: list[date] = []

    def done(day: date) -> bool:
        asked.append(day)
        return day >= date(2026, 11, 20)

    current_run(done, date(2026, 11, 23))
    assert min(asked) >= date(2026, 11, 18)


def test_days_decided_by_the_clock_across_dst_nights():
    # A tick every evening at 22:00 local, walking through both DST changes of 2026.
    clock = FakeClock(datetime(2026, 3, 26, 22, 0, tzinfo=BERLIN))
    ticked = []
    for _ in range(220):
        ticked.append(local_today(clock))
        clock.advance(days=1)  # 24 real hours: local 21:00 or 23:00 around DST, same date
    assert len(set(ticked)) == len(ticked) == 220
    assert ticked == span(date(2026, 3, 26), date(2026, 3, 26) + timedelta(days=219))
    assert current_run(days_set(*ticked), ticked[-1]).count == 220


def test_travelling_neither_duplicates_nor_loses_a_day():
    clock = FakeClock(datetime(2026, 11, 22, 23, 0, tzinfo=BERLIN))
    ticked = {local_today(clock)}                    # Sunday 22nd, Berlin
    clock.set_zone(TOKYO)                            # land: already Monday there
    ticked.add(local_today(clock))                   # Monday 23rd
    clock.advance(hours=10)
    clock.set_zone(LOS_ANGELES)                      # fly on: Monday again in L.A.
    ticked.add(local_today(clock))                   # still the 23rd: one day, not two
    assert ticked == {date(2026, 11, 22), date(2026, 11, 23)}
    assert current_run(days_set(*ticked), local_today(clock)).count == 2


def made(day: date, status: str | None) -> DayRecord:
    now = datetime(day.year, day.month, day.day, 8, tzinfo=BERLIN)
    record = make_promise(DayRecord(day), "Dishes after dinner", now)
    if status is not None:
        record = mark_promise(record, status == "kept", now)
    return record


def test_follow_through_counts_kept_over_made_in_thirty_days():
    today = date(2027, 1, 10)
    records = [made(d, "kept") for d in span(date(2026, 12, 25), date(2027, 1, 5))]  # 12
    records += [made(date(2027, 1, 6), "not_kept"), made(date(2027, 1, 7), None),
                made(today, None), made(date(2026, 12, 11), "kept"),  # too old
                DayRecord(date(2027, 1, 8))]
    result = follow_through(records, today)
    assert (result.made, result.kept, result.not_kept, result.unmarked) == (14, 12, 1, 1)
    assert result.percent_label() == "86%"


def test_follow_through_with_nothing_made():
    result = follow_through([], date(2027, 1, 10))
    assert result.rate is None and result.percent_label() == "–"


def test_today_counts_once_marked():
    today = date(2027, 1, 10)
    assert follow_through([made(today, "kept")], today).made == 1
    assert follow_through([made(today, "not_kept")], today).rate == 0


def test_promise_streak_across_the_year_end():
    records = {d: made(d, "kept") for d in span(date(2026, 12, 28), date(2027, 1, 3))}
    records[date(2026, 12, 27)] = made(date(2026, 12, 27), "not_kept")
    run = current_run(lambda day: promise_kept_on(records.get(day)), date(2027, 1, 3))
    assert run.count == 7 and run.today_done
