"""Small wins: what one may hold, how it is stored and read, how the log groups them."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_app.core.entry_text import EntryError
from repair_app.core.wins import (
    WIN_LIMIT,
    Win,
    grouped_by_week,
    new_win,
    newest_first,
    week_heading,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 27, 21, 15, tzinfo=BERLIN)  # a Friday


def test_a_win_is_trimmed_and_dated_by_the_local_day():
    win = new_win("  We laughed at dinner 😄 ", NOW)
    assert (win.text, win.day, win.at) == ("We laughed at dinner 😄", date(2026, 11, 27), NOW)
    late = datetime(2026, 11, 27, 23, 30, tzinfo=ZoneInfo("America/New_York"))
    assert new_win("calm talk", late).day == date(2026, 11, 27)  # not UTC's Saturday


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_an_empty_win_says_so(text):
    with pytest.raises(EntryError, match="A win can't be empty."):
        new_win(text, NOW)


def test_a_very_long_win_says_how_long_it_may_be():
    with pytest.raises(EntryError) as error:
        new_win("x" * 100_000, NOW)
    assert str(error.value) == "A win can be 280 characters at most; this one has 100,000."
    assert new_win("x" * WIN_LIMIT, NOW).text == "x" * WIN_LIMIT


def test_emoji_and_right_to_left_wins_are_kept_exactly():
    for text in ("👨‍👩‍👧 dinner together", "דיברנו בשקט", "تحدثنا بهدوء ‏🙂"):
        assert new_win(text, NOW).text == text


def test_control_characters_are_refused():
    with pytest.raises(EntryError, match="control character"):
        new_win("we\x07 talked", NOW)


@given(st.text(max_size=400))
def test_any_text_is_a_win_or_a_clear_refusal(text):
    try:
        win = new_win(text, NOW)
    except EntryError as error:
        assert str(error).startswith("A win ")
    else:
        assert win.text == text.strip() and 0 < len(win.text) <= WIN_LIMIT


def test_round_trip_and_forgiving_reads():
    win = new_win("We took a break", NOW)
    assert Win.from_document(win.to_document(), key="2026-11#3") == win
    for doc in ({}, {"date": "2026-11-27"}, {**win.to_document(), "at": "2026-11-27T21:15"},
                {**win.to_document(), "text": ""}, {**win.to_document(), "text": 5},
                {**win.to_document(), "date": "27/11/2026"}):
        assert Win.from_document(doc) is None


def test_week_headings():
    today = date(2026, 11, 27)
    assert week_heading(date(2026, 11, 23), today) == "This week"
    assert week_heading(date(2026, 11, 22), today) == "Last week"
    assert week_heading(date(2026, 11, 16), today) == "Last week"
    assert week_heading(date(2026, 11, 15), today) == "Week of 9 Nov 2026"


def test_the_log_is_newest_first_in_runs_by_week():
    def at(day: int, hour: int) -> Win:
        return Win(date(2026, 11, day), datetime(2026, 11, day, hour, tzinfo=BERLIN),
                   f"{day}/{hour}")

    wins = [at(10, 9), at(24, 9), at(27, 8), at(20, 9), at(27, 20)]
    assert [w.text for w in newest_first(wins)] == ["27/20", "27/8", "24/9", "20/9", "10/9"]
    groups = grouped_by_week(wins, date(2026, 11, 27))
    assert [(heading, [w.text for w in ws]) for heading, ws in groups] == [
        ("This week", ["27/20", "27/8", "24/9"]),
        ("Last week", ["20/9"]),
        ("Week of 9 Nov 2026", ["10/9"]),
    ]
    assert grouped_by_week([], date(2026, 11, 27)) == []
