"""Calendar helpers for History: the month grid, moving between months, the recent days."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from .checklist import EDITABLE_DAYS


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def shift_month(month: date, delta: int) -> date:
    """The first day of the month ``delta`` months from ``month`` (across year ends)."""
    index = month.year * 12 + (month.month - 1) + delta
    return date(index // 12, index % 12 + 1, 1)


def month_weeks(month: date) -> list[list[date | None]]:
    """The month as weeks of seven cells, Monday first; None pads the first and last week."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [[day if day.month == month.month else None for day in week] for week in weeks]


def recent_days(today: date, count: int = EDITABLE_DAYS) -> list[date]:
    """The last ``count`` days, oldest first, ending today."""
    return [today - timedelta(days=offset) for offset in range(count - 1, -1, -1)]


def month_label(month: date) -> str:
    return f"{calendar.month_name[month.month]} {month.year}"
