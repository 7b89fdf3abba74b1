"""The three program settings as form fields, shared by the welcome and Settings screens."""

from __future__ import annotations

from datetime import date, datetime, time

import flet as ft

from repair_app.core.settings import (
    CODE_WORD_MAX,
    FIELD_CODE_WORD,
    FIELD_MORNING,
    FIELD_START,
    Settings,
    parse_setup_form,
)
from repair_app.ui.icons import Icons
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, icon_action

#: Helper and error lines are never cut short, even at 200% text (issue 18).
HELPER_LINES = 6


class SetupFields:
    """Start date, morning reminder time and code word, each with a picker where it helps.

    The morning time is one setting with one home: Settings → Reminders. Only the welcome
    (``with_morning=True``) asks for it here, writing the same ``morning_time``."""

    def __init__(self, settings: Settings, today: date, *, with_morning: bool = False,
                 morning_helper: str = "When Repair sends your morning reminder.") -> None:
        self.with_morning = with_morning
        start = settings.program_start or today
        self.start = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label="Program start date",
            value=start.isoformat(),
            hint_text="YYYY-MM-DD",
            helper="Week 1 begins on this day.",
            helper_max_lines=HELPER_LINES, error_max_lines=HELPER_LINES,
            keyboard_type=ft.KeyboardType.DATETIME,
            expand=True,
        )
        self.morning = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label="Morning reminder time",
            value=settings.morning_time.strftime("%H:%M"),
            hint_text="HH:MM",
            helper=morning_helper,
            helper_max_lines=HELPER_LINES, error_max_lines=HELPER_LINES,
            keyboard_type=ft.KeyboardType.DATETIME,
            expand=True,
        )
        self.code_word = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label="Code word for a pause",
            value=settings.code_word,
            expand=True,
            helper="A neutral word either of you can say when a talk runs hot.",
            helper_max_lines=HELPER_LINES, error_max_lines=HELPER_LINES,
            max_length=CODE_WORD_MAX,
        )
        # The pickers sit inside their fields: the labels get the full width and never
        # wrap onto the value at large text sizes.
        self.start.suffix_icon = icon_action(
            Icons.CALENDAR_MONTH, "Pick the start date",
            lambda e: self._open(self.date_picker, e.page))
        self.morning.suffix_icon = icon_action(
            Icons.SCHEDULE, "Pick the morning reminder time",
            lambda e: self._open(self.time_picker, e.page))
        self.date_picker = ft.DatePicker(
            value=datetime.combine(start, time()),
            first_date=datetime(today.year - 5, 1, 1),
            last_date=datetime(today.year + 2, 12, 31),
            help_text="Program start date",
            on_change=self._picked_date,
        )
        self.time_picker = ft.TimePicker(
            value=settings.morning_time,
            help_text="Morning reminder time",
            on_change=self._picked_time,
        )

    def _picked_date(self, e: ft.Event[ft.DatePicker]) -> None:
        if e.control.value:
            self.start.value = e.control.value.date().isoformat()
            self.start.error = None

    def _picked_time(self, e: ft.Event[ft.TimePicker]) -> None:
        if e.control.value:
            self.morning.value = e.control.value.strftime("%H:%M")
            self.morning.error = None

    def _open(self, picker: ft.Control, page: ft.Page | None) -> None:
        if page is not None:
            page.show_dialog(picker)

    def controls(self) -> list[ft.Control]:
        morning = ft.Row([self.morning], vertical_alignment=ft.CrossAxisAlignment.START)
        return [
            ft.Row([self.start], vertical_alignment=ft.CrossAxisAlignment.START),
            *([morning] if self.with_morning else []),
            ft.Row([self.code_word], vertical_alignment=ft.CrossAxisAlignment.START),
        ]

    def read(self) -> dict | None:
        """The checked values, or None after showing each problem under its field."""
        changes, errors = parse_setup_form(
            self.start.value or "",
            (self.morning.value or "") if self.with_morning else None,
            self.code_word.value or "",
        )
        self.start.error = errors.get(FIELD_START)
        self.morning.error = errors.get(FIELD_MORNING)
        self.code_word.error = errors.get(FIELD_CODE_WORD)
        return None if errors else changes
