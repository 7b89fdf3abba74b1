"""Where Repair keeps its data and its caches. Light on purpose: the command line needs
the data folder before the app itself is imported (that happens while the page loads)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "REPAIR_DATA_DIR"


def default_data_dir(environ: dict[str, str] | os._Environ = os.environ) -> Path:
    """--data-dir wins (handled by the caller); then $REPAIR_DATA_DIR, Flet's app data folder
    (set by `flet run` and packaged apps), and last the platform's user data folder."""
    for name in (DATA_DIR_ENV, "FLET_APP_STORAGE_DATA"):
        value = environ.get(name)
        if value:
            return Path(value).expanduser()
    return Path(platformdirs.user_data_dir("Repair", appauthor=False))


def default_stamp_dir() -> Path:
    """Where the stamps of content files that passed validation are kept (a cache)."""
    return Path(platformdirs.user_cache_dir("Repair", appauthor=False)) / "validated"
