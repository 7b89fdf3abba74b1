"""The 5:1 tally: positive and negative moments, counted per day and over the last week.

Five good moments to one hard one is a rule of thumb from research on couples in
conflict, not a score of a relationship; the words on screen say so.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .content import Program
from .day import MOMENT_KINDS, NEGATIVE, POSITIVE, Moment
from .entry_text import MOMENT_NOTE_LIMIT, clean_entry
from .program import active_phases

TARGET_RATIO = 5
WEEK_DAYS = 7


@dataclass(frozen=True)
class TallyCounts:
    positive: int = 0
    negative: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.negative

    @property
    def ratio(self) -> float | None:
        """Positive moments per negative one; None when there was no negative one."""
        return self.positive / self.negative if self.negative else None

    def ratio_label(self) -> str:
        """'3 : 1', '2.5 : 1', '4 : 0' or '–' when nothing was counted."""
        if not self.total:
            return "–"
        if not self.negative:
            return f"{self.positive} : 0"
        ratio = round(self.positive / self.negative, 1)
        shown = f"{ratio:.1f}".removesuffix(".0")
        return f"{shown} : 1"

    @property
    def at_or_above_target(self) -> bool:
        return self.total > 0 and self.positive >= TARGET_RATIO * self.negative


def one_more_kind_moment(counts: TallyCounts) -> str | None:
    """What one more kind moment would do for a day's balance, in a few warm words and no
    big numbers (never "430 needed for 5:1"); None when nothing hard was counted."""
    if not counts.negative:
        return None
    if counts.at_or_above_target:
        return "Five kind moments or more for each hard one today. That's the balance."
    after = TallyCounts(counts.positive + 1, counts.negative)
    if after.at_or_above_target:
        return "One more kind moment, and today is at five to one."
    if after.positive < after.negative:
        return "A kind moment now helps balance a hard one."
    if after.ratio_label() == f"{TARGET_RATIO} : 1":  # 428 to 86 rounds up; it isn't 5:1
        return "One more kind moment, and today is nearly at five to one."
    return f"One more kind moment, and today is at {after.ratio_label()}."


def mark_words(positive: int, negative: int) -> str:
    """Where a stretch of time stands against the 5:1 mark, without the mark's own number
    (five times the hard moments: large over a year, and no comfort)."""
    if not negative:
        return "the 5:1 mark, no hard moments"
    if positive >= TARGET_RATIO * negative:
        return "the 5:1 mark, reached"
    return "the 5:1 mark, on the way"


@dataclass(frozen=True)
class TallySummary:
    today: TallyCounts
    week: TallyCounts
    undoable: Moment | None  # the last moment added today, if any


def count(moments: Iterable[Moment]) -> TallyCounts:
    positive = negative = 0
    for moment in moments:
        if moment.kind == POSITIVE:
            positive += 1
        elif moment.kind == NEGATIVE:
            negative += 1
    return TallyCounts(positive, negative)


def week_window(today: date) -> tuple[date, date]:
    """The last seven local days, today included (calendar days: DST doesn't matter)."""
    return today - timedelta(days=WEEK_DAYS - 1), today


def summarise(moments: Iterable[Moment], today: date) -> TallySummary:
    first, last = week_window(today)
    in_week = [m for m in moments if first <= m.day <= last]
    of_today = [m for m in in_week if m.day == today]
    return TallySummary(today=count(of_today), week=count(in_week),
                        undoable=last_moment(of_today))


def last_moment(moments: Iterable[Moment]) -> Moment | None:
    """The most recently added moment (by instant, so time-zone changes don't confuse it)."""
    latest: Moment | None = None
    for moment in moments:
        if latest is None or moment.at >= latest.at:
            latest = moment
    return latest


def new_moment(kind: str, note: str, day: date, now: datetime) -> Moment:
    """A moment to add on ``day`` (the local day decided by the clock); raises EntryError."""
    if kind not in MOMENT_KINDS:
        raise ValueError(f"unknown moment kind {kind!r}")
    cleaned = clean_entry(note, limit=MOMENT_NOTE_LIMIT, what="A moment's note")
    return Moment(day=day, at=now, kind=kind, note=cleaned)


#: The content section that introduces the tally; the tally is on Today while its phase is.
TALLY_SECTION = "five_to_one"


def tally_active(program: Program, week: int) -> bool:
    """True when a phase active in ``week`` explains the 5:1 balance (phase 3 in ours)."""
    numbers = active_phases(week, program.phase_start_weeks)
    return any(section.id == TALLY_SECTION for phase in program.phases
               if phase.number in numbers for section in phase.sections)
