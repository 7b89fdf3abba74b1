from datetime import date

import pytest

from repair_app.core.history import month_label, month_weeks, recent_days, shift_month


@pytest.mark.parametrize(("month", "delta", "expected"), [
    (date(2026, 12, 1), 1, date(2027, 1, 1)), (date(2027, 1, 1), -1, date(2026, 12, 1)),
    (date(2026, 11, 1), -23, date(2024, 12, 1)), (date(2026, 11, 1), 0, date(2026, 11, 1)),
])
def test_shift_month_across_years(month, delta, expected):
    assert shift_month(month, delta) == expected


def test_month_grid_is_monday_first_and_padded():
    weeks = month_weeks(date(2026, 11, 1))  # 1 Nov 2026 is a Sunday
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][:6] == [None] * 6 and weeks[0][6] == date(2026, 11, 1)
    days = [d for week in weeks for d in week if d]
    assert len(days) == 30 and days[-1] == date(2026, 11, 30)


def test_leap_february():
    assert len([d for w in month_weeks(date(2028, 2, 1)) for d in w if d]) == 29


def test_recent_days_end_today_and_cross_the_year():
    assert recent_days(date(2027, 1, 2)) == [date(2026, 12, 27), date(2026, 12, 28),
                                             date(2026, 12, 29), date(2026, 12, 30),
                                             date(2026, 12, 31), date(2027, 1, 1),
                                             date(2027, 1, 2)]
    assert month_label(date(2027, 1, 1)) == "January 2027"
