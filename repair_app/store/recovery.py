"""What happens when a shard will not parse: keep it, restore a backup, tell the user."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from repair_app.core.clock import Clock

from .backups import newest_good_copy
from .errors import DamagedFileError, StoreCorruptError
from .safe_storage import DEFAULT_CODEC, DEFAULT_OPS, Codec, FileOps, atomic_write_bytes


def move_aside(path: Path, clock: Clock, ops: FileOps = DEFAULT_OPS) -> Path:
    """Rename ``path`` to ``<name>.damaged-<YYYYmmdd-HHMMSS>`` (never overwriting)."""
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    counter = 2
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{counter}")
        counter += 1
    os.rename(path, target)
    ops.fsync_dir(str(path.parent))
    return target


def recover_damaged_file(
    data_dir: Path,
    relative: str,
    error: DamagedFileError,
    clock: Clock,
    *,
    month: date | None = None,
    codec: Codec = DEFAULT_CODEC,
    ops: FileOps = DEFAULT_OPS,
) -> str:
    """Move the damaged shard aside, restore its newest good backup; return a notice.

    ``month`` is None for ``main.json``. Call with the store's lock held. Raises
    :class:`StoreCorruptError` if the damaged file cannot even be moved aside.
    """
    path = Path(data_dir) / relative
    what = _what(month)
    try:
        kept = move_aside(path, clock, ops)
    except OSError as move_error:
        raise StoreCorruptError(
            f"{what} is damaged ({error.reason}) and Repair could not move it aside "
            f"({move_error.strerror}). Nothing was changed; the damaged file is still at "
            f"{path}."
        ) from move_error
    found = newest_good_copy(data_dir, relative, codec)
    if found is not None:
        atomic_write_bytes(path, found[1], ops)
    if error.unencrypted:
        return _unencrypted_notice(what, month, found, kept)
    if found is None:
        if month is None:
            return (
                f"{what} was damaged and no backup could be read, so Repair started with "
                f"empty data. The damaged file was kept as {kept}; nothing was deleted."
            )
        return (
            f"{what} were damaged and no backup could be read, so that month now starts "
            f"empty. The damaged file was kept as {kept}; nothing was deleted."
        )
    verb = "was" if month is None else "were"
    return (
        f"{what} {verb} damaged. We restored the backup from {_day(found[0])}; changes made "
        f"after that backup are not included. The damaged file was kept as {kept}."
    )


def _unencrypted_notice(what: str, month: date | None, found: tuple[date, bytes] | None,
                        kept: Path) -> str:
    verb = "was" if month is None else "were"
    refused = (f"{what} {verb} not encrypted, although your data is, so Repair did not "
               "use it (someone or something replaced it).")
    if found is None:
        after = ("Repair started with empty data" if month is None
                 else "that month now starts empty")
        return f"{refused} No backup could be read, so {after}. The file was kept as {kept}."
    return (f"{refused} We restored the backup from {_day(found[0])}; changes made after "
            f"that backup are not included. The file was kept as {kept}.")


def restore_missing_main(
    data_dir: Path, relative: str, codec: Codec = DEFAULT_CODEC, ops: FileOps = DEFAULT_OPS
) -> str | None:
    """``main.json`` is gone but backups exist: bring the newest good one back."""
    found = newest_good_copy(data_dir, relative, codec)
    if found is None:
        return None
    day, raw = found
    atomic_write_bytes(Path(data_dir) / relative, raw, ops)
    return (
        f"Your data file was missing. We restored the backup from {_day(day)}; changes "
        f"made after that backup are not included."
    )


def restore_missing_month(
    data_dir: Path, relative: str, month: date, codec: Codec = DEFAULT_CODEC,
    ops: FileOps = DEFAULT_OPS,
) -> str | None:
    """A month shard that backups have but the store lost: restore its newest good copy."""
    found = newest_good_copy(data_dir, relative, codec)
    if found is None:
        return None  # every copy is damaged too: nothing to restore
    day, raw = found
    atomic_write_bytes(Path(data_dir) / relative, raw, ops)
    return (
        f"{_what(month)} were missing. We restored the backup from {_day(day)}; changes "
        f"made after that backup are not included."
    )


def _what(month: date | None) -> str:
    if month is None:
        return "Your data file"
    return f"Your records for {month:%B} {month.year}"


def _day(day: date) -> str:
    return f"{day.day} {day:%B} {day.year}"
