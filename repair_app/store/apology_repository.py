"""The apology builder's one draft, kept in ``main.json`` (table ``apology_draft``) so a
half-written apology survives closing the app. Clearing it removes the words."""

from __future__ import annotations

from datetime import datetime

from .database import Store
from .settings_repository import DocumentRepository

APOLOGY_TABLE = "apology_draft"


class ApologyDraftRepository:
    def __init__(self, store: Store) -> None:
        self._documents = DocumentRepository(store, APOLOGY_TABLE)

    def load(self) -> str:
        doc = self._documents.load() or {}
        text = doc.get("text")
        return text if isinstance(text, str) else ""

    def save(self, text: str, at: datetime) -> None:
        """Keep ``text`` (already checked for length); StoreWriteError if refused."""
        if text == self.load():
            return
        self._documents.save({"text": text, "saved_at": at.isoformat()} if text else {})
