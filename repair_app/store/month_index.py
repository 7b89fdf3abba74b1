"""Which month shards hold records of one table, so a "most recent first" list reads only
those shards, however many years of other history there are.

The index is one small document in ``main.json`` (table ``<table>_months``:
``{"months": ["2026-11", …]}``), updated in the same transaction as the record it
announces. It is derived data: when it is missing (older data, a hand-edited file) it is
rebuilt once by looking through every shard.
"""

from __future__ import annotations

import contextlib
from datetime import date

from .database import Store
from .errors import StoreWriteError
from .settings_repository import DocumentRepository


def _month_key(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def _parse(key: object) -> date | None:
    if not isinstance(key, str) or len(key) != 7 or key[4] != "-":
        return None
    try:
        return date(int(key[:4]), int(key[5:]), 1)
    except ValueError:
        return None


class MonthIndex:
    def __init__(self, store: Store, table: str) -> None:
        self._store = store
        self._table = table
        self._documents = DocumentRepository(store, f"{table}_months")

    def add(self, month: date) -> None:
        """Note that ``month``'s shard now holds a record (call inside the write's
        transaction)."""
        with self._store.transaction():
            known = self._known()
            months = self._scan() if known is None else known
            key = _month_key(month)
            if known is None or key not in months:
                self._documents.save({"months": sorted({*months, key})})

    def months(self) -> list[date]:
        """First days of the months that hold records, newest first."""
        months = self._known()
        if months is None:
            months = self._scan()
            with contextlib.suppress(StoreWriteError):  # still right this time; next time again
                self._documents.save({"months": months})
        parsed = {_parse(key) for key in months} - {None}
        return sorted(parsed, reverse=True)  # type: ignore[arg-type]

    def _known(self) -> list[str] | None:
        doc = self._documents.load()
        if doc is None or not isinstance(doc.get("months"), list):
            return None
        return [key for key in doc["months"] if _parse(key) is not None]

    def _scan(self) -> list[str]:
        found = []
        for month in self._store.months_with_data():
            if len(self._store.month_table(self._table, month)):
                found.append(_month_key(month))
        return sorted(found)
