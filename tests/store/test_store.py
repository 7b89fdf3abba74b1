"""Store: layout, lazy month shards, transactions, repositories."""

from __future__ import annotations

import errno
import json
import threading
from datetime import date
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.store import (
    CURRENT_SCHEMA,
    DocumentRepository,
    SettingsRepository,
    Store,
    StoreWriteError,
)

from .store_helpers import FailingOps, temp_files


def test_open_creates_the_folder_and_stamps_the_schema(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store:
        assert store.data_dir == data_dir
        assert store.notices == []
        assert store.months_with_data() == []
    main = json.loads((data_dir / "main.json").read_text("utf-8"))
    assert main["_meta"] == {"1": {"schema": CURRENT_SCHEMA}}


def test_month_records_go_to_monthly_shards(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store, store.transaction():
        store.month_table("days", date(2026, 11, 23)).insert({"day": "2026-11-23"})
        store.month_table("days", date(2026, 11, 2)).insert({"day": "2026-11-02"})
        store.month_table("moments", date(2025, 1, 31)).insert({"note": "🙂"})
        store.table("small").insert({"x": 1})
    assert sorted(p.name for p in (data_dir / "months").iterdir()) == [
        "2025-01.json", "2026-11.json"]
    with Store.open(data_dir, clock) as store:
        assert store.months_with_data() == [date(2025, 1, 1), date(2026, 11, 1)]
        assert len(store.month_table("days", date(2026, 11, 1)).all()) == 2
        assert store.month_table("moments", date(2025, 1, 9)).all() == [{"note": "🙂"}]
        assert store.table("small").all() == [{"x": 1}]
        assert store.month_table("days", date(2024, 5, 1)).all() == []
        # Reading an empty month creates no file.
        assert store.months_with_data() == [date(2025, 1, 1), date(2026, 11, 1)]


def test_opening_does_not_parse_month_shards(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store, store.transaction():
        for month in range(1, 13):
            store.month_table("days", date(2025, month, 1)).insert({"m": month})
    (data_dir / "months" / "2025-03.json").write_bytes(b"{ this is not json")
    # (Today's first backup checks the months it copies: see test_corruption.)
    with Store.open(data_dir, clock, backup=False) as store:
        assert store.opened_months() == []
        assert store.notices == []  # the damaged month was not even looked at
        assert len(store.months_with_data()) == 12
        assert store.month_table("days", date(2025, 7, 1)).all() == [{"m": 7}]
        assert store.opened_months() == [date(2025, 7, 1)]
        assert store.notices == []


def test_transactions_are_reentrant(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store:
        with store.transaction(), store.transaction():
            store.table("t").insert({"a": 1})
            with store.transaction():
                store.table("t").insert({"a": 2})
        assert len(store.table("t")) == 2


def test_two_stores_see_each_others_writes(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as one, Store.open(data_dir, clock) as two:
        november = date(2026, 11, 1)
        assert one.month_table("days", november).search(lambda d: True) == []
        assert two.month_table("days", november).search(lambda d: True) == []
        with two.transaction():
            two.month_table("days", november).insert({"n": 1})
        with one.transaction():
            # The query cache and the next id are dropped when the file changed.
            table = one.month_table("days", november)
            assert table.search(lambda d: True) == [{"n": 1}]
            assert table.insert({"n": 2}) == 2
        assert [d["n"] for d in two.month_table("days", november).all()] == [1, 2]


def test_settings_repository(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store:
        repo = SettingsRepository(store)
        assert repo.load() == {}
        repo.save({"theme": "dark", "code_word": "פסק זמן ⏸", "times": ["07:45"]})
        loaded = repo.load()
        loaded["times"].append("mutating my copy")
        repo.save({"theme": "light"})  # a save replaces the whole document
    with Store.open(data_dir, clock) as store:
        assert SettingsRepository(store).load() == {"theme": "light"}
        assert DocumentRepository(store, "other").load() is None
        main = store.read_main()
        assert main["settings"] == {"1": {"theme": "light"}}


def test_repository_save_failure_keeps_the_old_document(data_dir: Path,
                                                        clock: FakeClock) -> None:
    ops = FailingOps(errno.ENOSPC, "fsync")
    with Store.open(data_dir, clock, ops=ops) as store:
        repo = SettingsRepository(store)
        repo.save({"theme": "dark"})
        ops.failing = True
        with pytest.raises(StoreWriteError, match="the disk is full"):
            repo.save({"theme": "light"})
        assert repo.load() == {"theme": "dark"}
        ops.failing = False
        repo.save({"theme": "light"})
        assert repo.load() == {"theme": "light"}
    assert temp_files(data_dir) == []


def test_threads_do_not_lose_updates(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store:
        repo = DocumentRepository(store, "counter")

        def work() -> None:
            for _ in range(15):
                with store.transaction():
                    value = (repo.load() or {"n": 0})["n"]
                    repo.save({"n": value + 1})

        threads = [threading.Thread(target=work) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert repo.load() == {"n": 60}


def test_unwritable_folder_gives_a_clear_error(tmp_path: Path, clock: FakeClock) -> None:
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with pytest.raises(StoreWriteError, match="Couldn't save"):
        Store.open(blocker / "data", clock)


def test_stale_temp_files_are_cleaned_on_open(data_dir: Path, clock: FakeClock) -> None:
    Store.open(data_dir, clock).close()
    (data_dir / ".main.json.999.abcd.tmp").write_text("half")
    (data_dir / "months" / ".2026-11.json.999.abcd.tmp").write_text("half")
    Store.open(data_dir, clock).close()
    assert temp_files(data_dir) == []
