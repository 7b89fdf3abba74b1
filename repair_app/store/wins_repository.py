"""Small wins, one document each in the month shard of the local day they were written
(table ``wins``), with a :class:`~repair_app.store.month_index.MonthIndex` so the most
recent ones are found without reading years of other history."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from tinydb import where

from repair_app.core.wins import Win, newest_first

from .database import Store
from .month_index import MonthIndex

WINS_TABLE = "wins"


def _months_between(first: date, last: date) -> list[date]:
    months = []
    month = first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


class WinRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._index = MonthIndex(store, WINS_TABLE)

    def _table(self, day: date):
        return self._store.month_table(WINS_TABLE, day)

    @staticmethod
    def _key(month: date, doc_id: int) -> str:
        return f"{month.year:04d}-{month.month:02d}#{doc_id}"

    def add(self, win: Win) -> Win:
        """Save a win durably; returns it with the key :meth:`remove` takes. Raises
        StoreWriteError (nothing saved) if the disk refuses."""
        with self._store.transaction():
            self._index.add(win.day)  # first: a listed month without it is harmless
            doc_id = self._table(win.day).insert(win.to_document())
        return replace(win, key=self._key(win.day, doc_id))

    def remove(self, win: Win) -> bool:
        """Delete a saved win; False if it was already gone."""
        month_text, _, id_text = win.key.partition("#")
        if not id_text.isdigit() or month_text != self._key(win.day, 0).split("#")[0]:
            raise ValueError(f"not a saved win: {win.key!r}")
        doc_id = int(id_text)
        with self._store.transaction():
            table = self._table(win.day)
            doc = table.get(doc_id=doc_id)
            if doc is None or Win.from_document(doc) != win:
                return False
            table.remove(doc_ids=[doc_id])
        return True

    def in_month(self, month: date) -> list[Win]:
        wins = []
        for doc in self._table(month).search(where("date").exists()):
            win = Win.from_document(doc, self._key(month, doc.doc_id))
            if win is not None and (win.day.year, win.day.month) == (month.year, month.month):
                wins.append(win)
        return wins

    def between(self, first: date, last: date) -> list[Win]:
        """Wins from ``first`` to ``last`` inclusive, oldest first."""
        found = [w for month in _months_between(first, last) for w in self.in_month(month)
                 if first <= w.day <= last]
        return sorted(found, key=lambda w: w.at)

    def recent(self, count: int, skip: int = 0) -> tuple[list[Win], bool]:
        """Wins newest first: ``count`` of them after the first ``skip``, and whether
        there are more."""
        wanted = skip + count + 1
        found: list[Win] = []
        for month in self._index.months():
            found.extend(self.in_month(month))
            if len(found) >= wanted:
                break
        ordered = newest_first(found)
        return ordered[skip:skip + count], len(ordered) > skip + count
