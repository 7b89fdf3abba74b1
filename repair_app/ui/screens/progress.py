"""Progress: the program's timeline so far, week by week."""

from __future__ import annotations

from datetime import timedelta

import flet as ft

from repair_app.context import AppContext
from repair_app.core.program import active_phases
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import card, date_label, heading, paragraph, pill


class ProgressScreen:
    title = "Progress"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav

    def timeline(self) -> list[ft.Control]:
        status = self.ctx.status()
        last_week = max(len(self.ctx.program.phases), status.week)
        rows: list[ft.Control] = []
        for week in range(1, last_week + 1):
            begins = status.start + timedelta(days=7 * (week - 1))
            phases = active_phases(week, self.ctx.program.phase_start_weeks)
            newly = [p for p in phases if p not in active_phases(week - 1,
                                                               self.ctx.program.phase_start_weeks)]
            label = ", ".join(f"Phase {p}" for p in phases)
            detail = (f"Adds phase {newly[0]}: {self.ctx.program.phase(newly[0]).name}"
                      if newly else "Keep practising")
            current = week == status.week
            done = week < status.week
            rows.append(
                ft.ListTile(
                    leading=ft.Icon(
                        ft.Icons.CHECK_CIRCLE if done else
                        (ft.Icons.RADIO_BUTTON_CHECKED if current else ft.Icons.RADIO_BUTTON_OFF),
                        color=ft.Colors.PRIMARY if (done or current) else ft.Colors.OUTLINE,
                    ),
                    title=ft.Text(f"Week {week} · from {date_label(begins)}",
                                  weight=ft.FontWeight.W_600 if current else None),
                    subtitle=ft.Text(f"{label}. {detail}."),
                    trailing=pill("This week", strong=True) if current else None,
                )
            )
        return rows

    def build(self) -> list[ft.Control]:
        status = self.ctx.status()
        if status.started:
            summary = (f"Day {status.day_of_program} of your program, in week {status.week}. "
                       f"You began on {date_label(status.start)}.")
        else:
            summary = f"Your program begins on {date_label(status.start)}."
        active = ", ".join(str(p) for p in status.active_phases) or "none yet"
        return [
            card([heading("Where you are"), paragraph(summary),
                  paragraph(f"Active phases: {active}.", muted=True)], tinted=True),
            card([heading("Your program, week by week", level=2), *self.timeline()]),
            paragraph("Not every week moves forward, and that's fine. Showing up again "
                      "tomorrow is what counts.", muted=True),
        ]
