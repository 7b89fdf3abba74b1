"""The Drafts box and the day counter of checked messages, behind plain core types.

Drafts live in table ``drafts`` of ``main.json`` (a handful at a time). Deleting one
removes its document, and TinyDB rewrites the whole file without it, so the words are
gone from the live file at once, and from every backup made afterwards.

The message being written on "Before you send" (not yet held or sent) is kept in table
``unsent_message`` of ``main.json`` as one document, so a tab switch, a pause or closing
the app never loses it; holding it until morning or emptying the field removes the words.

The count of messages checked each day lives in the month shard of that day
(table ``message_checks``, one small document per day), keyed by the local date.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, datetime

from tinydb import Query

from repair_app.core.drafts import Draft, DraftError, due_drafts

from .database import Store
from .settings_repository import TextDraftRepository

DRAFTS_TABLE = "drafts"
UNSENT_TABLE = "unsent_message"
CHECKS_TABLE = "message_checks"
log = logging.getLogger(__name__)


class DraftGoneError(LookupError):
    """The draft was deleted (perhaps in another window) before this change."""

    def __init__(self, draft_id: int | None) -> None:
        super().__init__("This draft is no longer in Drafts: it was deleted.")
        self.draft_id = draft_id


class DraftRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _table(self):
        return self._store.table(DRAFTS_TABLE)

    def all(self) -> list[Draft]:
        """Every readable draft; a damaged document is skipped (and logged), never fatal."""
        drafts = []
        for doc in self._table().all():
            try:
                drafts.append(Draft.from_document(doc, doc.doc_id))
            except DraftError as error:
                log.warning("skipping damaged draft %s: %s", doc.doc_id, error)
        return drafts

    def get(self, draft_id: int) -> Draft | None:
        doc = self._table().get(doc_id=draft_id)
        if doc is None:
            return None
        try:
            return Draft.from_document(doc, draft_id)
        except DraftError:
            return None

    def add(self, draft: Draft) -> Draft:
        """Keep a new draft; raises StoreWriteError (nothing kept) if the disk refuses."""
        with self._store.transaction():
            draft_id = self._table().insert(draft.to_document())
        return replace(draft, id=draft_id)

    def save(self, draft: Draft) -> Draft:
        """Replace a kept draft's words and times; DraftGoneError if it was deleted."""
        if draft.id is None:
            return self.add(draft)
        new = draft.to_document()

        def overwrite(doc: dict) -> None:
            doc.clear()
            doc.update(new)

        with self._store.transaction():
            table = self._table()
            if not table.contains(doc_id=draft.id):
                raise DraftGoneError(draft.id)
            table.update(overwrite, doc_ids=[draft.id])
        return draft

    def delete(self, draft_id: int) -> bool:
        """Remove a draft for good (one rewrite of ``main.json``); False if already gone."""
        with self._store.transaction():
            table = self._table()
            if not table.contains(doc_id=draft_id):
                return False
            table.remove(doc_ids=[draft_id])
        return True

    def due_for_rereading(self, at: datetime) -> list[Draft]:
        return due_drafts(self.all(), at)


def drafts_due_for_rereading(store: Store, at: datetime) -> list[Draft]:
    """Drafts whose re-read time has come at instant ``at`` (aware), longest-waiting first.

    For the reminders: a morning reminder can mention that a held message is ready.
    """
    return DraftRepository(store).due_for_rereading(at)


class UnsentMessageRepository(TextDraftRepository):
    """The one message being written on "Before you send"."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, UNSENT_TABLE)


class MessageCheckCounter:
    """How many messages were checked on each local day (for the "pursuing" rule)."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def _table(self, day: date):
        return self._store.month_table(CHECKS_TABLE, day)

    def count(self, day: date) -> int:
        found = self._table(day).search(Query().day == day.isoformat())
        if not found:
            return 0
        value = found[0].get("count", 0)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    def record(self, day: date) -> int:
        """Count one more message checked on ``day``; return the day's new total."""
        with self._store.transaction():
            table = self._table(day)
            total = self.count(day) + 1
            key = Query().day == day.isoformat()
            if table.contains(key):
                table.update({"count": total}, key)
            else:
                table.insert({"day": day.isoformat(), "count": total})
        return total
