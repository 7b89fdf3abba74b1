"""The lock screen: the passcode, and (when the pause feature is connected) a Pause button.

It shows no journal text, no settings and no names: only what anyone could see on the
device anyway. On a phone with a fingerprint or face set up (and that option on in
Settings) it also offers "Unlock with fingerprint/face"; the passcode stays.
The screen forwards to its gate (``ui.lock_gate.LockGate``), which checks
the passcode off the event loop and opens the app.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from typing import Protocol

import flet as ft

from repair_app.ui.icons import Icons
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, heading, paragraph, reveal_toggle
from repair_app.ui.widgets.pause_button import running_pause_line

#: The responsive width of the lock screen's column.
LOCK_COLUMNS = {"xs": 12, "sm": 9, "md": 6, "lg": 4}


class LockGateLike(Protocol):
    digits_only: bool
    start_pause: Callable[[], None] | None
    #: "Unlock with fingerprint" etc., or None when not offered (web, desktop, off).
    biometric_label: str | None

    def pause_left(self) -> float | None: ...

    def submit_passcode(self, passcode: str) -> Awaitable[str | None]: ...

    def unlock_with_biometrics(self) -> Awaitable[str | None]: ...

    def touch(self) -> None: ...


class LockScreen:
    title = "Repair"

    def __init__(self, gate: LockGateLike, *, notice: str | None = None,
                 autofocus: bool = True) -> None:
        self.gate = gate
        self.passcode = reveal_toggle(ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label="Passcode",
            password=True,
            autofocus=autofocus,
            keyboard_type=ft.KeyboardType.NUMBER if gate.digits_only else ft.KeyboardType.TEXT,
            on_submit=self.unlock,
            on_change=self._typed,
            autocorrect=False,
            enable_suggestions=False,
        ))
        self.message = ft.Text(notice or "", color=ft.Colors.ERROR, visible=bool(notice),
                               theme_style=ft.TextThemeStyle.BODY_LARGE)
        self.progress = ft.ProgressRing(width=20, height=20, stroke_width=2, visible=False)
        self.unlock_button = ft.FilledButton("Unlock", icon=Icons.LOCK_OPEN, height=48,
                                             on_click=self.unlock)
        self.biometric_button = ft.OutlinedButton(
            "Unlock with fingerprint", icon=Icons.FINGERPRINT, height=48,
            on_click=self.unlock_with_biometrics, visible=False)
        self.show_biometric(gate.biometric_label, push=False)
        self.pause_button: ft.Control | None = None
        #: A pause already running: its time left and the way back, instead of "Pause".
        self.running = gate.start_pause is not None and gate.pause_left() is not None
        if self.running:
            self.pause_button = ft.FilledButton(
                "Return to your pause", icon=Icons.SELF_IMPROVEMENT, height=48,
                on_click=self.pause, tooltip="Back to your pause. No passcode needed.")
        elif gate.start_pause is not None:
            self.pause_button = ft.OutlinedButton(
                "Pause", icon=Icons.PAUSE_CIRCLE_OUTLINE, height=48, on_click=self.pause,
                tooltip="Start a pause now. No passcode needed.",
            )
        self.column = ft.Column(self._controls(), spacing=16,
                                horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    def _controls(self) -> list[ft.Control]:
        controls: list[ft.Control] = [
            ft.Icon(Icons.LOCK_OUTLINE, size=48, color=ft.Colors.PRIMARY),
            _centred(heading("Repair is locked")),
            _centred(paragraph("Enter your passcode to open it.", muted=True)),
            self.passcode,
            _centred(self.message),
            ft.Row([self.unlock_button, self.progress], alignment=ft.MainAxisAlignment.CENTER,
                   vertical_alignment=ft.CrossAxisAlignment.CENTER, spacing=16),
            ft.Row([self.biometric_button], alignment=ft.MainAxisAlignment.CENTER),
        ]
        if self.running and self.pause_button is not None:
            controls += [
                ft.Divider(height=24),
                running_pause_line(self.gate.pause_left),
                _centred(paragraph("It's still running. Going back to it doesn't need the "
                                   "passcode.", muted=True)),
                ft.Row([self.pause_button], alignment=ft.MainAxisAlignment.CENTER),
            ]
        elif self.pause_button is not None:
            controls += [
                ft.Divider(height=24),
                _centred(paragraph("Need a break from a hard talk? Start a pause: it doesn't "
                                   "need the passcode.", muted=True)),
                ft.Row([self.pause_button], alignment=ft.MainAxisAlignment.CENTER),
            ]
        return controls

    def build(self) -> list[ft.Control]:
        return [self.column]

    def view(self, route: str) -> ft.View:
        """A view of its own that cannot be popped (back does not get past the lock)."""
        return ft.View(
            route=route,
            can_pop=False,
            padding=0,
            vertical_alignment=ft.MainAxisAlignment.CENTER,
            scroll=ft.ScrollMode.AUTO,
            controls=[ft.ResponsiveRow(
                [ft.Container(self.column, col=LOCK_COLUMNS, padding=24)],
                alignment=ft.MainAxisAlignment.CENTER,
            )],
        )

    # -- handlers ----------------------------------------------------------------------

    def _typed(self, _e: ft.Event | None = None) -> None:
        self.gate.touch()

    async def unlock(self, _e: ft.Event | None = None) -> None:
        passcode = self.passcode.value or ""
        if not passcode:
            self._say("Enter your passcode.")
            return
        self._busy(True)
        try:
            problem = await self.gate.submit_passcode(passcode)
        finally:
            self._busy(False)
        if problem:
            self.passcode.value = ""
            self._say(problem)

    def show_biometric(self, label: str | None, *, push: bool = True) -> None:
        """Show the fingerprint/face button (``label``) or hide it (None)."""
        self.biometric_button.visible = label is not None
        if label is not None:
            self.biometric_button.content = label
            self.biometric_button.icon = (Icons.FACE_OUTLINED if label.endswith(" face")
                                          else Icons.FINGERPRINT)
        if push:
            _update(self.biometric_button)

    async def unlock_with_biometrics(self, _e: ft.Event | None = None) -> None:
        self._busy(True)
        try:
            problem = await self.gate.unlock_with_biometrics()
        finally:
            self._busy(False)
        if problem:
            self._say(problem)

    def pause(self, _e: ft.Event | None = None) -> None:
        if self.gate.start_pause is not None:
            self.gate.start_pause()

    # -- helpers -----------------------------------------------------------------------

    def _say(self, text: str) -> None:
        self.message.value = text
        self.message.visible = True
        # An explicit update() earlier in a handler turns Flet's automatic one off.
        _update(self.column)

    def _busy(self, busy: bool) -> None:
        self.unlock_button.disabled = busy
        self.biometric_button.disabled = busy
        self.passcode.disabled = busy
        self.progress.visible = busy
        if busy:
            self.message.visible = False
        _update(self.column)


def _centred(text: ft.Text) -> ft.Text:
    text.text_align = ft.TextAlign.CENTER
    return text


def _update(control: ft.Control) -> None:
    """Push a change mid-handler when on a page (no-op in tests without a page)."""
    with contextlib.suppress(RuntimeError):  # not on a page (tests): nothing to push
        control.update()
