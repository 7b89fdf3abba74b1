from datetime import date, datetime
from zoneinfo import ZoneInfo

from repair_app.core.clock import FakeClock, local_today

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


def test_local_day_is_decided_by_the_users_zone():
    clock = FakeClock(datetime(2026, 11, 23, 23, 30, tzinfo=BERLIN))
    assert local_today(clock) == date(2026, 11, 23)
    clock.set_zone(TOKYO)  # travel: same instant, later local day
    assert local_today(clock) == date(2026, 11, 24)


def test_advance_crosses_dst_in_real_elapsed_time():
    clock = FakeClock(datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN))
    clock.advance(hours=1)
    assert clock.now().hour == 3  # 02:30 does not exist that night
    assert clock.monotonic() == 1000 + 3600


def test_set_wall_moves_only_the_wall_clock():
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN))
    clock.set_wall(datetime(2026, 11, 23, 8, 0))
    assert clock.now().hour == 8
    assert clock.monotonic() == 1000
