"""Past check-ins: every saved weekly check-in, newest first, in full, a page at a time."""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.checkin import CheckIn, short_day
from repair_app.core.routes import CHECKIN
from repair_app.store.checkin_repository import CheckinRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.checkin_answers import answer_sections, mode_label
from repair_app.ui.widgets.common import card, heading, paragraph, pill
from repair_app.ui.widgets.live import own_updates, refresh

PAGE_SIZE = 10


def checkin_card(checkin: CheckIn) -> ft.Control:
    saved = checkin.saved_at
    return card([
        heading(f"Week of {checkin.week.label()}", level=2),
        ft.Row([pill(mode_label(checkin.mode)),
                pill(f"Saved {short_day(saved.date())}, {saved:%H:%M}")], wrap=True),
        *answer_sections(checkin.answer, checkin.soft_start, show_skipped=False),
    ])


class CheckinHistoryScreen:
    title = "Past check-ins"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.repository = CheckinRepository(ctx.store)
        self.shown = 0
        self.list = ft.Column(spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.more_button = ft.OutlinedButton("Show older check-ins", icon=Icons.EXPAND_MORE,
                                             height=MIN_TAP, on_click=self.show_more)
        self._load_page()

    def _load_page(self) -> None:
        page, more = self.repository.recent(PAGE_SIZE, skip=self.shown)
        self.shown += len(page)
        self.list.controls += [checkin_card(checkin) for checkin in page]
        self.more_button.visible = more

    def build(self) -> list[ft.Control]:
        if not self.shown:
            return [
                heading("No check-ins yet"),
                paragraph("A weekly check-in is a short, calm talk about the week: what you "
                          "appreciated, what went well, one small thing to work on. Alone or "
                          "together, it takes about fifteen minutes."),
                ft.Row([ft.FilledButton("Start a check-in", icon=Icons.ARROW_FORWARD,
                                        height=MIN_TAP, on_click=lambda _e: self.nav.go(CHECKIN))]),
            ]
        return [self.list, ft.Row([self.more_button])]

    def show_more(self, _e: ft.Event | None = None) -> None:
        own_updates()
        self._load_page()
        refresh(self.list, self.more_button)
