"""Time as a dependency.

The core never reads the system clock. Everything that needs "now" takes a
:class:`Clock`; the app passes a system clock (``repair_app.system_clock``) and tests
pass a :class:`FakeClock` they can move by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """A source of wall-clock and monotonic time."""

    def now(self) -> datetime:
        """The current instant as an aware datetime in the user's time zone."""
        ...

    def monotonic(self) -> float:
        """Seconds from an arbitrary origin that never jump (for running timers)."""
        ...


def local_today(clock: Clock) -> date:
    """The user's local calendar day: the day boundary is local midnight."""
    return clock.now().date()


@dataclass
class FakeClock:
    """A clock for tests: wall time and monotonic time move only when told to.

    ``advance`` moves both (time passing); ``set_wall`` moves only the wall clock,
    as when a user changes the time on the device; ``set_zone`` simulates travel.
    """

    wall: datetime
    mono: float = 1000.0
    zone: tzinfo = field(default_factory=lambda: ZoneInfo("UTC"))

    def __post_init__(self) -> None:
        if self.wall.tzinfo is None:
            self.wall = self.wall.replace(tzinfo=self.zone)
        else:
            self.zone = self.wall.tzinfo

    def now(self) -> datetime:
        return self.wall.astimezone(self.zone)

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float = 0.0, **kwargs: float) -> None:
        delta = timedelta(seconds=seconds, **kwargs)
        # Arithmetic on UTC so that DST transitions are real elapsed time.
        self.wall = (self.wall.astimezone(ZoneInfo("UTC")) + delta).astimezone(self.zone)
        self.mono += delta.total_seconds()

    def set_wall(self, wall: datetime) -> None:
        if wall.tzinfo is None:
            wall = wall.replace(tzinfo=self.zone)
        self.wall = wall

    def set_zone(self, zone: tzinfo) -> None:
        self.zone = zone
        self.wall = self.wall.astimezone(zone)
