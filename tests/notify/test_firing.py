"""Firing under the store lock: exactly once, smart skipping from stored days, claims,
the phone's armed occurrences, the loop and the test notification."""

from __future__ import annotations

import time as wall_time
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from repair_app.core.clock import FakeClock
from repair_app.notify.base import NotifierChain
from repair_app.notify.firing import fire_due, load_state
from repair_app.notify.in_app import InAppNotifier
from repair_app.notify.service import ReminderService
from repair_app.store import StoreWriteError
from repair_app.store.promise_log import StoredPromiseLog

from . import fake_flet_notifications as fake
from .conftest import RecordingNotifier, RecordingSink, save_settings, unavailable

BERLIN = ZoneInfo("Europe/Berlin")


def set_up(store, clock, at: datetime, **settings):
    clock.set_wall(at - timedelta(hours=2))
    save_settings(store, **settings)
    fire_due(store, clock, NotifierChain([]))  # first check: reminders start now
    clock.set_wall(at)


def write_day(store, day: date, promise: dict | None) -> None:
    with store.transaction():
        doc = {"date": day.isoformat()}
        if promise is not None:
            if isinstance(promise, dict):  # the Today screen's shape: made_at is always set
                promise = {"made_at": f"{day.isoformat()}T07:30:00+01:00", **promise}
            doc["promise"] = promise
        store.month_table("days", day).insert(doc)


def test_due_reminder_fires_once_and_records_who_delivered(store, clock):
    set_up(store, clock, datetime(2026, 11, 23, 8, 0, 30, tzinfo=BERLIN))
    desktop = RecordingNotifier()
    report = fire_due(store, clock, NotifierChain([desktop]))
    assert [h.occurrence.key for h in report.sent] == ["morning:2026-11-23"]
    assert fire_due(store, clock, NotifierChain([desktop])).handled == []
    assert len(desktop.shown) == 1
    last = load_state(store).last
    assert {k.value: (h.day.isoformat(), h.outcome, h.via) for k, h in last.items()} == {
        "morning": ("2026-11-23", "sent", "desktop")}
    assert report.next is not None and report.next.key == "evening:2026-11-23"


def test_non_discreet_sends_what_the_week_asks(store, clock):
    """Week 1 (the program started today): phase 1's intention. Week 2: the promise."""
    set_up(store, clock, datetime(2026, 11, 23, 8, 1, tzinfo=BERLIN),
           discreet_notifications=False, program_start=date(2026, 11, 23))
    desktop = RecordingNotifier()
    fire_due(store, clock, NotifierChain([desktop]))
    assert desktop.shown[0].title == "Today's intention"
    assert desktop.shown[0].body.startswith("Today: listen without defending")
    clock.set_wall(datetime(2026, 11, 30, 8, 1, tzinfo=BERLIN))
    save_settings(store, discreet_notifications=False, program_start=date(2026, 11, 23))
    fire_due(store, clock, NotifierChain([desktop]))
    assert desktop.shown[1].body.startswith("What's one small promise")


def test_smart_skipping_reads_the_days_table(store, clock):
    day = date(2026, 11, 23)
    set_up(store, clock, datetime(2026, 11, 23, 8, 5, tzinfo=BERLIN))
    write_day(store, day, {"text": "Make her coffee", "status": "open"})
    desktop = RecordingNotifier()
    promises = StoredPromiseLog(store)
    report = fire_due(store, clock, NotifierChain([desktop]), promises)
    assert [(h.outcome, h.reason) for h in report.handled] == [
        ("skipped", "today's promise is already made")]
    clock.set_wall(datetime(2026, 11, 23, 21, 5, tzinfo=BERLIN))
    report = fire_due(store, clock, NotifierChain([desktop]), promises)
    assert [h.outcome for h in report.handled] == ["sent"]  # made, not marked: ask
    assert desktop.shown[0].key == "evening:2026-11-23"


def test_promise_log_tolerates_missing_and_odd_documents(store):
    log = StoredPromiseLog(store)
    day = date(2026, 11, 24)
    assert not log.promise_made(day) and not log.promise_marked(day)  # no month at all
    write_day(store, day, None)
    write_day(store, date(2026, 11, 25), {"text": "   ", "status": "kept"})
    write_day(store, date(2026, 11, 26), {"text": "Listen", "status": "not_kept"})
    write_day(store, date(2026, 11, 27), "a string")  # type: ignore[arg-type]
    assert not log.promise_made(day) and not log.promise_marked(day)
    assert not log.promise_made(date(2026, 11, 25)) and log.promise_marked(date(2026, 11, 25))
    assert log.promise_made(date(2026, 11, 26)) and log.promise_marked(date(2026, 11, 26))
    assert not log.promise_made(date(2026, 11, 27))


def test_undelivered_releases_the_claim_for_a_process_that_can_show_it(store, clock):
    set_up(store, clock, datetime(2026, 11, 23, 8, 1, tzinfo=BERLIN))
    report = fire_due(store, clock, NotifierChain([unavailable()]))  # e.g. cron, headless
    assert [h.outcome for h in report.undelivered] == ["undelivered"]
    assert load_state(store).last == {}
    sink = RecordingSink()
    report = fire_due(store, clock, NotifierChain([unavailable(), InAppNotifier([sink])]))
    assert [h.via for h in report.sent] == ["in-app"]
    assert len(sink.shown) == 1


def test_a_claim_that_cannot_be_written_shows_nothing(store, clock, monkeypatch):
    set_up(store, clock, datetime(2026, 11, 23, 8, 1, tzinfo=BERLIN))
    import repair_app.notify.firing as firing

    def disk_full(_store, _state):
        raise StoreWriteError(28, "Your device is full.", "main.json")

    monkeypatch.setattr(firing, "save_state", disk_full)
    desktop = RecordingNotifier()
    with pytest.raises(StoreWriteError):
        fire_due(store, clock, NotifierChain([desktop]))
    assert desktop.shown == []


def test_armed_on_the_phone_counts_as_shown(store, clock):
    set_up(store, clock, datetime(2026, 11, 23, 7, 0, tzinfo=BERLIN))
    from repair_app.notify.firing import save_state

    with store.transaction():
        save_state(store, load_state(store).with_armed(
            {"morning:2026-11-23": "2026-11-23T08:00:00+01:00"}))
    clock.set_wall(datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN))  # opened after the OS showed it
    desktop = RecordingNotifier()
    report = fire_due(store, clock, NotifierChain([desktop]))
    assert [(h.outcome, h.via) for h in report.handled] == [("scheduled", "phone")]
    assert desktop.shown == []


def test_nothing_fires_before_the_welcome_is_finished(store, clock):
    clock.set_wall(datetime(2026, 11, 23, 21, 30, tzinfo=BERLIN))
    desktop = RecordingNotifier()
    assert fire_due(store, clock, NotifierChain([desktop])).handled == []
    assert fire_due(store, clock, NotifierChain([desktop])).next is None


def test_setting_up_late_does_not_fire_todays_earlier_reminders(store, clock):
    clock.set_wall(datetime(2026, 11, 23, 21, 30, tzinfo=BERLIN))
    save_settings(store)
    desktop = RecordingNotifier()
    assert fire_due(store, clock, NotifierChain([desktop])).handled == []
    clock.set_wall(datetime(2026, 11, 24, 8, 0, 1, tzinfo=BERLIN))
    assert len(fire_due(store, clock, NotifierChain([desktop])).sent) == 1


# -- the service -------------------------------------------------------------------------------

class LiveFakeClock:
    """Wall time from a chosen start, moving with real time (for the running loop)."""

    def __init__(self, start: datetime) -> None:
        self.start = start
        self.origin = wall_time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=wall_time.monotonic() - self.origin)

    def monotonic(self) -> float:
        return wall_time.monotonic()


def wait_until(condition, timeout: float = 20.0) -> bool:
    deadline = wall_time.monotonic() + timeout
    while wall_time.monotonic() < deadline:
        if condition():
            return True
        wall_time.sleep(0.02)
    return condition()


def test_loop_sleeps_until_due_fires_once_and_wakes_on_settings_change(store, background_loop):
    setup_clock = FakeClock(datetime(2026, 11, 23, 6, 0, tzinfo=BERLIN))
    save_settings(store, morning_time=time(8, 0))
    fire_due(store, setup_clock, NotifierChain([]))
    live = LiveFakeClock(datetime(2026, 11, 23, 7, 59, 59, 600000, tzinfo=BERLIN))
    desktop = RecordingNotifier()
    service = ReminderService(store, live, desktop=desktop)
    cycles = []
    original = service.cycle
    service.cycle = lambda: cycles.append(1) or original()
    service.start(background_loop)
    service.start(background_loop)  # a second window: still one loop
    assert wait_until(lambda: len(desktop.shown) == 1)
    settled = len(cycles)
    wall_time.sleep(0.3)
    assert len(cycles) == settled  # asleep until the evening (capped at 60 s), not polling
    save_settings(store, evening_time=time(7, 59), morning_time=time(7, 58))
    service.changed()
    assert wait_until(lambda: len(cycles) > settled)
    assert wait_until(lambda: len(desktop.shown) == 2)  # the evening moved before now: due
    assert [m.key for m in desktop.shown] == ["morning:2026-11-23", "evening:2026-11-23"]
    service.stop()
    assert wait_until(lambda: not service.running)


def test_loop_survives_a_failing_store(store, background_loop, monkeypatch):
    service = ReminderService(store, LiveFakeClock(datetime(2026, 11, 23, 8, tzinfo=BERLIN)),
                              desktop=RecordingNotifier())
    import repair_app.notify.service as module

    def broken(*_a, **_k):
        raise StoreWriteError(28, "Your device is full.", "main.json")

    monkeypatch.setattr(module, "fire_due", broken)
    assert service.cycle() is None  # logged, not raised
    service.start(background_loop)
    wall_time.sleep(0.2)
    assert service.running
    service.stop()


def test_phone_is_rearmed_when_the_plan_changes(store, clock, background_loop):
    set_up(store, clock, datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN))
    from repair_app.notify.mobile import PhoneNotifications

    phone = PhoneNotifications(fake, fake.LocalNotifications(), background_loop)
    service = ReminderService(store, clock, desktop=RecordingNotifier())
    service.attach_phone(phone)
    service.cycle()
    scheduled = [kw["id"] for name, kw in phone.service.calls if name == "schedule"]
    assert len(scheduled) == 14 * 2 + 2  # 14 days of morning+evening, two Sundays
    assert 202611232 in scheduled and 202611231 not in scheduled  # today's morning passed
    armed = load_state(store).armed
    assert len(armed) == len(scheduled)
    calls_before = len(phone.service.calls)
    service.cycle()
    assert len(phone.service.calls) == calls_before  # same plan: nothing resent
    save_settings(store, evening_reminder=False)
    service.cycle()
    rescheduled = [kw["id"] for name, kw in phone.service.calls[calls_before:]
                   if name == "schedule"]
    assert len(rescheduled) == 14 + 2 and all(i % 10 != 2 for i in rescheduled)


def test_send_test_reports_and_shows_the_banner_in_this_window(store, clock):
    save_settings(store)
    service = ReminderService(store, clock, desktop=unavailable())
    here, elsewhere = RecordingSink(), RecordingSink()
    service.attach(elsewhere)
    result = service.session(here).send_test()
    assert result.via == "in-app"
    assert here.shown and not elsewhere.shown
    assert "can't show system notifications" in result.advice
    assert "no notification service is running" in result.advice
    assert (result.message.title, result.message.body) == ("Repair", "A moment for you")
    assert service.describe_next().startswith("Next: ")


def test_send_test_can_follow_an_unsaved_discreet_switch(store, clock):
    save_settings(store)
    service = ReminderService(store, clock, desktop=unavailable())
    shown = service.session(RecordingSink()).send_test(discreet=False)
    assert (shown.message.title, shown.message.body) != ("Repair", "A moment for you")
