"""One phase, in full: purpose, the common mistake, and every section of the framework."""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.checklist import ActiveItem, item_done
from repair_app.core.clock import local_today
from repair_app.core.content import ChecklistItem
from repair_app.core.day import DayRecord
from repair_app.core.routes import HOME
from repair_app.store.day_repository import DayRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import card, heading, icon_line, paragraph, pill
from repair_app.ui.widgets.repair_toolkit import repair_toolkit
from repair_app.ui.widgets.sections import section_view

DONE_TODAY = "Done today"


class PhaseDetailScreen:
    def __init__(self, ctx: AppContext, nav: Navigator, number: int) -> None:
        self.ctx = ctx
        self.nav = nav
        self.phase = ctx.program.phase(number)
        self.title = f"Phase {number}"

    def build(self) -> list[ft.Control]:
        phase = self.phase
        active = phase.number in self.ctx.status().active_phases
        controls: list[ft.Control] = [
            heading(f"Phase {phase.number}: {phase.name}"),
            ft.Row(
                [pill(phase.nickname), pill("Active this week" if active else
                                            f"Starts in week {phase.starts_week}", strong=active)],
                wrap=True,
            ),
            paragraph(phase.purpose),
            card(
                [icon_line(Icons.REPORT_GMAILERRORRED, "What most people get wrong",
                           phase.common_mistake, color=ft.Colors.TERTIARY)]
            ),
        ]
        controls += [section_view(section) for section in phase.sections]
        controls += repair_toolkit(self.ctx, self.nav, phase)  # phase 4: check-in, apology, wins
        if phase.checklist:
            # A plain list (no boxes that look tickable here): ticking happens on Today.
            # While the phase is active it shows what is already done today.
            where = ("Tick them on Today, where they count for the day." if active else
                     f"They join Today's checklist in week {phase.starts_week}.")
            record = DayRepository(self.ctx.store).get(local_today(self.ctx.clock)) \
                if active else None
            controls.append(
                card(
                    [heading("On your daily checklist", level=2)]
                    + [self.checklist_line(item, record) for item in phase.checklist]
                    + [paragraph(where, muted=True)]
                    + ([ft.Row([ft.OutlinedButton(
                        "Tick them on Today", icon=Icons.WB_SUNNY_OUTLINED, height=48,
                        on_click=lambda _e: self.nav.go(HOME))])] if active else [])
                )
            )
        if phase.number == len(self.ctx.program.phases):
            controls.append(section_view(self.ctx.program.not_trying))
        return controls

    def checklist_line(self, item: ChecklistItem, record: DayRecord | None) -> ft.Control:
        """An item of the phase's checklist; "Done today" once ticked on Today."""
        if record is not None and item_done(record, ActiveItem(self.phase.number, item)):
            return icon_line(Icons.CHECK_CIRCLE, item.label, DONE_TODAY,
                             color=ft.Colors.PRIMARY)
        return icon_line(Icons.CHEVRON_RIGHT, item.label)
