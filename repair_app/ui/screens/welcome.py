"""First run: what Repair is, in a few sentences, and the three settings it needs."""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.clock import local_today
from repair_app.core.notification_access import AskMoment
from repair_app.core.reminder_asks import welcome_morning_helper
from repair_app.store import StoreWriteError
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import card, heading, paragraph
from repair_app.ui.widgets.notification_access import offer_notifications
from repair_app.ui.widgets.setup_fields import SetupFields


class WelcomeScreen:
    title = "Welcome to Repair"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.fields = SetupFields(ctx.settings, local_today(ctx.clock), with_morning=True,
                                  morning_helper=welcome_morning_helper(ctx.program))
        self.start_button = ft.FilledButton(
            "Start my program",
            icon=Icons.ARROW_FORWARD,
            on_click=self.start,
            height=52,
        )

    def start(self, _e: ft.Event | None = None) -> None:
        changes = self.fields.read()
        if changes is None:
            return
        try:
            self.ctx.save_settings(self.ctx.settings.with_changes(onboarded=True, **changes))
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self.nav.go("/today")
        # The moment the reminders start: ask (on a phone) with one sentence on why.
        settings = self.ctx.settings
        if self.ctx.reminders is not None:
            offer_notifications(self.nav, self.ctx.reminders.access, AskMoment.WELCOME_FINISHED,
                                reminders_on=settings.morning_reminder
                                or settings.evening_reminder or settings.weekly_reminder,
                                on_route="/today")

    def build(self) -> list[ft.Control]:
        welcome = self.ctx.program.welcome
        return [
            ft.Icon(Icons.SPA_OUTLINED, size=48, color=ft.Colors.PRIMARY),
            heading(welcome.title),
            paragraph(welcome.body),
            card(
                [
                    heading("Three things before we start", level=2),
                    paragraph("You can change any of them later in Settings.", muted=True),
                    *self.fields.controls(),
                ]
            ),
            paragraph(
                "Everything you write stays on this device. Repair never sends anything anywhere.",
                muted=True,
            ),
            ft.Row([self.start_button]),
        ]
