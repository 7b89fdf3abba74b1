"""Calendar helpers for History: the month grid, moving between months, the recent days."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from repair_app.core.day import NEGATIVE, POSITIVE, DayRecord, Moment

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


MOMENT_LABELS = {POSITIVE: "A good moment", NEGATIVE: "A hard moment"}


@dataclass(frozen=True)
class JournalEntry:
    day: date
    label: str
    text: str


def journal_entries(records: Mapping[date, DayRecord], moments: Iterable[Moment],
                    note_labels: Mapping[str, str], *, month: date) -> list[JournalEntry]:
    """Everything written in ``month``, newest day first: the checklist's notes (in the
    checklist's order) and the words written with 5:1 tally moments (latest first)."""
    first = first_of_month(month)
    by_day: dict[date, list[JournalEntry]] = {}
    for moment in sorted(moments, key=lambda m: m.at, reverse=True):
        if moment.note and first_of_month(moment.day) == first:
            by_day.setdefault(moment.day, []).append(
                JournalEntry(moment.day, MOMENT_LABELS.get(moment.kind, "A moment"),
                             moment.note))
    for day, record in records.items():
        if first_of_month(day) != first:
            continue
        for item_id, label in note_labels.items():
            note = record.note(item_id)
            if note:
                by_day.setdefault(day, []).append(JournalEntry(day, label, note))
    return [entry for day in sorted(by_day, reverse=True) for entry in by_day[day]]
