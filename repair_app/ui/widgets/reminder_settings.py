"""Settings → Reminders: the three reminders, discreet notifications, a test notification."""

from __future__ import annotations

import contextlib
from datetime import time

import flet as ft

from repair_app.context import AppContext
from repair_app.core.clock import local_today
from repair_app.core.notification_access import AskMoment
from repair_app.core.reminder_asks import begins_note
from repair_app.core.reminders import (
    DISCREET_BODY,
    DISCREET_TITLE,
    WEEKDAY_NAMES,
    ReminderKind,
    parse_reminder_times,
    time_label,
)
from repair_app.store import StoreWriteError
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import (
    FIELD_SCROLL_PADDING,
    card,
    heading,
    icon_action,
    named_dropdown,
    paragraph,
    tap_target,
)
from repair_app.ui.widgets.notification_access import AccessNoticeRow, offer_notifications


def push(*controls: ft.Control | None) -> None:
    """Send changed controls to the client. Needed after a dialog or snack bar was shown in
    the same handler: that counts as "updated", so Flet skips its automatic update."""
    for control in controls:
        if control is None:
            continue
        with contextlib.suppress(RuntimeError, AssertionError):  # not on a page (tests)
            control.update()


class TimeField:
    """A HH:MM field with a time picker inside it."""

    def __init__(self, label: str, value: time, picker_label: str) -> None:
        self.field = ft.TextField(scroll_padding=FIELD_SCROLL_PADDING,
                                  label=label, value=time_label(value), hint_text="HH:MM",
                                  keyboard_type=ft.KeyboardType.DATETIME, expand=True,
                                  helper_max_lines=6, error_max_lines=6)
        self.picker = ft.TimePicker(value=value, help_text=label, on_change=self._picked)
        self.button = icon_action(Icons.SCHEDULE, picker_label, self._open)
        # Inside the field: the label gets the full width (no wrapping onto the value at
        # large text sizes).
        self.field.suffix_icon = self.button

    def _picked(self, e: ft.Event[ft.TimePicker]) -> None:
        if e.control.value:
            self.field.value = e.control.value.strftime("%H:%M")
            self.field.error = None

    def _open(self, e: ft.Event) -> None:
        if e.page is not None:
            e.page.show_dialog(self.picker)

    def control(self) -> ft.Control:
        return ft.Row([self.field], vertical_alignment=ft.CrossAxisAlignment.START, expand=True)

    def show(self, value: time) -> None:
        self.field.value = time_label(value)
        self.field.error = None
        self.picker.value = value


class ReminderSettings:
    """The "Reminders" card: the only place in Settings for the reminder times (the morning
    time included; the welcome asks for the same setting once)."""

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        s = ctx.settings
        self.morning_on = ft.Switch(label="Morning reminder", value=s.morning_reminder)
        self.morning = TimeField("Morning reminder time", s.morning_time,
                                 "Pick the morning reminder time")
        self.evening_on = ft.Switch(label="Evening check", value=s.evening_reminder)
        self.evening = TimeField("Evening check time", s.evening_time,
                                 "Pick the evening check time")
        self.weekly_on = ft.Switch(label="Weekly check-in", value=s.weekly_reminder)
        self.weekly_day = ft.Dropdown(
            label="Check-in day", value=str(s.weekly_day), expand=True,
            options=[ft.DropdownOption(key=str(i), text=name)
                     for i, name in enumerate(WEEKDAY_NAMES)],
        )
        self.weekly = TimeField("Weekly check-in time", s.weekly_time,
                                "Pick the weekly check-in time")
        self.begins = {kind: self._begins_line(kind) for kind in
                       (ReminderKind.MORNING, ReminderKind.EVENING, ReminderKind.WEEKLY)}
        self.discreet = ft.Switch(label="Discreet notifications",
                                  value=s.discreet_notifications)
        self.next_line = paragraph(self._next_text(), muted=True)
        self.save_button = ft.FilledButton("Save reminders", icon=Icons.SAVE,
                                           on_click=self.save, height=48)
        self.test_button = ft.OutlinedButton("Send a test notification",
                                             icon=Icons.NOTIFICATIONS_OUTLINED,
                                             on_click=self.send_test, height=48)
        self.test_text = ft.Text("", theme_style=ft.TextThemeStyle.BODY_MEDIUM)
        self.test_result = ft.Container(
            ft.Row([ft.Icon(Icons.INFO_OUTLINE, size=20), ft.Container(self.test_text,
                                                                           expand=True)],
                   vertical_alignment=ft.CrossAxisAlignment.START, spacing=10),
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST, border_radius=12, padding=12,
            visible=False)
        self.fields = {"morning_time": self.morning, "evening_time": self.evening,
                       "weekly_time": self.weekly}
        reminders = ctx.reminders
        self.access = reminders.access if reminders is not None else None
        self.access_row = AccessNoticeRow(self.access)

    def _begins_line(self, kind: ReminderKind) -> ft.Text:
        """When a reminder that isn't relevant yet begins (hidden once it is)."""
        note = begins_note(self.ctx.program, self.ctx.settings, kind,
                           local_today(self.ctx.clock))
        line = paragraph(note, muted=True)
        line.visible = bool(note)
        return line

    def _next_text(self) -> str:
        reminders = self.ctx.reminders
        text = reminders.describe_next() if reminders is not None else ""
        return text or "Reminders are checked while Repair is open."

    # -- handlers ------------------------------------------------------------------------

    def save(self, _e: ft.Event | None = None) -> None:
        times, errors = parse_reminder_times(
            {name: tf.field.value or "" for name, tf in self.fields.items()})
        for name, tf in self.fields.items():
            tf.field.error = errors.get(name)
        if errors:
            return
        day = int(self.weekly_day.value) if (self.weekly_day.value or "").isdigit() else 6
        changes = dict(times, morning_reminder=bool(self.morning_on.value),
                       evening_reminder=bool(self.evening_on.value),
                       weekly_reminder=bool(self.weekly_on.value),
                       weekly_day=day if 0 <= day <= 6 else 6,
                       discreet_notifications=bool(self.discreet.value))
        before = self.ctx.settings
        try:
            self.ctx.save_settings(before.with_changes(**changes))
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        for name, tf in self.fields.items():
            tf.show(times[name])  # as saved: "7:5" reads back as "07:05"
        self.next_line.value = self._next_text()
        push(self.next_line, *(tf.field for tf in self.fields.values()))
        self.nav.show_message("Reminders saved.")
        turned_on = any(changes[name] and not getattr(before, name)
                        for name in ("morning_reminder", "evening_reminder", "weekly_reminder"))
        if turned_on:
            offer_notifications(self.nav, self.access, AskMoment.REMINDER_TURNED_ON,
                                reminders_on=True, answered=self.access_row.show)

    def send_test(self, _e: ft.Event | None = None) -> None:
        reminders = self.ctx.reminders
        if reminders is None:
            text = "Reminders aren't running in this window."
        else:
            result = reminders.send_test(discreet=bool(self.discreet.value))
            text = result.advice
        self.test_text.value = text
        self.test_result.visible = True
        push(self.test_result)

    # -- building ------------------------------------------------------------------------

    def card(self) -> ft.Card:
        return card([
            heading("Reminders", level=2),
            self.next_line,
            self.access_row.control,
            tap_target(self.morning_on), self.begins[ReminderKind.MORNING],
            self.morning.control(),
            tap_target(self.evening_on), self.begins[ReminderKind.EVENING],
            self.evening.control(),
            tap_target(self.weekly_on), self.begins[ReminderKind.WEEKLY],
            ft.Row([named_dropdown(self.weekly_day, "Weekly check-in day"),
                    ft.Container(width=48)]),  # lines up with the fields
            self.weekly.control(),
            ft.Divider(height=8),
            tap_target(self.discreet),
            paragraph(f"On: a notification says only “{DISCREET_TITLE} — "
                      f"{DISCREET_BODY.lower()}”, so nothing private shows on a lock screen. "
                      "Off: it shows the question itself.", muted=True),
            ft.Row([self.save_button, self.test_button], wrap=True, spacing=12, run_spacing=12),
            self.test_result,
        ])

