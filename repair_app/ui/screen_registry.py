"""Screens by name, imported when first shown.

Importing every screen at start cost the first frame the modules of screens most starts
never open (Progress alone brings in ``flet_charts`` and its matplotlib chart module).
A :class:`LazyScreen` stands in for a screen class: calling it imports the screen's
module once, then builds the screen exactly as the class would.
"""

from __future__ import annotations

import importlib
import threading
from typing import Any

_SCREENS = "repair_app.ui.screens."


class LazyScreen:
    """A screen class named by module and attribute, imported on the first call."""

    def __init__(self, module: str, name: str) -> None:
        self.module = _SCREENS + module
        self.name = name
        self._class: type | None = None
        self._lock = threading.Lock()

    def resolve(self) -> type:
        if self._class is None:
            with self._lock:  # two windows may open the same screen at once
                if self._class is None:
                    self._class = getattr(importlib.import_module(self.module), self.name)
        return self._class

    @property
    def loaded(self) -> bool:
        return self._class is not None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"LazyScreen({self.module}.{self.name})"


BeforeYouSendScreen = LazyScreen("before_you_send", "BeforeYouSendScreen")
CheckinScreen = LazyScreen("checkin", "CheckinScreen")
CheckinHistoryScreen = LazyScreen("checkin_history", "CheckinHistoryScreen")
DraftScreen = LazyScreen("drafts", "DraftScreen")
DraftsScreen = LazyScreen("drafts", "DraftsScreen")
HistoryScreen = LazyScreen("history", "HistoryScreen")
PauseScreen = LazyScreen("pause", "PauseScreen")
PauseHistoryScreen = LazyScreen("pause_history", "PauseHistoryScreen")
PhaseDetailScreen = LazyScreen("phase_detail", "PhaseDetailScreen")
PhasesScreen = LazyScreen("phases", "PhasesScreen")
ProgressScreen = LazyScreen("progress", "ProgressScreen")
SettingsScreen = LazyScreen("settings", "SettingsScreen")
TodayScreen = LazyScreen("today", "TodayScreen")
WelcomeScreen = LazyScreen("welcome", "WelcomeScreen")

ALL_SCREENS = (BeforeYouSendScreen, CheckinScreen, CheckinHistoryScreen, DraftScreen,
               DraftsScreen, HistoryScreen, PauseScreen, PauseHistoryScreen,
               PhaseDetailScreen, PhasesScreen, ProgressScreen, SettingsScreen, TodayScreen,
               WelcomeScreen)
