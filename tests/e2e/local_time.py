"""The local time the browser journeys run at: mid-morning, in a zone without daylight saving.

The app under test reads "today" and the time of day from the system clock in the
machine's time zone (``SystemClock``), and the journeys' own seeds read it the same way
(``date.today()``, ``SystemClock()``). Left in the machine's zone, a journey's result
depended on the hour CI happened to run it:

* across local midnight the app's day moves on mid-test: a welcome finished after it
  starts the program "yesterday" (``Week 1 · day 2``, where every journey waits for
  ``Week 1 · day 1``), Today turns to a new, empty day, and on a Sunday night the
  check-in and the week's wins move to a week the test didn't count from;
* at the default reminder times (08:00, 21:00, and 19:00 on Sundays) the app's reminder
  loop shows a real in-app banner over the screen under test;
* on a daylight-saving night an hour is skipped or repeated.

So the e2e package runs in a fixed-offset zone, whole hours from UTC, chosen when it
starts so that it is TARGET_HOUR o'clock there: the next midnight or default reminder is
then more than QUIET_HOURS away, far longer than the whole e2e run. The weekday and the
date stay the real ones; seeds that depend on them pin themselves to the calendar (the
progress seed starts on a Monday).

POSIX ``TZ`` strings need no time zone database, so this holds on any Linux or macOS
machine; Python (``time.tzset``) and every process the tests start read the same value.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

TARGET_HOUR = 10
#: From TARGET_HOUR:00-59, the next local midnight, 19:00 (the weekly check-in on
#: Sundays) and 21:00 (the evening check) are at least this far away.
QUIET_HOURS = 8
#: The offsets real zones use reach from UTC-12 to UTC+14; UTC-11 to UTC+12 is every
#: hour of the day once.
OFFSETS = range(-11, 13)


def quiet_offset(utc_now: datetime) -> int:
    """Whole hours east of UTC where ``utc_now`` reads TARGET_HOUR o'clock."""
    hour = utc_now.astimezone(UTC).hour
    return (TARGET_HOUR - hour - OFFSETS.start) % 24 + OFFSETS.start


def posix_tz(offset_hours: int) -> str:
    """The ``TZ`` value for a fixed offset: POSIX counts hours *west* of UTC, so UTC+10
    is ``<+10>-10`` (the part in angle brackets is only the zone's name)."""
    return f"<{offset_hours:+03d}>{-offset_hours:+d}"


def local_at(utc_now: datetime, offset_hours: int) -> datetime:
    return utc_now.astimezone(UTC) + timedelta(hours=offset_hours)


@contextmanager
def quiet_local_time(utc_now: datetime | None = None) -> Iterator[str]:
    """Set ``TZ`` for this process and the processes it starts; restore it after."""
    value = posix_tz(quiet_offset(utc_now or datetime.now(UTC)))
    before = os.environ.get("TZ")
    os.environ["TZ"] = value
    time.tzset()
    try:
        yield value
    finally:
        if before is None:
            os.environ.pop("TZ", None)
        else:
            os.environ["TZ"] = before
        time.tzset()
