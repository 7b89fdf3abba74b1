"""The real clock's time zone: the system's zone by its IANA name wherever the system names
it, so a daylight-saving change ahead is known. With only the offset it had at the moment
(what it used before), a draft held on the evening before the spring change rested until
09:00, and the phone's reminders armed for the two weeks ahead all came an hour late after
the change."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

import pytest

from repair_app.core.drafts import next_morning
from repair_app.core.reminders import (
    ReminderKind,
    ReminderState,
    rules_from_settings,
    upcoming_occurrences,
)
from repair_app.core.settings import Settings
from repair_app.system_clock import SystemClock, system_zone_name

BERLIN = ZoneInfo("Europe/Berlin")
EIGHT = clock_time(8, 0)


@pytest.mark.parametrize(("tz", "name"), [
    ("Europe/Berlin", "Europe/Berlin"), (":America/New_York", "America/New_York"),
    ("<+10>-10", None), ("CET-1CEST,M3.5.0,M10.5.0/3", None), ("", None),
    ("Nowhere/Atlantis", None), ("../../etc/passwd", None),
])
def test_tz_names_the_zone_only_when_it_is_one(tmp_path, tz, name):
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/Asia/Tokyo")  # $TZ, when set, wins over it
    assert system_zone_name({"TZ": tz}, localtime=link) == name


@pytest.mark.parametrize("target", ["/usr/share/zoneinfo/Europe/Berlin",
                                    "../usr/share/zoneinfo/Europe/Berlin",
                                    "/var/db/timezone/zoneinfo/Europe/Berlin"])
def test_without_tz_the_localtime_link_names_the_zone(tmp_path, target):
    link = tmp_path / "localtime"
    link.symlink_to(target)  # Debian, Ubuntu's relative link, macOS
    assert system_zone_name({}, localtime=link) == "Europe/Berlin"


def test_no_name_when_the_system_gives_none(tmp_path):
    copy = tmp_path / "copied"
    copy.write_bytes(b"TZif2")  # a copied zone file, as some containers have
    elsewhere = tmp_path / "elsewhere"
    elsewhere.symlink_to("/etc/hostname")
    for localtime in (copy, elsewhere, tmp_path / "missing"):
        assert system_zone_name({}, localtime=localtime) is None


@pytest.fixture
def system_tz(monkeypatch):
    """Set this process's $TZ (as the system would) for one test."""
    def set_tz(value: str) -> None:
        monkeypatch.setenv("TZ", value)
        time.tzset()

    yield set_tz
    monkeypatch.undo()
    time.tzset()


def test_the_clock_keeps_the_zone_and_its_daylight_saving_rules(system_tz):
    system_tz("Europe/Berlin")
    zone = SystemClock().now().tzinfo
    assert getattr(zone, "key", None) == "Europe/Berlin"  # what the phone's scheduler gets
    friday_noon = datetime(2027, 3, 26, 12, 0, tzinfo=BERLIN).astimezone(zone)
    rules = rules_from_settings(Settings(onboarded=True))
    mornings = [o.due.astimezone(BERLIN) for o in upcoming_occurrences(
        rules, friday_noon, ReminderState(), until=friday_noon + timedelta(days=14))
        if o.kind is ReminderKind.MORNING]
    assert len(mornings) == 14 and {m.time() for m in mornings} == {EIGHT}
    saturday_night = datetime(2027, 3, 27, 22, 0, tzinfo=BERLIN).astimezone(zone)
    held = next_morning(saturday_night, EIGHT)
    assert held.astimezone(BERLIN) == datetime(2027, 3, 28, 8, 0, tzinfo=BERLIN)


def test_a_named_zone_wins_and_a_posix_rule_keeps_its_offset(system_tz):
    system_tz("Europe/Berlin")
    assert SystemClock("America/New_York").now().tzinfo == ZoneInfo("America/New_York")
    system_tz("<+10>-10")
    now = SystemClock().now()
    assert now.utcoffset() == timedelta(hours=10)
    assert now.date() == datetime.now().astimezone().date()
