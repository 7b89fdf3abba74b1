"""Coming back to the screen: which state counts, and when a screen is rebuilt; the
clock that keeps counting while a device sleeps."""

from __future__ import annotations

import sys
import time
from datetime import date

import flet as ft
import pytest

from repair_app.core.lifecycle import DAY_ROUTES, RESUME, came_back, rebuild_on_return
from repair_app.system_clock import SystemClock, suspend_aware_monotonic

MON, TUE = date(2026, 11, 23), date(2026, 11, 24)


def test_resume_is_flets_state_name():
    assert ft.AppLifecycleState.RESUME.value == RESUME
    assert came_back("resume")
    for state in ft.AppLifecycleState:
        assert came_back(state.value) is (state is ft.AppLifecycleState.RESUME)


@pytest.mark.parametrize(("route", "shown", "today", "rebuild"), [
    ("/today", MON, TUE, True),
    ("/today?x=1", MON, TUE, True),
    ("/progress", MON, TUE, True),
    ("/today", TUE, TUE, False),  # same day: keep what is on screen (and being typed)
    ("/today", None, TUE, False),  # nothing built yet
    ("/settings", MON, TUE, False),
    ("/drafts/abc", MON, TUE, False),
    ("/pause", MON, TUE, False),  # the pause is re-read by its own controller
    (None, MON, TUE, False),
])
def test_rebuild_only_day_screens_when_the_day_changed(route, shown, today, rebuild):
    assert rebuild_on_return(route, shown, today) is rebuild
    assert "/today" in DAY_ROUTES


def test_the_monotonic_clock_counts_device_sleep_where_it_can():
    read = suspend_aware_monotonic()
    if sys.platform.startswith("linux"):
        boottime = time.clock_gettime(time.CLOCK_BOOTTIME)
        assert abs(read() - boottime) < 1.0  # CLOCK_BOOTTIME, not CLOCK_MONOTONIC
    first = SystemClock().monotonic()
    assert SystemClock().monotonic() >= first
