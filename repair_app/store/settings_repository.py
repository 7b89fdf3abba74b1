"""Repositories that hand out plain dicts, so nothing outside the store needs TinyDB."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from tinydb.table import Document

from .database import Store
from .migrations import SETTINGS_TABLE

_DOC_ID = 1


class DocumentRepository:
    """One JSON document kept in table ``table_name`` of ``main.json`` (id 1)."""

    def __init__(self, store: Store, table_name: str) -> None:
        self._store = store
        self._table_name = table_name

    def load(self) -> dict[str, Any] | None:
        """The saved document (a fresh copy), or None if nothing was saved yet."""
        doc = self._store.table(self._table_name).get(doc_id=_DOC_ID)
        return None if doc is None else dict(doc)

    def save(self, values: Mapping[str, Any]) -> None:
        """Replace the document with ``values``, durably, in one atomic write.

        Raises :class:`StoreWriteError` (with a message for the user) if the disk
        refuses; the previous document is then still in place.
        """
        if not isinstance(values, Mapping):
            raise TypeError(f"expected a mapping, got {type(values).__name__}")
        new = dict(values)

        def replace(doc: dict[str, Any]) -> None:
            doc.clear()
            doc.update(new)

        with self._store.transaction():
            table = self._store.table(self._table_name)
            if table.contains(doc_id=_DOC_ID):
                table.update(replace, doc_ids=[_DOC_ID])
            else:
                table.insert(Document(new, doc_id=_DOC_ID))


class SettingsRepository(DocumentRepository):
    """The app's settings as one dict (the lead converts it to/from ``Settings``)."""

    def __init__(self, store: Store) -> None:
        super().__init__(store, SETTINGS_TABLE)

    def load(self) -> dict[str, Any]:  # type: ignore[override]
        """The saved settings, or ``{}`` before the first save."""
        return super().load() or {}


class TextDraftRepository:
    """One piece of text being written (an apology, a message), kept in ``main.json``
    under ``table`` so it survives closing the app. Saving an empty text removes the
    words; ``StoreWriteError`` if a save is refused."""

    def __init__(self, store: Store, table: str) -> None:
        self._documents = DocumentRepository(store, table)

    def load(self) -> str:
        doc = self._documents.load() or {}
        text = doc.get("text")
        return text if isinstance(text, str) else ""

    def save(self, text: str, at: datetime) -> None:
        if text == self.load():
            return
        self._documents.save({"text": text, "saved_at": at.isoformat()} if text else {})

    def clear(self) -> None:
        if self.load():
            self._documents.save({})
