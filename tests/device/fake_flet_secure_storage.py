"""A stand-in for the ``flet_secure_storage`` package (1.0.5), faked at its boundary.

``SecureStorage``'s async get/set/remove/contains_key keyword-only platform options, the
``IOSOptions``/``AndroidOptions`` fields used here and ``KeychainAccessibility`` values are
copied from the package's ``secure_storage.py`` and ``types.py``. A dict stands in for the
keystore; ``fail`` makes every call raise (a keystore error on the Dart side)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class KeychainAccessibility(Enum):
    PASSCODE = "passcode"
    UNLOCKED = "unlocked"
    UNLOCKED_THIS_DEVICE = "unlocked_this_device"
    FIRST_UNLOCK = "first_unlock"
    FIRST_UNLOCK_THIS_DEVICE = "first_unlock_this_device"


@dataclass
class AndroidOptions:
    reset_on_error: bool = True
    migrate_on_algorithm_change: bool = True
    enforce_biometrics: bool = False


@dataclass
class IOSOptions:
    account_name: str | None = "flet_secure_storage_service"
    group_id: str | None = None
    accessibility: KeychainAccessibility | None = KeychainAccessibility.UNLOCKED
    synchronizable: bool = False


class SecureStorage:
    def __init__(self) -> None:
        self.values: dict[str, str] = {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.fail = False

    def _call(self, name: str, **kwargs: Any) -> None:
        self.calls.append((name, kwargs))
        if self.fail:
            raise RuntimeError("keystore unavailable (fake)")

    async def set(self, key: str, value: Any, *, web=None, ios=None, macos=None, android=None,
                  windows=None) -> None:
        if value is None:
            raise ValueError("value can't be None")
        self._call("set", key=key, ios=ios, android=android)
        self.values[key] = value

    async def get(self, key: str, *, web=None, ios=None, macos=None, android=None,
                  windows=None) -> str | None:
        self._call("get", key=key, ios=ios, android=android)
        return self.values.get(key)

    async def contains_key(self, key: str, *, web=None, ios=None, macos=None, android=None,
                           windows=None) -> bool:
        self._call("contains_key", key=key)
        return key in self.values

    async def remove(self, key: str, *, web=None, ios=None, macos=None, android=None,
                     windows=None) -> None:
        self._call("remove", key=key, ios=ios, android=android)
        self.values.pop(key, None)


