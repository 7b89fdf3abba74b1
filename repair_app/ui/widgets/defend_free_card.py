"""Days without defending: "Day N of 14", a bar, and a kind word. Phase 1's practice."""

from __future__ import annotations

from datetime import date

import flet as ft

from repair_app.core.checklist import DEFEND_FREE_GOAL, DEFEND_FREE_ITEM, DEFEND_FREE_LOOKBACK
from repair_app.core.day import DayRecord
from repair_app.core.streaks import Run, current_run, defend_free_message
from repair_app.store.day_repository import DayLookup
from repair_app.ui.day_editor import DayEditor
from repair_app.ui.widgets.common import card
from repair_app.ui.widgets.live import refresh


class DefendFreeCard:
    def __init__(self, editor: DayEditor, lookup: DayLookup, start: date) -> None:
        self.editor = editor
        self.lookup = lookup
        self.start = start
        run = self.run(editor.record)
        self.count = ft.Text(self._label(run), theme_style=ft.TextThemeStyle.HEADLINE_SMALL,
                             weight=ft.FontWeight.W_600)
        self.bar = ft.ProgressBar(value=self._progress(run), height=8, border_radius=4)
        # One stop that says "Day 3 of 14": the bar alone read "out of 14 21" (a percentage).
        self.spoken = ft.Semantics(label=self._label(run), exclude_semantics=True,
                                   container=True,
                                   content=ft.Column([self.count, self.bar], spacing=10))
        self.message = ft.Text(defend_free_message(run, DEFEND_FREE_GOAL),
                               theme_style=ft.TextThemeStyle.BODY_LARGE)
        self.control = card([
            ft.Text("Days without defending", theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            self.spoken, self.message,
        ])
        editor.listen(self.record_changed)

    def run(self, record: DayRecord) -> Run:
        today = self.editor.day

        def done(day: date) -> bool:
            if day == today:
                return record.checked(DEFEND_FREE_ITEM)
            saved = self.lookup.get(day)
            return saved is not None and saved.checked(DEFEND_FREE_ITEM)

        return current_run(done, today, since=self.start, limit=DEFEND_FREE_LOOKBACK)

    @staticmethod
    def _label(run: Run) -> str:
        return run.label(DEFEND_FREE_GOAL)

    @staticmethod
    def _progress(run: Run) -> float:
        return min(1.0, run.count / DEFEND_FREE_GOAL)

    def record_changed(self, record: DayRecord) -> None:
        run = self.run(record)
        changed = []
        for control, attribute, value in (
            (self.count, "value", self._label(run)),
            (self.spoken, "label", self._label(run)),
            (self.bar, "value", self._progress(run)),
            (self.message, "value", defend_free_message(run, DEFEND_FREE_GOAL)),
        ):
            if getattr(control, attribute) != value:
                setattr(control, attribute, value)
                changed.append(control)
        refresh(*changed)
