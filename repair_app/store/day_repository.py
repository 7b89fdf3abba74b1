"""Days and tally moments, kept in monthly shards and handed out as core dataclasses.

``days``: one document per local date, in the shard of that date's month::

    {"date": "2026-11-23", "checks": {"no_defending": true}, "notes": {"positive_action": "…"},
     "promise": {"text": "…", "made_at": "<iso>", "status": "open" | "kept" | "not_kept",
                 "marked_at": "<iso>", "own_it": {"what_happened": "…", "repair_step": "…"}}}

``moments``: one document per tap on the 5:1 tally::

    {"date": "2026-11-23", "at": "<iso instant>", "kind": "positive" | "negative", "note": "…"}

The date is always the local day the Clock gave when the user acted, so a later change
of time zone neither moves nor duplicates a day. Every change is a read-modify-write
inside ``store.transaction()``; a refused write raises :class:`StoreWriteError` and
leaves the stored day as it was.

Reads use TinyDB queries with a stable hash (``where("date") == …``, ``one_of``), so
TinyDB's per-table query cache answers a repeated read without copying the shard; the
store drops that cache whenever the shard changes on disk.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

from tinydb import where
from tinydb.table import Document

from repair_app.core.day import DayRecord, Moment

from .database import Store

DAYS_TABLE = "days"
MOMENTS_TABLE = "moments"


def _months_between(first: date, last: date) -> Iterator[date]:
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + timedelta(days=32)).replace(day=1)


def _month_end(month: date) -> date:
    return (month.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def _days_between(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


class DayRepository:
    """Read and change day records; one document per date."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _table(self, day: date):
        return self._store.month_table(DAYS_TABLE, day)

    def _find(self, day: date) -> Document | None:
        found = self._table(day).search(where("date") == day.isoformat())
        # Two documents for one date can only come from hand editing or an old bug;
        # the first one wins, consistently for reads and writes.
        return min(found, key=lambda doc: doc.doc_id) if found else None

    def get(self, day: date) -> DayRecord:
        """The record of ``day`` (an empty one if nothing was saved for it)."""
        doc = self._find(day)
        return DayRecord.from_document(doc, day) if doc is not None else DayRecord(day)

    def month_documents(self, month: date) -> dict[str, Document]:
        """The stored documents of ``month``'s days by ISO date, unparsed (first one wins).

        Shared with TinyDB's query cache: read them, never change them.
        """
        docs = self._table(month).search(where("date").exists())
        prefix = f"{month.year:04d}-{month.month:02d}-"
        by_date: dict[str, Document] = {}
        for doc in sorted(docs, key=lambda d: d.doc_id):
            iso = doc.get("date")
            if isinstance(iso, str) and iso.startswith(prefix):
                by_date.setdefault(iso, doc)
        return by_date

    def month(self, month: date) -> dict[date, DayRecord]:
        """Every saved day of ``month``'s calendar month, by date (one shard read)."""
        records: dict[date, DayRecord] = {}
        for doc in self.month_documents(month).values():
            try:
                record = DayRecord.from_document(doc)
            except ValueError:
                continue  # a document without a readable date cannot belong to a day
            records[record.day] = record
        return records

    def between(self, first: date, last: date) -> dict[date, DayRecord]:
        """Saved days from ``first`` to ``last`` inclusive (reads only those months)."""
        records: dict[date, DayRecord] = {}
        for month in _months_between(first, last):
            for day, record in self.month(month).items():
                if first <= day <= last:
                    records[day] = record
        return records

    def update(self, day: date, change: Callable[[DayRecord], DayRecord]) -> DayRecord:
        """Apply ``change`` to the latest stored record of ``day`` and save it durably.

        ``change`` may raise to abort; nothing is written then. Keys of the stored
        document that the core doesn't know about are kept.
        """
        with self._store.transaction():
            doc = self._find(day)
            current = DayRecord.from_document(doc, day) if doc is not None else DayRecord(day)
            updated = change(current)
            if updated.day != day:
                raise ValueError("a day record cannot change its date")
            new: dict[str, Any] = updated.to_document()

            def replace_all(stored: dict[str, Any]) -> None:
                stored.clear()
                stored.update(new)

            if doc is not None:
                if dict(doc) != new:
                    self._table(day).update(replace_all, doc_ids=[doc.doc_id])
            elif not updated.is_empty or updated.extra:
                self._table(day).insert(new)
        return updated

    def lookup(self) -> DayLookup:
        return DayLookup(self)


class DayLookup:
    """Day records by date for walking back through history, one month shard at a time.

    Only the months actually asked about are read, and only the days asked about are
    parsed, so a streak walk costs as many shard reads as the months it spans.
    """

    def __init__(self, days: DayRepository) -> None:
        self._days = days
        self._months: dict[tuple[int, int], dict[str, Document]] = {}
        self._records: dict[date, DayRecord | None] = {}

    def get(self, day: date) -> DayRecord | None:
        if day in self._records:
            return self._records[day]
        key = (day.year, day.month)
        month = self._months.get(key)
        if month is None:
            month = self._months[key] = self._days.month_documents(day.replace(day=1))
        doc = month.get(day.isoformat())
        record = None if doc is None else DayRecord.from_document(doc, day)
        self._records[day] = record
        return record

    def forget(self, day: date) -> None:
        """Drop what was read for the month of ``day`` (after that day changed)."""
        self._months.pop((day.year, day.month), None)
        for known in [d for d in self._records if (d.year, d.month) == (day.year, day.month)]:
            del self._records[known]


class MomentRepository:
    """Tally moments: add, undo, and read them by day or range."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _table(self, day: date):
        return self._store.month_table(MOMENTS_TABLE, day)

    @staticmethod
    def _key(day: date, doc_id: int) -> str:
        return f"{day.year:04d}-{day.month:02d}#{doc_id}"

    def add(self, moment: Moment) -> Moment:
        """Save a moment durably; returns it with the key :meth:`remove` takes."""
        with self._store.transaction():
            doc_id = self._table(moment.day).insert(moment.to_document())
        return Moment(day=moment.day, at=moment.at, kind=moment.kind, note=moment.note,
                      key=self._key(moment.day, doc_id))

    def remove(self, moment: Moment) -> bool:
        """Delete a saved moment (undo); False if it was already gone."""
        month_text, _, id_text = moment.key.partition("#")
        if not id_text.isdigit() or month_text != self._key(moment.day, 0).split("#")[0]:
            raise ValueError(f"not a saved moment: {moment.key!r}")
        doc_id = int(id_text)
        with self._store.transaction():
            table = self._table(moment.day)
            doc = table.get(doc_id=doc_id)
            if doc is None or Moment.from_document(doc) != moment:
                return False
            table.remove(doc_ids=[doc_id])
        return True

    def between(self, first: date, last: date) -> list[Moment]:
        """Moments from ``first`` to ``last`` inclusive, in the order they were added."""
        moments = []
        for month in _months_between(first, last):
            dates = [day.isoformat() for day in _days_between(max(first, month),
                                                              min(last, _month_end(month)))]
            for doc in self._table(month).search(where("date").one_of(dates)):
                moment = Moment.from_document(doc, key=self._key(month, doc.doc_id))
                if moment is not None:
                    moments.append(moment)
        moments.sort(key=lambda m: m.at)
        return moments

    def on(self, day: date) -> list[Moment]:
        return self.between(day, day)
