"""No browser: the journeys' local time (local_time.py) is mid-morning whatever the hour
the run starts, hours from midnight and from the default reminders, and the app the
journeys start reads the same day and offset as the journeys themselves."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta

import pytest

from repair_app.core.settings import DEFAULT_EVENING, DEFAULT_MORNING, DEFAULT_WEEKLY_TIME

from .conftest import ROOT
from .local_time import (
    OFFSETS,
    QUIET_HOURS,
    TARGET_HOUR,
    local_at,
    posix_tz,
    quiet_local_time,
    quiet_offset,
)

#: What must not happen during a journey: the day turning, or a reminder coming due.
BOUNDARIES = {"midnight": time(0, 0), "morning reminder": DEFAULT_MORNING,
              "evening check": DEFAULT_EVENING, "weekly check-in": DEFAULT_WEEKLY_TIME}
START_TIMES = [datetime(2026, 12, 5, tzinfo=UTC) + timedelta(minutes=m)
               for m in range(0, 24 * 60, 20)] + [datetime(2026, 12, 5, 23, 59, 59, tzinfo=UTC)]


def next_at(local: datetime, at: time) -> datetime:
    due = datetime.combine(local.date(), at, tzinfo=local.tzinfo)
    return due if due > local else due + timedelta(days=1)


def hours_until(local: datetime, at: time) -> float:
    return (next_at(local, at) - local).total_seconds() / 3600


@pytest.mark.parametrize("utc_now", START_TIMES, ids=lambda t: f"{t:%H:%M:%S}Z")
def test_a_run_starting_at_any_hour_is_hours_from_midnight_and_reminders(utc_now):
    offset = quiet_offset(utc_now)
    assert offset in OFFSETS
    local = local_at(utc_now, offset)
    assert local.hour == TARGET_HOUR
    for name, at in BOUNDARIES.items():
        assert hours_until(local, at) > QUIET_HOURS, (name, local)


@pytest.mark.parametrize("offset", OFFSETS)
def test_the_tz_value_reads_as_its_offset_and_is_put_back(offset):
    before = os.environ.get("TZ")
    utc_now = datetime(2026, 12, 5, (TARGET_HOUR - offset) % 24, 30, tzinfo=UTC)
    with quiet_local_time(utc_now) as value:
        assert value == posix_tz(offset) == os.environ["TZ"]
        assert datetime.now().astimezone().utcoffset() == timedelta(hours=offset)
    assert os.environ.get("TZ") == before


def test_the_app_and_the_journeys_share_the_quiet_local_time(_quiet_local_time):
    """As start_app starts it: the app's own clock (SystemClock, no zone named) reads the
    zone the journeys seed and compute "today" in, and the run is still in its quiet
    hours."""
    assert os.environ["TZ"] == _quiet_local_time
    here = datetime.now().astimezone()
    began = here.replace(hour=TARGET_HOUR, minute=0, second=0, microsecond=0)
    assert here >= began, f"the day turned during the run: {here}"
    for name, at in BOUNDARIES.items():
        assert next_at(here, at) == next_at(began, at), f"the run passed the {name}: {here}"
    code = ("from repair_app.system_clock import SystemClock\n"
            "print(SystemClock().now().isoformat())")
    shown = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=dict(os.environ),
                           capture_output=True, text=True, timeout=60, check=True).stdout
    app_now = datetime.fromisoformat(shown.strip())
    assert app_now.utcoffset() == here.utcoffset()
    assert app_now.date() == date.today()
