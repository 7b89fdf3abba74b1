"""The app lock for one process: its settings, the wrong-try back-off, and the key.

Rules come from ``core.app_lock``; files from ``store.device_file`` (readable while
locked) and ``store.encryption_switch`` (re-writing the store). Every method that runs
scrypt or re-writes the store is slow (about half a second for scrypt, a fraction of a
second more per re-write): the lock screen checks passcodes in a thread; Settings runs
changes on the event loop so no window reads the store while its files are re-written.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from repair_app.core.app_lock import (
    DEFAULT_PARAMS,
    SALT_BYTES,
    Backoff,
    LockConfig,
    PasscodeError,
    PasscodeSecrets,
    ScryptParams,
    check_new_passcode,
    derive_secrets,
    encryption_problem,
    same_secret,
    wait_message,
)
from repair_app.core.biometric_unlock import kept_key_text, parse_kept_key
from repair_app.core.clock import Clock
from repair_app.store import Codec, IdentityCodec, Store, StoreCorruptError
from repair_app.store.crypto_codec import AesGcmCodec, EncryptionHeader, read_header
from repair_app.store.device_file import DeviceFile
from repair_app.store.encryption_switch import (
    finish_interrupted_switch,
    store_is_encrypted,
    switch_codec,
)

WRONG = "That's not the passcode."
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Attempt:
    """The outcome of one passcode try. ``secrets`` only when it was right."""

    ok: bool
    message: str = ""
    wait_seconds: float = 0.0
    secrets: PasscodeSecrets | None = None


class LockService:
    def __init__(self, data_dir: Path | str, clock: Clock, *,
                 params: ScryptParams = DEFAULT_PARAMS,
                 random_bytes: Callable[[int], bytes] = os.urandom) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.device = DeviceFile(self.data_dir)
        self.params = params
        self._random = random_bytes
        self._guard = threading.RLock()
        self._codec: AesGcmCodec | None = None
        self._secrets: PasscodeSecrets | None = None  # of the encrypted store, once unlocked
        self._failure_mono: float | None = None
        #: The back-off as this process last knew it: it holds even when device.json
        #: can't be written (a full disk must not turn the wait off).
        self._held_backoff = Backoff()
        self.notices: list[str] = []
        #: Called with "changed" (settings changed) or "lock" (lock every window now),
        #: possibly from a worker thread. Each open window's lock gate listens.
        self.listeners: list[Callable[[str], None]] = []
        #: Set when the lock must stay on (served to the network with --host).
        self.keep_on_reason: str | None = None
        self.config = LockConfig()
        self.disk_header: EncryptionHeader | None = None
        #: "Unlock with fingerprint or face" is turned on (device.json "biometric").
        self.biometric_on = False
        self.reload()

    @classmethod
    def open(cls, data_dir: Path | str, clock: Clock, **kwargs: Any) -> LockService:
        """Finish a switch a crash interrupted, then read the lock settings."""
        finish_interrupted_switch(data_dir)
        return cls(data_dir, clock, **kwargs)

    # -- state -------------------------------------------------------------------------

    def reload(self) -> None:
        with self._guard:
            try:
                document = self.device.read()
            except ValueError:
                kept = self.device.move_damaged_aside(self.clock)
                self.notices.append(
                    f"Repair's lock settings file was damaged and was kept as {kept}. "
                    "If you had turned on the app lock, please turn it on again.")
                document = {}
            head = store_is_encrypted(self.data_dir)
            self.disk_header = read_header(head) if head else None
            try:
                self.config = LockConfig.from_document(document.get("lock"))
            except (ValueError, KeyError, TypeError) as error:
                if self.disk_header is None:
                    raise StoreCorruptError(
                        f"Repair can't read its lock settings in {self.device.path} "
                        f"({error}). Nothing was changed. If your data is not encrypted, "
                        "moving that file away turns the lock off.") from error
                # The data's own header still says how to check the passcode.
                self.config = LockConfig()
                self.notices.append(
                    f"Repair's lock settings couldn't be read ({error}). Your journal is "
                    "encrypted, so your passcode still opens it, and the settings were "
                    "rebuilt when you unlocked.")
            biometric = document.get("biometric")
            self.biometric_on = (self.enabled and isinstance(biometric, dict)
                                 and biometric.get("on") is True)
            #: The encrypted journal's key is kept in the phone's keystore for it.
            self.biometric_key_kept = (self.biometric_on and self.encrypted
                                       and biometric.get("key_kept") is True)

    @property
    def enabled(self) -> bool:
        """Whether the app asks for a passcode (encrypted data always does)."""
        return self.config.enabled or self.encrypted

    @property
    def encrypted(self) -> bool:
        """Whether the journal is encrypted: the lock settings say so, *or* any file of
        the store (live or backup) is. Never decided by one file alone."""
        return self.disk_header is not None or (self.config.enabled and self.config.encrypted)

    @property
    def needs_key(self) -> bool:
        """Encrypted and not unlocked yet in this process: the store cannot be opened."""
        return self.encrypted and self._codec is None

    @property
    def codec(self) -> Codec:
        """The codec to open the store with (plain until unlocked, when encrypted)."""
        return self._codec if self._codec is not None else IdentityCodec()

    @property
    def idle_seconds(self) -> int:
        return self.config.idle_seconds

    @property
    def digits_only(self) -> bool:
        return self.config.enabled and self.config.digits_only

    def backoff(self) -> Backoff:
        """The stricter of the saved back-off and the one held in memory."""
        try:
            stored = Backoff.from_document(self.device.section("backoff"))
        except (OSError, ValueError):
            stored = Backoff()
        held = self._held_backoff
        if held.failures > stored.failures:
            stored = held
        return stored.clamped(self.clock.now())

    def wait_seconds(self) -> float:
        backoff = replace(self.backoff(), mono_at=self._failure_mono)
        return backoff.wait_seconds(self.clock.now(), self.clock.monotonic())

    # -- trying a passcode --------------------------------------------------------------

    def attempt(self, passcode: str) -> Attempt:
        """Check a passcode, counting wrong tries (slow: runs scrypt)."""
        with self._guard:
            wait = self.wait_seconds()
            if wait > 0:
                return Attempt(False, wait_message(wait), wait)
            secrets = self._check(passcode)
            if secrets is None:
                now, mono = self.clock.now(), self.clock.monotonic()
                failed = self.backoff().after_failure(now, mono)
                self._held_backoff = failed
                self._failure_mono = mono
                wait = failed.wait_seconds(now, mono)
                message = WRONG if wait == 0 else f"{WRONG} {wait_message(wait)}"
                try:
                    self.device.save_section("backoff", failed.to_document())
                except OSError as error:
                    log.warning("could not save the wrong-try count: %s", error)
                    message += (" Repair couldn't save this try to disk, so it counts only "
                                "until Repair is closed.")
                return Attempt(False, message, wait)
            self._held_backoff = Backoff()
            if self.backoff().failures:
                try:
                    self.device.save_section("backoff", Backoff().to_document())
                except OSError:  # the next start may ask to wait once more: never less
                    log.warning("could not reset the wrong-try count", exc_info=True)
            self._failure_mono = None
            return Attempt(True, secrets=secrets)

    def unlock(self, passcode: str) -> Attempt:
        """Try to unlock; when the data is encrypted, keep the key for opening the store."""
        result = self.attempt(passcode)
        if result.ok and result.secrets is not None:
            with self._guard:
                if self.encrypted and self._codec is None:
                    header = self.disk_header
                    salt, params = ((header.salt, header.params) if header is not None
                                    else (self.config.salt, self.config.params))
                    self._codec = AesGcmCodec(result.secrets, salt, params)
                if self.encrypted:
                    self._secrets = result.secrets
                if self.disk_header is not None and not self.config.enabled:
                    # device.json was lost: rebuild the lock settings from the data itself
                    header = self.disk_header
                    assert header is not None
                    self._save_config(LockConfig(
                        enabled=True, encrypted=True, salt=header.salt, params=header.params,
                        verifier=result.secrets.verifier,
                        digits_only=passcode.isascii() and passcode.isdecimal()))
        return result

    def _check(self, passcode: str) -> PasscodeSecrets | None:
        if self.config.enabled:
            secrets = self.config.check(passcode)
            if secrets is None:
                return None
            if self.disk_header is not None and not same_secret(secrets.key_id,
                                                                self.disk_header.key_id):
                return None  # settings and data disagree: the data decides
            return secrets
        if self.disk_header is not None:
            header = self.disk_header
            secrets = derive_secrets(passcode, header.salt, header.params)
            return secrets if same_secret(secrets.key_id, header.key_id) else None
        return None

    def unlock_trusted(self) -> Attempt:
        """The phone confirmed the person's fingerprint or face: open without the passcode.
        An encrypted journal whose key this process doesn't hold yet still needs the
        passcode (the key comes from it)."""
        with self._guard:
            if not self.biometric_on:
                return Attempt(False, "Use your passcode.")
            if self.needs_key:
                return Attempt(False, "Use your passcode: your journal is encrypted with it.")
            if self.backoff().failures:
                self.device.save_section("backoff", Backoff().to_document())
            self._failure_mono = None
            return Attempt(True)

    def key_for_keeping(self) -> str | None:
        """The encrypted journal's key, to keep in the phone's keystore so a fingerprint
        or face can open it (None when not encrypted or not unlocked with it yet)."""
        with self._guard:
            secrets = self._secrets
            if not self.encrypted or secrets is None:
                return None
            return kept_key_text(secrets.store_key, secrets.key_id)

    def unlock_with_kept_key(self, text: str | None) -> Attempt:
        """After a fingerprint/face: open an encrypted journal with the key the keystore
        kept. A missing, damaged or stale key (the passphrase changed since) is refused."""
        with self._guard:
            if not self.biometric_on:
                return Attempt(False, "Use your passcode.")
            if not self.needs_key:
                return self.unlock_trusted()
            parsed = parse_kept_key(text)
            header = self.disk_header
            assert header is not None
            if parsed is None or not same_secret(parsed[1], header.key_id):
                return Attempt(False, "Use your passphrase this time: the key kept on this "
                                      "phone doesn't open your journal any more.")
            secrets = PasscodeSecrets(verifier=b"", store_key=parsed[0], key_id=parsed[1])
            self._codec = AesGcmCodec(secrets, header.salt, header.params)
            self._secrets = secrets
            self._failure_mono = None
            return Attempt(True)

    def set_biometric(self, on: bool, *, key_kept: bool = False) -> None:
        """Turn "Unlock with fingerprint or face" on or off (only with the lock on);
        ``key_kept``: the encrypted journal's key is now in the phone's keystore."""
        with self._guard:
            on = bool(on and self.enabled)
            self.device.save_section("biometric", {"on": on, "key_kept": on and key_kept})
            self.reload()
            self._notify("changed")

    # -- changing the lock (from Settings, unlocked) ---------------------------------------

    def turn_on(self, passcode: str, again: str, *, idle_seconds: int, encrypt: bool,
                store: Store) -> bool:
        """Set a passcode (PasscodeError if unusable); with ``encrypt``, encrypt the store.
        Returns True (the lock is on)."""
        with self._guard:
            passcode = check_new_passcode(passcode, again)
            if encrypt and (problem := encryption_problem(passcode)):
                raise PasscodeError(problem)
            base = replace(self.config, idle_seconds=idle_seconds)
            config, secrets = base.with_passcode(passcode, self._random(SALT_BYTES), self.params)
            self.device.save_section("backoff", Backoff().to_document())
            if encrypt:
                self._switch(store, replace(config, encrypted=True), secrets)
            else:
                self._save_config(config)
            return True

    def turn_off(self, passcode: str, store: Store) -> Attempt:
        """Remove the lock (decrypting the store first if it is encrypted)."""
        with self._guard:
            if self.keep_on_reason:
                return Attempt(False, self.keep_on_reason)
            result = self.attempt(passcode)
            if result.ok:
                config = LockConfig(idle_seconds=self.config.idle_seconds)
                self.device.save_section("biometric", {"on": False})
                if self.encrypted:
                    self._switch(store, config, None)
                else:
                    self._save_config(config)
            return result

    def change_passcode(self, current: str, new: str, again: str, store: Store) -> Attempt:
        """New passcode, new salt; encrypted data is re-encrypted under the new key."""
        with self._guard:
            new = check_new_passcode(new, again)
            if self.encrypted and (problem := encryption_problem(new)):
                raise PasscodeError(problem)
            result = self.attempt(current)
            if result.ok:
                config, secrets = self.config.with_passcode(
                    new, self._random(SALT_BYTES), self.params)
                if self.encrypted:
                    self._switch(store, replace(config, encrypted=True), secrets)
                else:
                    self._save_config(replace(config, encrypted=False))
            return result

    def set_encryption(self, passcode: str, on: bool, store: Store) -> Attempt:
        with self._guard:
            if on and (problem := encryption_problem(passcode)):
                raise PasscodeError(problem)
            result = self.attempt(passcode)
            if result.ok and on != self.encrypted:
                self._switch(store, replace(self.config, encrypted=on),
                             result.secrets if on else None)
            return result

    def set_idle(self, seconds: int) -> None:
        with self._guard:
            self._save_config(replace(self.config, idle_seconds=seconds))

    def lock_everywhere(self) -> None:
        """Ask every open window to lock now ("Lock now" in Settings)."""
        self._notify("lock")

    def mirror_public_settings(self, values: dict[str, Any]) -> None:
        """Keep the non-private settings other features need while locked readable.
        A failure is only logged: this is a copy, written again on the next start."""
        try:
            if self.device.public("settings") != values:
                self.device.save_public("settings", values)
        except (OSError, ValueError):
            log.warning("could not update the readable copy of the settings", exc_info=True)

    # -- internals ---------------------------------------------------------------------

    def _save_config(self, config: LockConfig) -> None:
        self.device.save_section("lock", config.to_document())
        self.reload()
        self._notify("changed")

    def _notify(self, event: str) -> None:
        for listener in list(self.listeners):
            try:
                listener(event)
            except Exception:  # one broken window must not stop the others
                log.exception("lock listener failed")

    def _switch(self, store: Store, config: LockConfig, secrets: PasscodeSecrets | None) -> None:
        codec: Codec
        if config.encrypted:
            assert secrets is not None
            codec = AesGcmCodec(secrets, config.salt, config.params)
        else:
            codec = IdentityCodec()
        switch_codec(store, codec, config.to_document(), self.device)
        self._codec = codec if isinstance(codec, AesGcmCodec) else None
        self._secrets = secrets if config.encrypted else None
        self.reload()
        self._notify("changed")


def lock_is_on(data_dir: Path | str, clock: Clock) -> bool:
    """For the command line: is the app lock on for this data folder? Unreadable lock
    settings count as off (the caller refuses rather than guesses)."""
    try:
        return LockService.open(data_dir, clock).enabled
    except (StoreCorruptError, OSError):
        return False
