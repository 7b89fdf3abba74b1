"""Phase 4's repair tools, under its content: the weekly check-in, the apology builder and
the small wins log. (The partnership question and "if they're not ready to try" are the
phase's own content, drawn by the phase screen; the check-in asks the question again
before its one small issue.)"""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.checkin import DONE, IN_PROGRESS, TOOLKIT_SECTION, IsoWeek, week_status
from repair_app.core.clock import local_today
from repair_app.core.content import Phase
from repair_app.core.routes import CHECKIN, CHECKIN_HISTORY
from repair_app.store.checkin_repository import CheckinRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.apology_builder import ApologyBuilder
from repair_app.ui.widgets.common import card, heading, paragraph
from repair_app.ui.widgets.wins_log import WinsLog

START_LABELS = {DONE: "Check in again", IN_PROGRESS: "Continue check-in"}


def has_toolkit(phase: Phase) -> bool:
    return any(section.id == TOOLKIT_SECTION for section in phase.sections)


def checkin_card(ctx: AppContext, nav: Navigator) -> ft.Control:
    today = local_today(ctx.clock)
    checkins = CheckinRepository(ctx.store)
    status = week_status(today, checkins.in_week(IsoWeek.of(today)), checkins.draft())
    return card([
        ft.Row([ft.Icon(Icons.EVENT_AVAILABLE_OUTLINED, color=ft.Colors.PRIMARY),
                ft.Text("Weekly check-in", theme_style=ft.TextThemeStyle.TITLE_LARGE,
                        weight=ft.FontWeight.W_600, expand=True)], spacing=10),
        paragraph("A short, calm talk once a week, alone or together: appreciations, what "
                  "went well, one small issue, what you need, one small promise."),
        paragraph(status.line, muted=True),
        ft.Row([
            ft.FilledButton(START_LABELS.get(status.state, "Start check-in"),
                            icon=Icons.ARROW_FORWARD, height=MIN_TAP,
                            on_click=lambda _e: nav.go(CHECKIN)),
            ft.TextButton("Past check-ins", icon=Icons.HISTORY, height=MIN_TAP,
                          on_click=lambda _e: nav.go(CHECKIN_HISTORY)),
        ], wrap=True),
    ])


def repair_toolkit(ctx: AppContext, nav: Navigator, phase: Phase) -> list[ft.Control]:
    """The tools for the phase that holds the repair toolkit; nothing for the others."""
    if not has_toolkit(phase):
        return []
    return [
        heading("Your repair tools", level=2),
        checkin_card(ctx, nav),
        ApologyBuilder(ctx, nav).control,
        WinsLog(ctx, nav).control,
    ]
