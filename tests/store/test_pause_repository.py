"""The pause repository on a real store: current pause in main.json, history in month shards."""

from __future__ import annotations

import errno
import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from repair_app.core.clock import FakeClock
from repair_app.core.pause import PAUSE_SECONDS, PauseService, PauseState
from repair_app.store import Store, StoreWriteError
from repair_app.store.pause_repository import PauseRepository

from .store_helpers import FailingOps

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def berlin_clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 21, 30, tzinfo=BERLIN))


def open_service(data_dir: Path, clock: FakeClock, **kwargs) -> tuple[Store, PauseService]:
    store = Store.open(data_dir, clock, **kwargs)
    return store, PauseService(PauseRepository(store), clock)


def test_running_pause_survives_closing_the_store(data_dir, berlin_clock):
    store, service = open_service(data_dir, berlin_clock)
    started = service.start()
    store.close()
    raw = json.loads((data_dir / "main.json").read_text())
    assert raw["pause"]["1"]["started_at"] == "2026-11-23T21:30:00+01:00"
    assert raw["pause"]["1"]["state"] == "running"

    berlin_clock.advance(minutes=6)
    store, service = open_service(data_dir, berlin_clock)
    current = service.current()
    assert current == started
    assert current.remaining(berlin_clock.now()) == PAUSE_SECONDS - 360
    store.close()


def test_history_goes_to_the_month_the_pause_started(data_dir):
    clock = FakeClock(datetime(2026, 11, 30, 23, 55, tzinfo=BERLIN))
    store, service = open_service(data_dir, clock)
    session = service.start()
    clock.advance(minutes=20)
    assert service.state() is PauseState.FINISHED
    assert (data_dir / "months" / "2026-11.json").exists()
    assert not (data_dir / "months" / "2026-12.json").exists()
    repo = PauseRepository(store)
    assert [s.id for s in repo.history_in_month(date(2026, 11, 1))] == [session.id]
    assert repo.history_between(date(2026, 11, 30), date(2026, 12, 31))[0].id == session.id
    assert repo.history_between(date(2026, 12, 1), date(2026, 12, 31)) == []
    store.close()


def test_note_replaces_the_history_entry_not_duplicates_it(data_dir, berlin_clock):
    store, service = open_service(data_dir, berlin_clock)
    service.start()
    berlin_clock.advance(minutes=3)
    service.end_early()
    service.save_note("Cold water on my face 🙂")
    service.save_note("Cold water on my face, then a walk")
    (entry,) = service.history()
    assert entry.ended_early and entry.length_seconds == 180
    assert entry.note == "Cold water on my face, then a walk"
    store.close()


def test_recent_history_is_newest_first_across_months(data_dir):
    clock = FakeClock(datetime(2026, 9, 10, 20, 0, tzinfo=BERLIN))
    store, service = open_service(data_dir, clock)
    ids = []
    for _ in range(4):
        ids.append(service.start().id)
        clock.advance(minutes=25)
        service.dismiss()
        clock.advance(days=20)
    repo = PauseRepository(store)
    assert [s.id for s in repo.recent_history(limit=50)] == list(reversed(ids))
    assert [s.id for s in repo.recent_history(limit=2)] == list(reversed(ids))[:2]
    store.close()


def test_two_windows_share_one_pause(data_dir, berlin_clock):
    store_a, service_a = open_service(data_dir, berlin_clock)
    store_b, service_b = open_service(data_dir, berlin_clock, backup=False)
    first = service_a.start()
    assert service_b.start() == first  # only one pause at a time, across processes too
    service_b.extend()
    assert service_a.current().extensions == 1
    store_a.close()
    store_b.close()


def test_full_disk_on_start_raises_and_keeps_what_was_stored(data_dir, berlin_clock):
    ops = FailingOps(errno.ENOSPC, "fsync")
    store, service = open_service(data_dir, berlin_clock, ops=ops)
    service.start()
    berlin_clock.advance(minutes=20)
    assert service.state() is PauseState.FINISHED
    ops.failing = True
    with pytest.raises(StoreWriteError) as raised:
        service.save_note("tea")
    assert raised.value.errno == errno.ENOSPC and "Nothing you wrote" in str(raised.value)
    ops.failing = False
    assert service.current().note == ""
    assert service.history()[0].note == ""
    store.close()


def test_damaged_current_document_means_no_pause(data_dir, berlin_clock):
    store, service = open_service(data_dir, berlin_clock)
    store.rewrite_main(lambda doc: doc.update({"pause": {"1": {"state": "running",
                                                                "started_at": 42}}}))
    assert service.current() is None
    assert service.start().running  # and a new pause can start over it
    store.close()
