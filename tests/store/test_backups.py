"""Daily rotating snapshots: once a day, newest 7 kept, unaffected by later writes."""

from __future__ import annotations

import json
import os
import time
from datetime import date
from pathlib import Path

from repair_app.core.clock import FakeClock
from repair_app.store import FileOps, SettingsRepository, Store, list_backups

NOVEMBER = date(2026, 11, 1)


def _snapshot_days(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "backups").iterdir())


def test_one_backup_a_day_and_seven_kept(data_dir: Path, clock: FakeClock) -> None:
    for day in range(10):
        for _ in range(2):  # a second open the same day makes no second backup
            with Store.open(data_dir, clock) as store:
                SettingsRepository(store).save({"day": day})
            clock.advance(hours=1)
        clock.advance(hours=22)
    assert _snapshot_days(data_dir) == [
        "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30",
        "2026-12-01", "2026-12-02",
    ]
    newest_first = [day for day, _ in list_backups(data_dir)]
    assert newest_first == sorted(newest_first, reverse=True) and len(newest_first) == 7
    # Each snapshot holds the state at the first open of its day.
    saved = json.loads((data_dir / "backups" / "2026-12-02" / "main.json").read_text("utf-8"))
    assert saved["settings"]["1"] == {"day": 8}


def test_backup_is_unaffected_by_later_writes(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({"v": "before"})
        with store.transaction():
            store.month_table("days", NOVEMBER).insert({"v": "before"})
    for _ in range(3):  # snapshots on three days; the later ones link to the first copy
        clock.advance(days=1)
        Store.open(data_dir, clock).close()
    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({"v": "after"})
        with store.transaction():
            store.month_table("days", NOVEMBER).update({"v": "after"})
    for day in ("2026-11-24", "2026-11-25", "2026-11-26"):
        folder = data_dir / "backups" / day
        main = json.loads((folder / "main.json").read_text("utf-8"))
        month = json.loads((folder / "months" / "2026-11.json").read_text("utf-8"))
        assert main["settings"]["1"] == {"v": "before"}
        assert month["days"]["1"] == {"v": "before"}


def test_unchanged_shards_are_linked_between_snapshots_not_to_the_live_file(
    data_dir: Path, clock: FakeClock
) -> None:
    with Store.open(data_dir, clock) as store, store.transaction():
        store.month_table("days", date(2020, 1, 1)).insert({"old": True})
        store.month_table("days", NOVEMBER).insert({"n": 1})
    clock.advance(days=1)
    Store.open(data_dir, clock).close()  # 11-24: copies
    with Store.open(data_dir, clock) as store, store.transaction():
        store.month_table("days", NOVEMBER).insert({"n": 2})
    clock.advance(days=1)
    Store.open(data_dir, clock).close()  # 11-25: links what did not change

    def inode(path: Path) -> int:
        return os.stat(path).st_ino

    day1, day2 = data_dir / "backups" / "2026-11-24", data_dir / "backups" / "2026-11-25"
    old, current = "months/2020-01.json", "months/2026-11.json"
    assert inode(day1 / old) == inode(day2 / old) != inode(data_dir / old)
    assert inode(day1 / current) != inode(day2 / current)
    assert len(json.loads((day2 / current).read_text("utf-8"))["days"]) == 2


class NoLinks(FileOps):
    def link(self, src: str, dst: str) -> None:
        raise PermissionError(1, "Operation not permitted")


def test_falls_back_to_copies_when_links_fail(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock, ops=NoLinks()) as store, store.transaction():
        store.month_table("days", NOVEMBER).insert({"n": 1})
    for _ in range(2):
        clock.advance(days=1)
        Store.open(data_dir, clock, ops=NoLinks()).close()
    for day in ("2026-11-24", "2026-11-25"):
        month = json.loads((data_dir / "backups" / day / "months" / "2026-11.json").read_text())
        assert month["days"]["1"] == {"n": 1}


def test_backup_with_120_months_is_cheap(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store, store.transaction():
        for index in range(120):
            month = date(2017 + index // 12, 1 + index % 12, 1)
            store.rewrite_month(month, lambda doc: doc.update(
                {"days": {str(d): {"day": d, "note": "x" * 60} for d in range(1, 29)}}))
    clock.advance(days=1)
    Store.open(data_dir, clock).close()  # first snapshot copies everything
    clock.advance(days=1)
    started = time.perf_counter()
    Store.open(data_dir, clock).close()  # later ones link
    elapsed = time.perf_counter() - started
    assert len(list((data_dir / "backups" / "2026-11-25" / "months").iterdir())) == 120
    assert elapsed < 1.0, elapsed


def test_half_made_snapshots_are_cleaned_up(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({"v": 1})
    partial = data_dir / "backups" / ".partial-2026-11-24-1-abc"
    partial.mkdir(parents=True)
    (partial / "main.json").write_text("half")
    clock.advance(days=1)
    Store.open(data_dir, clock).close()
    assert _snapshot_days(data_dir) == ["2026-11-24"]


def test_a_backup_that_cannot_be_taken_never_blocks_opening(data_dir: Path,
                                                            clock: FakeClock) -> None:
    """Issue 15 (9): a full disk on a day with no backup yet: the store still opens,
    no half-made snapshot is left, the user is told, and the next day tries again."""
    import errno

    from repair_app.store import FileOps, SettingsRepository

    class FullDisk(FileOps):
        def copy(self, src: str, dst: str) -> None:
            with open(dst, "wb") as handle:
                handle.write(b"x")
            raise OSError(errno.ENOSPC, "No space left on device")

    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({"theme": "dark"})
    clock.advance(days=1)
    with Store.open(data_dir, clock, ops=FullDisk()) as store:
        assert SettingsRepository(store).load() == {"theme": "dark"}
        [notice] = store.notices
        assert "backup" in notice and "disk is full" in notice
    assert [p.name for p in (data_dir / "backups").iterdir()] == []
    clock.advance(days=1)
    with Store.open(data_dir, clock) as store:
        assert store.notices == []
    assert len(list((data_dir / "backups").iterdir())) == 1
