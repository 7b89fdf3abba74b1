"""Settings → Reminders shows what the phone allows, and the welcome asks at its moment.

The phone is the flet-notifications boundary fake (tests/notify); the permission logic
is the real ``notify.access``; the screens are built as control trees."""

from __future__ import annotations

from dataclasses import dataclass

import flet as ft
from notify import fake_flet_notifications as fake

from repair_app.core.notification_access import ASK_WHY, AccessStatus
from repair_app.notify.access import NotificationAccess
from repair_app.notify.mobile import PhoneNotifications
from repair_app.ui.screens.settings import SettingsScreen
from repair_app.ui.screens.welcome import WelcomeScreen
from repair_app.ui.widgets.reminder_settings import ReminderSettings

from .helpers import all_text, find, find_all, run_async


@dataclass
class FakePlatform:
    value: str


@dataclass
class PhonePage:
    platform: FakePlatform
    web: bool = False
    loop: object = None


@dataclass
class PhoneReminders:
    access: NotificationAccess
    changes: int = 0

    def changed(self) -> None:
        self.changes += 1

    def send_test(self):  # pragma: no cover - not used here
        raise AssertionError

    def describe_next(self) -> str:
        return "Next: the morning question, tomorrow at 07:45."


def phone_reminders(ctx, platform="android", *, enabled=False, exact=True) -> PhoneReminders:
    access = NotificationAccess(ctx.store, ctx.clock)
    phone = PhoneNotifications.for_page(PhonePage(FakePlatform(platform)), print, module=fake)
    phone.service.enabled = enabled
    phone.service.exact = exact
    access.attach(phone)
    run_async(access.refresh())
    ctx.reminders = PhoneReminders(access)
    return ctx.reminders


def button(tree, text: str) -> ft.Control:
    for kind in (ft.FilledTonalButton, ft.OutlinedButton, ft.FilledButton, ft.TextButton):
        for node in find_all(tree, kind):
            if node.content == text:
                return node
    raise AssertionError(f"no button {text!r}")


def tap(control) -> None:
    result = control.on_click(ft.Event(name="click", control=control))
    if result is not None:  # an async handler
        run_async(result)


def requests(reminders) -> int:
    return sum(1 for n, _ in reminders.access.phone.service.calls if n == "request_permissions")


def test_web_and_desktop_show_no_permission_line(onboarded_ctx, nav):
    onboarded_ctx.reminders = None
    widget = ReminderSettings(onboarded_ctx, nav)
    assert widget.access_row.control.visible is False
    tree = SettingsScreen(onboarded_ctx, nav).build()
    assert "Notifications are" not in all_text(tree)


def test_granted_with_exact_alarms(onboarded_ctx, nav):
    phone_reminders(onboarded_ctx, enabled=True)
    row = ReminderSettings(onboarded_ctx, nav).access_row
    assert row.control.visible
    assert "reach you even when Repair is closed" in all_text(row.control)
    assert row.buttons.controls == []


def test_without_exact_alarms_it_says_a_few_minutes_late(onboarded_ctx, nav):
    reminders = phone_reminders(onboarded_ctx, enabled=True, exact=False)
    row = ReminderSettings(onboarded_ctx, nav).access_row
    assert "a few minutes late" in all_text(row.control)
    tap(button(row.control, "Allow exact timing"))
    assert ("request_exact_alarm_permission", {}) in reminders.access.phone.service.calls


def test_refused_then_blocked_offers_the_phone_settings(onboarded_ctx, nav):
    reminders = phone_reminders(onboarded_ctx)
    reminders.access.phone.service.answer = False
    row = ReminderSettings(onboarded_ctx, nav).access_row
    assert "Repair asks before sending notifications" in all_text(row.control)
    tap(button(row.control, "Allow notifications"))
    assert "off for Repair" in all_text(row.control)
    assert [b.content for b in row.buttons.controls] == ["Allow notifications",
                                                          "Open phone settings"]
    for b in row.buttons.controls:
        assert b.height >= 48
    tap(button(row.control, "Allow notifications"))  # Android's second and last dialog
    assert [b.content for b in row.buttons.controls] == ["Open phone settings"]
    tap(button(row.control, "Open phone settings"))
    assert ("open_app_notification_settings", {}) in reminders.access.phone.service.calls
    assert requests(reminders) == 2
    # the banner still works: nothing about the in-app reminders depends on this


def test_welcome_asks_once_with_a_sentence_first(ctx, nav):
    reminders = phone_reminders(ctx)
    screen = WelcomeScreen(ctx, nav)
    screen.build()
    screen.start()
    assert nav.routes == ["/today"]
    assert requests(reminders) == 0  # the sentence comes first, then the OS dialog
    assert nav.dialogs_on == ["/today"]  # shown on Today, not on the welcome that leaves
    [dialog] = nav.dialogs
    assert ASK_WHY in all_text(dialog.content)
    tap(button(dialog.actions, "Allow notifications"))
    assert requests(reminders) == 1 and nav.dialogs == []
    assert reminders.access.status() is AccessStatus.GRANTED


def test_not_now_asks_nothing(ctx, nav):
    reminders = phone_reminders(ctx)
    screen = WelcomeScreen(ctx, nav)
    screen.build()
    screen.start()
    tap(button(nav.dialogs[0].actions, "Not now"))
    assert nav.dialogs == [] and requests(reminders) == 0
    assert reminders.access.status() is AccessStatus.NOT_ASKED


def test_turning_a_reminder_on_asks_but_saving_others_does_not(onboarded_ctx, nav):
    onboarded_ctx.save_settings(onboarded_ctx.settings.with_changes(evening_reminder=False))
    reminders = phone_reminders(onboarded_ctx)
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    screen.reminders.save()  # nothing turned on: no question
    assert nav.dialogs == []
    find(tree, ft.Switch, label="Evening check").value = True
    screen.reminders.save()
    [dialog] = nav.dialogs
    tap(button(dialog.actions, "Allow notifications"))
    assert requests(reminders) == 1
    assert "reach you even when Repair is closed" in all_text(screen.reminders.access_row.control)


def test_after_a_refusal_turning_a_reminder_on_does_not_nag(onboarded_ctx, nav):
    onboarded_ctx.save_settings(onboarded_ctx.settings.with_changes(weekly_reminder=False))
    reminders = phone_reminders(onboarded_ctx)
    reminders.access.phone.service.answer = False
    run_async(reminders.access.act(reminders.access.notice().actions[0]))  # refused once
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    find(tree, ft.Switch, label="Weekly check-in").value = True
    screen.reminders.save()
    assert nav.dialogs == [] and requests(reminders) == 1
