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
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from typing import Any

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


class DayRepository:
    """Read and change day records; one document per date."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _table(self, day: date):
        return self._store.month_table(DAYS_TABLE, day)

    def _find(self, day: date) -> Document | None:
        iso = day.isoformat()
        found = [doc for doc in self._table(day).all() if doc.get("date") == iso]
        # Two documents for one date can only come from hand editing or an old bug;
        # the first one wins, consistently for reads and writes.
        return min(found, key=lambda doc: doc.doc_id) if found else None

    def get(self, day: date) -> DayRecord:
        """The record of ``day`` (an empty one if nothing was saved for it)."""
        doc = self._find(day)
        return DayRecord.from_document(doc, day) if doc is not None else DayRecord(day)

    def month(self, month: date) -> dict[date, DayRecord]:
        """Every saved day of ``month``'s calendar month, by date (one shard read)."""
        records: dict[date, DayRecord] = {}
        for doc in sorted(self._table(month).all(), key=lambda d: d.doc_id, reverse=True):
            try:
                record = DayRecord.from_document(doc)
            except ValueError:
                continue  # a document without a readable date cannot belong to a day
            if (record.day.year, record.day.month) == (month.year, month.month):
                records[record.day] = record  # ascending doc ids last: the first one wins
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

    Only the months actually asked about are read, so a streak walk costs as many
    shard reads as the months it spans.
    """

    def __init__(self, days: DayRepository) -> None:
        self._days = days
        self._months: dict[tuple[int, int], dict[date, DayRecord]] = {}

    def get(self, day: date) -> DayRecord | None:
        key = (day.year, day.month)
        month = self._months.get(key)
        if month is None:
            month = self._months[key] = self._days.month(day.replace(day=1))
        return month.get(day)

    def forget(self, day: date) -> None:
        """Drop the cached month of ``day`` (after that day changed)."""
        self._months.pop((day.year, day.month), None)


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
            for doc in self._table(month).all():
                moment = Moment.from_document(doc, key=self._key(month, doc.doc_id))
                if moment is not None and first <= moment.day <= last:
                    moments.append(moment)
        moments.sort(key=lambda m: m.at)
        return moments

    def on(self, day: date) -> list[Moment]:
        return self.between(day, day)
