"""Smart skipping's view of the day's promise, read through the Today screen's repository."""

from __future__ import annotations

from datetime import date

from repair_app.core.day import Promise

from .database import Store
from .day_repository import DayRepository


class StoredPromiseLog:
    """Implements ``core.reminders.PromiseLog`` on the store."""

    def __init__(self, store: Store) -> None:
        self._days = DayRepository(store)

    def _promise(self, day: date) -> Promise | None:
        return self._days.get(day).promise

    def promise_made(self, day: date) -> bool:
        promise = self._promise(day)
        return promise is not None and bool(promise.text.strip())

    def promise_marked(self, day: date) -> bool:
        promise = self._promise(day)
        return promise is not None and not promise.is_open
