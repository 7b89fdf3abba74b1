"""``device.json``: the little that must be readable before the passcode is entered.

It is never encrypted and holds nothing private::

    {"format": 1,
     "lock":    {"enabled", "encrypted", "kdf", "params", "salt", "verifier",
                 "digits_only", "idle_seconds"},          # no passcode, only its slow hash
     "backoff": {"failures", "last_failure"},              # survives a restart
     "public":  {"settings": {"theme", "code_word", "morning_time"}, ...}}

``public`` is for what other features need while the journal is locked (the lock
screen's theme, the pause's code word, the reminder schedule for ``repair-app remind``
run from cron). Each feature owns one named section; never put journal text there.

Writes are atomic (temp file, fsync, rename) and read-modify-writes hold
``.device.lock`` so the app and a command line process never overwrite each other.
"""

from __future__ import annotations

import contextlib
import errno
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import filelock

from repair_app.core.clock import Clock

from .errors import StoreWriteError, write_error_message
from .recovery import move_aside
from .safe_storage import DEFAULT_OPS, FileOps, atomic_write_bytes

DEVICE_FILE = "device.json"
DEVICE_LOCK = ".device.lock"
FORMAT = 1

DeviceDocument = dict[str, Any]


class DeviceFile:
    def __init__(self, data_dir: Path | str, *, ops: FileOps | None = None,
                 lock_timeout: float = 10.0) -> None:
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DEVICE_FILE
        self._ops = ops if ops is not None else DEFAULT_OPS
        self._timeout = lock_timeout
        self._lock = filelock.FileLock(self.data_dir / DEVICE_LOCK, is_singleton=True)

    # -- reading -----------------------------------------------------------------------

    def read(self) -> DeviceDocument:
        """The whole document ({} when there is none). ValueError if it does not parse."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        try:
            document = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise ValueError(f"{self.path} is damaged (it is not valid JSON)") from error
        if not isinstance(document, dict):
            raise ValueError(f"{self.path} is damaged (it does not hold a JSON object)")
        return document

    def section(self, name: str) -> dict[str, Any]:
        value = self.read().get(name)
        return dict(value) if isinstance(value, dict) else {}

    def public(self, name: str) -> dict[str, Any]:
        """A feature's section under ``public`` ({} if none)."""
        value = self.section("public").get(name)
        return dict(value) if isinstance(value, dict) else {}

    # -- writing -----------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        try:
            self._lock.acquire(timeout=self._timeout)
        except filelock.Timeout as error:
            raise StoreWriteError(errno.EBUSY, write_error_message(errno.EBUSY),
                                  str(self.path)) from error
        except OSError as error:
            raise StoreWriteError.from_os_error(error, self.data_dir) from error
        try:
            yield
        finally:
            self._lock.release()

    def update(self, change: Callable[[DeviceDocument], None]) -> DeviceDocument:
        """Read, apply ``change`` to the document, write it back atomically (if it changed)."""
        with self.locked():
            try:
                document = self.read()
            except ValueError:
                document = {}  # damaged: rewritten whole below (only ever non-secret data)
            before = json.dumps(document, sort_keys=True)
            change(document)
            document["format"] = FORMAT
            if json.dumps(document, sort_keys=True) != before:
                self.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
                raw = json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")
                atomic_write_bytes(self.path, raw, self._ops)
            return document

    def save_section(self, name: str, value: dict[str, Any]) -> None:
        def change(document: DeviceDocument) -> None:
            document[name] = dict(value)

        self.update(change)

    def save_public(self, name: str, value: dict[str, Any]) -> None:
        def change(document: DeviceDocument) -> None:
            public = document.get("public")
            if not isinstance(public, dict):
                public = document["public"] = {}
            public[name] = dict(value)

        self.update(change)

    def move_damaged_aside(self, clock: Clock) -> Path | None:
        """Keep a damaged device file under another name (the lock treats it as empty)."""
        with self.locked():
            try:
                self.read()
                return None
            except ValueError:
                return move_aside(self.path, clock, self._ops)


def lock_settings_say_encrypted(data_dir: Path | str) -> bool:
    """Whether ``device.json``'s lock settings say the journal is encrypted (False when
    there are none or they can't be read: the files then decide)."""
    try:
        lock = DeviceFile(data_dir).section("lock")
    except (OSError, ValueError):
        return False
    return bool(lock.get("enabled")) and bool(lock.get("encrypted"))
