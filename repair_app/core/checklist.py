"""The daily checklist: which items a day asks for, ticking them, and how complete a day is.

The items themselves are content (``[[phases.checklist]]`` in program.toml); this module
only decides which of them belong to a day: those of the phases active in the program
week that day falls in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .content import ChecklistItem, Program
from .day import DayRecord
from .entry_text import NOTE_LIMIT, clean_entry
from .program import active_phases, program_week
from .promise import is_linked_to_promise

COMPLETE = "complete"
PARTIAL = "partial"
EMPTY = "empty"
BEFORE_START = "before_start"
FUTURE = "future"

#: The item counted by "days without defending" (phase 1's two-week practice).
DEFEND_FREE_ITEM = "no_defending"
DEFEND_FREE_GOAL = 14
#: How far back Today counts that run: twice the goal. Beyond it the card says "Day 28+".
#: Walking back 28 days from any date reaches at most the previous month, so Today reads
#: the same two month shards however long the run and the history are.
DEFEND_FREE_LOOKBACK = 2 * DEFEND_FREE_GOAL

#: Days (today included) whose record can still be changed; older ones are read-only.
EDITABLE_DAYS = 7


@dataclass(frozen=True)
class ActiveItem:
    phase: int
    item: ChecklistItem

    @property
    def id(self) -> str:
        return self.item.id

    @property
    def linked_to_promise(self) -> bool:
        return is_linked_to_promise(self.item.linked_to)

    @property
    def takes_note(self) -> bool:
        return bool(self.item.note_label)


def active_items(program: Program, week: int) -> tuple[ActiveItem, ...]:
    """The checklist of a program week, in content order (week 0: nothing yet)."""
    numbers = set(active_phases(week, program.phase_start_weeks))
    return tuple(ActiveItem(phase.number, item) for phase in program.phases
                 if phase.number in numbers for item in phase.checklist)


def items_for_day(program: Program, start: date, day: date) -> tuple[ActiveItem, ...]:
    return active_items(program, program_week(start, day))


def linked_promise_items(program: Program) -> tuple[str, ...]:
    """Ids of the items that mirror the promise card."""
    return tuple(item.id for phase in program.phases for item in phase.checklist
                 if is_linked_to_promise(item.linked_to))


def item_done(record: DayRecord, item: ActiveItem) -> bool:
    if item.linked_to_promise:
        return record.promise is not None and record.promise.kept
    return record.checked(item.id)


def done_count(record: DayRecord, items: Sequence[ActiveItem]) -> int:
    return sum(1 for item in items if item_done(record, item))


def set_item(record: DayRecord, item: ActiveItem, value: bool) -> DayRecord:
    if item.linked_to_promise:
        raise ValueError("this item follows the promise card; mark the promise instead")
    return record.with_check(item.id, value)


def set_item_note(record: DayRecord, item: ActiveItem, text: str) -> DayRecord:
    """Save the short note of an item that takes one; raises EntryError if it can't."""
    if not item.takes_note:
        raise ValueError(f"item {item.id!r} takes no note")
    return record.with_note(item.id, clean_entry(text, limit=NOTE_LIMIT, what="A note"))


def day_status(record: DayRecord | None, items: Sequence[ActiveItem], day: date,
               today: date, start: date) -> str:
    """complete / partial / empty for a day of the program; before_start or future outside."""
    if day > today:
        return FUTURE
    if day < start:
        return BEFORE_START
    if record is None or not items:
        return EMPTY
    done = done_count(record, items)
    if done == len(items):
        return COMPLETE
    return PARTIAL if done or not record.is_empty else EMPTY


def is_editable(day: date, today: date) -> bool:
    """The last seven days (today included) can be changed; older days are kept as they are."""
    return 0 <= (today - day).days < EDITABLE_DAYS


def promise_asked(items: Sequence[ActiveItem]) -> bool:
    """The morning promise is asked for while an item linked to it is on the checklist."""
    return any(item.linked_to_promise for item in items)
