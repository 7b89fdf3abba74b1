"""The apology builder's one draft, kept in ``main.json`` (table ``apology_draft``) so a
half-written apology survives closing the app. Clearing it removes the words."""

from __future__ import annotations

from .database import Store
from .settings_repository import TextDraftRepository

APOLOGY_TABLE = "apology_draft"


class ApologyDraftRepository(TextDraftRepository):
    def __init__(self, store: Store) -> None:
        super().__init__(store, APOLOGY_TABLE)
