"""Drafts and the day counter in the store; deleting a draft really removes its words."""

from __future__ import annotations

import errno
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock, local_today
from repair_app.core.drafts import hold_draft
from repair_app.store import Store, StoreWriteError, list_backups, make_daily_backup
from repair_app.store.draft_repository import (
    DRAFTS_TABLE,
    DraftGoneError,
    DraftRepository,
    MessageCheckCounter,
    drafts_due_for_rereading,
)

from .store_helpers import FailingOps

MORNING = time(7, 45)
SECRET = "I can't believe you told Sam about my dad. Unforgivable 💔"


def held(clock: FakeClock, text: str = SECRET):
    return hold_draft(text, clock.now(), MORNING)


def test_drafts_are_kept_read_edited_and_survive_a_restart(data_dir: Path, clock: FakeClock):
    with Store.open(data_dir, clock) as store:
        repo = DraftRepository(store)
        first = repo.add(held(clock))
        second = repo.add(held(clock, "Are we okay?"))
        assert (first.id, second.id) == (1, 2)
        assert repo.get(first.id) == first
        repo.save(first.__class__(**{**first.__dict__, "text": "I notice I felt hurt."}))
    with Store.open(data_dir, clock) as store:
        repo = DraftRepository(store)
        assert [d.text for d in repo.all()] == ["I notice I felt hurt.", "Are we okay?"]
        assert repo.get(99) is None


def test_deleting_removes_the_words_from_the_live_file_and_later_backups(
        data_dir: Path, clock: FakeClock):
    with Store.open(data_dir, clock) as store:
        repo = DraftRepository(store)
        keep = repo.add(held(clock, "Dinner at 7?"))
        gone = repo.add(held(clock))
        assert SECRET in (data_dir / "main.json").read_text("utf-8")
        assert repo.delete(gone.id) is True
        live = (data_dir / "main.json").read_bytes()
        assert SECRET.encode("utf-8") not in live
        assert b"Unforgivable" not in live
        assert b"Dinner at 7?" in live
        assert repo.get(gone.id) is None and [d.id for d in repo.all()] == [keep.id]
        assert repo.delete(gone.id) is False
        with pytest.raises(DraftGoneError):
            repo.save(gone)
        # The next daily backup is made from the live file: the words are not in it.
        with store.transaction():
            clock.advance(days=1)
            folder = make_daily_backup(data_dir, local_today(clock))
        assert folder is not None
        assert "Unforgivable" not in (folder / "main.json").read_text("utf-8")
        assert "Dinner at 7?" in (folder / "main.json").read_text("utf-8")
    # Reopening (which also backs up) does not bring it back either.
    with Store.open(data_dir, clock) as store:
        assert [d.text for d in DraftRepository(store).all()] == ["Dinner at 7?"]
    newest = list_backups(data_dir)[0][1]
    assert "Unforgivable" not in (newest / "main.json").read_text("utf-8")


def test_due_for_rereading(data_dir: Path, clock: FakeClock):
    clock.set_wall(datetime(2026, 11, 23, 23, 0))
    with Store.open(data_dir, clock) as store:
        repo = DraftRepository(store)
        draft = repo.add(held(clock))
        assert drafts_due_for_rereading(store, clock.now()) == []
        morning = draft.hold_until
        assert drafts_due_for_rereading(store, morning - timedelta(minutes=1)) == []
        assert drafts_due_for_rereading(store, morning) == [draft]
        assert repo.due_for_rereading(morning + timedelta(days=3)) == [draft]


def test_a_damaged_draft_is_skipped_not_fatal(data_dir: Path, clock: FakeClock):
    with Store.open(data_dir, clock) as store:
        repo = DraftRepository(store)
        good = repo.add(held(clock))
        with store.transaction():
            store.table(DRAFTS_TABLE).insert({"text": "x", "hold_until": "soon"})
        assert repo.all() == [good]
        assert repo.get(2) is None


def test_a_full_disk_keeps_nothing_and_says_so(data_dir: Path, clock: FakeClock):
    ops = FailingOps(errno.ENOSPC, "fsync")
    with Store.open(data_dir, clock, ops=ops) as store:
        repo = DraftRepository(store)
        kept = repo.add(held(clock, "Dinner at 7?"))
        ops.failing = True
        with pytest.raises(StoreWriteError, match="the disk is full"):
            repo.add(held(clock))
        with pytest.raises(StoreWriteError):
            repo.delete(kept.id)
        ops.failing = False
        assert repo.all() == [kept]


def test_messages_checked_are_counted_per_local_day_in_month_shards(data_dir: Path,
                                                                     clock: FakeClock):
    with Store.open(data_dir, clock) as store:
        counter = MessageCheckCounter(store)
        day = date(2026, 11, 30)
        assert counter.count(day) == 0
        assert [counter.record(day) for _ in range(3)] == [1, 2, 3]
        assert counter.record(date(2026, 12, 1)) == 1
        assert counter.count(day) == 3
    assert "message_checks" in (data_dir / "months" / "2026-11.json").read_text("utf-8")
    assert (data_dir / "months" / "2026-12.json").exists()
    with Store.open(data_dir, clock) as store:
        assert MessageCheckCounter(store).count(date(2026, 11, 30)) == 3
