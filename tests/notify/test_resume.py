"""Coming back to the screen re-reads what the phone allows and re-arms the reminders;
other lifecycle states do nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

import flet as ft

from repair_app.app import reminders_resumed
from repair_app.notify.mobile import PhoneNotifications
from repair_app.notify.service import ReminderService

from . import fake_flet_notifications as fake
from .conftest import RecordingNotifier, save_settings


@dataclass
class TaskPage:
    tasks: list = field(default_factory=list)

    def run_task(self, handler, *args):
        self.tasks.append((handler, args))


def event(state: ft.AppLifecycleState) -> ft.AppLifecycleStateChangeEvent:
    return ft.AppLifecycleStateChangeEvent(name="app_lifecycle_state_change", control=None,
                                          state=state)


def test_resume_refreshes_access_and_rearms_everything(store, clock, background_loop):
    clock.set_wall(datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/Berlin")))
    save_settings(store)
    service = ReminderService(store, clock, desktop=RecordingNotifier())
    phone = PhoneNotifications(fake, fake.LocalNotifications(), background_loop)
    service.attach_phone(phone)
    service.cycle()
    schedules = sum(1 for name, _ in phone.service.calls if name == "schedule")
    service.cycle()
    assert sum(1 for name, _ in phone.service.calls if name == "schedule") == schedules

    page = TaskPage()
    for state in (ft.AppLifecycleState.HIDE, ft.AppLifecycleState.INACTIVE,
                  ft.AppLifecycleState.SHOW):
        reminders_resumed(page, service, event(state))
    assert page.tasks == []

    reminders_resumed(page, service, event(ft.AppLifecycleState.RESUME))
    assert page.tasks == [(service.access.refresh, ())]
    service.cycle()  # what the woken loop does next: the whole plan goes to the OS again
    assert sum(1 for name, _ in phone.service.calls if name == "schedule") == 2 * schedules


def test_resume_without_a_phone_only_wakes_the_loop(store, clock):
    service = ReminderService(store, clock, desktop=RecordingNotifier())
    page = TaskPage()
    reminders_resumed(page, service, event(ft.AppLifecycleState.RESUME))
    assert page.tasks == []
