"""Settings → App lock: passcode on/off, idle time, encryption (with a second confirmation
and an encrypted copy offered first), change passcode, lock now.

The rules are in ``core.app_lock``; the work (scrypt, re-writing the store) is done by
``LockService`` off the event loop while the section shows what is happening.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import flet as ft

from repair_app.context import AppContext
from repair_app.core.app_lock import (
    IDLE_CHOICES,
    PasscodeError,
    check_new_passcode,
    encryption_problem,
    idle_label,
)
from repair_app.core.biometric_unlock import (
    TURN_ON_REASON,
    BiometricOutcome,
    biometric_label,
    can_turn_on,
    message_when_turning_on,
)
from repair_app.store import StoreWriteError
from repair_app.store.encrypted_copy import build_encrypted_copy, copy_file_name
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import (
    FIELD_SCROLL_PADDING,
    card,
    heading,
    icon_line,
    named_dropdown,
    paragraph,
    reveal_toggle,
)

log = logging.getLogger(__name__)

SaveFile = Callable[[str, bytes], Awaitable[str | None]]

RULES = "At least 4 digits, or a passphrase of 6 characters or more."
ENCRYPT_RULES = "To encrypt, use at least 8 characters: a phrase is easiest to remember."


class AppLockSection:
    def __init__(self, ctx: AppContext, nav: Navigator, *, save_file: SaveFile | None = None,
                 ) -> None:
        self.ctx = ctx
        self.nav = nav
        self.lock = ctx.app_lock
        self.save_file = save_file or self._save_with_picker
        self.mode = "overview"
        self._return_to = "overview"
        self._pending: dict[str, Any] = {}
        self._picker: Any = None
        self.body = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.error = ft.Text("", color=ft.Colors.ERROR, visible=False)
        self.progress = ft.Row([ft.ProgressRing(width=20, height=20, stroke_width=2),
                                ft.Text("")], visible=False, spacing=12)
        self.buttons: dict[str, ft.Control] = {}
        self.fields: dict[str, ft.TextField] = {}
        self.biometric_switch: ft.Switch | None = None
        self.encrypt_choice = ft.Checkbox(label="Also encrypt my journal on this device")
        self.understood = ft.Checkbox(
            label="I understand: without my passphrase, my journal is lost for good.",
            on_change=self._understood_changed)
        self.idle_choice = ft.Dropdown(
            label="Lock after",
            options=[ft.DropdownOption(key=str(s), text=f"{idle_label(s)} without use")
                     for s in IDLE_CHOICES],
            on_select=self._idle_chosen,
        )

    # -- building ----------------------------------------------------------------------

    def controls(self) -> list[ft.Control]:
        """The section's card, or nothing when there is no app lock (commands, tests)."""
        if self.lock is None:
            return []
        self._render()
        return [card([heading("App lock", level=2), self.body])]

    def _render(self) -> None:
        self.buttons = {}
        self.fields = {}
        builder = getattr(self, f"_mode_{self.mode}")
        self.error.visible = bool(self.error.value)
        self.body.controls = [*builder(), self.error, self.progress]

    def _show(self, mode: str, error: str = "") -> None:
        self.mode = mode
        self.error.value = error
        self._render()
        _update(self.body)

    def _button(self, key: str, text: str, handler, *, icon=None, primary: bool = False,
                disabled: bool = False) -> ft.Control:
        kind = ft.FilledButton if primary else ft.OutlinedButton
        button = kind(text, icon=icon, on_click=handler, height=48, disabled=disabled)
        self.buttons[key] = button
        return button

    def _field(self, key: str, label: str, *, helper: str | None = None,
               digits: bool = False) -> ft.TextField:
        field = reveal_toggle(ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label=label, password=True, helper=helper, helper_max_lines=6, error_max_lines=6,
            autocorrect=False, enable_suggestions=False,
            keyboard_type=ft.KeyboardType.NUMBER if digits else ft.KeyboardType.TEXT))
        self.fields[key] = field
        return field

    def _current_field(self) -> ft.TextField:
        return self._field("current", "Current passcode", digits=self.lock.digits_only)

    @staticmethod
    def _actions(*controls: ft.Control) -> ft.Row:
        return ft.Row(list(controls), wrap=True, spacing=8, run_spacing=8)

    def _mode_overview(self) -> list[ft.Control]:
        lock = self.lock
        if not lock.enabled:
            return [
                paragraph("Off. Anyone who opens Repair on this device can read what you "
                          "wrote.", muted=True),
                self._actions(self._button("turn_on", "Turn on app lock", self._start_turn_on,
                                           icon=Icons.LOCK_OUTLINE, primary=True)),
            ]
        self.idle_choice.value = str(lock.idle_seconds)
        if lock.encrypted:
            state = icon_line(Icons.ENHANCED_ENCRYPTION_OUTLINED, "Encrypted on this device",
                              "Your journal and its backups can only be read with your "
                              "passphrase.", color=ft.Colors.PRIMARY)
            toggle = self._button("decrypt", "Stop encrypting", lambda _e: self._show("decrypt"),
                                  icon=Icons.NO_ENCRYPTION_OUTLINED)
        else:
            state = icon_line(Icons.INFO_OUTLINE, "Not encrypted",
                              "Someone who copies Repair's data folder could read your "
                              "journal. Encryption prevents that.")
            toggle = self._button("encrypt", "Encrypt my journal", lambda _e: self._show("encrypt"),
                                  icon=Icons.ENHANCED_ENCRYPTION_OUTLINED)
        return [
            paragraph(f"On. Repair asks for your passcode when it opens, when you leave it on "
                      f"a phone, and after {idle_label(lock.idle_seconds)} without use.",
                      muted=True),
            state,
            *self._biometric_controls(),
            named_dropdown(self.idle_choice, "Lock after"),
            self._actions(
                self._button("lock_now", "Lock now", self._lock_now, icon=Icons.LOCK,
                             primary=True),
                self._button("change", "Change passcode", lambda _e: self._show("change"),
                             icon=Icons.PASSWORD),
                toggle,
                self._button("copy", "Save an encrypted copy", self._start_copy,
                             icon=Icons.SAVE_ALT),
                self._button("turn_off", "Turn off app lock", lambda _e: self._show("turn_off"),
                             icon=Icons.LOCK_OPEN),
            ),
        ]

    def _biometric_controls(self) -> list[ft.Control]:
        """The fingerprint/face switch: only in the phone app (nothing on web/desktop)."""
        auth = self.ctx.biometrics
        if auth is None:
            return []
        lock = self.lock
        facts = auth.facts
        why_not = can_turn_on(facts, lock_on=lock.enabled, encrypted=lock.encrypted,
                              key_kept=self.ctx.key_keeper is not None)
        label = f"Unlock with {biometric_label(facts.enrolled)}"
        switch = ft.Switch(label=label, value=lock.biometric_on and why_not is None,
                           disabled=why_not is not None and not lock.biometric_on,
                           on_change=self._biometric_changed)
        self.biometric_switch = switch
        detail = why_not or ("Your passcode still opens Repair. Only the fingerprints or "
                             "faces set up on this phone work, not its PIN.")
        return [switch, paragraph(detail, muted=True)]

    async def _biometric_changed(self, e: Any = None) -> None:
        auth = self.ctx.biometrics
        switch = self.biometric_switch
        if auth is None or switch is None:
            return
        keeper = self.ctx.key_keeper
        if not switch.value:
            self.lock.set_biometric(False)
            if keeper is not None:
                await keeper.forget()
            self._done("Fingerprint and face unlock is off.")
            return
        outcome = await auth.authenticate(TURN_ON_REASON)  # the person, not just the phone
        if outcome is not BiometricOutcome.SUCCESS:
            switch.value = False
            self._say(message_when_turning_on(outcome))
            return
        kept = False
        if self.lock.encrypted:  # the key goes into the phone's keystore, or nothing changes
            text = self.lock.key_for_keeping()
            kept = text is not None and keeper is not None and await keeper.keep(text)
            if not kept:
                switch.value = False
                self._say("This phone couldn't keep your journal's key safely, so nothing "
                          "was changed. Your passphrase still opens it.")
                return
        try:
            self.lock.set_biometric(True, key_kept=kept)
        except StoreWriteError as error:
            switch.value = False
            self._say(str(error))
            return
        self._done(f"You can now open Repair with your {biometric_label(auth.facts.enrolled)}.")

    def _mode_turn_on(self) -> list[ft.Control]:
        self.idle_choice.value = str(self.lock.idle_seconds)
        return [
            paragraph("Choose a passcode. Repair never stores it, only a scrambled check "
                      "that can't be turned back into it.", muted=True),
            self._field("new", "New passcode", helper=RULES),
            self._field("again", "Repeat the new passcode"),
            named_dropdown(self.idle_choice, "Lock after"),
            self.encrypt_choice,
            paragraph("Encryption keeps your journal unreadable to anyone who copies its "
                      "files. " + ENCRYPT_RULES, muted=True),
            self._actions(self._button("submit", "Turn on", self._submit_turn_on,
                                       icon=Icons.LOCK_OUTLINE, primary=True),
                          self._button("cancel", "Cancel", self._cancel)),
        ]

    def _mode_confirm_encrypt(self) -> list[ft.Control]:
        self.understood.value = False
        return [
            ft.Container(
                ft.Column([
                    icon_line(Icons.WARNING_AMBER_ROUNDED, "Before you encrypt",
                              "If you forget your passphrase, your journal can't be opened "
                              "again: not by you, not by us, not by anyone. There is no reset.",
                              color=ft.Colors.ERROR),
                    paragraph("You can first save an encrypted copy of everything, with a "
                              "second passphrase you keep somewhere safe.", muted=True),
                    self._actions(self._button("copy", "Save an encrypted copy first",
                                               self._start_copy, icon=Icons.SAVE_ALT)),
                    self.understood,
                ], spacing=12),
                bgcolor=ft.Colors.ERROR_CONTAINER, border_radius=12, padding=16,
            ),
            self._actions(
                self._button("submit", "Encrypt my journal", self._submit_encrypt,
                             icon=Icons.ENHANCED_ENCRYPTION, primary=True, disabled=True),
                self._button("cancel", "Cancel", self._cancel)),
        ]

    def _mode_encrypt(self) -> list[ft.Control]:
        return [
            paragraph("Your passcode becomes the key. " + ENCRYPT_RULES, muted=True),
            self._current_field(),
            self._actions(self._button("submit", "Continue", self._submit_encrypt_passcode,
                                       primary=True),
                          self._button("cancel", "Cancel", self._cancel)),
        ]

    def _mode_decrypt(self) -> list[ft.Control]:
        return [
            paragraph("Your journal will be stored readable on this device again. The app "
                      "lock stays on.", muted=True),
            self._current_field(),
            self._actions(self._button("submit", "Stop encrypting", self._submit_decrypt,
                                       primary=True),
                          self._button("cancel", "Cancel", self._cancel)),
        ]

    def _mode_change(self) -> list[ft.Control]:
        rules = ENCRYPT_RULES if self.lock.encrypted else RULES
        return [
            self._current_field(),
            self._field("new", "New passcode", helper=rules),
            self._field("again", "Repeat the new passcode"),
            self._actions(self._button("submit", "Change passcode", self._submit_change,
                                       primary=True),
                          self._button("cancel", "Cancel", self._cancel)),
        ]

    def _mode_turn_off(self) -> list[ft.Control]:
        note = ("This also stops encryption: your journal will be stored readable again."
                if self.lock.encrypted else "Anyone who opens Repair will see your journal.")
        return [
            paragraph(note, muted=True),
            self._current_field(),
            self._actions(self._button("submit", "Turn off app lock", self._submit_turn_off,
                                       primary=True),
                          self._button("cancel", "Cancel", self._cancel)),
        ]

    def _mode_copy(self) -> list[ft.Control]:
        return [
            paragraph("One file holding everything you wrote, sealed with its own passphrase. "
                      "Keep the passphrase somewhere safe, apart from the file: without it the "
                      "copy can't be opened.", muted=True),
            self._field("new", "Passphrase for the copy",
                        helper="At least 8 characters. It can differ from your passcode."),
            self._field("again", "Repeat the copy's passphrase"),
            self._actions(self._button("submit", "Save the copy", self._submit_copy,
                                       icon=Icons.SAVE_ALT, primary=True),
                          self._button("cancel", "Back", self._cancel_copy)),
        ]

    # -- handlers ------------------------------------------------------------------------

    def _start_turn_on(self, _e: Any = None) -> None:
        self.encrypt_choice.value = False
        self._show("turn_on")

    def _cancel(self, _e: Any = None) -> None:
        self._pending = {}
        self._show("overview")

    def _start_copy(self, _e: Any = None) -> None:
        self._return_to = self.mode
        self._show("copy")

    def _cancel_copy(self, _e: Any = None) -> None:
        self._show(self._return_to)

    def _understood_changed(self, _e: Any = None) -> None:
        submit = self.buttons.get("submit")
        if submit is not None:
            submit.disabled = not self.understood.value

    def _idle_chosen(self, _e: Any = None) -> None:
        try:
            seconds = int(self.idle_choice.value or 0)
        except ValueError:
            return
        if seconds not in IDLE_CHOICES or not self.lock.enabled:
            return  # while turning the lock on, the choice is read on submit
        try:
            self.lock.set_idle(seconds)
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return
        self._show("overview")

    def _lock_now(self, _e: Any = None) -> None:
        self.lock.lock_everywhere()

    def _value(self, key: str) -> str:
        return self.fields[key].value or ""

    async def _submit_turn_on(self, _e: Any = None) -> None:
        try:
            passcode = check_new_passcode(self._value("new"), self._value("again"))
            if self.encrypt_choice.value and (problem := encryption_problem(passcode)):
                raise PasscodeError(problem)
        except PasscodeError as error:
            self._say(str(error))
            return
        idle = int(self.idle_choice.value or self.lock.idle_seconds)
        if self.encrypt_choice.value:
            self._pending = {"action": "turn_on", "passcode": passcode, "idle": idle}
            self._show("confirm_encrypt")
            return
        if await self._run("Turning the lock on…", self.lock.turn_on, passcode, passcode,
                           idle_seconds=idle, encrypt=False, store=self.ctx.store) is not None:
            self._done("App lock is on.")

    def _submit_encrypt_passcode(self, _e: Any = None) -> None:
        passcode = self._value("current")
        if not passcode:
            self._say("Enter your passcode.")
            return
        if problem := encryption_problem(passcode):
            self._say(problem + " Change your passcode first.")
            return
        self._pending = {"action": "encrypt", "passcode": passcode}
        self._show("confirm_encrypt")

    async def _submit_encrypt(self, _e: Any = None) -> None:
        if not self.understood.value:
            self._say("Please tick the box first.")
            return
        pending, self._pending = self._pending, {}
        label = "Encrypting your journal… Keep Repair open."
        if pending.get("action") == "turn_on":
            done = await self._run(label, self.lock.turn_on, pending["passcode"],
                                   pending["passcode"], idle_seconds=pending["idle"],
                                   encrypt=True, store=self.ctx.store)
            if done is not None:
                self._done("App lock is on and your journal is encrypted.")
            else:
                self.mode = "turn_on"
                self._render()
        elif pending.get("action") == "encrypt":
            result = await self._run(label, self.lock.set_encryption, pending["passcode"], True,
                                     self.ctx.store)
            if result is not None and result.ok:
                self._done("Your journal is encrypted.")
            elif result is not None:
                self._show("encrypt", result.message)
        else:
            self._show("overview")

    async def _submit_decrypt(self, _e: Any = None) -> None:
        result = await self._run("Decrypting…", self.lock.set_encryption,
                                 self._value("current"), False, self.ctx.store)
        self._after_attempt(result, "Your journal is no longer encrypted.")

    async def _submit_change(self, _e: Any = None) -> None:
        label = "Re-encrypting with the new passcode…" if self.lock.encrypted else "Changing…"
        result = await self._run(label, self.lock.change_passcode, self._value("current"),
                                 self._value("new"), self._value("again"), self.ctx.store)
        self._after_attempt(result, "Passcode changed.")

    async def _submit_turn_off(self, _e: Any = None) -> None:
        label = "Decrypting and turning the lock off…" if self.lock.encrypted else "Turning off…"
        result = await self._run(label, self.lock.turn_off, self._value("current"),
                                 self.ctx.store)
        self._after_attempt(result, "App lock is off.")

    async def _submit_copy(self, _e: Any = None) -> None:
        try:
            passphrase = check_new_passcode(self._value("new"), self._value("again"))
            if problem := encryption_problem(passphrase):
                raise PasscodeError(problem)
        except PasscodeError as error:
            self._say(str(error))
            return
        sealed = await self._run("Sealing the copy…", build_encrypted_copy, self.ctx.store,
                                 passphrase, off_loop=True)
        if sealed is None:
            return
        name = copy_file_name(self.ctx.clock.now())
        try:
            where = await self.save_file(name, sealed)
        except Exception as error:  # the platform's save dialog failed
            log.exception("saving the encrypted copy failed")
            self._say(f"The copy couldn't be saved: {error}")
            return
        self.nav.show_message(f"Saved {where}." if where else f"Your copy {name} was saved.")
        self._show(self._return_to)

    # -- running slow work -----------------------------------------------------------------

    async def _run(self, label: str, work: Callable[..., Any], *args: Any,
                   off_loop: bool = False, **kwargs: Any) -> Any:
        """Run ``work`` showing ``label``. None if it failed (and the user was told why).

        Changes to the lock may re-write every file of the store, so they run on the
        event loop, where every window's handlers run: no screen can read the store
        half-way through (about half a second; the progress ring keeps turning, it is
        animated by the client). ``off_loop`` work (sealing a copy) only reads, under
        the store's lock, and runs in a thread.
        """
        self._busy(label)
        await asyncio.sleep(0.05)  # let the progress reach the screen first
        try:
            if off_loop:
                return await asyncio.to_thread(work, *args, **kwargs)
            return work(*args, **kwargs)
        except PasscodeError as error:
            self._say(str(error))
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            self._say(str(error))
        except Exception as error:
            log.exception("app lock action failed")
            self._say(f"That didn't work ({error.__class__.__name__}: {error}). "
                      "Nothing was changed.")
        finally:
            self._busy(None)
        return None

    def _after_attempt(self, result: Any, success: str) -> None:
        if result is None:
            return
        if result.ok:
            self._done(success)
        else:
            self._say(result.message)

    def _done(self, message: str) -> None:
        self._pending = {}
        self._show("overview")
        self.nav.show_message(message)

    def _say(self, text: str) -> None:
        self.error.value = text
        self.error.visible = True
        _update(self.body)

    def _busy(self, label: str | None) -> None:
        self.progress.visible = label is not None
        self.progress.controls[1].value = label or ""
        for button in self.buttons.values():
            button.disabled = label is not None
        if label is None and self.mode == "confirm_encrypt" and "submit" in self.buttons:
            self.buttons["submit"].disabled = not self.understood.value
        if label is not None:
            self.error.value = ""
            self.error.visible = False
        _update(self.body)

    async def _save_with_picker(self, name: str, data: bytes) -> str | None:
        """The platform's save dialog (a download in a browser)."""
        self._picker = ft.FilePicker()
        try:
            return await self._picker.save_file(dialog_title="Save an encrypted copy",
                                                file_name=name, src_bytes=data)
        finally:
            self._picker = None


def _update(control: ft.Control) -> None:
    with contextlib.suppress(RuntimeError):  # not on a page (tests): nothing to push
        control.update()
