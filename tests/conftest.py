"""Shared fixtures: a fake clock, a real store in a temp folder, an AppContext, a fake navigator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import settings as hypothesis_settings

from repair_app.content import default_program
from repair_app.context import AppContext
from repair_app.core.clock import FakeClock
from repair_app.core.settings import Settings
from repair_app.store import Store

BERLIN = ZoneInfo("Europe/Berlin")

# The machine is shared and noisy: no per-example time limit (a timing assertion in disguise).
hypothesis_settings.register_profile("repair", deadline=None)
hypothesis_settings.load_profile("repair")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 9, 30, tzinfo=BERLIN))


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock):
    opened = Store.open(tmp_path / "data", clock)
    yield opened
    opened.close()


@pytest.fixture
def ctx(store, clock, tmp_path: Path) -> AppContext:
    return AppContext(store=store, clock=clock, program=default_program(),
                      data_dir=tmp_path / "data")


@pytest.fixture
def onboarded_ctx(ctx: AppContext) -> AppContext:
    ctx.save_settings(Settings(onboarded=True, program_start=date(2026, 11, 16),
                               morning_time=time(7, 45), code_word="pause"))
    return ctx


@dataclass
class RecordingNavigator:
    routes: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    refreshes: int = 0
    dialogs: list = field(default_factory=list)
    dialogs_on: list = field(default_factory=list)
    leaving: list = field(default_factory=list)

    def go(self, route: str) -> None:
        self.routes.append(route)

    def show_message(self, text: str) -> None:
        self.messages.append(text)

    def apply_theme(self, theme_name: str) -> None:
        self.themes.append(theme_name)

    def refresh(self) -> None:
        self.refreshes += 1

    def show_dialog(self, dialog) -> None:
        self.dialogs.append(dialog)

    def close_dialog(self) -> None:
        if self.dialogs:
            self.dialogs.pop()

    def show_dialog_on(self, route: str, dialog) -> None:
        self.dialogs_on.append(route)
        self.dialogs.append(dialog)

    def before_leaving(self, save) -> None:
        self.leaving.append(save)

    def leave(self) -> None:
        """What the shell does before it builds the next screen."""
        saves, self.leaving = self.leaving, []
        for save in saves:
            save()


@pytest.fixture
def nav() -> RecordingNavigator:
    return RecordingNavigator()
