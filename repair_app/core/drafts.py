"""The Drafts box: messages held until morning, then re-read. Pure rules, no storage.

A held draft *rests* until its re-read time (the next local morning, at the user's
morning reminder time) and is then *ready*: Repair shows it again and asks whether to
send it as is, rewrite it, or let it go. Times are aware datetimes from the Clock, so a
draft held in one time zone is ready at the same instant wherever the user is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta
from typing import Any

MAX_DRAFT_CHARS = 100_000
#: The re-read time is the next morning at least this far ahead: a message written at
#: 02:00 rests until 07:45 the same day, one written at 06:30 until tomorrow morning.
MIN_REST = timedelta(hours=3)
RESTING = "resting"
READY = "ready"


class DraftError(ValueError):
    """A draft cannot be kept as it is; the message says why, in plain words."""


@dataclass(frozen=True)
class Draft:
    text: str
    created_at: datetime
    updated_at: datetime
    hold_until: datetime
    id: int | None = None

    def status(self, now: datetime) -> str:
        return READY if is_due(self, now) else RESTING

    def to_document(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            "hold_until": self.hold_until.isoformat(),
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], draft_id: int | None = None) -> Draft:
        """Read a stored draft; a damaged one raises DraftError (the caller skips it)."""
        text = doc.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DraftError("The draft has no text.")
        return cls(text=text, created_at=_instant(doc.get("created_at")),
                   updated_at=_instant(doc.get("updated_at")),
                   hold_until=_instant(doc.get("hold_until")), id=draft_id)


def clean_draft_text(text: str) -> str:
    """Check a message before keeping it; lone surrogates (invalid text that some input
    methods produce) become U+FFFD so the data file can always be written."""
    if text is None or not text.strip():
        raise DraftError("There's nothing to keep yet: write your message first.")
    if len(text) > MAX_DRAFT_CHARS:
        raise DraftError(f"That's longer than {MAX_DRAFT_CHARS:,} characters. "
                         "Keep the part that matters most.")
    if _has_surrogates(text):
        return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)
    return text


def next_morning(now: datetime, morning: time, min_rest: timedelta = MIN_REST) -> datetime:
    """The next local morning at ``morning`` that is at least ``min_rest`` away.

    Computed in ``now``'s time zone on calendar days, so it stays at the morning time
    across a daylight-saving change (a morning time that doesn't exist that day moves
    forward with the clocks).
    """
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime (from the Clock)")
    zone = now.tzinfo
    for offset in range(3):
        day = now.date() + timedelta(days=offset)
        candidate = datetime.combine(day, morning.replace(tzinfo=None), tzinfo=zone)
        candidate = candidate.astimezone(UTC).astimezone(zone)  # normalise a DST gap
        if _elapsed(now, candidate) >= min_rest:
            return candidate
    raise AssertionError("unreachable: a morning within three days always exists")


def hold_draft(text: str, now: datetime, morning: time) -> Draft:
    """A new draft resting until the next morning."""
    return Draft(text=clean_draft_text(text), created_at=now, updated_at=now,
                 hold_until=next_morning(now, morning))


def edit_draft(draft: Draft, text: str, now: datetime) -> Draft:
    """New words; the re-read time stays as it was."""
    return replace(draft, text=clean_draft_text(text), updated_at=now)


def hold_again(draft: Draft, text: str, now: datetime, morning: time) -> Draft:
    """Rewritten and put back to rest until the next morning."""
    return replace(draft, text=clean_draft_text(text), updated_at=now,
                   hold_until=next_morning(now, morning))


def is_due(draft: Draft, at: datetime) -> bool:
    return draft.hold_until.astimezone(UTC) <= at.astimezone(UTC)


def due_drafts(drafts: Iterable[Draft], at: datetime) -> list[Draft]:
    """Drafts due for re-reading at instant ``at``, the longest-waiting first."""
    return sorted((d for d in drafts if is_due(d, at)), key=_hold_key)


def drafts_in_box_order(drafts: Iterable[Draft], now: datetime) -> list[Draft]:
    """Ready drafts first (longest-waiting first), then resting ones (soonest first)."""
    items = list(drafts)
    ready = due_drafts(items, now)
    resting = sorted((d for d in items if not is_due(d, now)), key=_hold_key)
    return ready + resting


def box_summary(drafts: Iterable[Draft], now: datetime) -> tuple[int, int]:
    """(ready, resting) counts."""
    items = list(drafts)
    ready = sum(1 for d in items if is_due(d, now))
    return ready, len(items) - ready


def when_label(moment: datetime, now: datetime) -> str:
    """'today at 07:45', 'tomorrow at 07:45', 'yesterday at 07:45' or 'Wed 25 Nov at 07:45',
    in ``now``'s time zone."""
    local = moment.astimezone(now.tzinfo)
    days = (local.date() - now.date()).days
    clock_time = f"{local:%H:%M}"
    names = {0: "today", 1: "tomorrow", -1: "yesterday"}
    if days in names:
        return f"{names[days]} at {clock_time}"
    return f"{local:%a} {local.day} {local:%b} at {clock_time}"


def preview(text: str, limit: int = 160) -> str:
    """The start of a draft on one line, for the Drafts list."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _hold_key(draft: Draft) -> tuple[datetime, int]:
    return (draft.hold_until.astimezone(UTC), draft.id or 0)


def _elapsed(start: datetime, end: datetime) -> timedelta:
    # Aware datetimes in the same tzinfo subtract as wall times; UTC gives real time.
    return end.astimezone(UTC) - start.astimezone(UTC)


def _instant(value: Any) -> datetime:
    if not isinstance(value, str):
        raise DraftError(f"Not a stored time: {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError as error:
        raise DraftError(f"Not a stored time: {value!r}") from error
    if moment.tzinfo is None:
        raise DraftError(f"A stored time has no time zone: {value!r}")
    return moment


def _has_surrogates(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
