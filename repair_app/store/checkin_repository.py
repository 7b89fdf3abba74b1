"""Weekly check-ins: the one being written (its draft) and the saved ones.

* The draft is one document in ``main.json`` (table ``checkin_draft``), rewritten as the
  user goes; it is small, and the only thing rewritten while typing.
* Saved check-ins live in the month shard of the local day they were started on (table
  ``checkins``), with a :class:`~repair_app.store.month_index.MonthIndex` so the list of
  past check-ins reads only the shards that hold one.
* Saving a check-in and removing its draft happen under the store's lock, in this order:
  note the month in the index, add the check-in, drop the draft (three file writes). A
  failure or crash in between never loses the words: at worst the draft outlives its
  check-in, and is then recognised (same start time) and dropped when next read.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import replace
from datetime import date

from tinydb import where

from repair_app.core.checkin import CheckIn, CheckinDraft, IsoWeek, newest_first

from .database import Store
from .errors import StoreWriteError
from .month_index import MonthIndex
from .settings_repository import DocumentRepository

CHECKINS_TABLE = "checkins"
DRAFT_TABLE = "checkin_draft"
log = logging.getLogger(__name__)


class CheckinAlreadySaved(RuntimeError):
    """The draft being kept was saved as a check-in already (in another window)."""

    def __init__(self) -> None:
        super().__init__("This check-in was already saved, perhaps in another window. "
                         "You'll find it in Past check-ins.")


class CheckinRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._drafts = DocumentRepository(store, DRAFT_TABLE)
        self._index = MonthIndex(store, CHECKINS_TABLE)

    def _table(self, day: date):
        return self._store.month_table(CHECKINS_TABLE, day)

    @staticmethod
    def _key(month: date, doc_id: int) -> str:
        return f"{month.year:04d}-{month.month:02d}#{doc_id}"

    # -- the draft ---------------------------------------------------------------------

    def draft(self) -> CheckinDraft | None:
        doc = self._drafts.load()
        if not doc:
            return None
        draft = CheckinDraft.from_document(doc)
        if draft is None:
            log.warning("ignoring an unreadable check-in draft")
            return None
        if self._was_saved(draft):  # left over from a save interrupted after the check-in
            with contextlib.suppress(StoreWriteError):
                self._drafts.save({})
            return None
        return draft

    def save_draft(self, draft: CheckinDraft) -> None:
        """Keep the draft (replacing any other); CheckinAlreadySaved if it became a
        check-in meanwhile. Raises StoreWriteError if the disk refuses."""
        with self._store.transaction():
            if self._was_saved(draft):
                raise CheckinAlreadySaved()
            self._drafts.save(draft.to_document())

    def discard_draft(self) -> None:
        with self._store.transaction():
            if self._drafts.load():
                self._drafts.save({})

    def _was_saved(self, draft: CheckinDraft) -> bool:
        started = draft.started_at.isoformat()
        return bool(self._table(draft.day).search(where("started_at") == started))

    # -- saved check-ins ------------------------------------------------------------------

    def save(self, checkin: CheckIn) -> CheckIn:
        """Save a finished check-in and drop its draft, in one transaction."""
        with self._store.transaction():
            table = self._table(checkin.day)
            started = checkin.started_at.isoformat()
            existing = table.search(where("started_at") == started)
            if existing:  # a second tap, or another window: the same check-in, once
                doc = min(existing, key=lambda d: d.doc_id)
                saved = CheckIn.from_document(doc, self._key(checkin.day, doc.doc_id))
                if saved is not None:
                    self._drop_draft_of(checkin)
                    return saved
            self._index.add(checkin.day)  # first: a listed month without it is harmless
            doc_id = table.insert(checkin.to_document())
            self._drop_draft_of(checkin)
        return replace(checkin, key=self._key(checkin.day, doc_id))

    def _drop_draft_of(self, checkin: CheckIn) -> None:
        draft = CheckinDraft.from_document(self._drafts.load() or {})
        if draft is not None and draft.started_at == checkin.started_at:
            self._drafts.save({})

    def in_month(self, month: date) -> list[CheckIn]:
        checkins = []
        for doc in self._table(month).search(where("date").exists()):
            checkin = CheckIn.from_document(doc, self._key(month, doc.doc_id))
            if checkin is not None and (checkin.day.year, checkin.day.month) == (
                    month.year, month.month):
                checkins.append(checkin)
        return checkins

    def in_week(self, week: IsoWeek) -> list[CheckIn]:
        """Check-ins that belong to ``week``, newest first (reads at most two shards)."""
        months = {week.monday.replace(day=1), week.sunday.replace(day=1)}
        found = [c for month in sorted(months) for c in self.in_month(month) if c.week == week]
        return newest_first(found)

    def recent(self, count: int, skip: int = 0) -> tuple[list[CheckIn], bool]:
        """Check-ins newest first: ``count`` of them after the first ``skip``, and whether
        there are more. Reads shards newest first and stops once it has enough."""
        wanted = skip + count + 1
        found: list[CheckIn] = []
        for month in self._index.months():
            found.extend(self.in_month(month))
            if len(found) >= wanted:
                break
        ordered = newest_first(found)
        return ordered[skip:skip + count], len(ordered) > skip + count
