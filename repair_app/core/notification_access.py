"""May Repair send notifications on this phone, and when may it ask? Pure rules, no I/O.

Android 13+ and iOS need the person's yes before an app may notify. Repair asks only at
a moment that explains itself: when the welcome is finished or a reminder is turned on
(with one warm sentence first), or when the person taps "Allow notifications" in
Settings; never at a cold start or on coming back to the app.

What the OS tells an app is thin (flet-notifications' ``are_notifications_enabled``, a
yes/no), and neither OS says "you may not ask again". Both stop showing their dialog
after a number of refusals (iOS asks exactly once; Android 11+ stops after the second
"Don't allow"), so Repair counts the refusals it saw (:class:`AccessRecord`, stored)
and, past that number, offers the phone's settings instead of a dialog that would not
appear. Notifications turned off in the phone's settings after a yes are treated the
same way: only the settings can turn them back on.

On web and desktop there is nothing to grant (:attr:`AccessStatus.UNSUPPORTED`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol

ANDROID = "android"
IOS = "ios"
PHONE_PLATFORMS = (ANDROID, IOS)

#: Refusals after which the OS no longer shows its dialog.
REFUSALS_BEFORE_BLOCKED = {ANDROID: 2, IOS: 1}


class AccessStatus(StrEnum):
    UNSUPPORTED = "unsupported"  # web, desktop, or a phone build without the package
    NOT_ASKED = "not_asked"
    GRANTED = "granted"
    DENIED = "denied"  # refused; the OS would still show its dialog again
    BLOCKED = "blocked"  # refused for good (or turned off in the phone's settings)


class AskMoment(StrEnum):
    COLD_START = "cold_start"
    RESUME = "resume"
    WELCOME_FINISHED = "welcome_finished"
    REMINDER_TURNED_ON = "reminder_turned_on"
    SETTINGS_BUTTON = "settings_button"  # the person tapped "Allow notifications"


class AccessAction(StrEnum):
    ASK = "ask"  # show the OS dialog
    OPEN_SETTINGS = "open_settings"  # the phone's notification settings for Repair
    ALLOW_EXACT = "allow_exact"  # Android 12+: the exact-alarm settings screen


@dataclass(frozen=True)
class PhoneFacts:
    """What the phone says right now, asked without showing anything.

    ``enabled``/``exact_alarms`` are None when the phone could not be asked."""

    platform: str = ""  # "android", "ios"; "" when there is no phone adapter
    enabled: bool | None = None
    exact_alarms: bool | None = None

    @property
    def phone(self) -> bool:
        return self.platform in PHONE_PLATFORMS


@dataclass(frozen=True)
class AccessRecord:
    """What Repair asked and heard (stored, so a refusal is respected after a restart)."""

    asked: int = 0
    refusals: int = 0
    last_answer: str = ""  # "granted" or "refused"
    answered_at: str = ""  # ISO instant

    def answered(self, granted: bool, at: datetime) -> AccessRecord:
        return replace(self, asked=self.asked + 1,
                       refusals=self.refusals + (0 if granted else 1),
                       last_answer="granted" if granted else "refused",
                       answered_at=at.isoformat())

    def to_document(self) -> dict[str, Any]:
        return {"asked": self.asked, "refusals": self.refusals,
                "last_answer": self.last_answer, "answered_at": self.answered_at}

    @classmethod
    def from_document(cls, doc: Mapping[str, Any] | None) -> AccessRecord:
        """Read what was stored; a bad value reads as its default (never a crash)."""
        if not isinstance(doc, Mapping):
            return cls()

        def count(key: str) -> int:
            value = doc.get(key, 0)
            ok = isinstance(value, int) and not isinstance(value, bool) and value >= 0
            return min(value, 1000) if ok else 0

        answer = doc.get("last_answer", "")
        at = doc.get("answered_at", "")
        return cls(asked=count("asked"), refusals=count("refusals"),
                   last_answer=answer if answer in ("granted", "refused") else "",
                   answered_at=at if isinstance(at, str) else "")


def access_status(facts: PhoneFacts, record: AccessRecord) -> AccessStatus:
    if not facts.phone:
        return AccessStatus.UNSUPPORTED
    if facts.enabled or (facts.enabled is None and record.last_answer == "granted"):
        # Not asked yet at start (or it couldn't answer): its last yes stands until it
        # says otherwise, rather than an "Allow" button for a person who already did.
        return AccessStatus.GRANTED
    if record.last_answer == "granted" and facts.enabled is False:
        return AccessStatus.BLOCKED  # a yes, later turned off in the phone's settings
    if record.refusals >= REFUSALS_BEFORE_BLOCKED[facts.platform]:
        return AccessStatus.BLOCKED
    if record.refusals > 0:
        return AccessStatus.DENIED
    return AccessStatus.NOT_ASKED


def may_ask(status: AccessStatus, moment: AskMoment, *, reminders_on: bool) -> bool:
    """Whether to show the OS dialog now.

    Never at start or on coming back. At the natural moments (welcome finished, a
    reminder turned on) only once, and only if a reminder is on: a refusal is not asked
    again unprompted. The Settings button asks whenever the OS would still listen."""
    if moment in (AskMoment.COLD_START, AskMoment.RESUME):
        return False
    if moment is AskMoment.SETTINGS_BUTTON:
        return status in (AccessStatus.NOT_ASKED, AccessStatus.DENIED)
    return status is AccessStatus.NOT_ASKED and reminders_on


def schedule_exactly(facts: PhoneFacts) -> bool:
    """Exact alarms only when the phone says so; otherwise inexact (a few minutes late)
    rather than refused (Android 12+ without "Alarms & reminders" access)."""
    return facts.exact_alarms is True


#: The warm sentence before the OS dialog.
ASK_TITLE = "A gentle nudge?"
ASK_WHY = ("Repair can give you a quiet nudge for your morning promise and your evening "
           "check, even when it's closed.")
ASK_YES = "Allow notifications"
ASK_LATER = "Not now"


@dataclass(frozen=True)
class AccessNotice:
    """What Settings shows about notifications on this phone, and which buttons."""

    status: AccessStatus
    text: str
    actions: tuple[AccessAction, ...] = ()
    late: bool = False  # reminders may be a few minutes late (no exact alarms)


def access_notice(facts: PhoneFacts, record: AccessRecord) -> AccessNotice | None:
    """None on web and desktop: there is nothing to allow there."""
    status = access_status(facts, record)
    if status is AccessStatus.UNSUPPORTED:
        return None
    if status is AccessStatus.GRANTED:
        if facts.platform == ANDROID and facts.exact_alarms is False:
            return AccessNotice(status, "Notifications are on. This phone hasn't given "
                                "Repair exact alarms, so reminders may be a few minutes "
                                "late.", (AccessAction.ALLOW_EXACT,), late=True)
        return AccessNotice(status, "Notifications are on: reminders reach you even when "
                            "Repair is closed.")
    off = ("Notifications are off for Repair, so reminders show only as a banner while "
           "it's open.")
    if status is AccessStatus.DENIED:
        return AccessNotice(status, off, (AccessAction.ASK, AccessAction.OPEN_SETTINGS))
    if status is AccessStatus.BLOCKED:
        return AccessNotice(status, off + " You can turn them on in your phone's settings.",
                            (AccessAction.OPEN_SETTINGS,))
    return AccessNotice(status, "Repair asks before sending notifications, when you turn "
                        "a reminder on.", (AccessAction.ASK,))


ACTION_LABELS = {
    AccessAction.ASK: "Allow notifications",
    AccessAction.OPEN_SETTINGS: "Open phone settings",
    AccessAction.ALLOW_EXACT: "Allow exact timing",
}


class AccessControl(Protocol):
    """What a screen may ask about notification permission (``notify.access``)."""

    #: Called (no arguments) when the notice may have changed; a failing one is dropped.
    listeners: list

    def notice(self) -> AccessNotice | None: ...

    def would_ask(self, moment: AskMoment, *, reminders_on: bool) -> bool: ...

    async def ask(self, moment: AskMoment, *, reminders_on: bool = True
                  ) -> AccessNotice | None: ...

    async def act(self, action: AccessAction) -> AccessNotice | None: ...
