"""Progress reads days, moments and pauses written by their own repositories, only from
the months it needs, each shard once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair_app.core.clock import FakeClock
from repair_app.core.day import NEGATIVE, POSITIVE, Moment
from repair_app.core.pause import PauseSession, PauseState
from repair_app.store import Store
from repair_app.store.day_repository import DayRepository, MomentRepository
from repair_app.store.pause_repository import PauseRepository
from repair_app.store.progress_repository import ProgressRepository, count_moment_documents

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def store(data_dir):
    clock = FakeClock(datetime(2026, 11, 23, 9, 30, tzinfo=BERLIN))
    opened = Store.open(data_dir, clock)
    yield opened
    opened.close()


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)


def finished_pause(started: datetime, state=PauseState.FINISHED) -> PauseSession:
    return PauseSession(id=started.isoformat(), started_at=started,
                        ends_at=started + timedelta(minutes=20), state=state,
                        ended_at=started + timedelta(minutes=20), length_seconds=1200)


def fill(store: Store) -> None:
    days, moments, pauses = DayRepository(store), MomentRepository(store), PauseRepository(store)
    for day in (date(2026, 9, 30), date(2026, 10, 1), date(2026, 11, 20)):
        days.update(day, lambda r: r.with_check("no_defending", True))
        moments.add(Moment(day, at(day), POSITIVE))
        moments.add(Moment(day, at(day, 13), NEGATIVE))
    # Started on 31 Oct at 23:30 in UTC-05: filed under October, local day 1 Nov in Berlin.
    pauses.save_history(finished_pause(datetime.fromisoformat("2026-10-31T23:30:00-05:00")))
    pauses.save_history(finished_pause(at(date(2026, 11, 20), 21), PauseState.ENDED_EARLY))


def test_reads_what_the_other_repositories_wrote(store):
    fill(store)
    records = ProgressRepository(store).read(date(2026, 10, 1), date(2026, 11, 23))
    assert sorted(records.days) == [date(2026, 10, 1), date(2026, 11, 20)]
    assert records.days[date(2026, 11, 20)].checked("no_defending")
    assert records.moment_counts == {date(2026, 10, 1): (1, 1), date(2026, 11, 20): (1, 1)}
    assert sorted(p.state for p in records.pauses) == [PauseState.ENDED_EARLY,
                                                       PauseState.FINISHED]


def test_only_the_months_of_the_window_are_read(store, monkeypatch):
    fill(store)
    reads: list[date] = []
    original = store.read_month

    def counting(month):
        reads.append(month)
        return original(month)

    monkeypatch.setattr(store, "read_month", counting)
    repository = ProgressRepository(store)
    records = repository.read(date(2026, 11, 2), date(2026, 11, 23))
    assert reads == [date(2026, 11, 1)]  # no shard for December; September is too far
    assert sorted(records.days) == [date(2026, 11, 20)]
    repository.read(date(2026, 9, 28), date(2026, 11, 23))
    assert reads == [date(2026, 11, 1), date(2026, 9, 1), date(2026, 10, 1)]
    repository.read(date(2026, 11, 2), date(2026, 11, 23))
    assert len(reads) == 3  # switching back reads nothing again


def test_a_pause_near_a_month_edge_is_found(store):
    fill(store)
    records = ProgressRepository(store).read(date(2026, 11, 1), date(2026, 11, 23))
    starts = sorted(p.started_at.astimezone(BERLIN).date() for p in records.pauses)
    assert date(2026, 11, 1) in starts  # filed under October, read with the margin


def test_a_date_stored_twice_keeps_the_first_document(store):
    month = date(2026, 11, 1)

    def add_twice(document):
        document["days"] = {
            "2": {"date": "2026-11-05", "checks": {"no_blame": True}, "notes": {}},
            "1": {"date": "2026-11-05", "checks": {"no_defending": True}, "notes": {}},
            "3": {"date": "not a date", "checks": {}},
            "4": {"date": "2026-12-01", "checks": {"no_blame": True}},  # wrong shard
        }
        document["moments"] = {"1": {"date": "2026-11-05", "at": "bad", "kind": "positive"},
                               "2": {"date": "2026-11-05", "at": "2026-11-05T10:00:00+01:00",
                                     "kind": "sideways"}}
        document["pauses"] = {"1": {"state": "finished"}}

    store.rewrite_month(month, add_twice)
    records = ProgressRepository(store).read(date(2026, 11, 1), date(2026, 11, 30))
    assert list(records.days) == [date(2026, 11, 5)]
    assert records.days[date(2026, 11, 5)].checked("no_defending")
    assert DayRepository(store).get(date(2026, 11, 5)).checked("no_defending")  # same rule
    assert records.moment_counts == {} and records.pauses == []


def test_an_empty_store(store):
    repository = ProgressRepository(store)
    assert repository.first_month() is None
    records = repository.read(date(2026, 11, 1), date(2026, 11, 23))
    assert (dict(records.days), dict(records.moment_counts), list(records.pauses)) == \
        ({}, {}, [])


MOMENT_VALUES = st.one_of(
    st.none(), st.integers(), st.text(max_size=12),
    st.sampled_from(["2026-11-05", "2026-11-30", "2026-12-01", "2026-02-30", "20261105",
                     "2026-11-05T10:00:00+01:00", "2026-11-05T10:00:00", "positive",
                     "negative", "sideways", "2026-11-05T23:59:59.5-05:00"]))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(["date", "at", "kind", "note"]),
                                MOMENT_VALUES, max_size=4), max_size=12))
def test_moment_counting_agrees_with_the_moment_reader(documents):
    month = date(2026, 11, 1)
    expected: dict[date, list[int]] = {}
    for doc in documents:
        moment = Moment.from_document(doc)
        if moment is not None and (moment.day.year, moment.day.month) == (2026, 11):
            expected.setdefault(moment.day, [0, 0])[0 if moment.positive else 1] += 1
    assert count_moment_documents(documents, month) == {
        day: tuple(pair) for day, pair in expected.items()}
