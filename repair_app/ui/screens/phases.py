"""Phases: the four phases at a glance, which are active this week, and where each starts."""

from __future__ import annotations

from datetime import timedelta

import flet as ft

from repair_app.context import AppContext
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import date_label, heading, paragraph, pill
from repair_app.ui.widgets.sections import section_view


class PhasesScreen:
    title = "Phases"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav

    def phase_state(self, number: int) -> str:
        status = self.ctx.status()
        phase = self.ctx.program.phase(number)
        if number in status.active_phases:
            return "Active this week"
        starts_on = status.start + timedelta(days=7 * (phase.starts_week - 1))
        return f"Starts in week {phase.starts_week} ({date_label(starts_on)})"

    def phase_tile(self, number: int) -> ft.Control:
        phase = self.ctx.program.phase(number)
        state = self.phase_state(number)
        active = state.startswith("Active")
        route = f"/phases/{number}"
        return ft.Card(
        semantic_container=False,
            margin=0,
            content=ft.ListTile(
                leading=ft.CircleAvatar(
                    content=ft.Text(str(number), weight=ft.FontWeight.BOLD),
                    bgcolor=ft.Colors.PRIMARY if active else ft.Colors.SURFACE_CONTAINER_HIGHEST,
                    color=ft.Colors.ON_PRIMARY if active else ft.Colors.ON_SURFACE_VARIANT,
                ),
                title=ft.Text(f"Phase {number}: {phase.name}", weight=ft.FontWeight.W_600),
                subtitle=ft.Column(
                    [paragraph(phase.purpose, muted=True), pill(state, strong=active)],
                    spacing=6,
                    tight=True,
                ),
                trailing=ft.Icon(Icons.CHEVRON_RIGHT),
                is_three_line=True,
                min_height=72,
                on_click=lambda _e, r=route: self.nav.go(r),
            ),
        )

    def build(self) -> list[ft.Control]:
        status = self.ctx.status()
        intro = (
            f"You're in week {status.week} of your program. Each week adds one phase; "
            "every phase stays open to read whenever you need it."
            if status.started
            else "Your program hasn't started yet. Every phase is open to read already."
        )
        controls: list[ft.Control] = [heading("The four phases"), paragraph(intro, muted=True)]
        controls += [self.phase_tile(p.number) for p in self.ctx.program.phases]
        controls.append(section_view(self.ctx.program.not_trying))
        return controls
