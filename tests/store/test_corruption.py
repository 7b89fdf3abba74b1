"""Damaged files: moved aside (never deleted), newest good backup restored, user told."""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.core.wins import Win
from repair_app.store import SettingsRepository, Store, StoreCorruptError
from repair_app.store.wins_repository import WinRepository

NOVEMBER = date(2026, 11, 1)

DAMAGE = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "binary garbage": lambda raw: bytes(range(256)) * 8,
    "a JSON list": lambda raw: b'[{"theme": "dark"}]',
    "empty": lambda raw: b"",
}


def _damage(path: Path, how: str, *, in_place: bool) -> bytes:
    damaged = DAMAGE[how](path.read_bytes())
    if in_place:  # what a torn write by another program or a disk fault looks like
        with open(path, "r+b") as handle:
            handle.write(damaged)
            handle.truncate()
    else:
        path.unlink()
        path.write_bytes(damaged)
    return damaged


def _history(data_dir: Path, clock: FakeClock) -> None:
    """Day 1: write 'dark'. Day 2: open (backs up 'dark'), write 'light'."""
    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({"theme": "dark", "note": "שלום 🙂"})
        with store.transaction():
            store.month_table("days", NOVEMBER).insert({"day": 1})
    clock.advance(days=1)
    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({"theme": "light"})
        with store.transaction():
            store.month_table("days", NOVEMBER).insert({"day": 2})


def _kept_files(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f"{name}.damaged-*"))


@pytest.mark.parametrize("in_place", [False, True], ids=["replaced", "in-place"])
@pytest.mark.parametrize("how", list(DAMAGE))
def test_damaged_main_is_restored_from_the_newest_backup(
    data_dir: Path, clock: FakeClock, how: str, in_place: bool
) -> None:
    _history(data_dir, clock)
    damaged = _damage(data_dir / "main.json", how, in_place=in_place)
    clock.advance(hours=2)
    with Store.open(data_dir, clock) as store:
        assert SettingsRepository(store).load() == {"theme": "dark", "note": "שלום 🙂"}
        [notice] = store.notices
    kept = _kept_files(data_dir, "main.json")
    assert [p.name for p in kept] == ["main.json.damaged-20261124-113000"]
    assert kept[0].read_bytes() == damaged
    assert "Your data file was damaged" in notice
    assert "restored the backup from 24 November 2026" in notice
    assert str(kept[0]) in notice
    json.loads((data_dir / "main.json").read_text("utf-8"))


def test_damaged_main_without_backup_starts_empty(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock, backup=False) as store:
        SettingsRepository(store).save({"theme": "dark"})
    (data_dir / "main.json").write_bytes(b'{"settings": {"1": {"theme": "da')
    with Store.open(data_dir, clock) as store:
        assert SettingsRepository(store).load() == {}
        [notice] = store.notices
    [kept] = _kept_files(data_dir, "main.json")
    assert kept.read_bytes() == b'{"settings": {"1": {"theme": "da'
    assert "no backup could be read" in notice and "empty data" in notice
    assert str(kept) in notice and "nothing was deleted" in notice


def test_a_damaged_backup_is_skipped_for_an_older_good_one(data_dir: Path,
                                                           clock: FakeClock) -> None:
    _history(data_dir, clock)  # backup of 11-24 holds "dark"
    clock.advance(days=1)
    with Store.open(data_dir, clock) as store:  # backup of 11-25 holds "light"
        SettingsRepository(store).save({"theme": "third"})
    newest = data_dir / "backups" / "2026-11-25" / "main.json"
    newest.unlink()
    newest.write_bytes(b"garbage")
    (data_dir / "main.json").write_bytes(b"garbage too")
    with Store.open(data_dir, clock) as store:
        assert SettingsRepository(store).load()["theme"] == "dark"
        [notice] = store.notices
        assert "24 November 2026" in notice


@pytest.mark.parametrize("how", list(DAMAGE))
def test_damaged_month_is_recovered_when_first_opened(data_dir: Path, clock: FakeClock,
                                                      how: str) -> None:
    _history(data_dir, clock)
    month_file = data_dir / "months" / "2026-11.json"
    damaged = _damage(month_file, how, in_place=True)
    with Store.open(data_dir, clock) as store:
        assert store.notices == []
        days = store.month_table("days", NOVEMBER).all()
        assert days == [{"day": 1}]  # as of the 11-24 backup
        [notice] = store.notices
    assert "Your records for November 2026 were damaged" in notice
    assert "restored the backup from 24 November 2026" in notice
    [kept] = _kept_files(data_dir / "months", "2026-11.json")
    assert kept.read_bytes() == damaged
    assert str(kept) in notice


def test_damaged_month_without_backup_starts_empty(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store, store.transaction():
        store.month_table("days", date(2026, 10, 1)).insert({"day": 1})
    (data_dir / "months" / "2026-10.json").write_bytes(b"\x00\x01\x02")
    with Store.open(data_dir, clock) as store:
        assert store.month_table("days", date(2026, 10, 5)).all() == []
        [notice] = store.notices
        assert "October 2026" in notice and "starts empty" in notice
        with store.transaction():
            store.month_table("days", date(2026, 10, 5)).insert({"day": 2})
    [kept] = _kept_files(data_dir / "months", "2026-10.json")
    assert kept.read_bytes() == b"\x00\x01\x02"
    with Store.open(data_dir, clock) as store:
        assert store.month_table("days", date(2026, 10, 5)).all() == [{"day": 2}]
        assert store.months_with_data() == [date(2026, 10, 1)]


def test_missing_main_is_restored_from_backup(data_dir: Path, clock: FakeClock) -> None:
    _history(data_dir, clock)
    (data_dir / "main.json").unlink()
    with Store.open(data_dir, clock) as store:
        assert SettingsRepository(store).load()["theme"] == "dark"
        [notice] = store.notices
        assert "missing" in notice


def test_damage_that_cannot_be_moved_aside_is_refused(data_dir: Path, clock: FakeClock,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(data_dir, clock).close()
    (data_dir / "main.json").write_bytes(b"garbage")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    with pytest.raises(StoreCorruptError) as caught:
        Store.open(data_dir, clock)
    assert str(data_dir / "main.json") in str(caught.value)
    assert (data_dir / "main.json").read_bytes() == b"garbage"


def test_two_damages_in_the_same_second_keep_both_files(data_dir: Path,
                                                         clock: FakeClock) -> None:
    for content in (b"first", b"second"):
        (data_dir).mkdir(exist_ok=True)
        (data_dir / "main.json").write_bytes(content)
        Store.open(data_dir, clock).close()
    kept = _kept_files(data_dir, "main.json")
    assert sorted(p.read_bytes() for p in kept) == [b"first", b"second"]


# -- issue 15 (5): files that parse but are wrong, months that vanish ------------------------

OCTOBER = date(2026, 10, 1)


def _october_history(data_dir: Path, clock: FakeClock) -> None:
    """15 moments in October, a note in settings, and a backup of both (next day)."""
    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({"theme": "dark"})
        wins = WinRepository(store)
        for day in range(1, 16):
            wins.add(Win(date(2026, 10, day), clock.now(), f"moment {day}"))
    clock.advance(days=1)
    with Store.open(data_dir, clock):
        pass


def test_a_deleted_month_is_restored_from_its_backup(data_dir: Path, clock: FakeClock) -> None:
    _october_history(data_dir, clock)
    (data_dir / "months" / "2026-10.json").unlink()
    clock.advance(hours=1)
    with Store.open(data_dir, clock) as store:
        [notice] = store.notices
        assert "October 2026" in notice and "missing" in notice
        assert "restored the backup from 24 November 2026" in notice
        assert len(store.month_table("wins", OCTOBER)) == 15


@pytest.mark.parametrize("content", [b"{}", b'{"settings": {}}', b'{"_meta": {}}',
                                     b'{"settings": {"one": {"theme": "x"}}}'])
def test_a_main_file_that_parses_but_is_wrong_is_treated_as_damaged(
        data_dir: Path, clock: FakeClock, content: bytes) -> None:
    _october_history(data_dir, clock)
    (data_dir / "main.json").write_bytes(content)
    clock.advance(hours=1)
    with Store.open(data_dir, clock) as store:
        [notice] = store.notices
        assert "Your data file was damaged" in notice and "restored the backup" in notice
        assert SettingsRepository(store).load() == {"theme": "dark"}
    [kept] = _kept_files(data_dir, "main.json")
    assert kept.read_bytes() == content


def test_a_month_with_wrong_record_ids_is_treated_as_damaged(data_dir: Path,
                                                             clock: FakeClock) -> None:
    _october_history(data_dir, clock)
    (data_dir / "months" / "2026-10.json").write_bytes(b'{"wins": {"x": {"text": "?"}}}')
    clock.advance(hours=1)
    with Store.open(data_dir, clock) as store:
        assert len(store.month_table("wins", OCTOBER)) == 15
        [notice] = store.notices
        assert "October 2026 were damaged" in notice


def test_backups_never_copy_a_damaged_month_over_good_copies(data_dir: Path,
                                                             clock: FakeClock) -> None:
    _october_history(data_dir, clock)
    month = data_dir / "months" / "2026-10.json"
    _damage(month, "truncated", in_place=True)
    notices = []
    for _ in range(8):  # eight daily starts that never open October
        clock.advance(days=1)
        with Store.open(data_dir, clock) as store:
            notices += store.notices
    for backup in (data_dir / "backups").iterdir():
        copy = backup / "months" / "2026-10.json"
        assert len(json.loads(copy.read_bytes())["wins"]) == 15, backup.name
    assert len(notices) == 1 and "October 2026 were damaged" in notices[0]
    assert len(json.loads(month.read_bytes())["wins"]) == 15
