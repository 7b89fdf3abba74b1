"""Small wins: "celebrate small improvements" as a log. Pure.

A win is a few words about something that went a little better, on the local day it was
written down. The weekly check-in starts its appreciations with the week's wins.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from .entry_text import clean_entry

WIN_LIMIT = 280
WIN_EXAMPLES = ("We laughed at dinner", "I said “I notice” instead of “you always”",
                "We took a break and came back calmer")


@dataclass(frozen=True)
class Win:
    day: date
    at: datetime
    text: str
    key: str = field(default="", compare=False)  # the store's handle, to remove it

    def to_document(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "at": self.at.isoformat(), "text": self.text}

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], key: str = "") -> Win | None:
        """A stored win, or None if it is unreadable (skipped, never fatal)."""
        try:
            day = date.fromisoformat(doc.get("date"))  # type: ignore[arg-type]
            at = datetime.fromisoformat(doc.get("at"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        text = doc.get("text")
        if at.tzinfo is None or not isinstance(text, str) or not text.strip():
            return None
        return cls(day=day, at=at, text=text, key=key)


def new_win(text: str | None, now: datetime) -> Win:
    """A win written at ``now`` (local); EntryError if it is empty, too long or holds an
    invisible control character. Emoji and right-to-left text are kept exactly."""
    cleaned = clean_entry(text, limit=WIN_LIMIT, what="A win", required=True)
    return Win(day=now.date(), at=now, text=cleaned)


def newest_first(wins: Iterable[Win]) -> list[Win]:
    """By the day each was written, then the moment, latest first."""
    return sorted(wins, key=lambda w: (w.day, w.at), reverse=True)


def week_heading(day: date, today: date) -> str:
    """How the wins list groups a day: 'This week', 'Last week', or 'Week of 9 Nov 2026'
    (weeks run Monday to Sunday, like the check-in's)."""
    monday = day - timedelta(days=day.weekday())
    this_monday = today - timedelta(days=today.weekday())
    if monday == this_monday:
        return "This week"
    if monday == this_monday - timedelta(days=7):
        return "Last week"
    return f"Week of {monday.day} {monday:%b} {monday.year}"


def grouped_by_week(wins: Iterable[Win], today: date) -> list[tuple[str, list[Win]]]:
    """Wins newest first, in runs under their week's heading."""
    groups: list[tuple[str, list[Win]]] = []
    for win in newest_first(wins):
        heading = week_heading(win.day, today)
        if groups and groups[-1][0] == heading:
            groups[-1][1].append(win)
        else:
            groups.append((heading, [win]))
    return groups
