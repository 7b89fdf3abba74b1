"""`repair-app remind`: fire whatever is due once and exit; `--ics FILE` for calendars.

Safe to run every few minutes from cron, a systemd user timer or Windows Task Scheduler
while the app is open: the store's lock and the persisted last-handled day per reminder
make sure each reminder is shown once, by whichever process gets there first.

Exit status: 0 when nothing was due or everything due was handled, 2 when a reminder was
due but nothing on this machine could show it (it stays due for the open app today),
1 when the data could not be opened or written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TextIO

from repair_app.content import default_program
from repair_app.core.clock import Clock
from repair_app.core.reminder_asks import reminder_message, reminder_rules
from repair_app.core.reminders import (
    WEEKDAY_NAMES,
    PromiseLog,
    ReminderKind,
    next_occurrence,
)
from repair_app.core.settings import Settings

from .base import Notifier, NotifierChain
from .firing import FireReport, fire_due, load_reminder_settings

NAMES = {ReminderKind.MORNING: "the morning reminder", ReminderKind.EVENING: "the evening check",
         ReminderKind.WEEKLY: "the weekly check-in"}
ICS_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="repair-app remind",
        description="Show any reminder that is due now, once, and exit. Run it every few "
                    "minutes from cron, a systemd timer or Task Scheduler.")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder for your data (default: as for repair-app)")
    parser.add_argument("--ics", type=Path, default=None, metavar="FILE",
                        help="instead, write your reminders as repeating calendar events "
                             "to FILE (import it into your calendar app)")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    return parser


def report_lines(report: FireReport) -> list[str]:
    lines = []
    for handling in report.handled:
        name = NAMES[handling.occurrence.kind]
        if handling.outcome == "sent":
            lines.append(f"Showed {name} ({handling.via}).")
        elif handling.outcome == "skipped":
            lines.append(f"Skipped {name}: {handling.reason}.")
        elif handling.outcome == "scheduled":
            lines.append(f"{name.capitalize()} was shown by the phone.")
        else:
            lines.append(f"Couldn't show {name}: {handling.reason}. It stays due today, for "
                         "the open app or a later run.")
    if not report.handled:
        lines.append("Nothing is due.")
    return lines


def run_remind(store, clock: Clock, notifiers: Sequence[Notifier],
               promises: PromiseLog | None, out: TextIO, *, quiet: bool = False) -> int:
    report = fire_due(store, clock, NotifierChain(notifiers), promises)
    for line in report_lines(report):
        if not quiet or line.startswith("Couldn't"):
            print(line, file=out if not line.startswith("Couldn't") else sys.stderr,
                  flush=True)
    return 2 if report.undelivered else 0


def calendar_bytes(settings: Settings, now: datetime) -> bytes:
    """The enabled reminders as repeating events with an alarm, in floating local time
    (a calendar shows them at the same wall-clock time wherever you are)."""
    from icalendar import Alarm, Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Repair//Reminders//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Repair reminders")
    stamp = now.astimezone(UTC)
    for rule in reminder_rules(settings, default_program(), now.date()):
        if not rule.enabled:
            continue
        first = next_occurrence(rule, now)  # not before its phase starts
        message = reminder_message(default_program(), settings, rule.kind, first.day)
        event = Event()
        event.add("uid", f"{rule.kind.value}@repair-app.invalid")
        event.add("dtstamp", stamp)
        event.add("dtstart", datetime.combine(first.day, rule.at))  # floating local time
        event.add("duration", timedelta(minutes=5))
        event.add("summary", message.title if settings.discreet_notifications
                  else f"Repair: {message.title}")
        event.add("description", message.body)
        repeat = {"freq": "daily"} if rule.weekday is None else {
            "freq": "weekly", "byday": ICS_DAYS[rule.weekday]}
        event.add("rrule", repeat)
        event.add("transp", "TRANSPARENT")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", message.body)
        alarm.add("trigger", timedelta(0))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar.to_ical()


def write_calendar(path: Path, settings: Settings, now: datetime) -> None:
    """Write atomically: a half-written calendar file is never left behind."""
    data = calendar_bytes(settings, now)
    path = path.expanduser()
    folder = path.resolve().parent
    handle, temp = tempfile.mkstemp(prefix=".repair-", suffix=".ics", dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def describe_rules(settings: Settings) -> list[str]:
    lines = []
    for rule in reminder_rules(settings, default_program()):
        if rule.enabled:
            when = ("every day" if rule.weekday is None
                    else f"every {WEEKDAY_NAMES[rule.weekday]}")
            lines.append(f"  {NAMES[rule.kind]}: {when} at {rule.at:%H:%M}")
    return lines


def main(argv: Sequence[str] | None = None, *, clock: Clock | None = None,
         notifiers: Sequence[Notifier] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from repair_app.data_dir import default_data_dir
    from repair_app.store import (
        Store,
        StoreCorruptError,
        StoreTooNewError,
        StoreWriteError,
        WrongKeyError,
    )
    from repair_app.store.promise_log import StoredPromiseLog
    from repair_app.system_clock import SystemClock

    from .desktop import PlyerNotifier

    clock = clock or SystemClock()
    data_dir = (args.data_dir or default_data_dir()).expanduser().resolve()
    try:
        store = Store.open(data_dir, clock, backup=False)
    except WrongKeyError:
        print(f"Your journal in {data_dir} is encrypted, so `repair-app remind` can't read "
              "the reminder settings or today's promise without your passphrase. Reminders "
              "fire while Repair is open and unlocked; for reminders with the app closed, "
              "export them to your calendar with `repair-app remind --ics FILE` before "
              "turning encryption on, or turn encryption off.", file=sys.stderr)
        return 2
    except (StoreCorruptError, StoreTooNewError, StoreWriteError) as error:
        print(f"Repair couldn't open your data in {data_dir}: {error}", file=sys.stderr)
        return 1
    try:
        if args.ics is not None:
            settings = load_reminder_settings(store)
            try:
                write_calendar(args.ics, settings, clock.now())
            except OSError as error:
                print(f"Couldn't write {args.ics}: {error.strerror or error}", file=sys.stderr)
                return 1
            lines = describe_rules(settings)
            print(f"Wrote {len(lines)} repeating reminder(s) to {args.ics}:" if lines
                  else f"All reminders are off; wrote an empty calendar to {args.ics}.")
            for line in lines:
                print(line)
            return 0
        chain = list(notifiers) if notifiers is not None else [PlyerNotifier()]
        try:
            return run_remind(store, clock, chain, StoredPromiseLog(store), sys.stdout,
                              quiet=args.quiet)
        except StoreWriteError as error:
            print(f"Repair couldn't record the reminder: {error}", file=sys.stderr)
            return 1
    finally:
        store.close()
