"""The permission flow against the flet-notifications boundary fake: granted, denied,
permanently denied, unsupported; the answer is kept; a change re-arms the reminders."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from repair_app.core.notification_access import AccessAction, AccessStatus, AskMoment
from repair_app.notify.access import ACCESS_TABLE, NotificationAccess
from repair_app.notify.mobile import PhoneNotifications
from repair_app.store import DocumentRepository

from . import fake_flet_notifications as fake


@dataclass
class FakePlatform:
    value: str


@dataclass
class FakePage:
    platform: FakePlatform
    web: bool = False
    loop: object = None


def access_for(store, clock, platform="android", *, enabled=False) -> NotificationAccess:
    access = NotificationAccess(store, clock)
    phone = PhoneNotifications.for_page(FakePage(FakePlatform(platform)), print, module=fake)
    phone.service.enabled = enabled
    access.attach(phone)
    return access


def run(coroutine):
    """Run on a thread of its own (playwright's loop may be running on this one)."""
    outcome: dict = {}

    def main() -> None:
        try:
            outcome["result"] = asyncio.run(coroutine)
        except BaseException as error:
            outcome["error"] = error

    thread = threading.Thread(target=main)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def requests(access) -> int:
    return sum(1 for name, _ in access.phone.service.calls if name == "request_permissions")


def test_unsupported_without_a_phone(store, clock):
    access = NotificationAccess(store, clock)
    assert access.notice() is None
    assert not access.would_ask(AskMoment.WELCOME_FINISHED, reminders_on=True)
    assert run(access.refresh()) is None
    assert run(access.ask(AskMoment.SETTINGS_BUTTON)) is None
    assert run(access.act(AccessAction.OPEN_SETTINGS)) is None


def test_start_only_looks(store, clock):
    access = access_for(store, clock)
    notice = run(access.refresh())
    assert notice.status is AccessStatus.NOT_ASKED
    assert not access.would_ask(AskMoment.COLD_START, reminders_on=True)
    assert run(access.ask(AskMoment.COLD_START)).status is AccessStatus.NOT_ASKED
    assert requests(access) == 0


def test_granted_at_the_welcome_rearms(store, clock):
    access = access_for(store, clock)
    rearmed = []
    access.on_change = lambda: rearmed.append(1)
    seen = []
    access.listeners.append(lambda: seen.append(access.notice().status))
    assert access.would_ask(AskMoment.WELCOME_FINISHED, reminders_on=True)
    notice = run(access.ask(AskMoment.WELCOME_FINISHED))
    assert notice.status is AccessStatus.GRANTED and requests(access) == 1
    assert rearmed and seen == [AccessStatus.GRANTED]
    stored = DocumentRepository(store, ACCESS_TABLE).load()
    assert stored["last_answer"] == "granted" and stored["asked"] == 1


def test_denied_then_permanently_denied_on_android(store, clock):
    access = access_for(store, clock)
    access.phone.service.answer = False
    assert run(access.ask(AskMoment.WELCOME_FINISHED)).status is AccessStatus.DENIED
    # a no is respected: turning a reminder on later does not ask again by itself
    assert not access.would_ask(AskMoment.REMINDER_TURNED_ON, reminders_on=True)
    assert run(access.ask(AskMoment.REMINDER_TURNED_ON)).status is AccessStatus.DENIED
    assert requests(access) == 1
    # the person asks from Settings: the OS shows its dialog once more
    notice = run(access.act(AccessAction.ASK))
    assert notice.status is AccessStatus.BLOCKED and requests(access) == 2
    assert notice.actions == (AccessAction.OPEN_SETTINGS,)
    # ... and never again: only the phone's settings can change it now
    run(access.act(AccessAction.ASK))
    assert requests(access) == 2
    run(access.act(AccessAction.OPEN_SETTINGS))
    assert ("open_app_notification_settings", {}) in access.phone.service.calls


def test_ios_refuses_once_for_good_and_a_restart_remembers(store, clock):
    access = access_for(store, clock, "ios")
    access.phone.service.answer = False
    assert run(access.ask(AskMoment.WELCOME_FINISHED)).status is AccessStatus.BLOCKED
    again = access_for(store, clock, "ios")  # a new start: the count was stored
    run(again.refresh())
    assert again.status() is AccessStatus.BLOCKED
    assert not again.would_ask(AskMoment.SETTINGS_BUTTON, reminders_on=True)


def test_turned_on_in_the_phone_settings_is_seen_on_coming_back(store, clock):
    access = access_for(store, clock)
    access.phone.service.answer = False
    run(access.ask(AskMoment.WELCOME_FINISHED))
    run(access.act(AccessAction.ASK))
    rearmed = []
    access.on_change = lambda: rearmed.append(1)
    access.phone.service.enabled = True  # the person switched it on in the phone's settings
    assert run(access.refresh()).status is AccessStatus.GRANTED
    assert rearmed == [1]
    assert run(access.refresh()).status is AccessStatus.GRANTED
    assert rearmed == [1]  # nothing changed the second time: no re-arming


def test_without_exact_alarms_settings_offers_the_alarm_screen(store, clock):
    access = access_for(store, clock, enabled=True)
    access.phone.service.exact = False
    notice = run(access.refresh())
    assert notice.late and notice.actions == (AccessAction.ALLOW_EXACT,)
    run(access.act(AccessAction.ALLOW_EXACT))
    assert ("request_exact_alarm_permission", {}) in access.phone.service.calls


def test_a_listener_that_fails_is_dropped(store, clock):
    access = access_for(store, clock)

    def gone():
        raise RuntimeError("Control must be added to the page first")

    access.listeners.append(gone)
    access.phone.service.enabled = True
    run(access.refresh())
    assert access.listeners == []
