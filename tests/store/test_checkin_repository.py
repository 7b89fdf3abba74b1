"""Check-ins, their draft, small wins and the apology draft in the store."""

from __future__ import annotations

import errno
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from repair_app.core.checkin import NEED, PROMISE, IsoWeek, finish, new_draft
from repair_app.core.clock import FakeClock
from repair_app.core.export_format import bundle_to_json, parse_bundle_bytes
from repair_app.core.wins import new_win
from repair_app.store import CURRENT_SCHEMA, DocumentRepository, Store, StoreWriteError
from repair_app.store.apology_repository import ApologyDraftRepository
from repair_app.store.checkin_repository import (
    CHECKINS_TABLE,
    CheckinAlreadySaved,
    CheckinRepository,
)
from repair_app.store.data_transfer import delete_all_data, export_bundle, import_bundle
from repair_app.store.month_index import MonthIndex
from repair_app.store.wins_repository import WINS_TABLE, WinRepository

from .store_helpers import FailingOps

BERLIN = ZoneInfo("Europe/Berlin")
SUNDAY = datetime(2026, 11, 29, 19, 0, tzinfo=BERLIN)


def checkin_at(start: datetime, promise: str = "Ask about their day"):
    draft = new_draft(start).with_answer(PROMISE, promise)
    return draft, finish(draft, start + timedelta(minutes=20))


@pytest.fixture
def store(data_dir: Path, clock: FakeClock):
    with Store.open(data_dir, clock) as opened:
        yield opened


# -- the draft ------------------------------------------------------------------------------


def test_a_draft_is_kept_replaced_and_survives_a_restart(data_dir: Path, clock: FakeClock):
    draft = new_draft(SUNDAY, "You made tea ☕").with_step(2).with_answer(NEED, "rest")
    with Store.open(data_dir, clock) as store:
        repo = CheckinRepository(store)
        assert repo.draft() is None
        repo.save_draft(draft)
        repo.save_draft(draft.with_step(3))
    with Store.open(data_dir, clock) as store:
        assert CheckinRepository(store).draft() == draft.with_step(3)


def test_a_damaged_draft_is_ignored_not_fatal(store: Store):
    DocumentRepository(store, "checkin_draft").save({"started_at": 5})
    assert CheckinRepository(store).draft() is None


def test_discarding_a_draft(store: Store):
    repo = CheckinRepository(store)
    repo.discard_draft()  # nothing to discard: fine
    repo.save_draft(new_draft(SUNDAY).with_answer(NEED, "x"))
    repo.discard_draft()
    assert repo.draft() is None


# -- saving ---------------------------------------------------------------------------------


def test_saving_files_the_check_in_under_its_start_month_and_drops_its_draft(store: Store):
    repo = CheckinRepository(store)
    draft, checkin = checkin_at(datetime(2026, 11, 29, 23, 50, tzinfo=BERLIN))
    repo.save_draft(draft)
    saved = repo.save(checkin)  # at 00:10 on Monday 30 Nov
    assert saved.key == "2026-11#1"  # filed under Sunday's month, not Monday's
    assert repo.draft() is None
    assert len(store.month_table(CHECKINS_TABLE, date(2026, 11, 1))) == 1
    assert saved.saved_at.date() == date(2026, 11, 30)
    assert repo.in_week(IsoWeek(2026, 48)) == [saved]
    assert repo.in_week(IsoWeek(2026, 49)) == []


def test_saving_keeps_a_different_draft(store: Store):
    repo = CheckinRepository(store)
    _first_draft, first = checkin_at(SUNDAY)
    other = new_draft(SUNDAY + timedelta(hours=1)).with_answer(NEED, "sleep")
    repo.save_draft(other)
    repo.save(first)
    assert repo.draft() == other


def test_saving_twice_keeps_one_check_in(store: Store):
    repo = CheckinRepository(store)
    _draft, checkin = checkin_at(SUNDAY)
    first = repo.save(checkin)
    second = repo.save(checkin)
    assert first.key == second.key
    assert len(repo.in_week(IsoWeek(2026, 48))) == 1


def test_a_draft_already_saved_elsewhere_is_not_kept_again(store: Store):
    repo = CheckinRepository(store)
    draft, checkin = checkin_at(SUNDAY)
    repo.save(checkin)  # another window saved it
    with pytest.raises(CheckinAlreadySaved, match="already saved"):
        repo.save_draft(draft.with_answer(NEED, "a late edit"))
    assert repo.draft() is None


def test_a_full_disk_keeps_the_draft_and_saves_no_check_in(data_dir: Path, clock: FakeClock):
    ops = FailingOps(errno.ENOSPC)
    with Store.open(data_dir, clock, ops=ops) as store:
        repo = CheckinRepository(store)
        draft, checkin = checkin_at(SUNDAY)
        repo.save_draft(draft)
        ops.failing = True
        with pytest.raises(StoreWriteError) as error:
            repo.save(checkin)
        assert "the disk is full" in str(error.value)
        ops.failing = False
    with Store.open(data_dir, clock) as store:
        repo = CheckinRepository(store)
        assert repo.draft() == draft
        assert repo.recent(10) == ([], False)


def test_a_check_in_spanning_two_months_is_found_from_its_week(store: Store):
    repo = CheckinRepository(store)
    monday_nov = repo.save(checkin_at(datetime(2026, 11, 30, 20, tzinfo=BERLIN))[1])
    sunday_dec = repo.save(checkin_at(datetime(2026, 12, 6, 20, tzinfo=BERLIN))[1])
    assert repo.in_week(IsoWeek(2026, 49)) == [sunday_dec, monday_nov]


# -- the list -------------------------------------------------------------------------------


def test_recent_pages_newest_first(store: Store):
    repo = CheckinRepository(store)
    saved = [repo.save(checkin_at(SUNDAY - timedelta(weeks=n), f"promise {n}")[1])
             for n in range(25)]
    page, more = repo.recent(10)
    assert [c.answer(PROMISE) for c in page] == [f"promise {n}" for n in range(10)]
    assert more
    page, more = repo.recent(10, skip=20)
    assert [c.answer(PROMISE) for c in page] == [f"promise {n}" for n in range(20, 25)]
    assert not more
    assert {c.key for c in saved} == {c.key for c in repo.recent(100)[0]}


def test_the_list_reads_only_months_with_check_ins(data_dir: Path, clock: FakeClock):
    with Store.open(data_dir, clock) as store:
        for month in range(1, 13):  # a year of other history
            store.month_table("days", date(2025, month, 1)).insert({"date": f"2025-{month:02d}-01"})
        CheckinRepository(store).save(checkin_at(SUNDAY)[1])
    with Store.open(data_dir, clock) as store:
        page, more = CheckinRepository(store).recent(10)
        assert len(page) == 1 and not more
        assert store.opened_months() == [date(2026, 11, 1)]


def test_a_missing_index_is_rebuilt_from_the_shards(data_dir: Path, clock: FakeClock):
    with Store.open(data_dir, clock) as store:
        repo = CheckinRepository(store)
        repo.save(checkin_at(SUNDAY)[1])
        repo.save(checkin_at(datetime(2025, 3, 2, 10, tzinfo=BERLIN))[1])
        store.rewrite_main(lambda doc: doc.pop(f"{CHECKINS_TABLE}_months", None))
    with Store.open(data_dir, clock) as store:
        assert [c.day for c in CheckinRepository(store).recent(10)[0]] == [
            date(2026, 11, 29), date(2025, 3, 2)]
        assert MonthIndex(store, CHECKINS_TABLE).months() == [date(2026, 11, 1),
                                                               date(2025, 3, 1)]
        assert store.read_main()[f"{CHECKINS_TABLE}_months"]  # and kept for next time


def test_an_unreadable_stored_check_in_is_skipped(store: Store):
    repo = CheckinRepository(store)
    good = repo.save(checkin_at(SUNDAY)[1])
    store.month_table(CHECKINS_TABLE, date(2026, 11, 1)).insert({"date": "2026-11-28",
                                                                  "answers": "oops"})
    assert repo.recent(10)[0] == [good]


# -- wins -----------------------------------------------------------------------------------


def test_wins_are_added_read_by_range_and_removed(store: Store):
    repo = WinRepository(store)
    first = repo.add(new_win("We laughed 😄", datetime(2026, 11, 27, 20, tzinfo=BERLIN)))
    second = repo.add(new_win("قضينا وقتا هادئا", datetime(2026, 12, 1, 8, tzinfo=BERLIN)))
    assert repo.between(date(2026, 11, 23), date(2026, 12, 6)) == [first, second]
    assert repo.between(date(2026, 11, 28), date(2026, 11, 30)) == []
    assert repo.recent(10) == ([second, first], False)
    assert repo.remove(first)
    assert not repo.remove(first)  # already gone (another window)
    assert repo.recent(10) == ([second], False)
    with pytest.raises(ValueError):
        repo.remove(new_win("never saved", SUNDAY))


def test_recent_wins_page_and_skip_months_without_wins(data_dir: Path, clock: FakeClock):
    with Store.open(data_dir, clock) as store:
        repo = WinRepository(store)
        for n in range(30):
            repo.add(new_win(f"win {n}", datetime(2026, 1, 1, 9, tzinfo=BERLIN)
                             + timedelta(days=3 * n)))
        store.month_table("days", date(2024, 5, 1)).insert({"date": "2024-05-01"})
    with Store.open(data_dir, clock) as store:
        repo = WinRepository(store)
        page, more = repo.recent(20)
        assert [w.text for w in page] == [f"win {n}" for n in range(29, 9, -1)] and more
        assert date(2024, 5, 1) not in store.opened_months()
        page, more = repo.recent(20, skip=20)
        assert len(page) == 10 and not more
        assert WINS_TABLE in store.read_month(date(2026, 1, 1))


# -- the apology draft -------------------------------------------------------------------------


def test_the_apology_draft_is_kept_and_cleared(data_dir: Path, clock: FakeClock):
    with Store.open(data_dir, clock) as store:
        repo = ApologyDraftRepository(store)
        assert repo.load() == ""
        repo.save("I'm sorry I shouted 🙏", SUNDAY)
    with Store.open(data_dir, clock) as store:
        repo = ApologyDraftRepository(store)
        assert repo.load() == "I'm sorry I shouted 🙏"
        repo.save("", SUNDAY)
        assert repo.load() == ""
        assert "shouted" not in (data_dir / "main.json").read_text(encoding="utf-8")


# -- export and import ------------------------------------------------------------------------


def test_check_ins_and_wins_travel_in_an_export(store: Store, clock: FakeClock):
    checkins, wins = CheckinRepository(store), WinRepository(store)
    saved = checkins.save(checkin_at(SUNDAY, "Dinner without phones 📵")[1])
    win = wins.add(new_win("A calm talk", SUNDAY))
    checkins.save_draft(new_draft(SUNDAY + timedelta(days=1)).with_answer(NEED, "rest"))
    raw = bundle_to_json(export_bundle(store, clock.now()))
    delete_all_data(store)
    assert checkins.recent(10) == ([], False) and checkins.draft() is None
    import_bundle(store, parse_bundle_bytes(raw, current_schema=CURRENT_SCHEMA), clock.now())
    assert checkins.recent(10) == ([saved], False)
    assert wins.recent(10) == ([win], False)
    assert checkins.draft() is not None


def test_a_draft_left_over_from_an_interrupted_save_is_dropped(store: Store):
    repo = CheckinRepository(store)
    draft, checkin = checkin_at(SUNDAY)
    repo.save(checkin)
    DocumentRepository(store, "checkin_draft").save(draft.to_document())  # as if a crash
    assert repo.draft() is None
    assert DocumentRepository(store, "checkin_draft").load() == {}


def test_a_failure_after_the_check_in_was_written_loses_nothing(data_dir: Path,
                                                                clock: FakeClock):
    ops = FailingOps(errno.ENOSPC)
    with Store.open(data_dir, clock, ops=ops) as store:
        repo = CheckinRepository(store)
        draft, checkin = checkin_at(SUNDAY)
        repo.save_draft(draft)
        repo.save(checkin_at(SUNDAY - timedelta(weeks=1))[1])  # the index exists
        original = repo._drop_draft_of

        def fail_on_drop(saved):
            ops.failing = True
            try:
                original(saved)
            finally:
                ops.failing = False

        repo._drop_draft_of = fail_on_drop
        with pytest.raises(StoreWriteError):
            repo.save(checkin)
    with Store.open(data_dir, clock) as store:
        repo = CheckinRepository(store)
        assert [c.started_at for c in repo.recent(10)[0]][0] == SUNDAY
        assert repo.draft() is None
