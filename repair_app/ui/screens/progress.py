"""Progress: charts of what the user logged, over the last 4 weeks, 3 months or all of it,
and the program's timeline week by week (folded away below the charts).

The figures and the words come from ``repair_app.core.progress``; this screen reads the
period's months through :class:`ProgressRepository` and draws. Switching the period
redraws only the charts.
"""

from __future__ import annotations

from datetime import timedelta

import flet as ft

from repair_app.context import AppContext
from repair_app.core.clock import local_today
from repair_app.core.program import active_phases
from repair_app.core.progress import (
    PERIOD_4_WEEKS,
    PERIODS,
    Progress,
    build_progress_from_summary,
    load_window,
    timeline_entries,
)
from repair_app.store.progress_repository import ProgressRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import (
    SEGMENT_STYLE,
    card,
    date_label,
    heading,
    mark_selected,
    paragraph,
    pill,
    segments,
)
from repair_app.ui.widgets.live import own_updates, refresh
from repair_app.ui.widgets.progress_charts import (
    ChartCard,
    checklist_card,
    moments_card,
    pauses_card,
    promises_card,
)


class ProgressScreen:
    title = "Progress"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.period = PERIOD_4_WEEKS
        self.records = ProgressRepository(ctx.store)
        self.progress: Progress | None = None
        self.cards: list[ChartCard] = []
        self.note = paragraph("", muted=True)
        self.charts = ft.Column(spacing=16, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.switch = ft.SegmentedButton(
            segments=segments(PERIODS, self.period), selected=[self.period],
            on_change=self.choose_period, show_selected_icon=False, style=SEGMENT_STYLE)

    # -- the charts ----------------------------------------------------------------------
    def compute(self, period: str) -> Progress:
        today = local_today(self.ctx.clock)
        start = self.ctx.settings.program_start or today
        window = load_window(period, today, self.records.first_month(), start)
        summary = self.records.summary(window.first, window.last, program=self.ctx.program,
                                       program_start=start)
        return build_progress_from_summary(period, window, summary, program=self.ctx.program,
                                           program_start=start, today=today,
                                           zone=self.ctx.clock.now().tzinfo)

    def fill_charts(self) -> None:
        progress = self.progress = self.compute(self.period)
        self.cards = [
            checklist_card(progress.checklist),
            promises_card(progress.promises, progress.ticks),
            moments_card(progress.moments, progress.ticks),
            pauses_card(progress.pauses, progress.ticks),
        ]
        self.note.value = progress.unit_note
        # What a bar stands for means nothing while there are no bars.
        bars = any(chart.has_data for chart in (
            progress.promises, progress.moments, progress.pauses))
        self.charts.controls = ([self.note] if bars else []) + [c.control for c in self.cards]

    def choose_period(self, e: ft.Event[ft.SegmentedButton] | None = None) -> None:
        own_updates()
        chosen = (self.switch.selected or [self.period])[0]
        if chosen == self.period and self.progress is not None:
            return
        self.period = chosen
        self.switch.selected = [chosen]
        mark_selected(self.switch)
        self.fill_charts()
        refresh(self.switch, self.charts)

    # -- the program ---------------------------------------------------------------------
    def timeline(self) -> list[ft.Control]:
        status = self.ctx.status()
        starts = self.ctx.program.phase_start_weeks
        rows: list[ft.Control] = []
        for entry in timeline_entries(status.week, starts):
            week = entry.first_week
            begins = status.start + timedelta(days=7 * (week - 1))
            phases = active_phases(entry.last_week, starts)
            newly = [p for p in phases if p not in active_phases(week - 1, starts)]
            label = ", ".join(f"Phase {p}" for p in phases)
            detail = (f"Adds phase {newly[0]}: {self.ctx.program.phase(newly[0]).name}"
                      if newly and not entry.folded else "Keep practising")
            current = week == status.week
            done = entry.last_week < status.week
            if entry.folded:
                ends = status.start + timedelta(days=7 * entry.last_week - 1)
                title = (f"Weeks {week}–{entry.last_week} · {date_label(begins)} to "
                         f"{date_label(ends)}")
            else:
                title = f"Week {week} · from {date_label(begins)}"
            rows.append(
                ft.ListTile(
                    leading=ft.Icon(
                        Icons.CHECK_CIRCLE if done else
                        (Icons.RADIO_BUTTON_CHECKED if current else Icons.RADIO_BUTTON_OFF),
                        color=ft.Colors.PRIMARY if (done or current) else ft.Colors.OUTLINE,
                    ),
                    title=ft.Text(title, weight=ft.FontWeight.W_600 if current else None),
                    subtitle=ft.Text(f"{label}. {detail}."),
                    trailing=pill("This week", strong=True) if current else None,
                )
            )
        return rows

    def where_you_are(self) -> ft.Control:
        status = self.ctx.status()
        if status.started:
            summary = (f"Day {status.day_of_program} of your program, in week {status.week}. "
                       f"You began on {date_label(status.start)}.")
        else:
            summary = f"Your program begins on {date_label(status.start)}."
        return card([heading("Where you are", level=2), paragraph(summary)], tinted=True)

    def program_card(self) -> ft.Control:
        status = self.ctx.status()
        active = ", ".join(str(p) for p in status.active_phases) or "none yet"
        return card([
            heading("Your program, week by week", level=2),
            paragraph(f"Active phases: {active}.", muted=True),
            ft.ExpansionTile(
                title=ft.Text("Show every week", weight=ft.FontWeight.W_600),
                controls=self.timeline(), tile_padding=ft.Padding.symmetric(horizontal=0),
                expanded=False),
        ])

    def build(self) -> list[ft.Control]:
        self.fill_charts()
        return [
            self.where_you_are(),
            ft.Row([self.switch], wrap=True),
            self.charts,
            self.program_card(),
            paragraph("Not every week moves forward, and that's fine. Showing up again "
                      "tomorrow is what counts.", muted=True),
        ]
