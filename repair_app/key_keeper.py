"""The encrypted journal's key in the phone's keystore (Android) / keychain (iOS), through
the optional ``flet-secure-storage`` package, so a fingerprint or face can open it.

Kept only while "Unlock with fingerprint or face" is on and the journal is encrypted;
removed when either is turned off. iOS: kept "when unlocked, this device only" (never in
iCloud or a backup restored elsewhere). Android: the package encrypts it with a key in
the Android Keystore; that key never leaves the phone, so an auto-backup restored on
another phone could not decrypt the kept value (the package would then reset it):
the build must turn Android auto-backup off for it (README, "Phone builds").

Only on Android and iOS apps: on web and desktop :meth:`KeyKeeper.for_page` is None.

The boundary used (flet-secure-storage 1.0.5): ``SecureStorage`` (an ``ft.Service``) with
async ``get(key, *, ios=, android=)``, ``set(key, value, *, ios=, android=)``,
``remove(key, *, ios=, android=)``; ``IOSOptions(accessibility=, synchronizable=)``,
``AndroidOptions()`` and ``KeychainAccessibility``.
"""

from __future__ import annotations

import logging
from typing import Any

from repair_app.core.biometric_unlock import KEPT_KEY_NAME, PHONE_PLATFORMS

log = logging.getLogger(__name__)


def import_flet_secure_storage() -> Any | None:
    try:
        import flet_secure_storage
    except ImportError:
        return None
    return flet_secure_storage


class KeyKeeper:
    def __init__(self, module: Any, service: Any) -> None:
        self.module = module
        self.service = service
        self._options = {
            "ios": module.IOSOptions(
                accessibility=module.KeychainAccessibility.UNLOCKED_THIS_DEVICE,
                synchronizable=False),
            "android": module.AndroidOptions(),
        }

    @classmethod
    def for_page(cls, page: Any, module: Any | None = None) -> KeyKeeper | None:
        platform = str(getattr(getattr(page, "platform", None), "value", "") or "")
        if getattr(page, "web", False) or platform not in PHONE_PLATFORMS:
            return None
        module = module or import_flet_secure_storage()
        if module is None:
            return None
        return cls(module, module.SecureStorage())

    async def read(self) -> str | None:
        try:
            value = await self.service.get(KEPT_KEY_NAME, **self._options)
        except Exception:  # the keystore failed: the passphrase still opens the journal
            log.warning("reading the kept key failed", exc_info=True)
            return None
        return value if isinstance(value, str) else None

    async def keep(self, text: str) -> bool:
        try:
            await self.service.set(KEPT_KEY_NAME, text, **self._options)
        except Exception:
            log.warning("keeping the key failed", exc_info=True)
            return False
        return True

    async def forget(self) -> None:
        try:
            await self.service.remove(KEPT_KEY_NAME, **self._options)
        except Exception:
            log.warning("removing the kept key failed", exc_info=True)
