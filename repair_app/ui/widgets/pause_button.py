"""The Pause button: one tap starts a pause (or opens the one running), from every screen
where a conflict can happen. While a pause runs it says so, "Pause · 18:26", ticking once a
second while it is on the page (one sleeping task, stopped when the button leaves)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import flet as ft

from repair_app.core.pause import pause_button_label, seconds_to_next_change
from repair_app.ui.pause_controller import PauseController

log = logging.getLogger(__name__)

TICK_MARGIN_SECONDS = 0.02


class PauseButton(ft.FloatingActionButton):
    """A floating action button that keeps its label in step with the running pause."""

    def did_mount(self) -> None:
        super().did_mount()
        hook = getattr(self, "_on_mount", None)
        if hook:
            hook()

    def will_unmount(self) -> None:
        hook = getattr(self, "_on_unmount", None)
        if hook:
            hook()
        super().will_unmount()


def remaining_now(controller: PauseController) -> float | None:
    """Seconds left in the running pause, by the monotonic anchor; None when none runs."""
    session, countdown = controller.sync()
    if session is None or not session.running or countdown is None:
        return None
    return countdown.remaining(controller.clock)


class PauseButtonTicker:
    """Builds the button and, while it is mounted and a pause runs, updates its label."""

    def __init__(self, controller: PauseController, on_click: Callable[[ft.Event], Any], *,
                 sleep: Callable[[float], Any] = asyncio.sleep) -> None:
        self.controller = controller
        self._sleep = sleep
        self._mounted = False
        self._future: Any = None
        self.button = PauseButton(content="Pause", icon=ft.Icons.SELF_IMPROVEMENT,
                                  on_click=on_click)
        self.button._on_mount = self.mounted
        self.button._on_unmount = self.unmounted
        self.show(remaining_now(controller))

    def show(self, remaining: float | None) -> bool:
        """Put the label for ``remaining`` on the button; True if a pause runs."""
        label = pause_button_label(remaining)
        self.button.content = label.text
        self.button.tooltip = label.spoken if label.running else None
        return label.running

    def mounted(self) -> None:
        self._mounted = True
        if remaining_now(self.controller) is None:
            return
        try:
            self._future = self.button.page.run_task(self.tick)
        except Exception:  # no loop (the page is closing): the label stays as built
            log.exception("couldn't start the Pause button's ticker")

    def unmounted(self) -> None:
        self._mounted = False
        future, self._future = self._future, None
        if future is not None:
            future.cancel()

    async def tick(self) -> None:
        while self._mounted:
            remaining = remaining_now(self.controller)
            running = self.show(remaining)
            try:
                self.button.update()
            except RuntimeError:  # taken off the page meanwhile
                return
            if not running or remaining is None:
                return
            await self._sleep(seconds_to_next_change(remaining) + TICK_MARGIN_SECONDS)
