"""Shared pieces for notifier tests: a recording notifier, an onboarded store, a live loop."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field

import pytest

from repair_app.core.reminders import ReminderMessage
from repair_app.core.settings import Settings
from repair_app.notify.base import NotifierUnavailable
from repair_app.store import DocumentRepository


@dataclass
class RecordingNotifier:
    name: str = "desktop"
    fail_with: BaseException | None = None
    shown: list[ReminderMessage] = field(default_factory=list)

    def deliver(self, message: ReminderMessage) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.shown.append(message)


@dataclass
class RecordingSink:
    alive: bool = True
    shown: list[ReminderMessage] = field(default_factory=list)

    def show_banner(self, message: ReminderMessage) -> bool:
        if self.alive:
            self.shown.append(message)
        return self.alive


def unavailable(reason: str = "no notification service is running on this desktop"):
    return RecordingNotifier(fail_with=NotifierUnavailable(reason))


def save_settings(store, **changes) -> Settings:
    settings = Settings(onboarded=True).with_changes(**changes)
    DocumentRepository(store, "settings").save(settings.to_document())
    return settings


@pytest.fixture
def background_loop():
    """An asyncio loop running in its own thread, like Flet's server loop."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield loop
    loop.call_soon_threadsafe(loop.stop)
    thread.join(timeout=5)
    loop.close()
