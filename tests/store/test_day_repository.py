"""Days and moments in monthly shards: one document per date, durable, nothing lost."""

from __future__ import annotations

import errno
import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from repair_app.core.clock import FakeClock, local_today
from repair_app.core.day import NEGATIVE, POSITIVE, DayRecord, Moment
from repair_app.core.promise import make_promise, mark_promise
from repair_app.store import Store, StoreWriteError
from repair_app.store.day_repository import DAYS_TABLE, DayRepository, MomentRepository

from .store_helpers import FailingOps

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")
DAY = date(2026, 11, 23)


@pytest.fixture
def store(data_dir, clock):
    with Store.open(data_dir, clock) as opened:
        yield opened


def shard(data_dir, month: str) -> dict:
    return json.loads((data_dir / "months" / f"{month}.json").read_text())


def test_one_document_per_date_in_the_month_shard(store, data_dir):
    days = DayRepository(store)
    days.update(DAY, lambda r: r.with_check("no_defending", True))
    days.update(DAY, lambda r: r.with_check("no_blame", True))
    stored = list(shard(data_dir, "2026-11")[DAYS_TABLE].values())
    assert stored == [{"date": "2026-11-23", "checks": {"no_defending": True, "no_blame": True},
                       "notes": {}}]
    assert days.get(DAY).checked("no_blame")
    assert days.get(DAY + timedelta(days=1)) == DayRecord(DAY + timedelta(days=1))


def test_the_promise_is_stored_in_the_agreed_shape(store, data_dir, clock):
    days = DayRepository(store)
    days.update(DAY, lambda r: make_promise(r, "Dishes after dinner 🍽", clock.now()))
    clock.advance(hours=12)
    days.update(DAY, lambda r: mark_promise(r, True, clock.now(), ["promise_kept"]))
    doc = next(iter(shard(data_dir, "2026-11")[DAYS_TABLE].values()))
    assert doc["promise"] == {"text": "Dishes after dinner 🍽",
                              "made_at": "2026-11-23T09:30:00+00:00", "status": "kept",
                              "marked_at": "2026-11-23T21:30:00+00:00"}
    assert doc["checks"] == {"promise_kept": True}


def test_reopening_keeps_other_features_keys(store):
    days = DayRepository(store)
    table = store.month_table(DAYS_TABLE, DAY)
    with store.transaction():
        table.insert({"date": DAY.isoformat(), "checks": {}, "notes": {}, "mood": 3})
    days.update(DAY, lambda r: r.with_check("gave_space", True))
    assert table.all()[0]["mood"] == 3


def test_a_failed_write_keeps_the_day_as_it_was(data_dir, clock):
    ops = FailingOps(errno.ENOSPC)
    with Store.open(data_dir, clock, ops=ops) as store:
        days = DayRepository(store)
        days.update(DAY, lambda r: r.with_check("no_defending", True))
        ops.failing = True
        with pytest.raises(StoreWriteError) as raised:
            days.update(DAY, lambda r: r.with_check("no_blame", True))
        assert "disk is full" in str(raised.value)
        ops.failing = False
        assert dict(days.get(DAY).checks) == {"no_defending": True}
    with Store.open(data_dir, clock) as reopened:
        assert dict(DayRepository(reopened).get(DAY).checks) == {"no_defending": True}


def test_a_change_that_raises_writes_nothing(store, data_dir):
    def refuse(_record):
        raise ValueError("no")

    with pytest.raises(ValueError):
        DayRepository(store).update(DAY, refuse)
    assert not (data_dir / "months" / "2026-11.json").exists()


def test_between_reads_only_the_months_it_needs(store, clock):
    days = DayRepository(store)
    for day in (date(2026, 10, 31), date(2026, 11, 1), date(2027, 1, 2)):
        days.update(day, lambda r: r.with_check("no_blame", True))
    store.close()
    with Store.open(store.data_dir, clock) as fresh:
        found = DayRepository(fresh).between(date(2026, 10, 30), date(2026, 11, 2))
        assert sorted(found) == [date(2026, 10, 31), date(2026, 11, 1)]
        assert fresh.opened_months() == [date(2026, 10, 1), date(2026, 11, 1)]


def test_a_duplicate_date_reads_and_writes_the_first_document(store):
    table = store.month_table(DAYS_TABLE, DAY)
    with store.transaction():
        table.insert({"date": DAY.isoformat(), "checks": {"no_blame": True}, "notes": {}})
        table.insert({"date": DAY.isoformat(), "checks": {"gave_space": True}, "notes": {}})
    days = DayRepository(store)
    assert dict(days.get(DAY).checks) == {"no_blame": True}
    assert dict(days.month(DAY)[DAY].checks) == {"no_blame": True}
    days.update(DAY, lambda r: r.with_check("curiosity", True))
    assert dict(days.get(DAY).checks) == {"no_blame": True, "curiosity": True}


def test_travel_does_not_duplicate_or_lose_a_day(data_dir):
    clock = FakeClock(datetime(2026, 11, 22, 23, 0, tzinfo=BERLIN))
    with Store.open(data_dir, clock) as store:
        days = DayRepository(store)
        sunday = local_today(clock)
        days.update(sunday, lambda r: r.with_check("no_defending", True))
        clock.set_zone(TOKYO)  # it's Monday in Tokyo
        monday = local_today(clock)
        days.update(monday, lambda r: r.with_check("no_defending", True))
        clock.set_zone(BERLIN)  # back: Sunday evening again
        days.update(local_today(clock), lambda r: r.with_check("no_blame", True))
        stored = sorted(r.day for r in days.month(sunday).values())
        assert stored == [date(2026, 11, 22), date(2026, 11, 23)]
        assert dict(days.get(sunday).checks) == {"no_defending": True, "no_blame": True}


def test_moments_add_read_and_undo(store, clock):
    moments = MomentRepository(store)
    first = moments.add(Moment(DAY, clock.now(), POSITIVE, "hug 🤗"))
    clock.advance(minutes=5)
    second = moments.add(Moment(DAY, clock.now(), NEGATIVE, "ויכוח קטן"))
    assert first.key and second.key and first.key != second.key
    assert moments.on(DAY) == [first, second]
    assert moments.remove(second) is True
    assert moments.remove(second) is False  # already undone
    assert moments.on(DAY) == [first]


def test_moments_across_a_month_end(store, clock):
    moments = MomentRepository(store)
    for day in (date(2026, 11, 30), date(2026, 12, 1)):
        at = datetime(day.year, day.month, day.day, 12, tzinfo=BERLIN)
        moments.add(Moment(day, at, POSITIVE))
    assert [m.day for m in moments.between(date(2026, 11, 25), date(2026, 12, 1))] == [
        date(2026, 11, 30), date(2026, 12, 1)]


def test_undo_never_removes_a_different_moment(store, clock):
    moments = MomentRepository(store)
    saved = moments.add(Moment(DAY, clock.now(), POSITIVE))
    impostor = Moment(DAY, clock.now() + timedelta(minutes=1), POSITIVE, key=saved.key)
    assert moments.remove(impostor) is False
    assert moments.on(DAY) == [saved]
    with pytest.raises(ValueError):
        moments.remove(Moment(DAY, clock.now(), POSITIVE, key="nonsense"))


def test_two_repositories_see_each_others_writes(data_dir, clock):
    with Store.open(data_dir, clock) as one, Store.open(data_dir, clock) as two:
        DayRepository(one).update(DAY, lambda r: r.with_check("no_blame", True))
        DayRepository(two).update(DAY, lambda r: r.with_check("gave_space", True))
        assert dict(DayRepository(one).get(DAY).checks) == {"no_blame": True,
                                                            "gave_space": True}
