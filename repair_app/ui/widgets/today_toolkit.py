"""What Today shows of the repair toolkit once phase 4 is active: a tile into the weekly
check-in (with this week's state) and a quick way to write down a small win."""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.checkin import IsoWeek, week_status
from repair_app.core.program import ProgramStatus
from repair_app.core.routes import CHECKIN
from repair_app.store.checkin_repository import CheckinRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.common import card, paragraph
from repair_app.ui.widgets.repair_toolkit import has_toolkit
from repair_app.ui.widgets.wins_log import WinEntry


def toolkit_phase(ctx: AppContext) -> int | None:
    for phase in ctx.program.phases:
        if has_toolkit(phase):
            return phase.number
    return None


def checkin_tile(ctx: AppContext, nav: Navigator, status: ProgramStatus) -> ft.Control:
    checkins = CheckinRepository(ctx.store)
    week = week_status(status.today, checkins.in_week(IsoWeek.of(status.today)),
                       checkins.draft())
    return ft.Card(
        semantic_container=False,
        margin=0,
        content=ft.ListTile(
            leading=ft.Icon(Icons.EVENT_AVAILABLE_OUTLINED, color=ft.Colors.PRIMARY),
            title=ft.Text("Weekly check-in", weight=ft.FontWeight.W_600),
            subtitle=paragraph(week.line, muted=True),
            trailing=ft.Icon(Icons.CHEVRON_RIGHT),
            min_height=64,
            on_click=lambda _e: nav.go(CHECKIN),
        ),
    )


def quick_win_card(ctx: AppContext, nav: Navigator, phase_number: int) -> ft.Control:
    def added(_win) -> None:
        nav.show_message("Win saved. You'll find it with your repair tools in "
                         f"Phase {phase_number}.")

    entry = WinEntry(ctx, nav, added)
    return card([
        ft.Row([ft.Icon(Icons.CELEBRATION_OUTLINED, color=ft.Colors.PRIMARY),
                ft.Text("A small win today?", theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        weight=ft.FontWeight.W_600, expand=True)], spacing=10),
        entry.row,
        ft.Row([entry.button,
                ft.TextButton("See all wins", height=MIN_TAP,
                              on_click=lambda _e: nav.go(f"/phases/{phase_number}"))],
               wrap=True),
    ])


def toolkit_tiles(ctx: AppContext, nav: Navigator, status: ProgramStatus) -> list[ft.Control]:
    """The check-in tile and the quick win, while the toolkit's phase is active."""
    number = toolkit_phase(ctx)
    if number is None or number not in status.active_phases:
        return []
    return [checkin_tile(ctx, nav, status), quick_win_card(ctx, nav, number)]
