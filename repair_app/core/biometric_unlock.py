"""Unlock with a fingerprint or a face, where the phone has one. Pure rules, no I/O.

The passcode always stays: biometrics are a shortcut the person turns on in Settings,
never the only way in. Only the phone's *biometrics* unlock Repair (flet-local-auth's
``biometric_only=True``), not the phone's own PIN: someone close may well know the
phone's PIN, and the app lock exists for exactly that person.

Offered only on Android and iOS apps (flet-local-auth does not work on web or Linux, and
on desktop the passcode is the lock), on a phone that reports biometrics enrolled. An
encrypted journal opens with biometrics only when its key is kept in the phone's
keystore/keychain (``key_kept``); otherwise the passcode is needed to derive the key.

What the phone answers (flet-local-auth's ``LocalAuthErrorCode`` values) is turned into
a few outcomes, each with what the lock screen says.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

PHONE_PLATFORMS = ("android", "ios")


class BiometricOutcome(StrEnum):
    SUCCESS = "success"
    CANCELLED = "cancelled"  # closed, timed out, interrupted, or "use passcode" chosen
    NOT_ENROLLED = "not_enrolled"  # no fingerprint/face set up on the phone
    UNSUPPORTED = "unsupported"  # no hardware, or not a phone app
    LOCKED_OUT = "locked_out"  # too many tries: the phone has paused biometrics
    FAILED = "failed"  # anything else the phone reported


#: flet-local-auth's LocalAuthErrorCode values -> outcome.
ERROR_OUTCOMES = {
    "userCanceled": BiometricOutcome.CANCELLED,
    "systemCanceled": BiometricOutcome.CANCELLED,
    "timeout": BiometricOutcome.CANCELLED,
    "userRequestedFallback": BiometricOutcome.CANCELLED,
    "authInProgress": BiometricOutcome.CANCELLED,
    "uiUnavailable": BiometricOutcome.CANCELLED,
    "noBiometricsEnrolled": BiometricOutcome.NOT_ENROLLED,
    "noCredentialsSet": BiometricOutcome.NOT_ENROLLED,
    "noBiometricHardware": BiometricOutcome.UNSUPPORTED,
    "biometricHardwareTemporarilyUnavailable": BiometricOutcome.FAILED,
    "temporaryLockout": BiometricOutcome.LOCKED_OUT,
    "biometricLockout": BiometricOutcome.LOCKED_OUT,
    "deviceError": BiometricOutcome.FAILED,
    "unknownError": BiometricOutcome.FAILED,
}


def outcome_of_error(code: str) -> BiometricOutcome:
    return ERROR_OUTCOMES.get(code, BiometricOutcome.FAILED)


@dataclass(frozen=True)
class BiometricFacts:
    """What the phone says about biometrics (asked without showing anything)."""

    platform: str = ""
    supported: bool = False
    enrolled: tuple[str, ...] = ()  # flet-local-auth BiometricType values

    @property
    def usable(self) -> bool:
        return self.platform in PHONE_PLATFORMS and self.supported and bool(self.enrolled)


def biometric_label(enrolled: Iterable[str]) -> str:
    """'fingerprint', 'face' or 'fingerprint or face' for button labels."""
    kinds = set(enrolled)
    face = "face" in kinds
    finger = "fingerprint" in kinds
    if face and not finger:
        return "face"
    if finger and not face:
        return "fingerprint"
    return "fingerprint or face"


def unlock_button_label(facts: BiometricFacts) -> str:
    return f"Unlock with {biometric_label(facts.enrolled)}"


def can_turn_on(facts: BiometricFacts, *, lock_on: bool, encrypted: bool = False,
                key_kept: bool = False) -> str | None:
    """Why the Settings switch can't be turned on here (None: it can)."""
    if facts.platform not in PHONE_PLATFORMS:
        return "Unlocking with a fingerprint or face works in the phone app."
    if not facts.supported:
        return "This phone can't unlock apps with a fingerprint or face."
    if not facts.enrolled:
        return ("Set up a fingerprint or face in your phone's settings first, then come "
                "back here.")
    if not lock_on:
        return "Turn on the app lock first: your passcode stays as the way back in."
    if encrypted and not key_kept:
        return ("Your journal is encrypted with your passphrase, so Repair needs the "
                "passphrase to open it.")
    return None


def offered_on_lock_screen(facts: BiometricFacts, *, turned_on: bool, encrypted: bool,
                           key_kept: bool) -> bool:
    """Whether the lock screen shows the fingerprint/face button."""
    return turned_on and facts.usable and (key_kept or not encrypted)


def message_after(outcome: BiometricOutcome) -> str:
    """What the lock screen says after a try ("" when it says nothing)."""
    return {
        BiometricOutcome.SUCCESS: "",
        BiometricOutcome.CANCELLED: "",  # the passcode field is right there
        BiometricOutcome.NOT_ENROLLED: ("This phone has no fingerprint or face set up any "
                                        "more. Use your passcode."),
        BiometricOutcome.UNSUPPORTED: "Use your passcode: this phone can't check that now.",
        BiometricOutcome.LOCKED_OUT: ("Too many tries for now, so the phone has paused it. "
                                      "Use your passcode."),
        BiometricOutcome.FAILED: "That didn't work. Use your passcode.",
    }[outcome]


def message_when_turning_on(outcome: BiometricOutcome) -> str:
    """What Settings says when the check before turning it on did not say yes."""
    return {
        BiometricOutcome.SUCCESS: "",
        BiometricOutcome.CANCELLED: "Not turned on.",
        BiometricOutcome.NOT_ENROLLED: ("Set up a fingerprint or face in your phone's "
                                        "settings first."),
        BiometricOutcome.UNSUPPORTED: "This phone can't check a fingerprint or face now.",
        BiometricOutcome.LOCKED_OUT: ("Too many tries for now, so the phone has paused it. "
                                      "Try again later."),
        BiometricOutcome.FAILED: "That didn't work. Nothing was changed.",
    }[outcome]


#: The sentence in the phone's own fingerprint/face dialog.
AUTH_REASON = "Open Repair"
TURN_ON_REASON = "Use your fingerprint or face to open Repair"


class BiometricControl(Protocol):
    """One window's way to the phone's fingerprint/face check (``repair_app.device_auth``)."""

    facts: BiometricFacts

    async def refresh(self) -> BiometricFacts: ...

    async def authenticate(self, reason: str) -> BiometricOutcome: ...


# -- the store key kept in the phone's keystore / keychain ---------------------------------

#: The name it is kept under in flet-secure-storage.
KEPT_KEY_NAME = "repair.store-key.v1"
_KEPT_PREFIX = "v1:"


def kept_key_text(store_key: bytes, key_id: bytes) -> str:
    """The encrypted journal's key as kept in the keystore: the key and its public id (the
    id is in every encrypted file's header; it tells a stale key from the current one)."""
    return (_KEPT_PREFIX + base64.b64encode(store_key).decode("ascii") + ":"
            + base64.b64encode(key_id).decode("ascii"))


def parse_kept_key(text: object) -> tuple[bytes, bytes] | None:
    """(store key, key id), or None for anything that isn't a well-formed kept key."""
    if not isinstance(text, str) or not text.startswith(_KEPT_PREFIX):
        return None
    parts = text[len(_KEPT_PREFIX):].split(":")
    if len(parts) != 2:
        return None
    try:
        key, key_id = (base64.b64decode(p.encode("ascii"), validate=True) for p in parts)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None
    return (key, key_id) if len(key) == 32 and len(key_id) == 8 else None
