"""The 5:1 tally card: two large buttons, a few optional words, counts, ratio, undo."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import flet as ft

from repair_app.context import AppContext
from repair_app.core.day import NEGATIVE, POSITIVE, Moment
from repair_app.core.entry_text import MOMENT_NOTE_LIMIT, EntryError
from repair_app.core.tally import (
    TallyCounts,
    new_moment,
    one_more_kind_moment,
    summarise,
    week_window,
)
from repair_app.store import StoreWriteError
from repair_app.store.day_repository import MomentRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, card, paragraph
from repair_app.ui.widgets.live import own_updates, refresh

RULE_OF_THUMB = ("About five good moments to each hard one is a rule of thumb from research "
                 "on couples in conflict. It is not a score of your relationship.")
KIND_WORDS = {POSITIVE: "positive", NEGATIVE: "negative"}


def counts_line(label: str, counts: TallyCounts) -> str:
    if not counts.total:
        return f"{label}: nothing counted yet"
    return (f"{label}: {counts.positive} positive · {counts.negative} negative · "
            f"{counts.ratio_label()}")


class TallyCard:
    def __init__(self, ctx: AppContext, nav: Navigator, today: date,
                 moments: MomentRepository | None = None,
                 on_saved: Callable[[], None] | None = None) -> None:
        self.ctx = ctx
        self.on_saved = on_saved
        self.nav = nav
        self.today = today
        self.repository = moments or MomentRepository(ctx.store)
        first, _last = week_window(today)
        self.moments: list[Moment] = self.repository.between(first, today)
        self.note = ft.TextField(scroll_padding=FIELD_SCROLL_PADDING,
                                 label="A few words (optional)", max_lines=1, expand=True,
                                 error_max_lines=3,
                                 helper=f"Up to {MOMENT_NOTE_LIMIT} characters.")
        self.positive_button = ft.FilledButton(
            "Add positive moment", icon=Icons.ADD_CIRCLE_OUTLINE, height=56, expand=True,
            on_click=lambda _e: self.add(POSITIVE))
        self.negative_button = ft.FilledTonalButton(
            "Add negative moment", icon=Icons.REMOVE_CIRCLE_OUTLINE, height=56, expand=True,
            on_click=lambda _e: self.add(NEGATIVE))
        self.today_line = ft.Text(theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                                  weight=ft.FontWeight.W_600)
        #: What one more kind moment would do today (empty when nothing hard was counted).
        self.nudge_line = ft.Text("", theme_style=ft.TextThemeStyle.BODY_LARGE)
        self.week_line = ft.Text(theme_style=ft.TextThemeStyle.BODY_LARGE)
        self.undo_button = ft.TextButton("Undo last moment", icon=Icons.UNDO, height=48,
                                         on_click=self.undo)
        self._show_counts()
        self.control = card([
            ft.Text("Five to one", theme_style=ft.TextThemeStyle.TITLE_LARGE,
                    weight=ft.FontWeight.W_600),
            ft.Column([self.today_line, self.nudge_line], spacing=2, tight=True),
            self.week_line,
            ft.Row([self.note]),
            ft.ResponsiveRow([
                ft.Container(ft.Row([self.positive_button]), col={"xs": 12, "sm": 6}),
                ft.Container(ft.Row([self.negative_button]), col={"xs": 12, "sm": 6}),
            ], spacing=8, run_spacing=8),
            ft.Row([self.undo_button]),
            paragraph(RULE_OF_THUMB, muted=True),
        ])

    def _show_counts(self) -> list[ft.Control]:
        """Set the count lines and the undo button; return the controls that changed."""
        summary = summarise(self.moments, self.today)
        undo = summary.undoable
        undo_label = "Undo last moment" if undo is None else (
            f"Undo: {KIND_WORDS[undo.kind]} at "
            f"{undo.at.astimezone(self.ctx.clock.now().tzinfo):%H:%M}")
        changed = []
        for control, attribute, value in (
            (self.today_line, "value", counts_line("Today", summary.today)),
            (self.nudge_line, "value", one_more_kind_moment(summary.today) or ""),
            (self.week_line, "value", counts_line("Last 7 days", summary.week)),
            (self.undo_button, "content", undo_label),
            (self.undo_button, "disabled", undo is None),
        ):
            if getattr(control, attribute) != value:
                setattr(control, attribute, value)
                if control not in changed:
                    changed.append(control)
        return changed

    def add(self, kind: str) -> None:
        own_updates()
        try:
            moment = new_moment(kind, self.note.value or "", self.today, self.ctx.clock.now())
        except EntryError as error:
            self.note.error = str(error)
            refresh(self.note)
            return
        try:
            saved = self.repository.add(moment)
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self.moments.append(saved)
        changed = self._show_counts()
        if self.note.value or self.note.error:
            self.note.value, self.note.error = "", None
            changed.append(self.note)
        refresh(*changed)
        if self.on_saved is not None:
            self.on_saved()

    def undo(self, e: ft.Event | None = None) -> None:
        own_updates()
        undoable = summarise(self.moments, self.today).undoable
        if undoable is None:
            return
        try:
            removed = self.repository.remove(undoable)
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self.moments = [m for m in self.moments if m.key != undoable.key]
        refresh(*self._show_counts())
        if removed:
            self.nav.show_message(f"Removed the {KIND_WORDS[undoable.kind]} moment.")
        else:  # already gone (another window); the counts are right again now
            self.nav.show_message("That moment was already removed.")
