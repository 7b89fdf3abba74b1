"""Rotating daily snapshots: ``backups/YYYY-MM-DD/`` holds every shard as it was.

Cheap with years of shards: a shard that has not changed since the previous snapshot
is *hard-linked* to that snapshot's copy (one directory entry, no data copied); only a
shard that changed is copied. So a day's snapshot costs a link per old month plus a
copy of the one or two shards written since yesterday.

Why link to the previous snapshot rather than to the live file: live writes always go
through ``os.replace`` (a new inode), so a link to the live file would be safe from our
own writes, but a live file damaged *in place* (disk fault, another program) would
damage every snapshot sharing its inode. Keeping the snapshots' inode separate from the
live one means one damaged copy can always be restored from the other. If linking is
not possible (some file systems, some phones), the shard is copied with ``copy2``.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
from datetime import date
from pathlib import Path

from .errors import DamagedFileError, WrongKeyError
from .layout import BACKUPS_DIR, MONTHS_DIR, shard_relative_paths
from .safe_storage import DEFAULT_CODEC, DEFAULT_OPS, Codec, FileOps, decode_document

KEEP_DAYS = 7
_DAY_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_PARTIAL_PREFIX = ".partial-"


def backups_root(data_dir: Path) -> Path:
    return Path(data_dir) / BACKUPS_DIR


def list_backups(data_dir: Path) -> list[tuple[date, Path]]:
    """Finished snapshots, newest first."""
    root = backups_root(data_dir)
    found: list[tuple[date, Path]] = []
    try:
        with os.scandir(root) as entries:
            for entry in entries:
                match = _DAY_NAME.match(entry.name)
                if match is None or not entry.is_dir(follow_symlinks=False):
                    continue
                try:
                    day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                except ValueError:
                    continue
                found.append((day, Path(entry.path)))
    except FileNotFoundError:
        return []
    found.sort(reverse=True)
    return found


def make_daily_backup(
    data_dir: Path, day: date, *, ops: FileOps = DEFAULT_OPS, keep: int = KEEP_DAYS,
    codec: Codec | None = None, damaged: list[str] | None = None,
) -> Path | None:
    """Snapshot every shard as ``backups/<day>/`` unless that day already has one.

    Call with the store's lock held. Returns the new folder, or None if that day
    already has one or there is nothing to back up yet.
    Keeps the newest ``keep`` days and deletes older ones.

    With ``codec``, every shard that changed since the previous snapshot is checked
    before it is copied: a damaged one is never copied over the good copies (the
    previous snapshot's is kept instead) and its relative path is added to ``damaged``
    so the caller can recover it.
    """
    data_dir = Path(data_dir)
    root = backups_root(data_dir)
    target = root / day.isoformat()
    shards = shard_relative_paths(data_dir)
    if target.is_dir() or not shards:
        return None
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_partial_snapshots(root)
    existing = list_backups(data_dir)
    previous = existing[0][1] if existing else None

    partial = root / f"{_PARTIAL_PREFIX}{day.isoformat()}-{os.getpid()}-{secrets.token_hex(3)}"
    try:
        (partial / MONTHS_DIR).mkdir(parents=True)
        snapshotter = _Snapshotter(ops, codec, damaged if damaged is not None else [])
        for relative in shards:
            snapshotter.snapshot(
                data_dir / relative,
                previous / relative if previous is not None else None,
                partial / relative,
                relative,
            )
        ops.fsync_dir(str(partial / MONTHS_DIR))
        ops.fsync_dir(str(partial))
        os.replace(partial, target)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)  # never leave a half-made snapshot
        raise
    ops.fsync_dir(str(root))
    prune_backups(data_dir, keep)
    return target


def prune_backups(data_dir: Path, keep: int = KEEP_DAYS) -> list[Path]:
    """Delete all but the newest ``keep`` snapshots; return what was deleted."""
    removed = []
    for _, folder in list_backups(data_dir)[keep:]:
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def newest_good_copy(
    data_dir: Path, relative: str, codec: Codec = DEFAULT_CODEC
) -> tuple[date, bytes] | None:
    """The newest snapshot of one shard that parses: (its day, its bytes)."""
    for day, folder in list_backups(data_dir):
        candidate = folder / relative
        try:
            raw = candidate.read_bytes()
            decode_document(raw, candidate, codec)
        except (OSError, DamagedFileError, WrongKeyError):
            continue
        return day, raw
    return None


class _Snapshotter:
    def __init__(self, ops: FileOps, codec: Codec | None = None,
                 damaged: list[str] | None = None) -> None:
        self._ops = ops
        self._can_link = True
        self._codec = codec
        self._damaged = damaged if damaged is not None else []

    def snapshot(self, live: Path, previous: Path | None, target: Path,
                 relative: str = "") -> None:
        try:
            live_stat = os.stat(live)
        except FileNotFoundError:
            return
        if previous is not None and self._can_link:
            try:
                prev_stat = os.stat(previous)
            except OSError:
                prev_stat = None
            unchanged = prev_stat is not None and (
                prev_stat.st_ino != live_stat.st_ino
                and prev_stat.st_size == live_stat.st_size
                and prev_stat.st_mtime_ns == live_stat.st_mtime_ns
            )
            if unchanged:
                try:
                    self._ops.link(str(previous), str(target))
                    return
                except OSError:
                    self._can_link = False  # do not keep trying on this file system
                    with contextlib.suppress(OSError):
                        os.unlink(target)
        if self._codec is not None and not _parses(live, self._codec):
            self._damaged.append(relative)
            if previous is not None and previous.exists():
                self._ops.copy(str(previous), str(target))  # keep the last good copy
            return
        # copy2 keeps the modification time, so tomorrow this copy is seen as unchanged.
        self._ops.copy(str(live), str(target))


def _parses(path: Path, codec: Codec) -> bool:
    try:
        decode_document(path.read_bytes(), path, codec)
    except (DamagedFileError, OSError):
        return False
    except WrongKeyError:
        return True  # not ours to judge (another key): copied as it is
    return True


def _remove_partial_snapshots(root: Path) -> None:
    """Snapshots left half-made by a crash (only called with the lock held)."""
    with os.scandir(root) as entries:
        stale = [entry.path for entry in entries if entry.name.startswith(_PARTIAL_PREFIX)]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
