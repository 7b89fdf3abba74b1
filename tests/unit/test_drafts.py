"""Drafts: when a held message may be re-read, and what can be kept."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_app.core.drafts import (
    MAX_DRAFT_CHARS,
    READY,
    RESTING,
    Draft,
    DraftError,
    box_summary,
    clean_draft_text,
    drafts_in_box_order,
    due_drafts,
    edit_draft,
    hold_again,
    hold_draft,
    next_morning,
    preview,
    when_label,
)

BERLIN = ZoneInfo("Europe/Berlin")
MORNING = time(7, 45)


def berlin(y, mo, d, h, mi=0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


@pytest.mark.parametrize(("now", "expected"), [
    (berlin(2026, 11, 23, 23, 0), berlin(2026, 11, 24, 7, 45)),   # the classic: late at night
    (berlin(2026, 11, 24, 2, 0), berlin(2026, 11, 24, 7, 45)),    # after midnight: this morning
    (berlin(2026, 11, 24, 4, 45), berlin(2026, 11, 24, 7, 45)),   # exactly three hours
    (berlin(2026, 11, 24, 5, 0), berlin(2026, 11, 25, 7, 45)),    # too close: tomorrow
    (berlin(2026, 11, 24, 7, 45), berlin(2026, 11, 25, 7, 45)),   # at the morning time
    (berlin(2026, 11, 24, 10, 0), berlin(2026, 11, 25, 7, 45)),   # daytime: tomorrow
    (berlin(2026, 12, 31, 22, 0), berlin(2027, 1, 1, 7, 45)),     # across the year
])
def test_next_morning(now, expected):
    assert next_morning(now, MORNING) == expected


def test_next_morning_keeps_the_wall_time_across_daylight_saving():
    # Clocks go forward at 02:00 on 28 March 2027 and back at 03:00 on 25 October 2026.
    spring = next_morning(berlin(2027, 3, 27, 23, 0), MORNING)
    assert (spring.hour, spring.minute, spring.utcoffset()) == (7, 45, timedelta(hours=2))
    autumn = next_morning(berlin(2026, 10, 24, 23, 0), MORNING)
    assert (autumn.hour, autumn.minute, autumn.utcoffset()) == (7, 45, timedelta(hours=1))
    # A morning time inside the gap moves forward with the clocks, never backwards.
    gap = next_morning(berlin(2027, 3, 27, 20, 0), time(2, 30))
    assert gap.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert gap.hour == 3


def test_next_morning_needs_an_aware_time():
    with pytest.raises(ValueError):
        next_morning(datetime(2026, 11, 23, 23), MORNING)


def test_hold_edit_and_hold_again():
    now = berlin(2026, 11, 23, 23, 10)
    draft = hold_draft("You always do this.", now, MORNING)
    assert draft.hold_until == berlin(2026, 11, 24, 7, 45)
    assert draft.status(now) == RESTING
    assert draft.status(berlin(2026, 11, 24, 7, 45)) == READY
    later = berlin(2026, 11, 24, 8, 0)
    edited = edit_draft(draft, "I notice I feel alone.", later)
    assert (edited.text, edited.hold_until, edited.updated_at) == (
        "I notice I feel alone.", draft.hold_until, later)
    again = hold_again(edited, "I notice I feel alone in the evenings.", later, MORNING)
    assert again.hold_until == berlin(2026, 11, 25, 7, 45)
    assert again.created_at == now


@pytest.mark.parametrize("text", ["", "   \n", "x" * (MAX_DRAFT_CHARS + 1)])
def test_nothing_or_too_much_is_refused_in_plain_words(text):
    with pytest.raises(DraftError) as caught:
        hold_draft(text, berlin(2026, 11, 23, 23), MORNING)
    assert str(caught.value)[0].isupper()


def test_lone_surrogates_become_replacement_characters():
    assert clean_draft_text("a\ud800b") == "a\ufffdb"
    assert clean_draft_text("مرحبا 👋") == "مرحبا 👋"


def test_due_drafts_and_box_order():
    now = berlin(2026, 11, 24, 9, 0)
    a = Draft("a", now, now, berlin(2026, 11, 24, 7, 45), id=1)
    b = Draft("b", now, now, berlin(2026, 11, 23, 7, 45), id=2)
    c = Draft("c", now, now, berlin(2026, 11, 25, 7, 45), id=3)
    d = Draft("d", now, now, berlin(2026, 11, 26, 7, 45), id=4)
    assert due_drafts([a, b, c, d], now) == [b, a]
    assert drafts_in_box_order([d, c, a, b], now) == [b, a, c, d]
    assert box_summary([a, b, c, d], now) == (2, 2)
    # The same instant seen from another zone gives the same answer.
    tokyo = now.astimezone(ZoneInfo("Asia/Tokyo"))
    assert due_drafts([a, b, c, d], tokyo) == [b, a]
    assert due_drafts([a], a.hold_until - timedelta(seconds=1)) == []


@given(text=st.text(min_size=1).filter(str.strip))
def test_documents_round_trip(text):
    now = berlin(2026, 11, 23, 23, 10)
    draft = hold_draft(text, now, MORNING)
    again = Draft.from_document(draft.to_document(), 7)
    assert again == Draft(draft.text, draft.created_at, draft.updated_at, draft.hold_until, 7)


@pytest.mark.parametrize("doc", [
    {}, {"text": ""}, {"text": "x", "created_at": "yesterday"},
    {"text": "x", "created_at": "2026-11-23T23:00:00", "updated_at": "2026-11-23T23:00:00",
     "hold_until": "2026-11-24T07:45:00"},  # no time zone
    {"text": 5, "created_at": None},
])
def test_damaged_documents_are_refused(doc):
    with pytest.raises(DraftError):
        Draft.from_document(doc)


def test_labels():
    now = berlin(2026, 11, 23, 23, 10)
    assert when_label(berlin(2026, 11, 24, 7, 45), now) == "tomorrow at 07:45"
    assert when_label(berlin(2026, 11, 23, 7, 45), now) == "today at 07:45"
    assert when_label(berlin(2026, 11, 22, 7, 45), now) == "yesterday at 07:45"
    assert when_label(berlin(2026, 11, 26, 7, 45), now) == "Thu 26 Nov at 07:45"
    assert preview("a\n\nb  c") == "a b c"
    assert preview("word " * 100, 20).endswith("…") and len(preview("word " * 100, 20)) <= 20
