"""History: promise streak and follow-through, a picker for the last seven days, a month
view of complete / partly done / empty days, the chosen day, and the month's journal.

The last seven days can still be changed; older days are shown as they were kept.
"""

from __future__ import annotations

from datetime import date, timedelta

import flet as ft

from repair_app.context import AppContext
from repair_app.core.checklist import (
    BEFORE_START,
    COMPLETE,
    FUTURE,
    PARTIAL,
    day_status,
    is_editable,
    items_for_day,
    promise_asked,
)
from repair_app.core.clock import local_today
from repair_app.core.day import DayRecord
from repair_app.core.history import (
    first_of_month,
    journal_entries,
    month_label,
    month_weeks,
    recent_days,
    shift_month,
)
from repair_app.core.streaks import (
    FOLLOW_THROUGH_DAYS,
    current_run,
    follow_through,
    follow_through_sentence,
    promise_kept_on,
)
from repair_app.core.tally import count
from repair_app.store.day_repository import DayRepository, MomentRepository
from repair_app.ui.day_editor import DayEditor
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import (
    card,
    date_label,
    heading,
    icon_action,
    icon_action_button,
    paragraph,
    pill,
)
from repair_app.ui.widgets.day_checklist import DayChecklist
from repair_app.ui.widgets.live import own_updates, refresh
from repair_app.ui.widgets.promise_card import PromiseCard

STATUS_WORDS = {COMPLETE: "all done", PARTIAL: "partly done", "empty": "nothing recorded",
                BEFORE_START: "before your program", FUTURE: "still to come"}
WEEKDAY_LETTERS = ("M", "T", "W", "T", "F", "S", "S")
CALENDAR_WIDTH = 420  # cells stay round on wide screens; phones clamp it to their width


def centred(content: ft.Control) -> ft.Control:
    return ft.Container(ft.Container(content, width=CALENDAR_WIDTH),
                        alignment=ft.Alignment.TOP_CENTER)


def status_colors(status: str) -> tuple[str | None, str | None]:
    """(background, text colour) of a day cell."""
    if status == COMPLETE:
        return ft.Colors.PRIMARY, ft.Colors.ON_PRIMARY
    if status == PARTIAL:
        return ft.Colors.PRIMARY_CONTAINER, ft.Colors.ON_PRIMARY_CONTAINER
    if status in (BEFORE_START, FUTURE):
        return None, ft.Colors.ON_SURFACE_VARIANT  # 4.5:1 on the card (OUTLINE is 3:1)
    return ft.Colors.SURFACE_CONTAINER_HIGHEST, ft.Colors.ON_SURFACE


class HistoryScreen:
    title = "History"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.today = local_today(ctx.clock)
        self.start = ctx.settings.program_start or self.today
        self.days = DayRepository(ctx.store)
        self.moments = MomentRepository(ctx.store)
        self.lookup = self.days.lookup()
        self.month = first_of_month(self.today)
        self.selected = self.today
        self.editor: DayEditor | None = None
        self.day_checklist: DayChecklist | None = None
        self.promise_card: PromiseCard | None = None
        self.cells: dict[date, ft.Container] = {}
        self.picks: dict[date, ft.Container] = {}
        self.summary = ft.Column(spacing=6)
        self.month_title = ft.Text(theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                   weight=ft.FontWeight.W_600, expand=True,
                                   text_align=ft.TextAlign.CENTER)
        self.next_month = icon_action(Icons.CHEVRON_RIGHT, "Next month",
                                      lambda _e: self.show_month(1))
        self.grid = ft.Column(spacing=4)
        self.day_panel = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.journal = ft.Column(spacing=10)
        self.journal_title = heading("Your journal", level=3)

    # -- data ----------------------------------------------------------------------------
    def record(self, day: date) -> DayRecord | None:
        return self.lookup.get(day)

    def status_of(self, day: date) -> str:
        items = items_for_day(self.ctx.program, self.start, day)
        return day_status(self.record(day), items, day, self.today, self.start)

    # -- summary -------------------------------------------------------------------------
    def _fill_summary(self) -> None:
        run = current_run(lambda day: promise_kept_on(self.record(day)), self.today,
                          since=self.start)
        first = self.today - timedelta(days=FOLLOW_THROUGH_DAYS - 1)
        result = follow_through(self.days.between(first, self.today).values(), self.today)
        if run.count:
            streak = (f"Promises kept in a row: {run.count}{'+' if run.capped else ''} "
                      f"day{'s' if run.count != 1 else ''}")
        else:
            streak = "No kept promises in a row right now. The next one can start it."
        lines: list[ft.Control] = [ft.Text(streak, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                           weight=ft.FontWeight.W_600)]
        if result.made:
            lines.append(paragraph(follow_through_sentence(result, FOLLOW_THROUGH_DAYS)))
            if result.unmarked:
                lines.append(paragraph(
                    f"{result.unmarked} of them {'was' if result.unmarked == 1 else 'were'} "
                    "never marked, so they count as not kept.", muted=True))
        else:
            lines.append(paragraph(f"No promises in the last {FOLLOW_THROUGH_DAYS} days yet.",
                                   muted=True))
        self.summary.controls = lines

    # -- the last seven days ---------------------------------------------------------------
    def _pick(self, day: date) -> ft.Control:
        selected = day == self.selected
        box = ft.Container(
            content=ft.Column([
                ft.Text(f"{day:%a}"[:2], theme_style=ft.TextThemeStyle.LABEL_MEDIUM),
                ft.Text(str(day.day), theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                        weight=ft.FontWeight.W_600),
            ], spacing=0, horizontal_alignment=ft.CrossAxisAlignment.CENTER, tight=True),
            height=56, expand=True, border_radius=12, alignment=ft.Alignment.CENTER,
            bgcolor=ft.Colors.SECONDARY_CONTAINER if selected else None,
            border=ft.Border.all(1, ft.Colors.OUTLINE_VARIANT),
            on_click=lambda _e, d=day: self.select(d), ink=True,
        )
        self.picks[day] = box
        label = "Today" if day == self.today else date_label(day)
        # 48 px wide at 390 px: the pills touch edge to edge, the margin draws the gap.
        return ft.Semantics(content=ft.Container(box, margin=ft.Margin.symmetric(horizontal=2)),
                            label=label, button=True, container=True, expand=True)

    # -- the month -----------------------------------------------------------------------
    def _cell(self, day: date | None) -> ft.Control:
        if day is None:
            return ft.Container(expand=True, height=48)
        status = self.status_of(day)
        background, color = status_colors(status)
        box = ft.Container(
            content=ft.Text(str(day.day), color=color, weight=ft.FontWeight.W_600
                            if day == self.today else None),
            alignment=ft.Alignment.CENTER, height=48, expand=True, border_radius=24,
            bgcolor=background, ink=status != FUTURE,
            border=ft.Border.all(2, ft.Colors.TERTIARY) if day == self.selected else None,
            on_click=None if status == FUTURE else (lambda _e, d=day: self.select(d)),
        )
        self.cells[day] = box
        return ft.Semantics(content=box, label=f"{date_label(day)}: {STATUS_WORDS[status]}",
                            button=status != FUTURE, container=True, expand=True)

    def _fill_month(self) -> None:
        self.cells = {}
        self.month_title.value = month_label(self.month)
        icon_action_button(self.next_month).disabled = self.month >= first_of_month(self.today)
        rows: list[ft.Control] = [ft.Row(
            [ft.Text(letter, expand=True, text_align=ft.TextAlign.CENTER,
                     theme_style=ft.TextThemeStyle.LABEL_MEDIUM,
                     color=ft.Colors.ON_SURFACE_VARIANT) for letter in WEEKDAY_LETTERS],
            spacing=0)]
        for week in month_weeks(self.month):
            rows.append(ft.Row([self._cell(day) for day in week], spacing=0))
        self.grid.controls = rows

    def show_month(self, delta: int) -> None:
        own_updates()
        month = shift_month(self.month, delta)
        if month > first_of_month(self.today):
            return
        self.month = month
        self._fill_month()
        self._fill_journal()
        refresh(self.month_title, self.next_month, self.grid, self.journal_title, self.journal)

    def _legend(self) -> ft.Control:
        def swatch(status: str, text: str) -> ft.Control:
            background, _ = status_colors(status)
            return ft.Row([ft.Container(width=14, height=14, border_radius=7, bgcolor=background),
                           ft.Text(text, theme_style=ft.TextThemeStyle.BODY_SMALL)],
                          spacing=6, tight=True)
        return ft.Row([swatch(COMPLETE, "All done"), swatch(PARTIAL, "Partly"),
                       swatch("empty", "Nothing recorded")], wrap=True, spacing=16)

    # -- the chosen day ------------------------------------------------------------------
    def _fill_day(self) -> None:
        day = self.selected
        editable = is_editable(day, self.today)
        editor = self.editor = DayEditor(self.ctx, self.nav, day, editable=editable,
                                         days=self.days)
        editor.listen(self.day_changed)
        items = items_for_day(self.ctx.program, self.start, day)
        title = "Today" if day == self.today else date_label(day)
        controls: list[ft.Control] = [
            ft.Row([heading(title, level=2),
                    pill("You can still change this day" if editable
                         else "Kept as it was")], wrap=True),
        ]
        if day < self.start:
            controls.append(paragraph("This was before your program started.", muted=True))
        self.promise_card = None
        if promise_asked(items) and (editor.record.promise is not None or day == self.today):
            self.promise_card = PromiseCard(editor, self.ctx.program.questions.morning,
                                            allow_new=day == self.today)
            controls.append(self.promise_card.control)
        self.day_checklist = None
        if items:
            self.day_checklist = DayChecklist(editor, items, self.ctx.program, self.nav,
                                              today=False)
            controls.append(card(self.day_checklist.controls()))
        tally = count(self.moments.on(day))
        if tally.total:
            controls.append(paragraph(
                f"Moments: {tally.positive} positive · {tally.negative} negative · "
                f"{tally.ratio_label()}", muted=True))
        self.day_panel.controls = controls

    def select(self, day: date) -> None:
        own_updates()
        previous, self.selected = self.selected, day
        changed: list[ft.Control] = []
        for old_or_new in (previous, day):
            if old_or_new in self.picks:
                self.picks[old_or_new].bgcolor = (ft.Colors.SECONDARY_CONTAINER
                                                  if old_or_new == day else None)
                changed.append(self.picks[old_or_new])
        if first_of_month(day) != self.month:
            self.month = first_of_month(day)
            self._fill_month()
            self._fill_journal()
            changed += [self.month_title, self.next_month, self.grid, self.journal_title,
                        self.journal]
        else:
            for old_or_new in (previous, day):
                if old_or_new in self.cells:
                    self.cells[old_or_new].border = (ft.Border.all(2, ft.Colors.TERTIARY)
                                                     if old_or_new == day else None)
                    changed.append(self.cells[old_or_new])
        self._fill_day()
        changed.append(self.day_panel)
        refresh(*changed)

    def day_changed(self, record: DayRecord) -> None:
        """A change on the chosen day: update its cell, the summary and the journal."""
        self.lookup.forget(record.day)
        changed: list[ft.Control] = []
        cell = self.cells.get(record.day)
        if cell is not None:
            status = self.status_of(record.day)
            background, color = status_colors(status)
            if cell.bgcolor != background:
                cell.bgcolor = background
                if isinstance(cell.content, ft.Text):
                    cell.content.color = color
                changed.append(cell)
        self._fill_summary()
        changed.append(self.summary)
        if first_of_month(record.day) == self.month:
            self._fill_journal()
            changed.append(self.journal)
        refresh(*changed)

    # -- journal -------------------------------------------------------------------------
    def _fill_journal(self) -> None:
        labels = {item.id: item.note_label or item.label
                  for phase in self.ctx.program.phases for item in phase.checklist
                  if item.note_label}
        last = shift_month(self.month, 1) - timedelta(days=1)
        written = journal_entries(self.days.month(self.month),
                                  self.moments.between(self.month, last), labels,
                                  month=self.month)
        entries: list[ft.Control] = [
            ft.Column([
                ft.Text(f"{date_label(entry.day)} · {entry.label}",
                        theme_style=ft.TextThemeStyle.LABEL_LARGE,
                        color=ft.Colors.ON_SURFACE_VARIANT),
                ft.Text(entry.text, theme_style=ft.TextThemeStyle.BODY_LARGE),
            ], spacing=2)
            for entry in written]
        self.journal_title.value = f"Your journal, {month_label(self.month)}"
        if not entries:
            entries.append(paragraph("Nothing written down this month yet. The kind things "
                                     "you do and the things you appreciate will gather here.",
                                     muted=True))
        self.journal.controls = entries

    def build(self) -> list[ft.Control]:
        self._fill_summary()
        self._fill_month()
        self._fill_day()
        self._fill_journal()
        picker = ft.Row([self._pick(day) for day in recent_days(self.today)], spacing=0)
        return [
            card([self.summary], tinted=True),
            card([heading("The last seven days", level=3), centred(picker)], narrow=True),
            card(narrow=True, controls=[
                centred(ft.Column([
                    ft.Row([icon_action(Icons.CHEVRON_LEFT, "Previous month",
                                        lambda _e: self.show_month(-1)),
                            self.month_title, self.next_month]),
                    self.grid, self._legend(),
                ], spacing=8)),
            ]),
            self.day_panel,
            card([self.journal_title, self.journal]),
        ]
