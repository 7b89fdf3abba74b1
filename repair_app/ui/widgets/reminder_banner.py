"""The in-app reminder banner of one window or tab (a ``core.reminders.BannerSink``)."""

from __future__ import annotations

import logging
from collections.abc import Callable

import flet as ft

from repair_app.core.reminders import ReminderMessage
from repair_app.ui.icons import Icons

log = logging.getLogger(__name__)


def banner_for(message: ReminderMessage, on_open, on_dismiss) -> ft.Banner:
    return ft.Banner(
        leading=ft.Icon(Icons.NOTIFICATIONS_ACTIVE_OUTLINED, color=ft.Colors.PRIMARY),
        content=ft.Column(
            [ft.Text(message.title, theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                     weight=ft.FontWeight.W_600),
             ft.Text(message.body, theme_style=ft.TextThemeStyle.BODY_LARGE)],
            spacing=2, tight=True,
        ),
        actions=[
            ft.TextButton("Open", on_click=on_open),
            ft.TextButton("Dismiss", on_click=on_dismiss),
        ],
    )


class ReminderBanner:
    """Shows reminders as a banner at the top of one page; "Open" goes to the right screen."""

    def __init__(self, page: ft.Page, go: Callable[[str], None]) -> None:
        self.page = page
        self.go = go
        self.current: ft.Banner | None = None

    def show_banner(self, message: ReminderMessage) -> bool:
        try:
            self._close_current()
            banner = banner_for(message, lambda _e: self._open(message.route),
                                lambda _e: self._close_current())
            self.current = banner
            self.page.show_dialog(banner)
        except Exception:  # the window is gone or closing
            log.info("couldn't show the reminder banner", exc_info=True)
            return False
        return True

    def _open(self, route: str) -> None:
        self._close_current()
        self.go(route)

    def _close_current(self) -> None:
        banner, self.current = self.current, None
        if banner is not None and banner.open:
            banner.open = False
            banner.update()
