"""The morning promise: one a day, small and checkable, editable until it is marked.

States: none -> open (made, editable) -> kept | not kept (with an optional "own it" note).
A mistaken answer can be taken back (``reopen``), which returns the promise to open.
Marking also sets the checklist items linked to the promise (``linked_to = "promise"``
in the content), so anything reading ``checks`` sees the same answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from .day import PROMISE_KEPT, PROMISE_NOT_KEPT, PROMISE_OPEN, DayRecord, OwnIt, Promise
from .entry_text import OWN_IT_LIMIT, PROMISE_LIMIT, EntryError, clean_entry

PROMISE_EXAMPLES = (
    "I'll text when I'm leaving work.",
    "I'll wash the dishes after dinner.",
    "I'll put my phone away while we eat.",
    "I'll ask how their appointment went.",
)

# A promise that reaches for everything at once is the kind that breaks.
_HUGE = re.compile(
    r"\b(always|never|forever|everything|every single|all the time|from now on|"
    r"no more|completely|perfect(ly)?|change (all|myself|who i am))\b",
    re.IGNORECASE,
)
# A promise nobody could tick off tonight: a direction, not a deed.
_VAGUE = re.compile(
    r"\b(better|try|trying|more|less|nicer|improve|work on|be good|be there|"
    r"make it up|make things right|be a better)\b",
    re.IGNORECASE,
)

HUGE_HINT = ("This sounds big. Big promises are the ones that break; "
             "what's one small part you can do today?")
VAGUE_HINT = ("Will you know tonight whether you kept it? "
              "Name one thing you'll do, and when.")
LONG_HINT = "Small promises usually fit in one line."
LONG_PROMISE = 140


class PromiseError(ValueError):
    """The promise can't be changed that way; the message says why."""


@dataclass(frozen=True)
class PromiseCheck:
    """What the promise field says about the text typed so far."""

    text: str  # trimmed
    error: str = ""  # non-empty: it cannot be saved
    hints: tuple[str, ...] = ()  # gentle warnings; saving is still allowed

    @property
    def can_save(self) -> bool:
        return not self.error


def check_promise_text(text: str | None) -> PromiseCheck:
    """Judge a draft promise: an error blocks saving, hints only advise."""
    try:
        cleaned = clean_entry(text, limit=PROMISE_LIMIT, what="A promise", required=True)
    except EntryError as error:
        if not (text or "").strip():
            return PromiseCheck(text="", error="Write a promise first")
        return PromiseCheck(text=(text or "").strip(), error=str(error))
    return PromiseCheck(text=cleaned, hints=promise_hints(cleaned))


def promise_hints(text: str) -> tuple[str, ...]:
    hints = []
    if _HUGE.search(text):
        hints.append(HUGE_HINT)
    elif _VAGUE.search(text):
        hints.append(VAGUE_HINT)
    if len(text) > LONG_PROMISE:
        hints.append(LONG_HINT)
    return tuple(hints)


def make_promise(record: DayRecord, text: str, now: datetime) -> DayRecord:
    """Make (or, while it is still open, reword) the day's promise."""
    check = check_promise_text(text)
    if not check.can_save:
        raise PromiseError(check.error)
    current = record.promise
    if current is None:
        return record.with_promise(Promise(text=check.text, made_at=now))
    if not current.is_open:
        raise PromiseError("This promise is already marked; take the answer back to edit it.")
    return record.with_promise(replace(current, text=check.text))


def mark_promise(record: DayRecord, kept: bool, now: datetime,
                 linked_items: Iterable[str] = ()) -> DayRecord:
    """Answer "did you keep it?"; sets the linked checklist items to the same answer."""
    promise = record.promise
    if promise is None:
        raise PromiseError("There is no promise for this day yet.")
    # Words written to own a missed promise are kept whatever the answer becomes: they
    # show again if it is marked "not kept" again, and they stay in the export.
    marked = replace(promise, status=PROMISE_KEPT if kept else PROMISE_NOT_KEPT,
                     marked_at=now)
    updated = record.with_promise(marked)
    for item_id in linked_items:
        updated = updated.with_check(item_id, kept)
    return updated


def reopen_promise(record: DayRecord, linked_items: Iterable[str] = ()) -> DayRecord:
    """Take back a mistaken answer: the promise is open (and editable) again."""
    promise = record.promise
    if promise is None:
        raise PromiseError("There is no promise for this day yet.")
    updated = record.with_promise(replace(promise, status=PROMISE_OPEN, marked_at=None))
    for item_id in linked_items:
        updated = updated.with_check(item_id, False)
    return updated


def own_it(record: DayRecord, what_happened: str, repair_step: str) -> DayRecord:
    """Save what happened and one repair step with a promise that wasn't kept."""
    promise = record.promise
    if promise is None or promise.status != PROMISE_NOT_KEPT:
        raise PromiseError("Owning it is for a promise you didn't keep.")
    try:
        what = clean_entry(what_happened, limit=OWN_IT_LIMIT, what="What happened")
        step = clean_entry(repair_step, limit=OWN_IT_LIMIT, what="The repair step")
    except EntryError as error:
        raise PromiseError(str(error)) from error
    if not what and not step:
        raise PromiseError("Write what happened or one repair step first.")
    return record.with_promise(replace(promise, own_it=OwnIt(what, step)))


def is_linked_to_promise(linked_to: str) -> bool:
    return linked_to == "promise"
