"""`repair-app remind` and `repair-app remind --ics`."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from icalendar import Calendar

from repair_app.__main__ import main as app_main
from repair_app.core.clock import FakeClock
from repair_app.notify.remind_command import main
from repair_app.store import Store

from .conftest import RecordingNotifier, save_settings, unavailable

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")


def prepared(tmp_path, at: datetime, **settings) -> Path:
    data_dir = tmp_path / "data"
    store = Store.open(data_dir, FakeClock(at - timedelta(hours=3)))
    save_settings(store, **settings)
    from repair_app.notify.base import NotifierChain
    from repair_app.notify.firing import fire_due

    fire_due(store, FakeClock(at - timedelta(hours=3)), NotifierChain([]))
    store.close()
    return data_dir


def test_remind_shows_what_is_due_once(tmp_path, capsys):
    at = datetime(2026, 11, 23, 8, 2, tzinfo=BERLIN)
    data_dir = prepared(tmp_path, at)
    desktop = RecordingNotifier()
    args = ["--data-dir", str(data_dir)]
    assert main(args, clock=FakeClock(at), notifiers=[desktop]) == 0
    assert main(args, clock=FakeClock(at), notifiers=[desktop]) == 0
    out = capsys.readouterr().out
    assert "Showed the morning reminder (desktop)." in out
    assert "Nothing is due." in out
    assert len(desktop.shown) == 1


def test_remind_without_any_way_to_show_exits_2_and_keeps_it_due(tmp_path, capsys):
    at = datetime(2026, 11, 23, 21, 2, tzinfo=BERLIN)
    data_dir = prepared(tmp_path, at)
    assert main(["--data-dir", str(data_dir)], clock=FakeClock(at),
                notifiers=[unavailable()]) == 2
    assert "Couldn't show the evening check" in capsys.readouterr().err
    desktop = RecordingNotifier()
    assert main(["--data-dir", str(data_dir)], clock=FakeClock(at), notifiers=[desktop]) == 0
    assert len(desktop.shown) == 1


def test_the_real_command_line_runs_and_never_crashes(tmp_path):
    """`python -m repair_app remind` with this machine's real plyer (none here)."""
    data_dir = tmp_path / "data"
    result = subprocess.run([sys.executable, "-m", "repair_app", "remind", "--data-dir",
                             str(data_dir)], cwd=ROOT, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Nothing is due." in result.stdout  # not onboarded yet: no reminders
    assert "Traceback" not in result.stderr


def test_unreadable_data_is_a_message_not_a_traceback(tmp_path, capsys):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert main(["--data-dir", str(blocked / "data")]) == 1
    assert "couldn't open your data" in capsys.readouterr().err


def test_ics_has_one_repeating_event_per_enabled_reminder(tmp_path, capsys):
    at = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    data_dir = prepared(tmp_path, at, evening_reminder=False)
    target = tmp_path / "reminders.ics"
    assert app_main(["remind", "--data-dir", str(data_dir), "--ics", str(target)]) == 0
    assert "Wrote 2 repeating reminder(s)" in capsys.readouterr().out
    calendar = Calendar.from_ical(target.read_bytes())
    events = {str(e["uid"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"morning@repair-app.invalid", "weekly@repair-app.invalid"}
    morning, weekly = events["morning@repair-app.invalid"], events["weekly@repair-app.invalid"]
    assert morning["rrule"]["FREQ"] == ["DAILY"]
    assert weekly["rrule"]["FREQ"] == ["WEEKLY"] and weekly["rrule"]["BYDAY"] == ["SU"]
    start = weekly.decoded("dtstart")
    assert start.tzinfo is None and start.weekday() == 6 and start.hour == 19  # floating
    assert str(morning["summary"]) == "Repair"  # discreet by default
    assert [a["action"] for a in morning.walk("VALARM")] == ["DISPLAY"]
    assert not list(tmp_path.glob(".repair-*"))  # no temp file left


def test_ics_into_a_missing_folder_is_a_message(tmp_path, capsys):
    at = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    data_dir = prepared(tmp_path, at)
    code = main(["--data-dir", str(data_dir), "--ics", str(tmp_path / "nope" / "r.ics")],
                clock=FakeClock(at))
    assert code == 1
    assert "Couldn't write" in capsys.readouterr().err


def test_an_encrypted_journal_is_a_clear_message_not_a_traceback(tmp_path, capsys):
    from repair_app.core.app_lock import ScryptParams
    from repair_app.lock_service import LockService

    at = datetime(2026, 11, 23, 8, 2, tzinfo=BERLIN)
    data_dir = prepared(tmp_path, at)
    clock = FakeClock(at)
    store = Store.open(data_dir, clock)
    lock = LockService.open(data_dir, clock, params=ScryptParams(n=2**10, r=8, p=1))
    lock.turn_on("a long passphrase", "a long passphrase", idle_seconds=60, encrypt=True,
                 store=store)
    store.close()
    desktop = RecordingNotifier()
    assert main(["--data-dir", str(data_dir)], clock=clock, notifiers=[desktop]) == 2
    assert "is encrypted" in capsys.readouterr().err
    assert desktop.shown == []
