"""One day of practice as plain data: the checklist ticks, their notes, the promise.

These are the shapes the store keeps (one document per local date in the month-shard
table ``days``; one document per tally moment in ``moments``) and that Today, History,
Progress and the reminders read. ``to_document``/``from_document`` are the only places
that know the stored form; reading is forgiving (a malformed field is dropped, never
fatal) and keys this module does not know are carried through untouched, so another
feature may add its own fields to a day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

PROMISE_OPEN = "open"
PROMISE_KEPT = "kept"
PROMISE_NOT_KEPT = "not_kept"
PROMISE_STATUSES = (PROMISE_OPEN, PROMISE_KEPT, PROMISE_NOT_KEPT)

POSITIVE = "positive"
NEGATIVE = "negative"
MOMENT_KINDS = (POSITIVE, NEGATIVE)

#: Keys of a day document this module owns; any other key is kept as it was.
DAY_KEYS = ("date", "checks", "notes", "promise")


def _frozen(mapping: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(mapping))


def _instant(value: Any) -> datetime | None:
    """An aware datetime from its ISO form; None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class OwnIt:
    """What happened when a promise was not kept, and one step to put it right."""

    what_happened: str
    repair_step: str

    def to_document(self) -> dict[str, str]:
        return {"what_happened": self.what_happened, "repair_step": self.repair_step}

    @classmethod
    def from_document(cls, doc: Any) -> OwnIt | None:
        if not isinstance(doc, Mapping):
            return None
        what, step = doc.get("what_happened", ""), doc.get("repair_step", "")
        if not isinstance(what, str) or not isinstance(step, str) or not (what or step):
            return None
        return cls(what_happened=what, repair_step=step)


@dataclass(frozen=True)
class Promise:
    text: str
    made_at: datetime
    status: str = PROMISE_OPEN
    marked_at: datetime | None = None
    own_it: OwnIt | None = None

    @property
    def is_open(self) -> bool:
        return self.status == PROMISE_OPEN

    @property
    def kept(self) -> bool:
        return self.status == PROMISE_KEPT

    def to_document(self) -> dict[str, Any]:
        doc: dict[str, Any] = {"text": self.text, "made_at": self.made_at.isoformat(),
                               "status": self.status}
        if self.marked_at is not None:
            doc["marked_at"] = self.marked_at.isoformat()
        if self.own_it is not None:
            doc["own_it"] = self.own_it.to_document()
        return doc

    @classmethod
    def from_document(cls, doc: Any) -> Promise | None:
        if not isinstance(doc, Mapping):
            return None
        text, made_at = doc.get("text"), _instant(doc.get("made_at"))
        if not isinstance(text, str) or not text or made_at is None:
            return None
        status = doc.get("status", PROMISE_OPEN)
        if status not in PROMISE_STATUSES:
            status = PROMISE_OPEN
        marked_at = _instant(doc.get("marked_at")) if status != PROMISE_OPEN else None
        own_it = OwnIt.from_document(doc.get("own_it"))  # kept whatever the answer is now
        return cls(text=text, made_at=made_at, status=status, marked_at=marked_at,
                   own_it=own_it)


@dataclass(frozen=True)
class DayRecord:
    """Everything the user recorded for one local calendar day."""

    day: date
    checks: Mapping[str, bool] = field(default_factory=lambda: _frozen({}))
    notes: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    promise: Promise | None = None
    #: Keys of the stored document that belong to other features, carried through.
    extra: Mapping[str, Any] = field(default_factory=lambda: _frozen({}), compare=False)

    def __post_init__(self) -> None:
        for name in ("checks", "notes", "extra"):
            value = getattr(self, name)
            if not isinstance(value, MappingProxyType):
                object.__setattr__(self, name, _frozen(value))

    def checked(self, item_id: str) -> bool:
        return bool(self.checks.get(item_id, False))

    def note(self, item_id: str) -> str:
        return self.notes.get(item_id, "")

    @property
    def is_empty(self) -> bool:
        return not any(self.checks.values()) and not any(self.notes.values()) \
            and self.promise is None

    def with_check(self, item_id: str, value: bool) -> DayRecord:
        return replace(self, checks={**self.checks, item_id: bool(value)})

    def with_note(self, item_id: str, text: str) -> DayRecord:
        notes = dict(self.notes)
        if text:
            notes[item_id] = text
        else:
            notes.pop(item_id, None)
        return replace(self, notes=notes)

    def with_promise(self, promise: Promise | None) -> DayRecord:
        return replace(self, promise=promise)

    def to_document(self) -> dict[str, Any]:
        doc: dict[str, Any] = dict(self.extra)
        doc.update({"date": self.day.isoformat(), "checks": dict(self.checks),
                    "notes": dict(self.notes)})
        if self.promise is not None:
            doc["promise"] = self.promise.to_document()
        return doc

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], day: date | None = None) -> DayRecord:
        """Read a stored day; ``day`` is used when the document's own date is unreadable."""
        parsed = _day(doc.get("date")) or day
        if parsed is None:
            raise ValueError(f"a day document without a readable date: {doc.get('date')!r}")
        raw_checks = doc.get("checks")
        checks = {k: v for k, v in raw_checks.items() if isinstance(k, str)
                  and isinstance(v, bool)} if isinstance(raw_checks, Mapping) else {}
        raw_notes = doc.get("notes")
        notes = {k: v for k, v in raw_notes.items() if isinstance(k, str)
                 and isinstance(v, str) and v} if isinstance(raw_notes, Mapping) else {}
        extra = {k: v for k, v in doc.items() if k not in DAY_KEYS}
        return cls(day=parsed, checks=checks, notes=notes,
                   promise=Promise.from_document(doc.get("promise")), extra=extra)


@dataclass(frozen=True)
class Moment:
    """One tap on the 5:1 tally. ``key`` is the store's handle, used to undo it."""

    day: date
    at: datetime
    kind: str
    note: str = ""
    key: str = field(default="", compare=False)

    @property
    def positive(self) -> bool:
        return self.kind == POSITIVE

    def to_document(self) -> dict[str, Any]:
        return {"date": self.day.isoformat(), "at": self.at.isoformat(), "kind": self.kind,
                "note": self.note}

    @classmethod
    def from_document(cls, doc: Mapping[str, Any], key: str = "") -> Moment | None:
        day, at, kind = _day(doc.get("date")), _instant(doc.get("at")), doc.get("kind")
        if day is None or at is None or kind not in MOMENT_KINDS:
            return None
        note = doc.get("note", "")
        return cls(day=day, at=at, kind=kind, note=note if isinstance(note, str) else "",
                   key=key)
