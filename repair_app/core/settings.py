"""The user's settings and the rules for what may be saved."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass, replace
from datetime import date, time
from typing import Any

THEMES = ("system", "light", "dark")
CODE_WORD_MAX = 24
DEFAULT_CODE_WORD = "pause"
DEFAULT_MORNING = time(8, 0)
DEFAULT_EVENING = time(21, 0)
DEFAULT_WEEKLY_TIME = time(19, 0)
DEFAULT_WEEKLY_DAY = 6  # Sunday (Monday is 0, as in date.weekday())


class SettingsError(ValueError):
    """A value the user entered cannot be saved; the message says why, in plain words."""


@dataclass(frozen=True)
class Settings:
    onboarded: bool = False
    program_start: date | None = None
    morning_time: time = DEFAULT_MORNING
    code_word: str = DEFAULT_CODE_WORD
    theme: str = "system"
    # Reminders (issue 5). morning_time above is the morning question's time.
    morning_reminder: bool = True
    evening_time: time = DEFAULT_EVENING
    evening_reminder: bool = True
    weekly_day: int = DEFAULT_WEEKLY_DAY
    weekly_time: time = DEFAULT_WEEKLY_TIME
    weekly_reminder: bool = True
    discreet_notifications: bool = True

    def with_changes(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    def to_document(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["program_start"] = self.program_start.isoformat() if self.program_start else None
        doc["morning_time"] = self.morning_time.strftime("%H:%M")
        doc["evening_time"] = self.evening_time.strftime("%H:%M")
        doc["weekly_time"] = self.weekly_time.strftime("%H:%M")
        return doc

    @classmethod
    def from_document(cls, doc: dict[str, Any] | None) -> Settings:
        """Read a stored document; unknown keys are ignored, bad values fall back to defaults."""
        if not doc:
            return cls()
        defaults = cls()
        start = defaults.program_start
        try:
            if doc.get("program_start"):
                start = date.fromisoformat(str(doc["program_start"]))
        except ValueError:
            start = None
        try:
            morning = parse_time_of_day(str(doc.get("morning_time", "08:00")))
        except SettingsError:
            morning = DEFAULT_MORNING
        try:
            code_word = clean_code_word(str(doc.get("code_word", DEFAULT_CODE_WORD)))
        except SettingsError:
            code_word = DEFAULT_CODE_WORD
        theme = doc.get("theme", "system")
        return cls(
            onboarded=bool(doc.get("onboarded", False)),
            program_start=start,
            morning_time=morning,
            code_word=code_word,
            theme=theme if theme in THEMES else "system",
            **_reminder_fields(doc),
        )


def _reminder_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The reminder settings of a stored document; a missing or bad value gets its default."""

    def stored_time(key: str, default: time) -> time:
        try:
            return parse_time_of_day(str(doc.get(key, default.strftime("%H:%M"))))
        except SettingsError:
            return default

    def stored_flag(key: str) -> bool:
        value = doc.get(key, True)
        return value if isinstance(value, bool) else True

    day = doc.get("weekly_day", DEFAULT_WEEKLY_DAY)
    valid_day = isinstance(day, int) and not isinstance(day, bool) and 0 <= day <= 6
    return {
        "morning_reminder": stored_flag("morning_reminder"),
        "evening_time": stored_time("evening_time", DEFAULT_EVENING),
        "evening_reminder": stored_flag("evening_reminder"),
        "weekly_day": day if valid_day else DEFAULT_WEEKLY_DAY,
        "weekly_time": stored_time("weekly_time", DEFAULT_WEEKLY_TIME),
        "weekly_reminder": stored_flag("weekly_reminder"),
        "discreet_notifications": stored_flag("discreet_notifications"),
    }


def parse_time_of_day(text: str) -> time:
    """'8:00', '08:00' or '20:15' -> time; anything else raises SettingsError."""
    cleaned = text.strip()
    parts = cleaned.split(":")
    if len(parts) != 2 or not all(p.isdecimal() and 1 <= len(p) <= 2 for p in parts):
        raise SettingsError("Use the form HH:MM, for example 08:00.")
    hour, minute = int(parts[0]), int(parts[1])
    if hour > 23 or minute > 59:
        raise SettingsError("That time doesn't exist: hours go up to 23 and minutes up to 59.")
    return time(hour, minute)


def clean_code_word(text: str) -> str:
    """Trim and check a code word: short, one line, no control characters."""
    word = " ".join(text.split())
    if not word:
        raise SettingsError("Choose a word you can both say, for example \"pause\".")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in word):
        raise SettingsError("The code word can't contain control characters.")
    if len(word) > CODE_WORD_MAX:
        raise SettingsError(f"Keep it short: {CODE_WORD_MAX} characters at most.")
    return word


def parse_start_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as error:
        raise SettingsError("Use the form YYYY-MM-DD, for example 2026-11-23.") from error


FIELD_START = "program_start"
FIELD_MORNING = "morning_time"
FIELD_CODE_WORD = "code_word"


def parse_setup_form(
    start_text: str, morning_text: str | None, code_word_text: str
) -> tuple[dict[str, Any], dict[str, str]]:
    """Check the welcome/settings form: (changes, errors by field); save only if no errors.

    ``morning_text`` is None where the form has no morning time (Settings keeps it with
    the other reminders; only the welcome asks for it alongside the program)."""
    changes: dict[str, Any] = {}
    errors: dict[str, str] = {}
    fields = [(FIELD_START, parse_start_date, start_text)]
    if morning_text is not None:
        fields.append((FIELD_MORNING, parse_time_of_day, morning_text))
    fields.append((FIELD_CODE_WORD, clean_code_word, code_word_text))
    for field_name, parser, text in fields:
        try:
            changes[field_name] = parser(text or "")
        except SettingsError as error:
            errors[field_name] = str(error)
    return changes, errors
