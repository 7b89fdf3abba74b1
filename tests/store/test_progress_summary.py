"""The stored Progress summary gives exactly the figures of the full computation (every
month parsed, every day checked by the checklist rule): when it is first built, when it
is reused, after writes (by this store or another process), when it is stale, damaged
or missing, after an import, and for another program start. Encrypted like the shards.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from repair_app.content import default_program
from repair_app.core.clock import FakeClock, local_today
from repair_app.core.day import NEGATIVE, POSITIVE, Moment
from repair_app.core.export_format import bundle_to_json, parse_bundle_bytes
from repair_app.core.pause import PauseSession, PauseState
from repair_app.core.progress import (
    PERIOD_3_MONTHS,
    PERIOD_4_WEEKS,
    PERIOD_ALL,
    build_progress,
    build_progress_from_summary,
    load_window,
)
from repair_app.core.promise import make_promise, mark_promise
from repair_app.store import CURRENT_SCHEMA, IdentityCodec, SettingsRepository, Store
from repair_app.store.data_transfer import delete_all_data, export_bundle, import_bundle
from repair_app.store.day_repository import DayRepository, MomentRepository
from repair_app.store.encryption_switch import switch_codec
from repair_app.store.layout import PROGRESS_SUMMARY_FILE
from repair_app.store.pause_repository import PauseRepository
from repair_app.store.progress_repository import ProgressRepository

from .crypto_helpers import codec_for

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.synthetic_history import build_history  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
PROGRAM = default_program()
PERIODS = (PERIOD_4_WEEKS, PERIOD_3_MONTHS, PERIOD_ALL)
LOCK_ON = {"enabled": True, "encrypted": True}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 20, 30, tzinfo=BERLIN))


@pytest.fixture
def store(data_dir, clock):
    build_history(data_dir, 430, clock, pauses_per_week=1.5, checked_rate=0.6)
    opened = Store.open(data_dir, clock)
    yield opened
    opened.close()


def program_start(store: Store) -> date:
    return date.fromisoformat(SettingsRepository(store).load()["program_start"])


def full(store: Store, period: str, start: date | None = None):
    """The reference: every month of the window parsed, every figure counted afresh."""
    today = local_today(store.clock)
    start = start or program_start(store)
    reader = ProgressRepository(store)
    window = load_window(period, today, reader.first_month(), start)
    records = reader.read(window.first, window.last)
    return build_progress(period, window, records, program=PROGRAM, program_start=start,
                          today=today, zone=store.clock.now().tzinfo)


def summarised(repository: ProgressRepository, store: Store, period: str,
               start: date | None = None):
    today = local_today(store.clock)
    start = start or program_start(store)
    window = load_window(period, today, repository.first_month(), start)
    summary = repository.summary(window.first, window.last, program=PROGRAM,
                                 program_start=start)
    return build_progress_from_summary(period, window, summary, program=PROGRAM,
                                       program_start=start, today=today,
                                       zone=store.clock.now().tzinfo)


def assert_same_figures(store: Store, repository: ProgressRepository | None = None,
                        start: date | None = None) -> ProgressRepository:
    repository = repository or ProgressRepository(store)
    for period in PERIODS:
        assert summarised(repository, store, period, start) == full(store, period, start), \
            period
    return repository


def summary_path(store: Store) -> Path:
    return store.data_dir / PROGRESS_SUMMARY_FILE


def test_built_once_then_reused_with_the_same_figures(store):
    assert not summary_path(store).exists()
    first = ProgressRepository(store)
    assert summarised(first, store, PERIOD_ALL) == full(store, PERIOD_ALL)
    assert len(first.summarised) == len(store.months_with_data()) and first.saved
    assert summary_path(store).exists()

    again = ProgressRepository(store)
    assert_same_figures(store, again)
    assert again.summarised == [] and not again.saved  # nothing parsed, nothing written


def test_the_figures_are_not_trivially_empty(store):
    progress = full(store, PERIOD_ALL)
    assert progress.checklist.complete and progress.checklist.partial
    assert any(r.kept for r in progress.promises.rows)
    assert any(r.not_kept for r in progress.promises.rows)
    assert any(r.positive for r in progress.moments.rows)
    assert any(r.completed for r in progress.pauses.rows)
    assert any(r.ended_early for r in progress.pauses.rows)


def write_everywhere(store: Store, day: date) -> None:
    """A tick, an open promise, a kept one the day before, moments and a pause on ``day``."""
    days = DayRepository(store)
    morning = datetime(day.year, day.month, day.day, 8, tzinfo=BERLIN)
    days.update(day, lambda r: make_promise(
        r.with_check("no_defending", False).with_promise(None), "Call at lunch", morning))
    before = day - timedelta(days=1)
    days.update(before, lambda r: mark_promise(
        make_promise(r.with_promise(None), "Wash up", morning - timedelta(days=1)), True,
        morning))
    moments = MomentRepository(store)
    moments.add(Moment(day, morning, POSITIVE))
    moments.add(Moment(day, morning + timedelta(hours=2), NEGATIVE))
    start = morning + timedelta(hours=10)
    PauseRepository(store).save_history(PauseSession(
        id=start.isoformat(), started_at=start, ends_at=start + timedelta(minutes=20),
        state=PauseState.ENDED_EARLY, ended_at=start + timedelta(minutes=5),
        length_seconds=300))


@pytest.mark.parametrize("days_ago", [0, 40, 300])
def test_after_a_write_only_that_month_is_summarised_again(store, days_ago):
    repository = assert_same_figures(store)
    day = local_today(store.clock) - timedelta(days=days_ago)
    before = summarised(repository, store, PERIOD_ALL)
    write_everywhere(store, day)
    fresh = ProgressRepository(store)
    after = summarised(fresh, store, PERIOD_ALL)
    assert after == full(store, PERIOD_ALL) and after != before
    touched = {day.replace(day=1), (day - timedelta(days=1)).replace(day=1)}
    assert set(fresh.summarised) == touched and fresh.saved
    # The screen's own repository (kept while Progress is open) sees the write too.
    assert summarised(repository, store, PERIOD_ALL) == after
    assert_same_figures(store, ProgressRepository(store))


def test_a_write_by_another_process_is_seen(store, data_dir, clock):
    repository = assert_same_figures(store)
    other = Store.open(data_dir, clock)
    write_everywhere(other, local_today(clock) - timedelta(days=3))
    other.close()
    assert_same_figures(store, repository)


def test_a_damaged_summary_file_is_rebuilt(store):
    assert_same_figures(store)
    summary_path(store).write_bytes(b'{"fingerprint": "x", "mon')
    repository = assert_same_figures(store)
    assert repository.saved
    assert_same_figures(store, ProgressRepository(store))


def test_a_stale_entry_is_summarised_again(store):
    assert_same_figures(store)
    text = summary_path(store).read_text(encoding="utf-8")
    month = local_today(store.clock).replace(day=1)
    key = f'"{month:%Y-%m}":{{"digest":"'
    assert key in text
    summary_path(store).write_text(text.replace(key, key + "0"), encoding="utf-8")
    repository = assert_same_figures(store)
    assert repository.summarised == [month]


def test_any_change_to_a_shard_makes_its_entry_stale(store):
    """The digest is of the shard's bytes: even a table Progress doesn't read counts."""
    assert_same_figures(store)
    month = local_today(store.clock).replace(day=1)
    store.rewrite_month(month, lambda document: document.setdefault("unrelated", {}).update(
        {"1": {"note": "a table Progress doesn't read"}}))
    repository = assert_same_figures(store)
    assert repository.summarised == [month]


def test_a_missing_summary_file_is_rebuilt(store):
    assert_same_figures(store)
    summary_path(store).unlink()
    repository = assert_same_figures(store)
    assert repository.saved and summary_path(store).exists()


def test_another_program_start_rebuilds_every_month(store):
    assert_same_figures(store)
    later = program_start(store) + timedelta(days=45)
    repository = assert_same_figures(store, start=later)
    assert len(repository.summarised) >= len(store.months_with_data()) - 1
    assert_same_figures(store, ProgressRepository(store))  # and back


def test_after_an_import_the_figures_are_the_imported_ones(store, clock, tmp_path):
    assert_same_figures(store)
    other_dir = tmp_path / "other"
    build_history(other_dir, 200, clock, seed=11, checked_rate=0.9, pauses_per_week=3)
    with Store.open(other_dir, clock) as other:
        raw = bundle_to_json(export_bundle(other, clock.now()))
        expected = {p: full(other, p) for p in PERIODS}
    import_bundle(store, parse_bundle_bytes(raw, current_schema=CURRENT_SCHEMA), clock.now())
    repository = ProgressRepository(store)
    for period in PERIODS:
        assert summarised(repository, store, period) == expected[period] == full(store, period)


def test_delete_all_data_removes_the_summary(store):
    start = program_start(store)
    assert_same_figures(store)
    delete_all_data(store)
    assert not summary_path(store).exists()
    empty = summarised(ProgressRepository(store), store, PERIOD_ALL, start)
    assert empty == full(store, PERIOD_ALL, start) and empty.checklist.complete == 0


def test_encrypted_like_the_shards_and_dropped_when_the_key_changes(store, data_dir, clock):
    assert_same_figures(store)
    assert b'"fingerprint"' in summary_path(store).read_bytes()  # plain while the store is
    codec = codec_for("a good passphrase")
    switch_codec(store, codec, LOCK_ON)
    assert not summary_path(store).exists()  # the plain copy is gone with the switch
    repository = assert_same_figures(store)
    assert repository.saved
    raw = summary_path(store).read_bytes()
    assert b"fingerprint" not in raw and b"complete" not in raw
    assert_same_figures(store, ProgressRepository(store))
    # Read with another key (or none), it is simply rebuilt.
    switch_codec(store, IdentityCodec(), {"enabled": False, "encrypted": False})
    summary_path(store).write_bytes(raw)  # an encrypted leftover
    assert_same_figures(store)
    assert b'"fingerprint"' in summary_path(store).read_bytes()
