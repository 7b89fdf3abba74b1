"""Where things live inside a store directory.

    <data_dir>/main.json              settings and small tables
    <data_dir>/months/YYYY-MM.json    date-keyed records, one shard per month
    <data_dir>/backups/YYYY-MM-DD/    daily snapshots of every shard (same layout)
    <data_dir>/.repair.lock           the cross-process lock
    <data_dir>/progress-summary.json  what Progress counts, per month (a cache, rebuilt
                                      from the months when missing or out of date)
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

MAIN_FILE = "main.json"
MONTHS_DIR = "months"
BACKUPS_DIR = "backups"
LOCK_FILE = ".repair.lock"
EXPORTS_DIR = "exports"  # safety copies written before an import
PROGRESS_SUMMARY_FILE = "progress-summary.json"
# What "Delete all my data" removes: every folder and file name the store writes.
OWNED_FOLDERS = (MONTHS_DIR, BACKUPS_DIR, EXPORTS_DIR)
# main.json (its temp files and damaged copies too) and the Progress summary.
OWNED_FILE_PREFIXES = (MAIN_FILE, PROGRESS_SUMMARY_FILE)

_MONTH_NAME = re.compile(r"^(\d{4})-(\d{2})\.json$")


def month_file_name(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}.json"


def month_of_file_name(name: str) -> date | None:
    """The first day of the month a shard file name stands for, or None."""
    match = _MONTH_NAME.match(name)
    if match is None:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12 or year < 1:
        return None
    return date(year, month, 1)


def month_shard_names(folder: Path) -> list[str]:
    """Shard file names in a ``months`` folder, oldest first (no file is opened)."""
    try:
        names = [entry.name for entry in _scandir(folder) if month_of_file_name(entry.name)]
    except FileNotFoundError:
        return []
    return sorted(names)


def shard_relative_paths(root: Path) -> list[str]:
    """Every shard under ``root`` (a store or a backup), as POSIX relative paths."""
    paths = [MAIN_FILE] if (root / MAIN_FILE).exists() else []
    return paths + [f"{MONTHS_DIR}/{name}" for name in month_shard_names(root / MONTHS_DIR)]


def _scandir(folder: Path) -> list[os.DirEntry[str]]:
    with os.scandir(folder) as entries:
        return [entry for entry in entries if entry.is_file(follow_symlinks=False)]
