"""The real clock, kept outside the pure core."""

from __future__ import annotations

import time
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


class SystemClock:
    """Wall time in the user's zone (re-read each call, so travel is noticed)."""

    def __init__(self, zone_name: str | None = None) -> None:
        self.zone_name = zone_name

    def now(self) -> datetime:
        return datetime.now(resolve_zone(self.zone_name))

    def monotonic(self) -> float:
        return time.monotonic()
