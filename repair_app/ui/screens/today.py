"""Today: where you are in the program, the morning promise, the checklist, the
days without defending, the 5:1 tally, and the way into History.

Only what the active phases ask for is shown. Every tap is saved at once and updates
just the controls it changed; the day is the Clock's local day when the screen was
built, and a tap after midnight is saved to that day before Today moves on.
"""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.checklist import (
    DEFEND_FREE_ITEM,
    active_items,
    promise_asked,
)
from repair_app.core.clock import local_today
from repair_app.core.routes import HISTORY, SEND_CHECK
from repair_app.core.tally import tally_active
from repair_app.store.day_repository import DayRepository
from repair_app.ui.day_editor import DayEditor
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import card, date_label, heading, link_tile, paragraph
from repair_app.ui.widgets.day_checklist import DayChecklist
from repair_app.ui.widgets.defend_free_card import DefendFreeCard
from repair_app.ui.widgets.promise_card import PromiseCard
from repair_app.ui.widgets.tally_card import TallyCard
from repair_app.ui.widgets.today_toolkit import toolkit_tiles

HISTORY_ROUTE = HISTORY


class TodayScreen:
    title = "Today"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.editor: DayEditor | None = None
        self.promise_card: PromiseCard | None = None
        self.checklist: DayChecklist | None = None
        self.defend_free: DefendFreeCard | None = None
        self.tally: TallyCard | None = None

    def status_card(self) -> ft.Control:
        status = self.ctx.status()
        if not status.started:
            days = status.days_until_start
            return card(
                [
                    heading(date_label(status.today)),
                    paragraph(
                        f"Your program starts on {date_label(status.start)}, "
                        f"in {days} day{'s' if days != 1 else ''}. Until then, read Phase 1: "
                        "it's the part that helps most, soonest."
                    ),
                ],
                tinted=True,
            )
        lines = [
            heading(date_label(status.today)),
            paragraph(f"Week {status.week} · day {status.day_of_program} of your program"),
        ]
        if status.next_phase:
            number, starts = status.next_phase
            lines.append(paragraph(f"Phase {number} joins on {date_label(starts)}.", muted=True))
        return card(lines, tinted=True)

    def first_phase_tile(self) -> ft.Control:
        phase = self.ctx.program.phase(1)
        return ft.Card(
            semantic_container=False,
            margin=0,
            content=ft.ListTile(
                leading=ft.Icon(Icons.BOOKMARK_BORDER, color=ft.Colors.PRIMARY),
                title=ft.Text(f"Phase 1: {phase.name}", weight=ft.FontWeight.W_600),
                subtitle=paragraph(phase.purpose, muted=True),
                trailing=ft.Icon(Icons.CHEVRON_RIGHT),
                min_height=64,
                on_click=lambda _e: self.nav.go("/phases/1"),
            ),
        )

    def history_tile(self) -> ft.Control:
        return link_tile(Icons.CALENDAR_MONTH_OUTLINED, "History",
                         "Past days, promises kept, your journal",
                         lambda _e: self.nav.go(HISTORY_ROUTE))

    def send_check_tile(self) -> ft.Control:
        return link_tile(Icons.RATE_REVIEW_OUTLINED, "Before you send",
                         "About to text them? Check the message here first, privately.",
                         lambda _e: self.nav.go(SEND_CHECK))

    def build(self) -> list[ft.Control]:
        status = self.ctx.status()
        if not status.started:
            return [self.status_card(), self.first_phase_tile(), self.send_check_tile(),
                    self.history_tile()]
        program = self.ctx.program
        today = status.today
        days = DayRepository(self.ctx.store)
        editor = self.editor = DayEditor(self.ctx, self.nav, today, days=days)
        editor.listen(lambda _record: self._check_new_day())
        items = active_items(program, status.week)

        controls: list[ft.Control] = [self.status_card()]
        if promise_asked(items):
            self.promise_card = PromiseCard(editor, program.questions.morning)
            controls.append(self.promise_card.control)
        self.checklist = DayChecklist(editor, items, program, self.nav)
        controls.append(card([
            ft.Text("Today's checklist", theme_style=ft.TextThemeStyle.TITLE_LARGE,
                    weight=ft.FontWeight.W_600),
            *self.checklist.controls(),
        ]))
        if any(item.id == DEFEND_FREE_ITEM for item in items):
            start = self.ctx.settings.program_start or today
            self.defend_free = DefendFreeCard(editor, days.lookup(), start)
            controls.append(self.defend_free.control)
        if tally_active(program, status.week):
            self.tally = TallyCard(self.ctx, self.nav, today, on_saved=self._check_new_day)
            controls.append(self.tally.control)
        controls += toolkit_tiles(self.ctx, self.nav, status)  # phase 4: check-in, a small win
        controls += [self.send_check_tile(), self.history_tile()]
        return controls

    def _check_new_day(self) -> None:
        """A tap after midnight was saved to the day on screen; then Today moves on."""
        editor = self.editor
        if editor is None:
            return
        if local_today(self.ctx.clock) != editor.day:
            self.nav.show_message(
                f"Saved to {date_label(editor.day)}. It's a new day now, so Today moves on.")
            self.nav.refresh()
