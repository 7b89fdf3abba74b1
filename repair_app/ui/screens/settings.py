"""Settings: the program (start date, code word), the reminders (where the morning time
lives), the theme, and where data lives."""

from __future__ import annotations

import flet as ft

from repair_app import __version__
from repair_app.context import AppContext
from repair_app.core.clock import local_today
from repair_app.store import StoreWriteError
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.app_lock_settings import AppLockSection
from repair_app.ui.widgets.common import (
    SEGMENT_STYLE,
    card,
    heading,
    mark_selected,
    paragraph,
    segments,
)
from repair_app.ui.widgets.reminder_settings import ReminderSettings
from repair_app.ui.widgets.setup_fields import SetupFields
from repair_app.ui.widgets.your_data import YourDataSection

THEME_LABELS = (("system", "System"), ("light", "Light"), ("dark", "Dark"))


class SettingsScreen:
    title = "Settings"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.fields = SetupFields(ctx.settings, local_today(ctx.clock))
        #: The program fields as shown, to tell an edit left unsaved on leaving.
        self.shown = (self.fields.start.value, self.fields.morning.value,
                      self.fields.code_word.value)
        self.save_button = ft.FilledButton("Save program settings", icon=Icons.SAVE,
                                     on_click=self.save, height=48)
        self.your_data = YourDataSection(ctx, nav)
        self.theme_choice = ft.SegmentedButton(
            segments=segments(THEME_LABELS, ctx.settings.theme, spoken="{label} theme"),
            selected=[ctx.settings.theme],
            on_change=self.change_theme,
            style=SEGMENT_STYLE,
        )
        self.reminders = ReminderSettings(ctx, nav)
        nav.before_leaving(self.leaving)

    def save(self, _e: ft.Event | None = None) -> None:
        changes = self.fields.read()
        if changes is None:
            return
        try:
            self.ctx.save_settings(self.ctx.settings.with_changes(**changes))
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self.shown = (self.fields.start.value, self.fields.morning.value,
                      self.fields.code_word.value)
        self.nav.show_message("Saved.")

    def leaving(self) -> None:
        """Leaving with the program fields edited but not saved: keep the edit if it is
        valid (and say so), else say it wasn't kept. Nothing is dropped silently."""
        now = (self.fields.start.value, self.fields.morning.value, self.fields.code_word.value)
        if now == self.shown:
            return
        changes = self.fields.read()
        if changes is None:
            problems = [f.error for f in (self.fields.start, self.fields.morning,
                                          self.fields.code_word) if f.error]
            self.nav.show_message("Your change to the program settings wasn't saved: "
                                  + " ".join(problems))
            return
        updated = self.ctx.settings.with_changes(**changes)
        if updated == self.ctx.settings:
            return
        try:
            self.ctx.save_settings(updated)
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self.nav.show_message("Your changes to the program settings were saved.")

    def change_theme(self, e: ft.Event[ft.SegmentedButton] | None = None) -> None:
        selected = list(self.theme_choice.selected or ["system"])
        theme = selected[0] if selected else "system"
        mark_selected(self.theme_choice)
        try:
            self.ctx.save_settings(self.ctx.settings.with_changes(theme=theme))
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self.nav.apply_theme(theme)

    def build(self) -> list[ft.Control]:
        return [
            card([heading("Your program", level=2), *self.fields.controls(),
                  ft.Row([self.save_button])]),
            self.reminders.card(),
            card([heading("Appearance", level=2),
                  paragraph("System follows your device's light or dark setting.", muted=True),
                  self.theme_choice]),
            self.your_data.build(),
            *AppLockSection(self.ctx, self.nav).controls(),
            paragraph(f"Repair {__version__}", muted=True),
        ]
