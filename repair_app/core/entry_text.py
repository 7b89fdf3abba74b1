"""What a user may type into Today's fields: kept exactly, within a limit, no hidden controls.

Emoji (joined with zero-width joiners), right-to-left text and its direction marks are
kept exactly as typed; only the blank space around the whole entry is trimmed.
"""

from __future__ import annotations

import unicodedata

PROMISE_LIMIT = 280
NOTE_LIMIT = 500
OWN_IT_LIMIT = 500
MOMENT_NOTE_LIMIT = 120

_ALLOWED_CONTROLS = {"\n", "\t"}


class EntryError(ValueError):
    """The text cannot be saved; the message says why, in plain words."""


def has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in _ALLOWED_CONTROLS for ch in text)


def over_limit_message(length: int, limit: int, what: str) -> str:
    return f"{what} can be {limit:,} characters at most; this one has {length:,}."


def clean_entry(text: str | None, *, limit: int, what: str, required: bool = False) -> str:
    """Trim the ends and check ``text``; raise :class:`EntryError` if it can't be saved.

    ``what`` names the field in the message ("A promise", "A note").
    """
    cleaned = (text or "").strip()
    if required and not cleaned:
        raise EntryError(f"{what} can't be empty.")
    if len(cleaned) > limit:
        raise EntryError(over_limit_message(len(cleaned), limit, what))
    if has_control_characters(cleaned):
        raise EntryError(f"{what} contains an invisible control character. "
                         "Please type it again without it.")
    return cleaned
