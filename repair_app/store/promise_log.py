"""Smart skipping's view of the day's promise, read from the Today screen's data.

The agreed shape (month shards, table ``days``): one document per local date,
``{"date": "YYYY-MM-DD", "promise": {"text": ..., "status": "open"|"kept"|"not_kept"}}``.
A missing month, day, promise or field reads as "not made" / "not marked".
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .database import Store

DAYS_TABLE = "days"
MARKED = ("kept", "not_kept")


class StoredPromiseLog:
    """Implements ``core.reminders.PromiseLog`` on the store."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _promise(self, day: date) -> dict[str, Any] | None:
        wanted = day.isoformat()
        for doc in self._store.month_table(DAYS_TABLE, day).all():
            if doc.get("date") == wanted:
                promise = doc.get("promise")
                return promise if isinstance(promise, dict) else None
        return None

    def promise_made(self, day: date) -> bool:
        promise = self._promise(day)
        return bool(promise) and bool(str(promise.get("text") or "").strip())

    def promise_marked(self, day: date) -> bool:
        promise = self._promise(day)
        return bool(promise) and promise.get("status") in MARKED
