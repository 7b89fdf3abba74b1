from datetime import date, timedelta

import pytest

from repair_app.core.program import active_phases, program_status, program_week

START = date(2026, 11, 16)


@pytest.mark.parametrize(
    ("offset", "week"),
    [(-1, 0), (0, 1), (6, 1), (7, 2), (13, 2), (14, 3), (21, 4), (70, 11)],
)
def test_program_week_counts_seven_day_blocks_from_the_start(offset, week):
    assert program_week(START, START + timedelta(days=offset)) == week


@pytest.mark.parametrize(
    ("week", "phases"),
    [(0, ()), (1, (1,)), (2, (1, 2)), (3, (1, 2, 3)), (4, (1, 2, 3, 4)), (40, (1, 2, 3, 4))],
)
def test_one_phase_is_added_each_week(week, phases):
    assert active_phases(week) == phases


def test_status_in_week_two():
    status = program_status(START, date(2026, 11, 23))
    assert status.week == 2
    assert status.day_of_program == 8
    assert status.active_phases == (1, 2)
    assert status.next_phase == (3, date(2026, 11, 30))
    assert status.started


def test_status_before_start_has_nothing_active_and_counts_down():
    status = program_status(START, date(2026, 11, 13))
    assert not status.started
    assert status.week == 0
    assert status.active_phases == ()
    assert status.days_until_start == 3
    assert status.next_phase == (1, START)


def test_status_after_all_phases_has_no_next_phase():
    assert program_status(START, date(2027, 3, 1)).next_phase is None


def test_program_spans_year_end():
    assert program_week(date(2026, 12, 28), date(2027, 1, 4)) == 2


def test_custom_plan_from_content():
    plan = ((1, 1), (2, 3))
    assert active_phases(2, plan) == (1,)
    assert active_phases(3, plan) == (1, 2)
