"""When reminders are due: the morning reminder, the evening check, the weekly check-in.

Pure rules, no I/O. ``repair_app.notify`` decides *how* a reminder reaches the person.

* An **occurrence** is one reminder on one local calendar day ("the morning reminder of
  2026-03-29"). Its key is ``kind:date``; each occurrence is handled at most once, and the
  last handled day per rule is persisted (:class:`ReminderState`). A clock that jumps back,
  a second process, or a second session therefore cannot fire it again.
* Times are wall-clock times in the user's time zone (the zone of ``clock.now()``).
  A time that does not exist that day (a spring-forward gap) fires once at the first valid
  instant after it (02:30 in Berlin on the last Sunday of March fires at 03:00 CEST). A time
  that exists twice (fall-back) fires once, at the first of the two.
* Missed while closed: when checked, an occurrence earlier *today* that was not handled is
  due now (once); older ones are dropped.
* Smart skipping: the morning reminder is skipped when today's promise is already made, the
  evening check when today's promise is already marked.
* What each reminder asks, when it starts and where its tap lands follow the program
  (``reminder_asks``): a rule carries the first day it is relevant (``ReminderRule.starts``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any, Protocol

from repair_app.core.pause import PauseSession
from repair_app.core.settings import Settings

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Where a tap on each reminder should land: Today holds the promise card; the weekly
#: reminder opens the weekly check-in (``repair_app.core.routes.CHECKIN``).
TODAY_ROUTE = "/today"
CHECKIN_ROUTE = "/checkin"

#: What every notification says when discreet notifications are on (the default).
DISCREET_TITLE = "Repair"
DISCREET_BODY = "A moment for you"

MORNING_QUESTION = "What's one small promise I can make today that I know I can keep?"
CHECKIN_QUESTION = "How can we solve this together instead of against each other?"


class ReminderKind(StrEnum):
    MORNING = "morning"
    EVENING = "evening"
    WEEKLY = "weekly"
    PAUSE = "pause"  # not a rule: sent once when a running pause's twenty minutes are up


#: Stable small numbers per kind, used in notification ids.
KIND_NUMBER = {ReminderKind.MORNING: 1, ReminderKind.EVENING: 2, ReminderKind.WEEKLY: 3,
               ReminderKind.PAUSE: 4}
PAUSE_ROUTE = "/pause"


@dataclass(frozen=True)
class ReminderRule:
    kind: ReminderKind
    at: time
    weekday: int | None = None  # 0 = Monday ... 6 = Sunday; None = every day
    enabled: bool = True
    #: The first day it is relevant (the day its phase starts); None = from the start.
    starts: date | None = None

    def falls_on(self, day: date) -> bool:
        if self.starts is not None and day < self.starts:
            return False
        return self.weekday is None or day.weekday() == self.weekday


@dataclass(frozen=True)
class Occurrence:
    kind: ReminderKind
    day: date  # the local calendar day it belongs to
    due: datetime  # the aware instant it fires

    @property
    def key(self) -> str:
        return f"{self.kind.value}:{self.day.isoformat()}"

    @property
    def notification_id(self) -> int:
        """A stable 32-bit id, e.g. 202611241 for the morning of 2026-11-24."""
        return (self.day.year * 10000 + self.day.month * 100 + self.day.day) * 10 + KIND_NUMBER[
            self.kind
        ]


@dataclass(frozen=True)
class ReminderMessage:
    """What a notification shows, and where a tap should lead."""

    title: str
    body: str
    route: str
    kind: ReminderKind
    key: str = ""  # the occurrence key ("" for a test notification)


#: "Never": a reminder whose phase the program does not have.
NEVER = date.max


def rules_from_settings(settings: Settings,
                        starts: Mapping[ReminderKind, date] | None = None) -> list[ReminderRule]:
    """The three rules; none is on before the welcome is finished. ``starts`` gives the
    first day each is relevant (see ``reminder_asks.reminder_rules``, which reads it from
    the program); a kind starting on ``NEVER`` is off."""
    on = settings.onboarded
    starts = starts or {}

    def rule(kind: ReminderKind, at: time, wanted: bool, weekday: int | None = None):
        first = starts.get(kind)
        return ReminderRule(kind, at, weekday=weekday, enabled=on and wanted and first != NEVER,
                            starts=None if first == NEVER else first)

    return [
        rule(ReminderKind.MORNING, settings.morning_time, settings.morning_reminder),
        rule(ReminderKind.EVENING, settings.evening_time, settings.evening_reminder),
        rule(ReminderKind.WEEKLY, settings.weekly_time, settings.weekly_reminder,
             settings.weekly_day),
    ]


@dataclass(frozen=True)
class ReminderAsk:
    """What one reminder asks on one day, and the screen that answers it (from the
    program: see ``reminder_asks.reminder_ask``)."""

    title: str
    body: str
    route: str


def message_for(kind: ReminderKind, *, discreet: bool, key: str = "",
                ask: ReminderAsk | None = None) -> ReminderMessage:
    """The notification for ``kind``: ``ask`` (what the program asks that day) when given,
    else the reminder's general wording; discreet hides the words, never the route."""
    if ask is not None:
        if discreet:
            return ReminderMessage(DISCREET_TITLE, DISCREET_BODY, ask.route, kind, key)
        return ReminderMessage(ask.title, ask.body, ask.route, kind, key)
    route = {ReminderKind.WEEKLY: CHECKIN_ROUTE, ReminderKind.PAUSE: PAUSE_ROUTE}.get(
        kind, TODAY_ROUTE)
    if discreet:
        return ReminderMessage(DISCREET_TITLE, DISCREET_BODY, route, kind, key)
    title, body = {
        ReminderKind.MORNING: ("Your small promise", MORNING_QUESTION),
        ReminderKind.EVENING: ("Evening check",
                               "Did you keep today's promise? Take a moment to mark it."),
        ReminderKind.WEEKLY: ("Weekly check-in", CHECKIN_QUESTION),
        ReminderKind.PAUSE: ("Your pause is over",
                             "Come back when you're ready. What do you need right now?"),
    }[kind]
    return ReminderMessage(title, body, route, kind, key)


# -- local time -> instant, DST-safe --------------------------------------------------------

def _exists(naive: datetime, zone: tzinfo, fold: int) -> bool:
    aware = naive.replace(tzinfo=zone, fold=fold)
    back = aware.astimezone(UTC).astimezone(zone)
    return back.replace(tzinfo=None) == naive


def local_instant(day: date, at: time, zone: tzinfo) -> datetime:
    """The instant of wall time ``at`` on ``day`` in ``zone``.

    Overlap (the hour that happens twice): the first one. Gap (the hour that doesn't
    happen): the end of the gap, i.e. the first valid instant after the wanted time.
    """
    naive = datetime.combine(day, at)
    if _exists(naive, zone, 0):
        return naive.replace(tzinfo=zone, fold=0)
    # In a gap: fold=1 reads the wall time with the offset *after* the jump, which lands
    # before the transition; fold=0 with the offset before, which lands after it. The
    # transition lies between: find it to the second.
    early = naive.replace(tzinfo=zone, fold=1).astimezone(UTC)
    late = naive.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if early > late:
        early, late = late, early
    before = early.astimezone(zone).utcoffset()
    while late - early > timedelta(seconds=1):
        middle = early + (late - early) / 2
        if middle.astimezone(zone).utcoffset() == before:
            early = middle
        else:
            late = middle
    return late.replace(microsecond=0).astimezone(zone)


def occurrence_on(rule: ReminderRule, day: date, zone: tzinfo) -> Occurrence | None:
    if not rule.falls_on(day):
        return None
    return Occurrence(rule.kind, day, local_instant(day, rule.at, zone))


def next_occurrence(rule: ReminderRule, after: datetime) -> Occurrence:
    """The first occurrence strictly after ``after`` (in ``after``'s zone)."""
    zone = after.tzinfo
    assert zone is not None, "aware datetimes only"
    day = after.date() - timedelta(days=1)
    if rule.starts is not None and rule.starts > day:
        day = rule.starts
    for _ in range(10):
        occurrence = occurrence_on(rule, day, zone)
        if occurrence is not None and occurrence.due > after:
            return occurrence
        day += timedelta(days=1)
    raise AssertionError("a daily or weekly rule always has an occurrence within 9 days")


def latest_occurrence(rule: ReminderRule, now: datetime) -> Occurrence | None:
    """The last occurrence at or before ``now`` within the past week."""
    zone = now.tzinfo
    assert zone is not None, "aware datetimes only"
    day = now.date() + timedelta(days=1)
    for _ in range(9):
        occurrence = occurrence_on(rule, day, zone)
        if occurrence is not None and occurrence.due <= now:
            return occurrence
        day -= timedelta(days=1)
    return None


def pause_end_occurrence(session: PauseSession | None, now: datetime) -> Occurrence | None:
    """The end of a running pause as something the phone's OS can show with the app
    closed (its key and id are those of the pause's local end day), or None: no pause,
    one that is over or was ended early, or an end already past."""
    if session is None or not session.running or session.ends_at <= now:
        return None
    local = session.ends_at.astimezone(now.tzinfo)
    return Occurrence(ReminderKind.PAUSE, local.date(), local)


# -- what has been handled ------------------------------------------------------------------

@dataclass(frozen=True)
class Handled:
    day: date
    outcome: str  # "sent", "skipped", "scheduled" (the phone's OS delivered it)
    via: str = ""
    at: str = ""  # ISO instant it was handled (for the record)
    reason: str = ""


@dataclass(frozen=True)
class ReminderState:
    """The last handled occurrence per rule, and what the phone's OS has been asked to show."""

    last: Mapping[ReminderKind, Handled] = field(default_factory=dict)
    #: occurrence key -> ISO due instant, for notifications handed to the OS scheduler.
    armed: Mapping[str, str] = field(default_factory=dict)
    #: When reminders were first checked with the welcome finished: nothing due before
    #: this fires (no "missed" reminder right after someone sets the app up).
    since: datetime | None = None

    def handled(self, occurrence: Occurrence) -> bool:
        if self.since is not None and occurrence.due < self.since:
            return True
        last = self.last.get(occurrence.kind)
        return last is not None and occurrence.day <= last.day

    def started(self, now: datetime) -> ReminderState:
        return self if self.since is not None else replace(self, since=now)

    def with_handled(self, occurrence: Occurrence, outcome: str, *, via: str = "",
                     at: datetime | None = None, reason: str = "") -> ReminderState:
        last = dict(self.last)
        last[occurrence.kind] = Handled(occurrence.day, outcome, via,
                                        at.isoformat() if at else "", reason)
        return replace(self, last=last)

    def with_armed(self, armed: Mapping[str, str]) -> ReminderState:
        return replace(self, armed=dict(armed))

    def to_document(self) -> dict[str, Any]:
        return {
            "last": {kind.value: {"day": h.day.isoformat(), "outcome": h.outcome, "via": h.via,
                                  "at": h.at, "reason": h.reason}
                     for kind, h in self.last.items()},
            "armed": dict(self.armed),
            "since": self.since.isoformat() if self.since else None,
        }

    @classmethod
    def from_document(cls, doc: Mapping[str, Any] | None) -> ReminderState:
        """Read what was stored; unreadable entries are dropped (never a crash)."""
        if not isinstance(doc, Mapping):
            return cls()
        last: dict[ReminderKind, Handled] = {}
        stored = doc.get("last")
        if isinstance(stored, Mapping):
            for name, entry in stored.items():
                try:
                    kind = ReminderKind(name)
                    day = date.fromisoformat(str(entry["day"]))
                except (ValueError, KeyError, TypeError):
                    continue
                last[kind] = Handled(day, str(entry.get("outcome", "sent")),
                                     str(entry.get("via", "")), str(entry.get("at", "")),
                                     str(entry.get("reason", "")))
        armed_doc = doc.get("armed")
        armed = ({str(k): str(v) for k, v in armed_doc.items()}
                 if isinstance(armed_doc, Mapping) else {})
        since = None
        with contextlib.suppress(ValueError):
            since = datetime.fromisoformat(str(doc.get("since")))
        if since is not None and since.tzinfo is None:
            since = None
        return cls(last=last, armed=armed, since=since)


# -- what is due, and what to do with it ----------------------------------------------------

def due_occurrences(rules: Iterable[ReminderRule], now: datetime,
                    state: ReminderState) -> list[Occurrence]:
    """Occurrences to handle now: today's, already past, not handled yet (missed-while-
    closed included; anything from an earlier day is dropped)."""
    due = []
    for rule in rules:
        if not rule.enabled:
            continue
        occurrence = latest_occurrence(rule, now)
        if occurrence is None or occurrence.day != now.date() or state.handled(occurrence):
            continue
        due.append(occurrence)
    return sorted(due, key=lambda o: o.due)


def upcoming_occurrences(rules: Iterable[ReminderRule], now: datetime, state: ReminderState,
                         *, until: datetime) -> list[Occurrence]:
    """Future occurrences (after ``now``, up to ``until``) not handled yet, by due time."""
    found = []
    for rule in rules:
        if not rule.enabled:
            continue
        after = now
        for _ in range(400):
            occurrence = next_occurrence(rule, after)
            if occurrence.due > until:
                break
            if not state.handled(occurrence):
                found.append(occurrence)
            after = occurrence.due
    return sorted(found, key=lambda o: (o.due, KIND_NUMBER[o.kind]))


def next_due(rules: Iterable[ReminderRule], now: datetime,
             state: ReminderState) -> Occurrence | None:
    """The next occurrence after ``now`` that is not handled yet, if any rule is on (a rule
    that starts weeks from now, with its phase, counts from its first day)."""
    found: list[Occurrence] = []
    for rule in rules:
        if not rule.enabled:
            continue
        after = now
        for _ in range(400):
            occurrence = next_occurrence(rule, after)
            if not state.handled(occurrence):
                found.append(occurrence)
                break
            after = occurrence.due
    return min(found, key=lambda o: (o.due, KIND_NUMBER[o.kind])) if found else None


#: The in-app loop never sleeps longer than this, so a suspended machine, a changed clock
#: or a changed time zone is noticed within a minute (see :func:`sleep_seconds`).
MAX_SLEEP_SECONDS = 60.0


def sleep_seconds(now: datetime, upcoming: datetime | None,
                  cap: float = MAX_SLEEP_SECONDS) -> float:
    """How long the loop may sleep: until the next due instant, at most ``cap``.

    Sleeping uses a monotonic timer, which neither follows wall-clock changes nor (on
    most systems) counts time suspended; capping the sleep and recomputing from the wall
    clock on every wake is what keeps reminders on time across both.
    """
    if upcoming is None:
        return cap
    return max(0.0, min(cap, (upcoming - now).total_seconds()))


class PromiseLog(Protocol):
    """The port for smart skipping: what the person did with a day's promise."""

    def promise_made(self, day: date) -> bool: ...

    def promise_marked(self, day: date) -> bool: ...


def skip_reason(occurrence: Occurrence, promises: PromiseLog | None) -> str:
    """Why this occurrence should not be sent ("" to send it)."""
    if promises is None:
        return ""
    if occurrence.kind is ReminderKind.MORNING and promises.promise_made(occurrence.day):
        return "today's promise is already made"
    if occurrence.kind is ReminderKind.EVENING and promises.promise_marked(occurrence.day):
        return "today's promise is already marked"
    return ""


class BannerSink(Protocol):
    """One open window or tab that can show an in-app banner (returns False if it's gone)."""

    def show_banner(self, message: ReminderMessage) -> bool: ...


@dataclass(frozen=True)
class TrialResult:
    """What "Send a test notification" did: the adapter that showed it, and what failed."""

    message: ReminderMessage
    via: str | None
    problems: Mapping[str, str]

    @property
    def advice(self) -> str:
        return advice_after_test(self.via, self.problems)


class ReminderControl(Protocol):
    """What a screen may ask of the reminders (one per open window)."""

    #: Notification permission on a phone (``core.notification_access.AccessControl``).
    access: Any

    def changed(self) -> None:
        """Settings or today's promise changed: re-check what is due and re-arm."""
        ...

    def send_test(self, discreet: bool | None = None) -> TrialResult:
        """Send the morning reminder now; ``discreet``: as the switch shows it (saved or
        not), None for the saved setting."""
        ...

    def describe_next(self) -> str: ...


REMINDER_TIME_FIELDS = ("morning_time", "evening_time", "weekly_time")


def parse_reminder_times(texts: Mapping[str, str]) -> tuple[dict[str, time], dict[str, str]]:
    """Check the three reminder time fields: (times, errors by field); save only if no
    errors."""
    from repair_app.core.settings import SettingsError, parse_time_of_day

    times: dict[str, time] = {}
    errors: dict[str, str] = {}
    for name in REMINDER_TIME_FIELDS:
        try:
            times[name] = parse_time_of_day(texts.get(name) or "")
        except SettingsError as error:
            errors[name] = str(error)
    return times, errors


# -- what the person reads ------------------------------------------------------------------

def time_label(value: time) -> str:
    return value.strftime("%H:%M")


def describe_next(occurrence: Occurrence | None, now: datetime) -> str:
    """'Next: the morning reminder, tomorrow at 08:00.'"""
    if occurrence is None:
        return "All reminders are off."
    name = {ReminderKind.MORNING: "the morning reminder", ReminderKind.EVENING:
            "the evening check", ReminderKind.WEEKLY: "the weekly check-in"}[occurrence.kind]
    local = occurrence.due.astimezone(now.tzinfo)
    days = (occurrence.day - now.date()).days
    when = ("today" if days == 0 else "tomorrow" if days == 1
            else f"on {WEEKDAY_NAMES[occurrence.day.weekday()]}")
    return f"Next: {name}, {when} at {local:%H:%M}."


def advice_after_test(delivered_by: str | None, problems: Mapping[str, str]) -> str:
    """Plain words for the result of "Send a test notification"."""
    if delivered_by in ("desktop", "phone"):
        return ("Sent. If nothing appeared, allow notifications for Repair in your system "
                "settings and check that Do Not Disturb is off.")
    reasons = "; ".join(problems.values()) or "no notification service answered"
    closed = ("While Repair is closed it can't remind you on this device, so keep it open "
              "in a window or tab if you'd like the reminders.")
    if delivered_by == "in-app":
        return ("This device can't show system notifications right now: "
                f"{reasons}. While Repair is open, reminders appear as a banner at the top, "
                f"like this one. {closed}")
    return f"Nothing could show a notification here: {reasons}. {closed}"
