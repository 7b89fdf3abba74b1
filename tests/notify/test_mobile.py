"""The phone adapter with flet-notifications faked at its boundary: exact scheduling calls."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from repair_app.core.reminders import (
    ReminderKind,
    ReminderRule,
    ReminderState,
    message_for,
    upcoming_occurrences,
)
from repair_app.notify.base import NotifierChain, NotifierUnavailable
from repair_app.notify.mobile import (
    CHANNEL_ID,
    PhoneNotifications,
    notification_id_for,
    payload_for,
    route_of_payload,
)

from . import fake_flet_notifications as fake
from .conftest import RecordingSink

BERLIN = ZoneInfo("Europe/Berlin")


@dataclass
class FakePlatform:
    value: str


@dataclass
class FakePage:
    platform: FakePlatform
    web: bool
    loop: asyncio.AbstractEventLoop | None = None


def phone_for(loop, routes=None) -> PhoneNotifications:
    page = FakePage(FakePlatform("android"), web=False, loop=loop)
    phone = PhoneNotifications.for_page(page, (routes if routes is not None else []).append,
                                        module=fake)
    assert phone is not None
    return phone


@pytest.mark.parametrize(("platform", "web"), [("android", True), ("linux", False),
                                               ("macos", False), ("windows", False)])
def test_no_phone_adapter_on_web_or_desktop(platform, web):
    page = FakePage(FakePlatform(platform), web=web)
    assert PhoneNotifications.for_page(page, print, module=fake) is None


def test_no_phone_adapter_without_the_optional_package(monkeypatch):
    monkeypatch.setattr("repair_app.notify.mobile.import_flet_notifications", lambda: None)
    assert PhoneNotifications.for_page(FakePage(FakePlatform("ios"), web=False), print) is None


def test_arming_sends_exactly_these_schedule_calls(background_loop):
    phone = phone_for(background_loop)
    rules = [ReminderRule(ReminderKind.MORNING, time(8)),
             ReminderRule(ReminderKind.WEEKLY, time(19), weekday=6)]
    now = datetime(2026, 11, 27, 9, 0, tzinfo=BERLIN)  # Friday
    occurrences = upcoming_occurrences(rules, now, ReminderState(),
                                       until=now + timedelta(days=2, hours=12))
    plan = [(o, message_for(o.kind, discreet=True, key=o.key)) for o in occurrences]
    armed = phone.run(phone.arm(plan, "Europe/Berlin"))
    service = phone.service
    assert service.app_name == "Repair"
    assert service.calls == [  # no permission dialog while arming: only asked questions
        ("are_notifications_enabled", {}),
        ("can_schedule_exact_notifications", {}),
        ("cancel_pending", {}),
        ("schedule", {"id": 202611281, "when": datetime(2026, 11, 28, 8, tzinfo=BERLIN),
                      "title": "Repair", "body": "A moment for you",
                      "payload": '{"route":"/today","key":"morning:2026-11-28"}',
                      "schedule_mode": fake.AndroidScheduleMode.EXACT_ALLOW_WHILE_IDLE,
                      "time_zone": "Europe/Berlin", "channel_id": CHANNEL_ID,
                      "match_components": None}),
        ("schedule", {"id": 202611291, "when": datetime(2026, 11, 29, 8, tzinfo=BERLIN),
                      "title": "Repair", "body": "A moment for you",
                      "payload": '{"route":"/today","key":"morning:2026-11-29"}',
                      "schedule_mode": fake.AndroidScheduleMode.EXACT_ALLOW_WHILE_IDLE,
                      "time_zone": "Europe/Berlin", "channel_id": CHANNEL_ID,
                      "match_components": None}),
        ("schedule", {"id": 202611293, "when": datetime(2026, 11, 29, 19, tzinfo=BERLIN),
                      "title": "Repair", "body": "A moment for you",
                      "payload": '{"route":"/checkin","key":"weekly:2026-11-29"}',
                      "schedule_mode": fake.AndroidScheduleMode.EXACT_ALLOW_WHILE_IDLE,
                      "time_zone": "Europe/Berlin", "channel_id": CHANNEL_ID,
                      "match_components": None}),
    ]
    assert armed == {"morning:2026-11-28": "2026-11-28T08:00:00+01:00",
                     "morning:2026-11-29": "2026-11-29T08:00:00+01:00",
                     "weekly:2026-11-29": "2026-11-29T19:00:00+01:00"}


def test_without_exact_alarms_it_schedules_inexactly_and_skips_refused_ones(background_loop):
    phone = phone_for(background_loop)
    phone.service.exact = False
    rule = ReminderRule(ReminderKind.EVENING, time(21))
    now = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    occurrences = upcoming_occurrences([rule], now, ReminderState(),
                                       until=now + timedelta(days=1, hours=13))
    phone.service.fail_schedule_ids = {occurrences[0].notification_id}
    plan = [(o, message_for(o.kind, discreet=False, key=o.key)) for o in occurrences]
    armed = phone.run(phone.arm(plan, None))
    scheduled = [kw for name, kw in phone.service.calls if name == "schedule"]
    assert [kw["id"] for kw in scheduled] == [202611242]
    assert scheduled[0]["schedule_mode"] == fake.AndroidScheduleMode.INEXACT_ALLOW_WHILE_IDLE
    assert scheduled[0]["title"] == "Evening check"
    assert scheduled[0]["time_zone"] is None
    assert list(armed) == ["evening:2026-11-24"]  # the refused one stays with the app loop


def test_permission_denied_arms_nothing_and_delivery_falls_through(background_loop):
    phone = phone_for(background_loop)
    phone.service.enabled = False
    assert phone.run(phone.arm([], "UTC")) == {}
    assert ("cancel_pending", {}) in phone.service.calls
    assert ("request_permissions", {}) not in phone.service.calls
    sink = RecordingSink()
    from repair_app.notify.in_app import InAppNotifier

    message = message_for(ReminderKind.MORNING, discreet=True)
    delivery = NotifierChain([phone, InAppNotifier([sink])]).deliver(message)
    assert delivery.via == "in-app"
    assert "turned off" in delivery.problems["phone"]


def test_show_now_uses_the_occurrence_id_and_payload(background_loop):
    phone = phone_for(background_loop)
    message = message_for(ReminderKind.EVENING, discreet=True, key="evening:2026-11-23")
    phone.deliver(message)
    assert ("request_permissions", {}) not in phone.service.calls
    assert phone.service.calls[-1] == ("show", {
        "id": 202611232, "title": "Repair", "body": "A moment for you",
        "payload": '{"route":"/today","key":"evening:2026-11-23"}', "channel_id": CHANNEL_ID})


def test_the_service_is_built_with_its_handler_and_without_the_ios_start_prompt(
        background_loop):
    """Fields set after construction would not reach the phone without an update, and the
    package's iOS defaults would ask for permission while it starts (a cold-start ask)."""
    page = FakePage(FakePlatform("ios"), web=False, loop=background_loop)
    fake.LocalNotifications.instances.clear()
    phone = PhoneNotifications.for_page(page, print, module=fake)
    assert phone is not None and phone.platform == "ios"
    service = fake.LocalNotifications.instances[-1]
    assert service.on_tap is not None
    assert (service.request_alert_permission, service.request_sound_permission,
            service.request_badge_permission) == (False, False, False)
    assert service.calls == []


def test_asking_on_ios_turns_the_request_flags_on_first(background_loop):
    page = FakePage(FakePlatform("ios"), web=False, loop=background_loop)
    phone = PhoneNotifications.for_page(page, print, module=fake)
    phone.service.answer = False
    assert phone.run(phone.request()) is False
    assert phone.service.calls == [
        ("update", {"request_alert_permission": True, "request_sound_permission": True,
                    "request_badge_permission": True}),
        ("request_permissions", {})]


def test_probe_asks_nothing_and_reads_unknown_on_errors(background_loop):
    phone = phone_for(background_loop)
    phone.service.exact = False

    async def broken():
        raise fake.NotificationError("init_failed", "notification backend unavailable")

    phone.service.are_notifications_enabled = broken
    facts = phone.run(phone.probe())
    assert (facts.platform, facts.enabled, facts.exact_alarms) == ("android", None, False)
    assert ("request_permissions", {}) not in phone.service.calls


def test_a_tap_opens_the_route_in_the_payload(background_loop):
    routes: list[str] = []
    phone = phone_for(background_loop, routes)
    weekly = message_for(ReminderKind.WEEKLY, discreet=True, key="weekly:2026-11-29")
    phone.service.on_tap(fake.NotificationEvent(id=202611293, payload=payload_for(weekly)))
    phone.service.on_tap(fake.NotificationEvent(payload="not json"))
    assert routes == ["/checkin", "/today"]


def test_payload_helpers_are_strict():
    assert route_of_payload(json.dumps({"route": "https://evil.example"})) == "/today"
    assert route_of_payload(None) == "/today"
    assert notification_id_for(message_for(ReminderKind.MORNING, discreet=True)) == 1
    assert notification_id_for(message_for(ReminderKind.MORNING, discreet=True,
                                           key="morning:2027-01-02")) == 202701021


def test_run_refuses_to_block_its_own_loop(background_loop):
    async def inside():
        phone = PhoneNotifications(fake, fake.LocalNotifications(), asyncio.get_running_loop())
        with pytest.raises(RuntimeError):
            phone.run(phone.probe())
        return True

    # on the loop's own thread (a plain asyncio.run would clash with playwright's loop)
    assert asyncio.run_coroutine_threadsafe(inside(), background_loop).result(timeout=10)


def test_phone_errors_become_unavailable(background_loop):
    phone = phone_for(background_loop)

    async def broken_show(**_kw):
        raise fake.NotificationError("show_failed", "channel blocked")

    phone.service.show = broken_show
    with pytest.raises(NotifierUnavailable, match="channel blocked"):
        phone.deliver(message_for(ReminderKind.MORNING, discreet=True))


def test_the_fake_matches_the_real_package():
    """Every method the adapter calls has the real package's parameters, and the enums
    and fields are the package's (flet-notifications 0.1.4, installed)."""
    import inspect

    import flet_notifications as real

    for method in ("request_permissions", "are_notifications_enabled",
                   "can_schedule_exact_notifications", "request_exact_alarm_permission",
                   "open_app_notification_settings", "cancel_pending", "cancel", "show",
                   "schedule"):
        real_params = list(inspect.signature(getattr(real.LocalNotifications, method))
                           .parameters)
        fake_params = list(inspect.signature(getattr(fake.LocalNotifications, method))
                           .parameters)
        assert real_params == fake_params, method
    assert {m.value for m in real.AndroidScheduleMode} == \
        {m.value for m in fake.AndroidScheduleMode}
    fields = set(real.LocalNotifications.__dataclass_fields__)
    for name in ("request_alert_permission", "request_sound_permission",
                 "request_badge_permission", "app_name", "on_tap"):
        assert name in fields
    assert set(inspect.signature(fake.LocalNotifications).parameters) <= fields
