"""Reading what Progress charts: day records, tally moments and past pauses of a window of
dates, one month shard at a time.

The same month shards hold ``days`` and ``moments`` (``day_repository``) and ``pauses``
(``pause_repository``); Progress needs all three for every month of its period, so this
repository reads each shard once (one copy of its document) instead of once per table,
and keeps what it parsed for the life of the screen: switching the period back and forth
reads no month twice. Only months that have a shard file are read, and only those of the
window asked for; the stored forms are parsed by the core's own ``from_document``
methods, with the same rule as ``DayRepository`` for a date stored twice (the first
document wins).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from repair_app.core.day import MOMENT_KINDS, POSITIVE, DayRecord
from repair_app.core.pause import PauseSession
from repair_app.core.progress import ProgressRecords

from .database import Store
from .day_repository import DAYS_TABLE, MOMENTS_TABLE
from .pause_repository import HISTORY_TABLE

#: A pause is filed under the month of its start as it was then; a day either side of
#: the window is read so a later time-zone change can't drop one at a month's edge.
PAUSE_MARGIN = timedelta(days=1)


@dataclass(frozen=True)
class _Month:
    days: dict[date, DayRecord]
    moment_counts: dict[date, tuple[int, int]]
    pauses: list[PauseSession]


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


class ProgressRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._months: dict[date, _Month] = {}
        self._with_data: list[date] | None = None

    def months_with_data(self) -> list[date]:
        """Months that have a shard file, oldest first (file names only, nothing parsed)."""
        if self._with_data is None:
            self._with_data = self._store.months_with_data()
        return self._with_data

    def first_month(self) -> date | None:
        months = self.months_with_data()
        return months[0] if months else None

    def read(self, first: date, last: date) -> ProgressRecords:
        """Days and moments dated ``first``..``last`` and the pauses of the months around
        them (the core places each pause on its local day and drops those outside)."""
        low = _month_index(first - PAUSE_MARGIN)
        high = _month_index(last + PAUSE_MARGIN)
        days: dict[date, DayRecord] = {}
        moments: dict[date, tuple[int, int]] = {}
        pauses: list[PauseSession] = []
        for month in self.months_with_data():
            if not low <= _month_index(month) <= high:
                continue
            parsed = self._month(month)
            pauses.extend(parsed.pauses)
            if not _month_index(first) <= _month_index(month) <= _month_index(last):
                continue
            if first <= month and _month_index(month) < _month_index(last):
                days.update(parsed.days)
                moments.update(parsed.moment_counts)
            else:
                days.update((d, r) for d, r in parsed.days.items() if first <= d <= last)
                moments.update((d, c) for d, c in parsed.moment_counts.items()
                               if first <= d <= last)
        return ProgressRecords(days=days, moment_counts=moments, pauses=pauses)

    def _month(self, month: date) -> _Month:
        parsed = self._months.get(month)
        if parsed is None:
            parsed = self._months[month] = self._parse(month, self._store.read_month(month))
        return parsed

    @staticmethod
    def _parse(month: date, document: dict) -> _Month:
        days: dict[date, DayRecord] = {}
        prefix = f"{month.year:04d}-{month.month:02d}-"
        stored_days = document.get(DAYS_TABLE) or {}
        for _doc_id, doc in sorted(stored_days.items(), key=lambda item: _doc_order(item[0])):
            iso = doc.get("date") if isinstance(doc, dict) else None
            if not isinstance(iso, str) or not iso.startswith(prefix):
                continue
            try:
                record = DayRecord.from_document(doc)
            except ValueError:
                continue
            days.setdefault(record.day, record)  # a date stored twice: the first one wins
        moments = count_moment_documents((document.get(MOMENTS_TABLE) or {}).values(), month)
        pauses = []
        for doc in (document.get(HISTORY_TABLE) or {}).values():
            session = PauseSession.from_document(doc) if isinstance(doc, dict) else None
            if session is not None:
                pauses.append(session)
        return _Month(days=days, moment_counts=moments, pauses=pauses)


def count_moment_documents(documents: Any, month: date) -> dict[date, tuple[int, int]]:
    """(positive, negative) per date of ``month`` from stored moment documents.

    Counts exactly the documents ``Moment.from_document`` accepts (a readable date, an
    instant with its offset, a known kind; tests/store check the two agree), without
    building an object per tap: ten years hold tens of thousands of them.
    """
    dates: dict[str, date | None] = {}
    counts: dict[date, list[int]] = {}
    for doc in documents:
        if not isinstance(doc, dict) or doc.get("kind") not in MOMENT_KINDS:
            continue
        iso = doc.get("date")
        if not isinstance(iso, str):
            continue
        if iso in dates:
            day = dates[iso]
        else:
            day = dates[iso] = _day_in_month(iso, month)
        if day is None or not _is_instant(doc.get("at")):
            continue
        pair = counts.setdefault(day, [0, 0])
        pair[0 if doc["kind"] == POSITIVE else 1] += 1
    return {day: (p, n) for day, (p, n) in counts.items()}


def _day_in_month(iso: str, month: date) -> date | None:
    try:
        day = date.fromisoformat(iso)
    except ValueError:
        return None
    return day if (day.year, day.month) == (month.year, month.month) else None


def _is_instant(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        return datetime.fromisoformat(value).tzinfo is not None
    except ValueError:
        return False


def _doc_order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), "") if doc_id.isdigit() else (1 << 62, doc_id)
