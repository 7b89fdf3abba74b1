"""Runs of days and promise follow-through, counted in local calendar days.

Counting walks back one calendar date at a time (``date`` arithmetic, so DST days and
time-zone changes cannot make a day count twice or vanish) and asks a lookup for each
day. The walk stops at the first gap or at :data:`LOOKBACK_DAYS`, so opening Today costs
the same with ten years of history as with one week.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .day import PROMISE_KEPT, PROMISE_NOT_KEPT, DayRecord

LOOKBACK_DAYS = 366
FOLLOW_THROUGH_DAYS = 30

DayDone = Callable[[date], bool]


def run_ending(done: DayDone, end: date, *, limit: int = LOOKBACK_DAYS) -> int:
    """How many consecutive days up to and including ``end`` are done (at most ``limit``)."""
    count, day = 0, end
    while count < limit and done(day):
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True)
class Run:
    """A streak as Today shows it.

    ``count`` includes today only once today is done: an unticked today is still in
    play, so it doesn't break the run. ``restarted`` says a run ended with a missed day
    recently, so the screen can say so kindly.
    """

    count: int
    today_done: bool
    restarted: bool
    capped: bool  # the run is at least LOOKBACK_DAYS long; the count stops there

    def label(self, goal: int) -> str:
        shown = f"{self.count}+" if self.capped else str(self.count)
        return f"Day {shown} of {goal}" if self.count <= goal else f"Day {shown}"


def current_run(done: DayDone, today: date, *, limit: int = LOOKBACK_DAYS,
                since: date | None = None) -> Run:
    """The run ending today (if done) or yesterday; days before ``since`` never count."""
    def counted(day: date) -> bool:
        return (since is None or day >= since) and done(day)

    today_done = counted(today)
    end = today if today_done else today - timedelta(days=1)
    count = run_ending(counted, end, limit=limit)
    restarted = False
    if count == 0 or (today_done and count == 1):
        # The day before the run was missed: was there a run just before that?
        missed = end - timedelta(days=count)
        restarted = counted(missed - timedelta(days=1))
    return Run(count=count, today_done=today_done, restarted=restarted,
               capped=count >= limit)


@dataclass(frozen=True)
class FollowThrough:
    """Promises in a window of days: kept ÷ made (today's open promise not yet counted)."""

    made: int
    kept: int
    not_kept: int
    unmarked: int

    @property
    def rate(self) -> float | None:
        return self.kept / self.made if self.made else None

    def percent_label(self) -> str:
        rate = self.rate
        return "–" if rate is None else f"{round(rate * 100)}%"


def follow_through(records: Iterable[DayRecord], today: date,
                   *, days: int = FOLLOW_THROUGH_DAYS) -> FollowThrough:
    """Promises made in the ``days`` local days ending today.

    A past promise never marked counts as made but not kept: the rate is honest about
    what was written down. Today's promise counts once it is marked.
    """
    first = today - timedelta(days=days - 1)
    kept = not_kept = unmarked = 0
    for record in records:
        promise = record.promise
        if promise is None or not first <= record.day <= today:
            continue
        if promise.status == PROMISE_KEPT:
            kept += 1
        elif promise.status == PROMISE_NOT_KEPT:
            not_kept += 1
        elif record.day < today:
            unmarked += 1
    return FollowThrough(made=kept + not_kept + unmarked, kept=kept, not_kept=not_kept,
                         unmarked=unmarked)


def promise_kept_on(record: DayRecord | None) -> bool:
    return record is not None and record.promise is not None and record.promise.kept


def defend_free_message(run: Run, goal: int) -> str:
    """A kind word for the days-without-defending card; never a scolding one."""
    if run.count == 0:
        if run.restarted:
            return ("Yesterday didn't go as you hoped. That's human, and starting again "
                    "is part of this. If you hold back today, tonight is day 1.")
        return "If you hold back today, tick it tonight: that's day 1."
    if run.count >= goal:
        return f"{goal} days and more. Keep going as long as it helps."
    if run.today_done:
        if run.restarted:
            return "Day 1 again, and it counts just as much. One day at a time."
        left = goal - run.count
        return f"{left} more day{'s' if left != 1 else ''} to {goal}. One day at a time."
    return f"If you hold back today, tick it tonight to make it day {run.count + 1}."


def follow_through_sentence(result: FollowThrough, days: int) -> str:
    """The promises of the last ``days`` days in kind words: what was kept, never a
    percentage, and never "0 of 1" on day one."""
    made, kept = result.made, result.kept
    plural = "s" if made != 1 else ""
    if kept == 0:
        return (f"Last {days} days: {made} promise{plural} made. None kept yet; the next "
                "one can be.")
    if kept == made:
        return (f"Last {days} days: you kept the 1 promise you made." if made == 1
                else f"Last {days} days: you kept all {made} promises you made.")
    return f"Last {days} days: you kept {kept} of the {made} promises you made."
