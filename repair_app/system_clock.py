"""The real clock, kept outside the pure core."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def resolve_zone(name: str | None) -> tzinfo:
    """The named IANA zone, or the system's local zone when no name is set."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    local = datetime.now().astimezone().tzinfo
    return local if local is not None else ZoneInfo("UTC")


def suspend_aware_monotonic() -> Callable[[], float]:
    """A monotonic clock that keeps counting while the device sleeps.

    ``time.monotonic()`` stops while a phone (or a laptop) is suspended: CLOCK_MONOTONIC
    on Linux and Android, mach_absolute_time on macOS and iOS. The pause countdown and
    the idle lock must count that time, so use CLOCK_BOOTTIME (Linux, Android) or the
    Darwin CLOCK_MONOTONIC (which does count sleep), and time.monotonic elsewhere."""
    boottime = getattr(time, "CLOCK_BOOTTIME", None)
    darwin = sys.platform in ("darwin", "ios") and hasattr(time, "CLOCK_MONOTONIC")
    clock_id = boottime if boottime is not None else (time.CLOCK_MONOTONIC if darwin else None)
    if clock_id is None:
        return time.monotonic
    try:
        time.clock_gettime(clock_id)
    except OSError:  # a kernel without it
        return time.monotonic
    return lambda: time.clock_gettime(clock_id)


class SystemClock:
    """Wall time in the user's zone (re-read each call, so travel is noticed)."""

    def __init__(self, zone_name: str | None = None) -> None:
        self.zone_name = zone_name
        self._monotonic = suspend_aware_monotonic()

    def now(self) -> datetime:
        return datetime.now(resolve_zone(self.zone_name))

    def monotonic(self) -> float:
        return self._monotonic()
