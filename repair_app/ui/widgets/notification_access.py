"""Notification permission on a phone: the gentle question before the OS dialog, and the
line in Settings → Reminders that says what is allowed (with a way to change it).

The rules are ``repair_app.core.notification_access``; on web and desktop there is no
question and no line (``AccessControl.notice()`` is None there).
"""

from __future__ import annotations

import flet as ft

from repair_app.core.notification_access import (
    ACTION_LABELS,
    ASK_LATER,
    ASK_TITLE,
    ASK_WHY,
    ASK_YES,
    AccessAction,
    AccessControl,
    AccessNotice,
    AccessStatus,
    AskMoment,
)
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import update_if_mounted


def offer_notifications(nav: Navigator, access: AccessControl | None, moment: AskMoment,
                        *, reminders_on: bool, answered=None,
                        on_route: str | None = None) -> ft.AlertDialog | None:
    """If the rules allow asking now, show one warm sentence first; the OS dialog comes
    only after "Allow notifications". ``answered(notice)`` is called after the answer.
    ``on_route``: show it once that screen is on (after a navigation)."""
    if access is None or not access.would_ask(moment, reminders_on=reminders_on):
        return None

    async def allow(_e: ft.Event) -> None:
        nav.close_dialog()
        notice = await access.ask(moment, reminders_on=reminders_on)
        if answered is not None:
            answered(notice)

    dialog = ft.AlertDialog(
        modal=True,
        icon=ft.Icon(Icons.NOTIFICATIONS_ACTIVE_OUTLINED, color=ft.Colors.PRIMARY),
        title=ft.Text(ASK_TITLE),
        content=ft.Text(ASK_WHY),
        actions=[ft.TextButton(ASK_LATER, on_click=lambda _e: nav.close_dialog(), height=48),
                 ft.FilledButton(ASK_YES, on_click=allow, height=48)],
        actions_alignment=ft.MainAxisAlignment.END,
    )
    if on_route is not None:
        nav.show_dialog_on(on_route, dialog)
    else:
        nav.show_dialog(dialog)
    return dialog


STATUS_ICONS = {
    AccessStatus.GRANTED: Icons.NOTIFICATIONS_ACTIVE_OUTLINED,
    AccessStatus.NOT_ASKED: Icons.NOTIFICATIONS_NONE_OUTLINED,
    AccessStatus.DENIED: Icons.NOTIFICATIONS_OFF_OUTLINED,
    AccessStatus.BLOCKED: Icons.NOTIFICATIONS_OFF_OUTLINED,
}


class AccessNoticeRow:
    """Settings → Reminders: "Notifications are on / off ..." and its buttons."""

    def __init__(self, access: AccessControl | None) -> None:
        self.access = access
        self.icon = ft.Icon(Icons.NOTIFICATIONS_NONE_OUTLINED, size=20)
        self.text = ft.Text("", theme_style=ft.TextThemeStyle.BODY_MEDIUM)
        self.buttons = ft.Row([], wrap=True, spacing=12, run_spacing=8)
        self.control = ft.Container(
            ft.Column([
                ft.Row([self.icon, ft.Container(self.text, expand=True)],
                       vertical_alignment=ft.CrossAxisAlignment.START, spacing=10),
                self.buttons,
            ], spacing=8, tight=True),
            bgcolor=ft.Colors.SURFACE_CONTAINER_HIGHEST, border_radius=12, padding=12,
            visible=False)
        self.show(access.notice() if access is not None else None)
        if access is not None:
            access.listeners.append(self.changed)

    def show(self, notice: AccessNotice | None) -> None:
        self.control.visible = notice is not None
        if notice is None:
            return
        self.icon.icon = STATUS_ICONS.get(notice.status, Icons.NOTIFICATIONS_NONE_OUTLINED)
        self.icon.color = (ft.Colors.PRIMARY if notice.status is AccessStatus.GRANTED
                           else ft.Colors.ON_SURFACE_VARIANT)
        self.text.value = notice.text
        self.buttons.controls = [self.button(action, first=i == 0)
                                 for i, action in enumerate(notice.actions)]
        self.buttons.visible = bool(notice.actions)

    def button(self, action: AccessAction, *, first: bool) -> ft.Control:
        async def act(_e: ft.Event) -> None:
            assert self.access is not None
            self.show(await self.access.act(action))

        kind = ft.FilledTonalButton if first else ft.OutlinedButton
        return kind(ACTION_LABELS[action], on_click=act, height=48)

    def changed(self) -> None:
        """The phone's answer changed (an answer, or back from its settings). Raises if
        this row is no longer on screen, so the listener list forgets it."""
        _ = self.control.page  # RuntimeError when not mounted
        if self.access is not None:
            self.show(self.access.notice())
        update_if_mounted(self.control)
