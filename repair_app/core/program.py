"""The program plan: which week the user is in and which phases are active.

Week 1 is the seven days starting on the program's start date. Phase N is active from
its ``starts_week`` on (week 1 phase 1, week 2 adds phase 2, …); every phase stays
readable at any time, "active" only decides what Today asks of the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

DEFAULT_PHASE_START_WEEKS: tuple[tuple[int, int], ...] = ((1, 1), (2, 2), (3, 3), (4, 4))


@dataclass(frozen=True)
class ProgramStatus:
    start: date
    today: date
    week: int  # 0 before the start date, then 1, 2, …
    day_of_program: int  # 0 before the start date, 1 on the start date
    active_phases: tuple[int, ...]

    @property
    def started(self) -> bool:
        return self.week >= 1

    @property
    def days_until_start(self) -> int:
        return max(0, (self.start - self.today).days)

    @property
    def next_phase(self) -> tuple[int, date] | None:
        """The next phase to become active and the day it does, if any."""
        return self._next

    _next: tuple[int, date] | None = None


def program_week(start: date, today: date) -> int:
    """1 for the first seven days from ``start``; 0 before it."""
    if today < start:
        return 0
    return (today - start).days // 7 + 1


def active_phases(
    week: int, phase_start_weeks: tuple[tuple[int, int], ...] = DEFAULT_PHASE_START_WEEKS
) -> tuple[int, ...]:
    """The phases active in a program week (none before the program starts)."""
    if week < 1:
        return ()
    return tuple(number for number, starts in phase_start_weeks if starts <= week)


def program_status(
    start: date,
    today: date,
    phase_start_weeks: tuple[tuple[int, int], ...] = DEFAULT_PHASE_START_WEEKS,
) -> ProgramStatus:
    week = program_week(start, today)
    upcoming = [(n, s) for n, s in phase_start_weeks if s > max(week, 0)]
    next_phase = None
    if upcoming:
        number, starts = min(upcoming, key=lambda pair: pair[1])
        next_phase = (number, start + timedelta(days=7 * (starts - 1)))
    return ProgramStatus(
        start=start,
        today=today,
        week=week,
        day_of_program=(today - start).days + 1 if today >= start else 0,
        active_phases=active_phases(week, phase_start_weeks),
        _next=next_phase,
    )
