"""The phone's fingerprint / face check, through the optional ``flet-local-auth`` package.

Rules (when it is offered, what each answer means) are in ``core.biometric_unlock``.
flet-local-auth raises ``FletUnsupportedPlatformException`` on web and Linux and has no
use on desktop here, so :meth:`DeviceAuth.for_page` checks the platform first and returns
None there, and also when the package is not installed: the passcode then is the lock.

The package's boundary used here (flet-local-auth 1.0.5): ``LocalAuthentication`` (an
``ft.Service``) with async ``is_device_supported()``, ``get_available_biometrics()`` (a
list of ``BiometricType``), ``authenticate(reason, *, biometric_only=,
persist_across_backgrounding=, android_messages=, ios_messages=)`` returning a bool or
raising ``LocalAuthException`` (its ``code`` a ``LocalAuthErrorCode``), and the
``AndroidAuthMessages`` / ``IOSAuthMessages`` values.
"""

from __future__ import annotations

import logging
from typing import Any

from repair_app.core.biometric_unlock import (
    PHONE_PLATFORMS,
    BiometricFacts,
    BiometricOutcome,
    outcome_of_error,
)

log = logging.getLogger(__name__)

USE_PASSCODE = "Use passcode"


def import_flet_local_auth() -> Any | None:
    try:
        import flet_local_auth
    except ImportError:
        return None
    return flet_local_auth


class DeviceAuth:
    """Implements ``core.biometric_unlock.BiometricControl`` for one phone session."""

    def __init__(self, module: Any, service: Any, platform: str) -> None:
        self.module = module
        self.service = service
        self.platform = platform
        self.facts = BiometricFacts(platform=platform)

    @classmethod
    def for_page(cls, page: Any, module: Any | None = None) -> DeviceAuth | None:
        platform = str(getattr(getattr(page, "platform", None), "value", "") or "")
        if getattr(page, "web", False) or platform not in PHONE_PLATFORMS:
            return None
        module = module or import_flet_local_auth()
        if module is None:
            return None
        return cls(module, module.LocalAuthentication(), platform)

    async def refresh(self) -> BiometricFacts:
        """Ask the phone what it has (nothing is shown). Any failure reads as "none"."""
        try:
            supported = bool(await self.service.is_device_supported())
            kinds = await self.service.get_available_biometrics() if supported else []
            enrolled = tuple(getattr(kind, "value", str(kind)) for kind in kinds or [])
        except Exception:  # the phone side failed: the passcode still works
            log.warning("asking for biometrics failed", exc_info=True)
            supported, enrolled = False, ()
        self.facts = BiometricFacts(self.platform, supported, enrolled)
        return self.facts

    async def authenticate(self, reason: str) -> BiometricOutcome:
        """The phone's own fingerprint/face dialog; its "cancel" says "Use passcode"."""
        module = self.module
        try:
            ok = await self.service.authenticate(
                reason, biometric_only=True, persist_across_backgrounding=False,
                android_messages=module.AndroidAuthMessages(sign_in_title="Repair",
                                                            cancel_button=USE_PASSCODE),
                ios_messages=module.IOSAuthMessages(cancel_button=USE_PASSCODE))
        except module.LocalAuthException as error:
            code = getattr(error.code, "value", str(error.code))
            return outcome_of_error(code)
        except Exception:  # a timeout or a broken bridge: fall back to the passcode
            log.warning("biometric check failed", exc_info=True)
            return BiometricOutcome.FAILED
        return BiometricOutcome.SUCCESS if ok else BiometricOutcome.CANCELLED
