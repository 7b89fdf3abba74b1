"""A stand-in for the ``flet_local_auth`` package (1.0.5), faked at its boundary.

Names, enum values, method signatures and the error type are copied from the package's
``local_auth.py`` and ``types.py`` (an argument it doesn't take fails here too). Instead
of the Dart side (``local_auth`` plugin) it records calls and answers as steered:

* ``supported``: what ``is_device_supported()`` returns;
* ``enrolled``: the ``BiometricType`` values ``get_available_biometrics()`` returns;
* ``answer``: what ``authenticate()`` does: True/False is returned, a
  ``LocalAuthErrorCode`` is raised as ``LocalAuthException`` (as ``_raise_for_error``
  does with the Dart side's ``{"error_code": ...}`` map).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class BiometricType(Enum):
    FACE = "face"
    FINGERPRINT = "fingerprint"
    IRIS = "iris"
    WEAK = "weak"
    STRONG = "strong"


class LocalAuthErrorCode(Enum):
    AUTH_IN_PROGRESS = "authInProgress"
    UI_UNAVAILABLE = "uiUnavailable"
    USER_CANCELED = "userCanceled"
    TIMEOUT = "timeout"
    SYSTEM_CANCELED = "systemCanceled"
    NO_CREDENTIALS_SET = "noCredentialsSet"
    NO_BIOMETRICS_ENROLLED = "noBiometricsEnrolled"
    NO_BIOMETRIC_HARDWARE = "noBiometricHardware"
    BIOMETRIC_HARDWARE_TEMPORARILY_UNAVAILABLE = "biometricHardwareTemporarilyUnavailable"
    TEMPORARY_LOCKOUT = "temporaryLockout"
    BIOMETRIC_LOCKOUT = "biometricLockout"
    USER_REQUESTED_FALLBACK = "userRequestedFallback"
    DEVICE_ERROR = "deviceError"
    UNKNOWN_ERROR = "unknownError"


@dataclass
class AndroidAuthMessages:
    sign_in_hint: str | None = None
    cancel_button: str | None = None
    sign_in_title: str | None = None


@dataclass
class IOSAuthMessages:
    cancel_button: str | None = None
    localized_fallback_title: str | None = None


@dataclass
class WindowsAuthMessages:
    pass


class LocalAuthException(Exception):  # ft.FletException in the package
    def __init__(self, code: LocalAuthErrorCode, description: str | None = None) -> None:
        self.code = code
        self.description = description
        super().__init__(description or code.value)


class LocalAuthentication:
    instances: list[LocalAuthentication] = []

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.supported = True
        self.enrolled: list[BiometricType] = [BiometricType.FINGERPRINT]
        self.answer: bool | LocalAuthErrorCode = True
        LocalAuthentication.instances.append(self)

    async def is_device_supported(self) -> bool:
        self.calls.append(("is_device_supported", {}))
        return self.supported

    async def can_check_biometrics(self) -> bool:
        self.calls.append(("can_check_biometrics", {}))
        return self.supported and bool(self.enrolled)

    async def get_available_biometrics(self) -> list[BiometricType]:
        self.calls.append(("get_available_biometrics", {}))
        return list(self.enrolled)

    async def authenticate(self, reason: str, *, biometric_only: bool = False,
                           sensitive_transaction: bool = True,
                           persist_across_backgrounding: bool = False,
                           android_messages: AndroidAuthMessages | None = None,
                           ios_messages: IOSAuthMessages | None = None,
                           windows_messages: WindowsAuthMessages | None = None) -> bool:
        self.calls.append(("authenticate", {
            "reason": reason, "biometric_only": biometric_only,
            "persist_across_backgrounding": persist_across_backgrounding,
            "android_messages": android_messages, "ios_messages": ios_messages}))
        if isinstance(self.answer, LocalAuthErrorCode):
            raise LocalAuthException(self.answer, f"{self.answer.value} (fake)")
        return bool(self.answer)

    async def stop_authentication(self) -> bool:
        self.calls.append(("stop_authentication", {}))
        return True
