"""A stand-in for ``ft.Page`` with just what the shell and the lock gate use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import flet as ft


@dataclass
class FakePage:
    route: str = "/today"
    width: float = 390
    platform: ft.PagePlatform = ft.PagePlatform.LINUX
    web: bool = True
    views: list[ft.View] = field(default_factory=list)
    title: str = ""
    theme: Any = None
    dark_theme: Any = None
    theme_mode: Any = None
    on_route_change: Any = None
    on_view_pop: Any = None
    on_resize: Any = None
    on_keyboard_event: Any = None
    on_app_lifecycle_state_change: Any = None
    on_disconnect: Any = None
    on_close: Any = None
    tasks: list[Any] = field(default_factory=list)
    dialogs: list[Any] = field(default_factory=list)
    updates: int = 0

    def update(self, *_controls: Any) -> None:
        self.updates += 1

    def run_task(self, handler, *args: Any) -> None:
        self.tasks.append((handler, args))

    async def push_route(self, route: str) -> None:  # pragma: no cover - recorded only
        self.route = route

    def go_to(self, route: str) -> None:
        """What the client does after push_route: set the route, fire the event."""
        self.route = route
        if self.on_route_change is not None:
            self.on_route_change(ft.RouteChangeEvent(name="route_change", control=None,
                                                     route=route))

    def show_dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog)

    def pop_dialog(self) -> Any:
        return self.dialogs.pop() if self.dialogs else None

    @property
    def top(self) -> ft.View:
        return self.views[-1]
