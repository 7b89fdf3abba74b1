"""The end of a running pause is handed to the phone's OS (so it arrives with Repair
closed), cancelled when the pause ends early, and not shown twice while the app is open.
The phone is the flet-notifications boundary fake; the pause is the real PauseService."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from repair_app.core.pause import PAUSE_SECONDS, PauseService
from repair_app.core.reminders import pause_end_occurrence
from repair_app.notify.firing import load_state
from repair_app.notify.mobile import PhoneNotifications, route_of_payload
from repair_app.notify.service import ReminderService
from repair_app.store.pause_repository import PauseRepository

from . import fake_flet_notifications as fake
from .conftest import RecordingNotifier, save_settings

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 23, 22, 50, tzinfo=BERLIN)


def pause_schedules(phone) -> list[dict]:
    return [kw for name, kw in phone.service.calls
            if name == "schedule" and kw["payload"].startswith('{"route":"/pause"')]


def service_with_phone(store, clock, loop, *, enabled=True):
    clock.set_wall(NOW)
    save_settings(store)
    phone = PhoneNotifications(fake, fake.LocalNotifications(), loop)
    phone.service.enabled = enabled
    desktop = RecordingNotifier()
    service = ReminderService(store, clock, desktop=desktop)
    service.attach_phone(phone)
    return service, phone, desktop


def test_pause_end_occurrence_rules(clock):
    clock.set_wall(NOW)
    from repair_app.core.pause import InMemoryPauseRecords

    service = PauseService(InMemoryPauseRecords(), clock)
    assert pause_end_occurrence(None, clock.now()) is None
    session = service.start()
    end = pause_end_occurrence(session, clock.now())
    assert end.due == NOW + timedelta(seconds=PAUSE_SECONDS)
    assert end.key == "pause:2026-11-23" and end.notification_id == 202611234
    assert end.due.tzinfo is not None
    utc_now = clock.now().astimezone(ZoneInfo("UTC"))
    assert pause_end_occurrence(session, utc_now).day.isoformat() == "2026-11-23"
    assert pause_end_occurrence(session, session.ends_at) is None  # already due
    assert pause_end_occurrence(service.end_early(), clock.now()) is None


def test_a_running_pause_is_armed_and_ending_early_cancels_it(store, clock, background_loop):
    service, phone, _desktop = service_with_phone(store, clock, background_loop)
    pauses = PauseService(PauseRepository(store), clock)
    session = pauses.start()
    service.cycle()
    [armed] = pause_schedules(phone)
    assert armed["when"] == session.ends_at.astimezone(BERLIN)
    assert armed["id"] == 202611234
    assert route_of_payload(armed["payload"]) == "/pause"  # a tap opens the pause
    assert (armed["title"], armed["body"]) == ("Repair", "A moment for you")  # discreet
    assert service.armed_pause == session.id
    assert not any(k.startswith("pause:") for k in load_state(store).armed)

    extended = pauses.extend()  # a few more minutes: armed again at the new end
    assert extended.ends_at > session.ends_at
    service.cycle()
    assert pause_schedules(phone)[-1]["when"] == extended.ends_at.astimezone(BERLIN)

    before = len(phone.service.calls)
    pauses.end_early()
    service.cycle()
    after = phone.service.calls[before:]
    assert ("cancel_pending", {}) in after  # the pending pause end is cancelled ...
    assert not [kw for name, kw in after if name == "schedule"
                and kw["payload"].startswith('{"route":"/pause"')]
    assert service.armed_pause is None


def test_while_open_the_os_shows_the_armed_end_once(store, clock, background_loop):
    service, phone, desktop = service_with_phone(store, clock, background_loop)
    session = PauseService(PauseRepository(store), clock).start()
    service.cycle()
    shown_before = [c for c in phone.service.calls if c[0] == "show"]
    delivery = service.notify_pause_over(session, discreet=True)
    assert [c for c in phone.service.calls if c[0] == "show"] == shown_before  # not again
    assert delivery.via == "desktop" and len(desktop.shown) == 1


def test_without_permission_the_open_app_still_says_it(store, clock, background_loop):
    service, phone, desktop = service_with_phone(store, clock, background_loop,
                                                 enabled=False)
    session = PauseService(PauseRepository(store), clock).start()
    service.cycle()
    assert pause_schedules(phone) == [] and service.armed_pause is None
    service.notify_pause_over(session, discreet=True)
    assert desktop.shown  # the chain goes on; the in-app banner is the pause screen's own
