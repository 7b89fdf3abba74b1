"""The 5:1 tally: counts, ratios, the last seven days and undo."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from repair_app.core.clock import FakeClock, local_today
from repair_app.core.day import NEGATIVE, POSITIVE, Moment
from repair_app.core.entry_text import MOMENT_NOTE_LIMIT, EntryError
from repair_app.core.tally import (
    TallyCounts,
    count,
    mark_words,
    new_moment,
    one_more_kind_moment,
    summarise,
)

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def at(day: date, hour: int, minute: int = 0, zone=BERLIN) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def moment(day: date, hour: int, kind: str = POSITIVE, minute: int = 0) -> Moment:
    return Moment(day, at(day, hour, minute), kind)


@pytest.mark.parametrize(("positive", "negative", "label", "on_target"), [
    (0, 0, "–", False), (4, 0, "4 : 0", True), (5, 1, "5 : 1", True), (3, 1, "3 : 1", False),
    (5, 2, "2.5 : 1", False), (1, 3, "0.3 : 1", False), (10, 2, "5 : 1", True),
])
def test_ratio_labels(positive, negative, label, on_target):
    counts = TallyCounts(positive, negative)
    assert counts.ratio_label() == label
    assert counts.at_or_above_target is on_target


def test_today_and_the_last_seven_days():
    today = date(2026, 11, 23)
    moments = [moment(today, 9), moment(today, 10, NEGATIVE), moment(today, 11),
               moment(today - timedelta(days=6), 12), moment(today - timedelta(days=7), 12),
               moment(today - timedelta(days=3), 8, NEGATIVE)]
    summary = summarise(moments, today)
    assert summary.today == TallyCounts(2, 1)
    assert summary.week == TallyCounts(3, 2)  # the one from 7 days ago is outside
    assert summary.undoable == moments[2]


def test_undo_offers_the_last_moment_of_today_only():
    today = date(2026, 11, 23)
    yesterday = moment(today - timedelta(days=1), 23, minute=50)
    assert summarise([yesterday], today).undoable is None
    first, second = moment(today, 8), moment(today, 8, NEGATIVE, minute=1)
    summary = summarise([second, first], today)  # order of arrival doesn't matter
    assert summary.undoable == second
    assert summarise([first], today).undoable == first  # after undoing, the one before


def test_undo_picks_the_latest_instant_across_a_zone_change():
    today = date(2026, 11, 23)
    berlin_evening = Moment(today, at(today, 20), POSITIVE)       # 19:00 UTC
    new_york_noon = Moment(today, at(today, 15, zone=NEW_YORK), NEGATIVE)  # 20:00 UTC
    assert summarise([new_york_noon, berlin_evening], today).undoable == new_york_noon


def test_last_seven_days_across_a_dst_change_and_month_end():
    # Europe/Berlin leaves summer time on 2026-10-25; the window runs over it and into November.
    today = date(2026, 10, 28)
    clock = FakeClock(datetime(2026, 10, 24, 23, 30, tzinfo=BERLIN))
    moments = []
    for _ in range(8):  # one moment each local day, at 23:30, across the change
        moments.append(new_moment(POSITIVE, "", local_today(clock), clock.now()))
        clock.advance(days=1)
    assert [m.day.day for m in moments] == [24, 25, 26, 27, 28, 29, 30, 31]
    summary = summarise(moments, today)
    assert summary.week.positive == 5  # 24..28
    assert summary.today.positive == 1


def test_the_day_of_a_moment_comes_from_the_clock_in_the_users_zone():
    clock = FakeClock(datetime(2026, 11, 23, 23, 30, tzinfo=BERLIN))
    late = new_moment(NEGATIVE, "", local_today(clock), clock.now())
    clock.set_zone(NEW_YORK)  # travel west: the same instant is still the 23rd there
    assert local_today(clock) == date(2026, 11, 23) == late.day


def test_moment_notes():
    now = at(date(2026, 11, 23), 9)
    assert new_moment(POSITIVE, " hug 🤗 ", now.date(), now).note == "hug 🤗"
    with pytest.raises(EntryError, match=f"{MOMENT_NOTE_LIMIT}"):
        new_moment(POSITIVE, "x" * 100_000, now.date(), now)
    with pytest.raises(ValueError):
        new_moment("appreciation", "", now.date(), now)


def test_count_ignores_nothing_it_knows():
    today = date(2026, 11, 23)
    assert count([moment(today, 9), moment(today, 9, NEGATIVE)]) == TallyCounts(1, 1)


@pytest.mark.parametrize(("positive", "negative", "words"), [
    (0, 0, None),  # nothing counted: nothing to say
    (3, 0, None),  # nothing hard to balance
    (0, 1, "One more kind moment, and today is at 1 : 1."),
    (0, 3, "A kind moment now helps balance a hard one."),
    (1, 1, "One more kind moment, and today is at 2 : 1."),
    (2, 3, "One more kind moment, and today is at 1 : 1."),
    (3, 2, "One more kind moment, and today is at 2 : 1."),
    (4, 1, "One more kind moment, and today is at five to one."),
    (9, 2, "One more kind moment, and today is at five to one."),
    (427, 86, "One more kind moment, and today is nearly at five to one."),  # 4.98 : 1
    (5, 1, "Five kind moments or more for each hard one today. That's the balance."),
    (12, 2, "Five kind moments or more for each hard one today. That's the balance."),
])
def test_what_one_more_kind_moment_does(positive, negative, words):
    assert one_more_kind_moment(TallyCounts(positive, negative)) == words


def test_one_more_kind_moment_never_names_a_big_number():
    """A hard year (86 hard moments) is never "430 needed for 5:1"."""
    for positive in range(0, 500, 7):
        for negative in (1, 2, 13, 86, 400):
            words = one_more_kind_moment(TallyCounts(positive, negative)) or ""
            numbers = [float(n) for n in re.findall(r"\d+(?:\.\d+)?", words)]
            assert all(n < 5 for n in numbers), (positive, negative, words)
            assert "needed" not in words


@pytest.mark.parametrize(("positive", "negative", "words"), [
    (0, 0, "the 5:1 mark, no hard moments"),
    (7, 0, "the 5:1 mark, no hard moments"),
    (120, 86, "the 5:1 mark, on the way"),
    (4, 1, "the 5:1 mark, on the way"),
    (5, 1, "the 5:1 mark, reached"),
    (430, 86, "the 5:1 mark, reached"),
])
def test_the_5_to_1_mark_in_words_without_its_number(positive, negative, words):
    assert mark_words(positive, negative) == words
