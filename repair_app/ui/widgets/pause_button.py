"""The Pause button, and the running pause's time left wherever it is shown off the pause
screen (the button's "Pause · 18:26", the lock screen's "Your pause · 18:26 left").

One tap on the button starts a pause (or opens the one running), from every screen where a
conflict can happen. A :class:`PauseTicker` keeps a label in step: one sleeping task while
its control is on the page and a pause runs, woken when the shown second changes, stopped
when the control leaves the page or the pause ends."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

import flet as ft

from repair_app.core.pause import format_remaining, pause_button_label, seconds_to_next_change
from repair_app.ui.icons import Icons
from repair_app.ui.pause_controller import PauseController

log = logging.getLogger(__name__)

TICK_MARGIN_SECONDS = 0.02
Remaining = Callable[[], "float | None"]


class MountHooks:
    """Tells its owner when the control is put on or taken off the page."""

    def did_mount(self) -> None:
        super().did_mount()  # type: ignore[misc]
        hook = getattr(self, "_on_mount", None)
        if hook:
            hook()

    def will_unmount(self) -> None:
        hook = getattr(self, "_on_unmount", None)
        if hook:
            hook()
        super().will_unmount()  # type: ignore[misc]


class PauseButton(MountHooks, ft.FloatingActionButton):
    """The floating Pause button."""


class PauseLine(MountHooks, ft.Text):
    """A line of text that shows the running pause's time left."""


def remaining_now(controller: PauseController) -> float | None:
    """Seconds left in the running pause, by the monotonic anchor; None when none runs."""
    session, countdown = controller.sync()
    if session is None or not session.running or countdown is None:
        return None
    left = countdown.remaining(controller.clock)
    return left if left > 0 else None


class PauseTicker:
    """Repaints ``host`` once a second while it is mounted and ``remaining()`` is a time."""

    def __init__(self, host: Any, remaining: Remaining, paint: Callable[[float | None], None],
                 *, sleep: Callable[[float], Any] = asyncio.sleep) -> None:
        self.host = host
        self.remaining = remaining
        self.paint = paint
        self._sleep = sleep
        self._mounted = False
        self._future: Any = None
        host._on_mount = self.mounted
        host._on_unmount = self.unmounted
        paint(remaining())

    def mounted(self) -> None:
        self._mounted = True
        if self.remaining() is None:
            return
        try:
            self._future = self.host.page.run_task(self.tick)
        except Exception:  # no loop (the page is closing): the label stays as built
            log.exception("couldn't start the pause label's ticker")

    def unmounted(self) -> None:
        self._mounted = False
        future, self._future = self._future, None
        if future is not None:
            future.cancel()

    async def tick(self) -> None:
        while self._mounted:
            left = self.remaining()
            self.paint(left)
            try:
                self.host.update()
            except RuntimeError:  # taken off the page meanwhile
                return
            if left is None:
                return
            await self._sleep(seconds_to_next_change(left) + TICK_MARGIN_SECONDS)


def pause_button(controller: PauseController, on_click: Callable[[ft.Event], Any]) -> PauseButton:
    """The Pause button: "Pause", or "Pause · 18:26" while a pause runs."""
    button = PauseButton(content="Pause", icon=Icons.SELF_IMPROVEMENT, on_click=on_click)

    def paint(left: float | None) -> None:
        label = pause_button_label(left)
        button.content = label.text
        button.tooltip = label.spoken if label.running else None

    button._ticker = PauseTicker(button, lambda: remaining_now(controller), paint)
    return button


def running_pause_line(remaining: Remaining) -> PauseLine:
    """ "Your pause · 18:26 left", ticking (for the lock screen)."""
    line = PauseLine(theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                     text_align=ft.TextAlign.CENTER)

    def paint(left: float | None) -> None:
        line.value = (f"Your pause · {format_remaining(left)} left" if left is not None
                      else "Your pause is over")

    line._ticker = PauseTicker(line, remaining, paint)
    return line
