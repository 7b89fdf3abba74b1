"""Where pauses are kept.

* The current pause (running, or ended and waiting for the return screen): one document in
  table ``pause`` of ``main.json`` (id 1), so it survives a reload or a restart.
* The history: table ``pauses`` in the month shard of the day the pause started (in the
  UTC offset it started in, so a later time-zone change never moves an entry to another
  shard). One document per pause, replaced by its ``id``. Fields, for readers such as
  Progress: ``id``, ``started_at`` / ``ends_at`` / ``ended_at`` (ISO 8601 with offset),
  ``total_seconds`` (planned length with extensions), ``extensions``, ``state``
  ("finished" or "ended_early"), ``ended_early`` (bool), ``length_seconds`` (how long it
  really lasted), ``note`` (the "What helped" line).

Every write is atomic (crash-safe) and raises :class:`StoreWriteError` with a message for the
user if the disk refuses; nothing already stored is lost then.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from tinydb import Query

from repair_app.core.clock import Clock
from repair_app.core.pause import PauseSession

from .database import Store
from .settings_repository import DocumentRepository

CURRENT_TABLE = "pause"
HISTORY_TABLE = "pauses"


def _month(day: date) -> date:
    return date(day.year, day.month, 1)


def history_month(session: PauseSession) -> date:
    """The shard a pause's history entry lives in: the month of its start, as it was then."""
    return _month(session.started_at.date())


class PauseRepository:
    """Implements :class:`repair_app.core.pause.PauseRecords` on the store."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._current = DocumentRepository(store, CURRENT_TABLE)

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._store.transaction():
            yield

    # -- the current pause ------------------------------------------------------------------
    def load_current(self) -> PauseSession | None:
        return PauseSession.from_document(self._current.load())

    def save_current(self, session: PauseSession | None) -> None:
        self._current.save(session.to_document() if session else {"state": "idle"})

    # -- history ------------------------------------------------------------------------------
    def save_history(self, session: PauseSession, clock: Clock | None = None) -> None:
        document = session.to_document()
        with self._store.transaction():
            table = self._store.month_table(HISTORY_TABLE, history_month(session))
            table.upsert(document, Query().id == session.id)

    def history_in_month(self, month: date) -> list[PauseSession]:
        """The pauses that started in ``month``, oldest first."""
        table = self._store.month_table(HISTORY_TABLE, _month(month))
        sessions = [PauseSession.from_document(dict(doc)) for doc in table.all()]
        return sorted((s for s in sessions if s is not None), key=lambda s: s.started_at)

    def history_between(self, first: date, last: date) -> list[PauseSession]:
        """Pauses whose start month lies within ``first``..``last`` and whose start day (as
        stored) is in that range, oldest first. Only those months' shards are opened."""
        months = [m for m in self._store.months_with_data()
                  if _month(first) <= m <= _month(last)]
        found: list[PauseSession] = []
        for month in months:
            found.extend(s for s in self.history_in_month(month)
                         if first <= s.started_at.date() <= last)
        return found

    def recent_history(self, clock: Clock | None = None, limit: int = 50) -> list[PauseSession]:
        """The latest ``limit`` pauses, newest first (opens months newest first, stops early)."""
        found: list[PauseSession] = []
        for month in reversed(self._store.months_with_data()):
            found.extend(reversed(self.history_in_month(month)))
            if len(found) >= limit:
                break
        return found[:limit]
