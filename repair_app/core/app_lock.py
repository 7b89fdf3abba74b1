"""The app lock's rules: passcodes, their slow hash, back-off after wrong tries, idle lock.

Pure: no UI or storage import, time only through a :class:`Clock` (or values taken from
one). Randomness (salts) is passed in by the caller.

The passcode is never stored. ``derive_secrets`` runs it once through scrypt with a
random salt; from that one slow result come three independent values (HMAC-SHA256 with
different labels): the *verifier* kept in the lock settings, the *store key* that
encrypts the journal when encryption is on, and a short *key id* written in each
encrypted file's header so a wrong key is told apart from a damaged file.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from repair_app.core.settings import Settings

# -- passcode rules ------------------------------------------------------------------

MIN_DIGITS = 4
MIN_PHRASE = 6
#: Encryption's key comes from the passcode: a short one can be guessed offline by
#: someone who copies the data folder, so encryption asks for more.
MIN_FOR_ENCRYPTION = 8
MAX_PASSCODE = 200


class PasscodeError(ValueError):
    """A passcode that cannot be used; the message says why, in plain words."""


def normalise_passcode(text: str) -> str:
    """The form that is hashed: Unicode NFC, nothing trimmed (spaces count)."""
    return unicodedata.normalize("NFC", text)


def is_digits(passcode: str) -> bool:
    return passcode.isascii() and passcode.isdecimal()


def check_new_passcode(text: str, again: str | None = None) -> str:
    """Validate a new passcode (and its repetition); return the normalised passcode."""
    passcode = normalise_passcode(text or "")
    if not passcode:
        raise PasscodeError("Choose a passcode: at least 4 digits, or a passphrase.")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in passcode):
        raise PasscodeError("A passcode can't contain control characters.")
    if len(passcode) > MAX_PASSCODE:
        raise PasscodeError(f"That's very long: keep it under {MAX_PASSCODE} characters.")
    if passcode.isdecimal() and not passcode.isascii():
        raise PasscodeError("Use the digits 0 to 9, so every keyboard can type it.")
    if is_digits(passcode):
        if len(passcode) < MIN_DIGITS:
            raise PasscodeError(f"Use at least {MIN_DIGITS} digits.")
    elif len(passcode) < MIN_PHRASE:
        raise PasscodeError(f"A passphrase needs at least {MIN_PHRASE} characters "
                            f"(or use {MIN_DIGITS} or more digits).")
    if again is not None and normalise_passcode(again) != passcode:
        raise PasscodeError("The two passcodes don't match.")
    return passcode


def encryption_problem(passcode: str) -> str | None:
    """Why this passcode is too weak to encrypt with, or None if it is fine."""
    if len(normalise_passcode(passcode)) < MIN_FOR_ENCRYPTION:
        return (f"To encrypt, use at least {MIN_FOR_ENCRYPTION} characters. Anyone who "
                "copies your data folder could try every shorter code in minutes.")
    return None


# -- the slow hash ---------------------------------------------------------------------

SALT_BYTES = 16
KEY_ID_BYTES = 8
MAX_SCRYPT_COST = 2**23  # n * r (1 GiB of memory) and n * r * p (8x the default's work)


@dataclass(frozen=True)
class ScryptParams:
    """scrypt's cost: memory is 128 * r * n bytes (n=2**17, r=8: 128 MiB)."""

    n: int = 2**17
    r: int = 8
    p: int = 1

    def __post_init__(self) -> None:
        if self.n < 2 or self.n & (self.n - 1) or not 1 <= self.r <= 64 or not 1 <= self.p <= 16:
            raise ValueError(f"unusable scrypt parameters {self}")
        # At most 8x the default's memory and work: a forged header or lock file must
        # not make unlocking need gigabytes or minutes (hashlib would refuse, or the phone die).
        if self.n > 2**22 or self.n * self.r > MAX_SCRYPT_COST or \
                self.n * self.r * self.p > MAX_SCRYPT_COST:
            raise ValueError(f"scrypt parameters too costly {self}")

    @property
    def memory(self) -> int:
        return 128 * self.r * self.n

    def to_document(self) -> dict[str, int]:
        return {"n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_document(cls, doc: Any) -> ScryptParams:
        if not isinstance(doc, dict):
            raise ValueError("scrypt parameters missing")
        return cls(n=int(doc["n"]), r=int(doc["r"]), p=int(doc["p"]))


DEFAULT_PARAMS = ScryptParams()


@dataclass(frozen=True)
class PasscodeSecrets:
    """What one passcode yields for one salt. Only ``verifier`` and ``key_id`` are stored."""

    verifier: bytes
    store_key: bytes = field(repr=False)
    key_id: bytes


def derive_secrets(passcode: str, salt: bytes, params: ScryptParams) -> PasscodeSecrets:
    """The slow part: scrypt once, then three labelled HMACs (cheap)."""
    master = hashlib.scrypt(normalise_passcode(passcode).encode("utf-8"), salt=salt,
                            n=params.n, r=params.r, p=params.p, dklen=32,
                            maxmem=params.memory * 2 + (1 << 20))

    def label(name: bytes) -> bytes:
        return hmac.new(master, b"repair/" + name + b"/v1", hashlib.sha256).digest()

    return PasscodeSecrets(verifier=label(b"passcode-check"), store_key=label(b"store-key"),
                           key_id=label(b"key-id")[:KEY_ID_BYTES])


def same_secret(a: bytes, b: bytes) -> bool:
    """Constant-time comparison."""
    return hmac.compare_digest(a, b)


# -- the lock settings (not secret: kept readable while locked) -------------------------

IDLE_CHOICES = (30, 60, 120, 300, 900)  # seconds
DEFAULT_IDLE = 60


def idle_label(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} seconds"
    minutes = seconds // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any) -> bytes:
    if not isinstance(text, str):
        raise ValueError("expected base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


@dataclass(frozen=True)
class LockConfig:
    """The app lock's settings. ``enabled`` False means no passcode is set."""

    enabled: bool = False
    encrypted: bool = False
    salt: bytes = b""
    params: ScryptParams = DEFAULT_PARAMS
    verifier: bytes = b""
    digits_only: bool = False
    idle_seconds: int = DEFAULT_IDLE

    def to_document(self) -> dict[str, Any]:
        if not self.enabled:
            return {"enabled": False, "idle_seconds": self.idle_seconds}
        return {
            "enabled": True,
            "encrypted": self.encrypted,
            "kdf": "scrypt",
            "params": self.params.to_document(),
            "salt": _b64(self.salt),
            "verifier": _b64(self.verifier),
            "digits_only": self.digits_only,
            "idle_seconds": self.idle_seconds,
        }

    @classmethod
    def from_document(cls, doc: Any) -> LockConfig:
        """Read stored settings. A lock that is on but unreadable raises ValueError: it
        must never silently turn into "no lock"."""
        if not isinstance(doc, dict) or not doc.get("enabled"):
            idle = doc.get("idle_seconds") if isinstance(doc, dict) else None
            return cls(idle_seconds=_idle(idle))
        if doc.get("kdf") != "scrypt":
            raise ValueError(f"unknown passcode hash {doc.get('kdf')!r}")
        salt, verifier = _unb64(doc.get("salt")), _unb64(doc.get("verifier"))
        if len(salt) < SALT_BYTES or len(verifier) != 32:
            raise ValueError("passcode hash is incomplete")
        return cls(enabled=True, encrypted=bool(doc.get("encrypted")), salt=salt,
                   params=ScryptParams.from_document(doc.get("params")), verifier=verifier,
                   digits_only=bool(doc.get("digits_only")),
                   idle_seconds=_idle(doc.get("idle_seconds")))

    def with_passcode(self, passcode: str, salt: bytes,
                      params: ScryptParams = DEFAULT_PARAMS) -> tuple[LockConfig, PasscodeSecrets]:
        """This config with a new passcode (salt from the caller's secure random source)."""
        if len(salt) < SALT_BYTES:
            raise ValueError("salt too short")
        secrets = derive_secrets(passcode, salt, params)
        config = replace(self, enabled=True, salt=salt, params=params,
                         verifier=secrets.verifier, digits_only=is_digits(passcode))
        return config, secrets

    def check(self, passcode: str) -> PasscodeSecrets | None:
        """The secrets if ``passcode`` is right, else None (slow: runs scrypt)."""
        if not self.enabled:
            return None
        secrets = derive_secrets(passcode, self.salt, self.params)
        return secrets if same_secret(secrets.verifier, self.verifier) else None


def _idle(value: Any) -> int:
    return value if isinstance(value, int) and value in IDLE_CHOICES else DEFAULT_IDLE


# -- back-off after wrong passcodes -----------------------------------------------------

FREE_TRIES = 5
FIRST_DELAY = 30  # seconds, after the 5th wrong try
MAX_DELAY = 15 * 60


def delay_after(failures: int) -> int:
    """Seconds to wait after ``failures`` wrong tries in a row: none for the first four,
    then 30 s, 1 min, 2 min, 4 min, 8 min, and 15 min from then on."""
    if failures < FREE_TRIES:
        return 0
    return min(FIRST_DELAY * 2 ** (failures - FREE_TRIES), MAX_DELAY)


@dataclass(frozen=True)
class Backoff:
    """Wrong tries in a row and when the last one was (wall clock, so it survives a
    restart). ``mono_at`` is the monotonic time of the last failure in *this* process:
    moving the wall clock forward does not shorten a wait while the app keeps running."""

    failures: int = 0
    last_failure: datetime | None = None
    mono_at: float | None = None

    def wait_seconds(self, now: datetime, mono: float | None = None) -> float:
        """How long until the next try is allowed (0 = now)."""
        delay = delay_after(self.failures)
        if delay == 0 or self.last_failure is None:
            return 0.0
        # A wall clock set back before the last failure counts as "just failed": the
        # wait is at most one delay, never "until the clock catches up".
        since = max((now - self.last_failure).total_seconds(), 0.0)
        remaining = delay - since
        if mono is not None and self.mono_at is not None:
            remaining = max(remaining, delay - max(mono - self.mono_at, 0.0))
        return max(remaining, 0.0)

    def after_failure(self, now: datetime, mono: float | None = None) -> Backoff:
        return Backoff(self.failures + 1, now, mono)

    def clamped(self, now: datetime) -> Backoff:
        """A stored failure time in the future (the clock was set back) becomes now."""
        if self.last_failure is not None and self.last_failure > now:
            return replace(self, last_failure=now)
        return self

    def to_document(self) -> dict[str, Any]:
        return {"failures": self.failures,
                "last_failure": self.last_failure.isoformat() if self.last_failure else None}

    @classmethod
    def from_document(cls, doc: Any) -> Backoff:
        if not isinstance(doc, dict):
            return cls()
        failures = doc.get("failures")
        failures = failures if isinstance(failures, int) and failures >= 0 else 0
        try:
            last = datetime.fromisoformat(str(doc["last_failure"]))
        except (KeyError, ValueError, TypeError):
            last = None
        if last is not None and last.tzinfo is None:
            last = None  # we only write aware times
        return cls(failures=failures, last_failure=last)


def wait_message(seconds: float) -> str:
    whole = int(seconds + 0.999)
    if whole < 60:
        return f"Too many wrong tries. Try again in {whole} second{'s' if whole != 1 else ''}."
    minutes = (whole + 59) // 60
    return f"Too many wrong tries. Try again in {minutes} minute{'s' if minutes != 1 else ''}."


# -- idle lock ---------------------------------------------------------------------------


class IdleTimer:
    """When to lock after no activity, on the monotonic clock (never the wall clock)."""

    def __init__(self, idle_seconds: int, now_mono: float) -> None:
        self.idle_seconds = idle_seconds
        self.last_activity = now_mono

    def touch(self, now_mono: float) -> None:
        self.last_activity = max(self.last_activity, now_mono)

    @property
    def deadline(self) -> float:
        return self.last_activity + self.idle_seconds

    def deadline_held(self, hold_until: float | None = None) -> float:
        """The deadline when something asks the lock to wait (a running pause on screen:
        stillness is what it asks for): the idle time counts from the later of the last
        activity and ``hold_until`` (monotonic)."""
        if hold_until is None:
            return self.deadline
        return max(self.last_activity, hold_until) + self.idle_seconds

    def seconds_left(self, now_mono: float, hold_until: float | None = None) -> float:
        return max(self.deadline_held(hold_until) - now_mono, 0.0)

    def is_due(self, now_mono: float, hold_until: float | None = None) -> bool:
        return now_mono >= self.deadline_held(hold_until)


#: Routes that may open while the app is locked. Each must show no private text (the
#: pause: a timer and the code word, which is not private).
OPEN_WHILE_LOCKED = ("/pause",)

#: App lifecycle states after which a phone locks at once (the app left the screen).
BACKGROUND_STATES = ("hide", "pause")


def locks_on_lifecycle(state: str, mobile: bool) -> bool:
    """On a phone, leaving the screen locks. On desktop and in a desktop browser only
    the idle time does (a window losing focus is too common to lock on)."""
    return mobile and state in BACKGROUND_STATES


def public_settings(settings: Settings) -> dict[str, Any]:
    """The settings kept readable while locked (``device.json``): none of them private.
    The lock screen's theme, the pause's code word, the morning reminder's time."""
    return {"theme": settings.theme, "code_word": settings.code_word,
            "morning_time": settings.morning_time.strftime("%H:%M")}
