"""Turning encryption on, off and to a new key: every file, all or nothing."""

from __future__ import annotations

import errno
import json
import os
from datetime import date
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.store import (
    DocumentRepository,
    FileOps,
    IdentityCodec,
    SettingsRepository,
    Store,
    StoreWriteError,
    WrongKeyError,
)
from repair_app.store.crypto_codec import looks_encrypted
from repair_app.store.device_file import DeviceFile
from repair_app.store.encryption_switch import (
    MARKER,
    STAGED_SUFFIX,
    finish_interrupted_switch,
    store_is_encrypted,
    switch_codec,
)

from .crypto_helpers import MARKERS, codec_for, files_containing

LOCK_ON = {"enabled": True, "encrypted": True, "note": "test"}
LOCK_OFF = {"enabled": False, "idle_seconds": 60}


def build_history(data_dir: Path, clock: FakeClock, days: int = 4) -> None:
    """A few months of records, a backup per day (hard-linked where unchanged)."""
    for day in range(days):
        if day:
            clock.advance(days=1)
        with Store.open(data_dir, clock) as store:
            SettingsRepository(store).save({"theme": "dark", "note": MARKERS[0], "day": day})
            with store.transaction():
                for month in (date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)):
                    if day == 0:
                        store.month_table("journal", month).insert(
                            {"text": f"{MARKERS[1]} {month}"})
                store.month_table("journal", date(2026, 11, 1)).insert(
                    {"text": f"{MARKERS[2]} {day}"})


def snapshot(data_dir: Path, codec) -> dict[str, object]:
    """What every shard (live and backups) holds, decoded."""
    result = {}
    for path in sorted(data_dir.rglob("*.json")):
        if path.name == "device.json":
            continue
        result[path.relative_to(data_dir).as_posix()] = json.loads(codec.decode(path.read_bytes()))
    return result


def inode_groups(data_dir: Path) -> int:
    return len({os.stat(p).st_ino for p in (data_dir / "backups").rglob("*.json")})


def all_shards(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*.json") if p.name != "device.json"]


def test_turning_encryption_on_rewrites_every_file(data_dir: Path, clock: FakeClock) -> None:
    build_history(data_dir, clock)
    plain = snapshot(data_dir, IdentityCodec())
    links = inode_groups(data_dir)
    assert files_containing(data_dir, MARKERS)  # the check below can fail
    codec = codec_for("a good passphrase")
    with Store.open(data_dir, clock) as store:
        switch_codec(store, codec, LOCK_ON)
        assert SettingsRepository(store).load()["note"] == MARKERS[0]  # same object, reopened
        assert store.codec is codec
    assert files_containing(data_dir, MARKERS) == {}
    assert all(looks_encrypted(p.read_bytes()) for p in all_shards(data_dir))
    assert snapshot(data_dir, codec) == plain
    assert inode_groups(data_dir) == links  # backups still share unchanged files
    assert DeviceFile(data_dir).section("lock") == LOCK_ON
    assert not (data_dir / MARKER).exists()
    assert not list(data_dir.rglob(f"*{STAGED_SUFFIX}"))
    assert store_is_encrypted(data_dir)


def test_turning_it_off_and_changing_the_key(data_dir: Path, clock: FakeClock) -> None:
    build_history(data_dir, clock)
    plain = snapshot(data_dir, IdentityCodec())
    first, second = codec_for("a good passphrase"), codec_for("a new passphrase", bytes(16))
    with Store.open(data_dir, clock) as store:
        switch_codec(store, first, LOCK_ON)
        switch_codec(store, second, {**LOCK_ON, "note": "rekeyed"})
        with pytest.raises(WrongKeyError):
            first.decode((data_dir / "main.json").read_bytes())
        assert snapshot(data_dir, second) == plain
        switch_codec(store, IdentityCodec(), LOCK_OFF)
        with store.transaction():
            store.month_table("journal", date(2026, 11, 1)).insert({"text": "after"})
    assert store_is_encrypted(data_dir) is None
    after = snapshot(data_dir, IdentityCodec())
    assert {k: v for k, v in after.items() if k != "months/2026-11.json"} == {
        k: v for k, v in plain.items() if k != "months/2026-11.json"}
    assert DeviceFile(data_dir).section("lock") == LOCK_OFF


def test_damaged_files_kept_aside_are_hidden_too(data_dir: Path, clock: FakeClock) -> None:
    build_history(data_dir, clock)
    (data_dir / "main.json").write_bytes(b'{"settings": {"1": {"note": "MARKER-partner-Da')
    with Store.open(data_dir, clock) as store:
        assert store.notices  # moved aside and restored
    assert files_containing(data_dir, [MARKERS[0][:16]])
    codec = codec_for("a good passphrase")
    with Store.open(data_dir, clock) as store:
        switch_codec(store, codec, LOCK_ON)
    assert files_containing(data_dir, [MARKERS[0][:16]]) == {}
    [kept] = data_dir.glob("main.json.damaged-*")
    assert codec.decode(kept.read_bytes()).startswith(b'{"settings"')  # still recoverable
    with Store.open(data_dir, clock, codec=codec) as store:
        switch_codec(store, IdentityCodec(), LOCK_OFF)
    assert kept.read_bytes().startswith(b'{"settings"')


def test_a_damaged_backup_is_dropped_not_left_readable(data_dir: Path, clock: FakeClock) -> None:
    build_history(data_dir, clock)
    newest = sorted((data_dir / "backups").iterdir())[-1] / "main.json"
    newest.unlink()
    newest.write_bytes(b"MARKER-partner-Dana garbage")
    with Store.open(data_dir, clock) as store:
        switch_codec(store, codec_for("a good passphrase"), LOCK_ON)
    assert files_containing(data_dir, MARKERS) == {}


class CrashAt(FileOps):
    """Raise (as a crash would stop us) at the n-th call of one step."""

    def __init__(self, step: str, at: int) -> None:
        self.step, self.at, self.calls = step, at, 0

    def _tick(self, step: str) -> None:
        if step == self.step:
            self.calls += 1
            if self.calls == self.at:
                raise OSError(errno.EIO, "simulated crash")

    def write(self, fd: int, data: bytes) -> None:
        self._tick("write")
        super().write(fd, data)

    def replace(self, src: str, dst: str) -> None:
        self._tick("replace")
        super().replace(src, dst)


def test_a_failure_while_staging_leaves_the_old_store(data_dir: Path, clock: FakeClock) -> None:
    build_history(data_dir, clock)
    plain = snapshot(data_dir, IdentityCodec())
    with Store.open(data_dir, clock) as store:
        with pytest.raises(StoreWriteError):
            switch_codec(store, codec_for("a good passphrase"), LOCK_ON, ops=CrashAt("write", 5))
        assert SettingsRepository(store).load()["note"] == MARKERS[0]
    assert snapshot(data_dir, IdentityCodec()) == plain
    assert not list(data_dir.rglob(f"*{STAGED_SUFFIX}")) and not (data_dir / MARKER).exists()
    assert DeviceFile(data_dir).section("lock") == {}


@pytest.mark.parametrize("renames_done", [0, 1, 3, 7])
def test_a_crash_after_the_commit_is_finished_on_next_open(
        data_dir: Path, clock: FakeClock, renames_done: int) -> None:
    build_history(data_dir, clock)
    plain = snapshot(data_dir, IdentityCodec())
    codec = codec_for("a good passphrase")
    store = Store.open(data_dir, clock)
    # the marker's own rename is the first replace; then the staged files
    with pytest.raises(OSError):
        switch_codec(store, codec, LOCK_ON, ops=CrashAt("replace", renames_done + 2))
    store.close()
    assert (data_dir / MARKER).exists()
    mixed = [looks_encrypted(p.read_bytes()) for p in all_shards(data_dir)]
    assert renames_done == 0 or (any(mixed) and not all(mixed))  # really in the middle
    assert finish_interrupted_switch(data_dir)
    assert snapshot(data_dir, codec) == plain
    assert DeviceFile(data_dir).section("lock") == LOCK_ON
    with Store.open(data_dir, clock, codec=codec) as reopened:
        assert reopened.notices == []


def test_store_open_finishes_a_committed_switch(data_dir: Path, clock: FakeClock) -> None:
    build_history(data_dir, clock)
    codec = codec_for("a good passphrase")
    store = Store.open(data_dir, clock)
    with pytest.raises(OSError):
        switch_codec(store, codec, LOCK_ON, ops=CrashAt("replace", 4))
    store.close()
    with Store.open(data_dir, clock, codec=codec) as reopened:
        assert DocumentRepository(reopened, "settings").load()["note"] == MARKERS[0]
    assert not (data_dir / MARKER).exists()


def test_a_damaged_marker_is_refused_not_guessed(data_dir: Path, clock: FakeClock) -> None:
    Store.open(data_dir, clock).close()
    (data_dir / MARKER).write_text("{not json")
    from repair_app.store import StoreCorruptError

    with pytest.raises(StoreCorruptError, match="note about that"):
        finish_interrupted_switch(data_dir)
