"""The real clock, kept outside the pure core."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Mapping
from datetime import datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

LOCALTIME = Path("/etc/localtime")


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


def system_zone_name(environ: Mapping[str, str] | None = None,
                     localtime: Path = LOCALTIME) -> str | None:
    """The IANA name of the system's time zone, where the system says it: ``$TZ`` when it
    names a zone ("Europe/Berlin", or ":Europe/Berlin"), else the zone ``/etc/localtime``
    links to (Linux, macOS). None when neither names one: a POSIX rule in ``$TZ``
    ("<+10>-10"), Windows, a phone."""
    environ = os.environ if environ is None else environ
    value = environ.get("TZ")
    if value is not None:
        name = value.removeprefix(":")
        return name if name and _zone(name) is not None else None
    try:  # one system call: the clock reads this on every now()
        target = Path(os.readlink(localtime)).as_posix()
    except OSError:  # no such file, or a copy rather than a link
        return None
    if "/zoneinfo/" not in target:
        return None
    name = target.rsplit("/zoneinfo/", 1)[1]
    return name if _zone(name) is not None else None


def resolve_zone(name: str | None) -> tzinfo:
    """The named IANA zone, else the system's zone: by its IANA name where the system
    gives one (so daylight-saving changes ahead are known: a reminder armed for the week
    after the change keeps its wall time), else the fixed offset it has now."""
    zone = _zone(name) if name else None
    if zone is None:
        system = system_zone_name()
        zone = _zone(system) if system else None
    if zone is not None:
        return zone
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
