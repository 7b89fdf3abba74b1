"""Small wins: a field to add one (on Today and in the toolkit) and the log itself.

The rules (what a win may hold, how the log groups by week) are ``repair_app.core.wins``;
the wins are kept by ``repair_app.store.wins_repository``.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from repair_app.context import AppContext
from repair_app.core.clock import local_today
from repair_app.core.entry_text import EntryError
from repair_app.core.wins import WIN_EXAMPLES, WIN_LIMIT, Win, grouped_by_week, new_win
from repair_app.store import StoreWriteError
from repair_app.store.wins_repository import WinRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, card, icon_action, paragraph
from repair_app.ui.widgets.live import own_updates, refresh

FIELD_LABEL = "A small win"
ADD_LABEL = "Add win"
PAGE_SIZE = 20
CELEBRATE = ("Celebrate small improvements together, not only what still needs work. "
             "Each win here also starts your next weekly check-in.")


class WinEntry:
    """The field and button that add a win; ``on_added`` hears of each saved one."""

    def __init__(self, ctx: AppContext, nav: Navigator, on_added: Callable[[Win], None],
                 repository: WinRepository | None = None) -> None:
        self.ctx = ctx
        self.nav = nav
        self.on_added = on_added
        self.repository = repository or WinRepository(ctx.store)
        self.field = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label=FIELD_LABEL, multiline=True, min_lines=1, max_lines=4, error_max_lines=3,
            expand=True,
            hint_text=f"e.g. {WIN_EXAMPLES[0]}", helper=f"Up to {WIN_LIMIT} characters.",
            on_change=self.typed)
        self.button = ft.FilledTonalButton(ADD_LABEL, icon=Icons.CELEBRATION_OUTLINED,
                                           height=MIN_TAP, on_click=self.add)
        self.row = ft.Row([self.field])  # a Row, so the field takes the card's width
        self.controls: list[ft.Control] = [self.row, ft.Row([self.button], wrap=True)]

    def typed(self, _e: ft.Event | None = None) -> None:
        own_updates()
        if self.field.error and len(self.field.value or "") <= WIN_LIMIT:
            self.field.error = None
            refresh(self.field)

    def add(self, _e: ft.Event | None = None) -> Win | None:
        own_updates()
        try:
            win = new_win(self.field.value, self.ctx.clock.now())
        except EntryError as error:
            self.field.error = str(error)
            refresh(self.field)
            return None
        try:
            saved = self.repository.add(win)
        except StoreWriteError as error:
            self.nav.show_message(str(error))  # the words stay in the field
            return None
        self.field.value, self.field.error = "", None
        refresh(self.field)
        self.on_added(saved)
        return saved


class WinsLog:
    """The toolkit's wins card: add one, read them by week, remove one."""

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.repository = WinRepository(ctx.store)
        self.entry = WinEntry(ctx, nav, self.added, self.repository)
        self.wins, more = self.repository.recent(PAGE_SIZE)
        self.list = ft.Column(spacing=8, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.more_button = ft.TextButton("Show older wins", icon=Icons.EXPAND_MORE,
                                         height=MIN_TAP, on_click=self.show_more, visible=more)
        self._fill_list()
        self.control = card([
            ft.Row([ft.Icon(Icons.CELEBRATION_OUTLINED, color=ft.Colors.PRIMARY),
                    ft.Text("Small wins", theme_style=ft.TextThemeStyle.TITLE_LARGE,
                            weight=ft.FontWeight.W_600, expand=True)], spacing=10),
            paragraph(CELEBRATE, muted=True),
            *self.entry.controls,
            self.list,
            ft.Row([self.more_button]),
        ])

    def _fill_list(self) -> None:
        today = local_today(self.ctx.clock)
        controls: list[ft.Control] = []
        if not self.wins:
            controls.append(paragraph("No wins written down yet. The first small one counts.",
                                      muted=True))
        for week_heading, wins in grouped_by_week(self.wins, today):
            controls.append(ft.Text(week_heading, theme_style=ft.TextThemeStyle.LABEL_LARGE,
                                    color=ft.Colors.PRIMARY))
            controls += [self._win_row(win) for win in wins]
        self.list.controls = controls

    def _win_row(self, win: Win) -> ft.Control:
        return ft.Row([
            ft.Icon(Icons.STAR_OUTLINE, color=ft.Colors.TERTIARY, size=20),
            ft.Column([
                ft.Text(win.text, theme_style=ft.TextThemeStyle.BODY_LARGE),
                ft.Text(f"{win.day:%a} {win.day.day} {win.day:%b}",
                        theme_style=ft.TextThemeStyle.LABEL_MEDIUM,
                        color=ft.Colors.ON_SURFACE_VARIANT),
            ], spacing=2, expand=True),
            icon_action(Icons.DELETE_OUTLINE, f"Remove win: {win.text[:40]}",
                        lambda _e, w=win: self.remove(w)),
        ], vertical_alignment=ft.CrossAxisAlignment.START, spacing=10)

    def added(self, win: Win) -> None:
        self.wins = [win, *self.wins]
        self._fill_list()
        refresh(self.list)
        self.nav.show_message("Win saved. Well noticed.")

    def remove(self, win: Win) -> None:
        own_updates()
        try:
            removed = self.repository.remove(win)
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self.wins = [w for w in self.wins if w.key != win.key]
        self._fill_list()
        refresh(self.list)
        self.nav.show_message("Win removed." if removed else "That win was already removed.")

    def show_more(self, _e: ft.Event | None = None) -> None:
        own_updates()
        older, more = self.repository.recent(PAGE_SIZE, skip=len(self.wins))
        self.wins += older
        self.more_button.visible = more
        self._fill_list()
        refresh(self.list, self.more_button)
