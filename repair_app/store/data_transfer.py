"""Export everything, import an export, delete everything.

The rules for what a valid export is live in :mod:`repair_app.core.export_format`;
this module only reads and writes the store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from repair_app.core.export_format import (
    ExportBundle,
    ExportError,
    Tables,
    bundle_to_json,
    make_bundle,
)

from .database import Store
from .encryption_switch import replace_documents
from .errors import StoreWriteError, WrongKeyError
from .layout import EXPORTS_DIR, MAIN_FILE, MONTHS_DIR, month_file_name
from .migrations import CURRENT_SCHEMA, META_TABLE
from .safe_storage import ENCRYPTED_MAGIC, atomic_write_bytes


def export_bundle(store: Store, exported_at: datetime) -> ExportBundle:
    """Everything in the store, as one consistent snapshot (taken under the lock)."""
    with store.transaction():
        main = _without_meta(store.read_main())
        months: dict[str, Tables] = {}
        for month in store.months_with_data():
            shard = store.read_month(month)
            if any(shard.values()):
                months[f"{month:%Y-%m}"] = shard
    return make_bundle(CURRENT_SCHEMA, exported_at, main, months)


def save_safety_copy(store: Store, now: datetime) -> Path:
    """Write a full export into the data folder (``exports/``) before data is replaced.

    It is encoded like every other file of the store: encrypted when the journal is, so
    an import never leaves the journal in plain text. Read it back with
    :func:`read_safety_copy`; turning encryption on or off re-writes it with the rest.
    """
    folder = store.data_dir / EXPORTS_DIR
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError as error:
        raise StoreWriteError.from_os_error(error, folder) from error
    path = folder / f"before-import-{now:%Y%m%d-%H%M%S}.json"
    raw = store.codec.encode(bundle_to_json(export_bundle(store, now)))
    atomic_write_bytes(path, raw)
    return path


def read_safety_copy(store: Store, raw: bytes) -> bytes:
    """The export inside a file chosen for import: safety copies written while the
    journal was encrypted are decrypted with its key; anything else is returned as is.
    Raises :class:`ExportError` when it is encrypted with a key this store doesn't have."""
    if not raw.startswith(ENCRYPTED_MAGIC):
        return raw
    try:
        return store.codec.decode(raw)
    except (WrongKeyError, ValueError) as error:
        raise ExportError("This is an encrypted copy made by Repair with another passcode "
                          "(or it was changed after it was written), so it can't be "
                          "imported here.") from error


def import_bundle(store: Store, bundle: ExportBundle, now: datetime) -> Path:
    """Replace all data with ``bundle`` (already validated by core.parse_bundle).

    A full export of the data being replaced is saved first; its path is returned so
    the user can be told where it is. Every file is replaced in one commit (see
    ``encryption_switch.replace_documents``): a crash or a full disk part-way leaves the
    old journal whole, never months of one beside settings of the other.
    """
    with store.transaction():
        safety_copy = save_safety_copy(store, now)
        wanted = {month_file_name(date(int(key[:4]), int(key[5:7]), 1)): tables
                  for key, tables in bundle.months.items()}
        documents: dict[str, Tables] = {}
        for name, tables in sorted(wanted.items()):
            documents[f"{MONTHS_DIR}/{name}"] = {n: dict(rows) for n, rows in tables.items()}
        for month in store.months_with_data():
            name = month_file_name(month)
            if name not in wanted:
                documents[f"{MONTHS_DIR}/{name}"] = {}  # emptied, kept: see _restore_missing_months
        main = store.read_main()
        _replace_with(bundle.main, keep=(META_TABLE,))(main)
        documents[MAIN_FILE] = main
        replace_documents(store, documents)
    return safety_copy


def delete_all_data(store: Store) -> None:
    """Remove the store, its backups and safety copies. The store starts again empty."""
    store.delete_everything()


def _without_meta(document: Tables) -> Tables:
    return {name: rows for name, rows in document.items() if not name.startswith("_")}


def _replace_with(tables: Tables, keep: tuple[str, ...] = ()) -> Callable[[Tables], None]:
    def change(document: Tables) -> None:
        kept = {name: document[name] for name in keep if name in document}
        document.clear()
        document.update(kept)
        document.update({name: dict(rows) for name, rows in tables.items()})
    return change
