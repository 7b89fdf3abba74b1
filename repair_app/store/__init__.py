"""Storage: crash-safe JSON shards, cross-process lock, migrations, daily backups.

Only this package imports TinyDB; everything it hands out past the repositories is a
plain dict.
"""

from .backups import KEEP_DAYS, list_backups, make_daily_backup
from .database import Store
from .errors import (
    DamagedFileError,
    StoreConflictError,
    StoreCorruptError,
    StoreTooNewError,
    StoreWriteError,
    WrongKeyError,
)
from .migrations import CURRENT_SCHEMA, MIGRATIONS
from .safe_storage import Codec, FileOps, IdentityCodec, SafeJSONStorage
from .settings_repository import DocumentRepository, SettingsRepository

__all__ = [
    "CURRENT_SCHEMA",
    "KEEP_DAYS",
    "MIGRATIONS",
    "Codec",
    "DamagedFileError",
    "DocumentRepository",
    "FileOps",
    "IdentityCodec",
    "SafeJSONStorage",
    "SettingsRepository",
    "Store",
    "StoreConflictError",
    "StoreCorruptError",
    "StoreTooNewError",
    "StoreWriteError",
    "WrongKeyError",
    "list_backups",
    "make_daily_backup",
]
