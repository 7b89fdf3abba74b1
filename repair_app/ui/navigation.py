"""The navigation destinations and the small interface screens use to move and speak."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import flet as ft

from repair_app.ui.icons import Icons


@dataclass(frozen=True)
class Destination:
    label: str
    route: str
    icon: ft.IconData
    selected_icon: ft.IconData


DESTINATIONS: tuple[Destination, ...] = (
    Destination("Today", "/today", Icons.WB_SUNNY_OUTLINED, Icons.WB_SUNNY),
    Destination("Message", "/send-check", Icons.RATE_REVIEW_OUTLINED, Icons.RATE_REVIEW),
    Destination("Phases", "/phases", Icons.MAP_OUTLINED, Icons.MAP),
    Destination("Progress", "/progress", Icons.INSIGHTS_OUTLINED, Icons.INSIGHTS),
    Destination("Settings", "/settings", Icons.SETTINGS_OUTLINED, Icons.SETTINGS),
)


def destination_index(route: str) -> int:
    for index, destination in enumerate(DESTINATIONS):
        if destination.route == route:
            return index
    return 0


class Navigator(Protocol):
    """What a screen may ask of the shell. Tests pass a recording fake."""

    def go(self, route: str) -> None: ...

    def show_message(self, text: str) -> None: ...

    def apply_theme(self, theme_name: str) -> None: ...

    def refresh(self) -> None: ...

    def show_dialog(self, dialog: ft.DialogControl) -> None: ...

    def close_dialog(self) -> None: ...

    def show_dialog_on(self, route: str, dialog: ft.DialogControl) -> None:
        """Show ``dialog`` once ``route`` is on screen (a dialog opened just before a
        navigation would leave with the page it was opened on)."""
        ...

    def before_leaving(self, save: Callable[[], object]) -> None:
        """Call ``save`` before the next screen is built (a tab switch, the Pause button,
        the lock): what was typed in the last moment is kept."""
        ...
