"""Schema versions and forward migrations.

``main.json`` carries ``{"_meta": {"1": {"schema": N}}}``. ``MIGRATIONS[k - 1]`` takes a
store from version ``k`` to ``k + 1``; :func:`migrate` runs the missing ones in order
(the store's lock is held) and stamps each version as it goes.

Rules for a migration: it is a function ``(store) -> None``; it must be idempotent
(a crash can make it run twice); it should do its ``main.json`` change and the version
stamp in one ``store.rewrite_main`` call when it can, so the two commit together.
Back-ups are taken before migrating, so the pre-migration data is in today's snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from .errors import StoreCorruptError, StoreTooNewError
from .safe_storage import Document


class MigratableStore(Protocol):
    """What a migration needs of the open store (``database.Store`` is one). Declared
    here, so this module, which ``database`` calls, never imports ``database`` back."""

    data_dir: Path

    def transaction(self) -> AbstractContextManager[Any]: ...

    def read_main(self) -> Document: ...

    def rewrite_main(self, change: Callable[[Document], None]) -> None: ...

CURRENT_SCHEMA = 2
META_TABLE = "_meta"
META_DOC_ID = "1"
SETTINGS_TABLE = "settings"
SETTINGS_DOC_ID = "1"

Migration = Callable[[MigratableStore], None]


def schema_of(document: Document) -> int | None:
    """The schema version of a ``main.json`` document; None for a brand-new store.

    A document with data but no ``_meta`` predates versioning: version 1.
    """
    meta = document.get(META_TABLE)
    if meta:
        version = meta.get(META_DOC_ID, {}).get("schema")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise StoreCorruptError(
                f"Repair doesn't recognise the format of its data file (schema {version!r}). "
                "Nothing was changed."
            )
        return version
    if any(document.values()):
        return 1
    return None


def has_schema_stamp(document: Document) -> bool:
    """Whether ``main.json`` carries a well-formed schema version."""
    meta = document.get(META_TABLE)
    version = meta.get(META_DOC_ID, {}).get("schema") if isinstance(meta, dict) else None
    return isinstance(version, int) and not isinstance(version, bool) and version >= 1


def stamp(document: Document, version: int) -> None:
    document[META_TABLE] = {META_DOC_ID: {"schema": version}}


def check_supported(store: MigratableStore) -> None:
    """Refuse data written by a newer app version, before anything is written."""
    version = schema_of(store.read_main())
    if version is not None and version > CURRENT_SCHEMA:
        raise StoreTooNewError(
            f"Your data in {store.data_dir} was saved by a newer version of Repair "
            f"(data format {version}; this version understands up to {CURRENT_SCHEMA}). "
            "Please update the app. Your data was not changed."
        )


def migrate(store: MigratableStore) -> list[int]:
    """Bring the store to :data:`CURRENT_SCHEMA`; return the versions migrated from."""
    with store.transaction():
        check_supported(store)
        version = schema_of(store.read_main())
        if version is None:
            store.rewrite_main(lambda document: stamp(document, CURRENT_SCHEMA))
            return []
        done = []
        for start in range(version, CURRENT_SCHEMA):
            MIGRATIONS[start - 1](store)
            if schema_of(store.read_main()) != start + 1:
                store.rewrite_main(lambda document, v=start + 1: stamp(document, v))
            done.append(start)
        return done


# -- the migrations --------------------------------------------------------------------


def _settings_pairs_to_one_document(store: MigratableStore) -> None:
    """1 -> 2: settings were one ``{"key": k, "value": v}`` doc per setting; now they
    are a single document ``{k: v, ...}`` with id 1."""

    def change(document: Document) -> None:
        table = document.get(SETTINGS_TABLE) or {}
        merged: dict[str, Any] = {}
        for doc_id in sorted(table, key=_id_order):
            item = table[doc_id]
            if isinstance(item.get("key"), str) and set(item) <= {"key", "value"}:
                merged[item["key"]] = item.get("value")
            else:  # already a settings document (a re-run after a crash)
                merged.update(item)
        document[SETTINGS_TABLE] = {SETTINGS_DOC_ID: merged} if table else {}
        stamp(document, 2)

    store.rewrite_main(change)


def _id_order(doc_id: str) -> tuple[int, str]:
    return (int(doc_id), doc_id) if doc_id.isdigit() else (1 << 62, doc_id)


MIGRATIONS: list[Migration] = [
    _settings_pairs_to_one_document,  # 1 -> 2
]

assert len(MIGRATIONS) == CURRENT_SCHEMA - 1
