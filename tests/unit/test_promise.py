"""The morning promise: what can be saved, gentle hints, and its states."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_app.core.day import PROMISE_KEPT, PROMISE_NOT_KEPT, DayRecord, OwnIt
from repair_app.core.entry_text import PROMISE_LIMIT
from repair_app.core.promise import (
    HUGE_HINT,
    VAGUE_HINT,
    PromiseError,
    check_promise_text,
    make_promise,
    mark_promise,
    own_it,
    reopen_promise,
)

BERLIN = ZoneInfo("Europe/Berlin")
MORNING = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)
EVENING = datetime(2026, 11, 23, 21, 0, tzinfo=BERLIN)
DAY = date(2026, 11, 23)


@pytest.mark.parametrize("text", ["", "   ", "\n\t", None])
def test_an_empty_promise_cannot_be_saved_and_says_why(text):
    check = check_promise_text(text)
    assert not check.can_save
    assert check.error == "Write a promise first"


def test_a_huge_text_is_refused_with_the_limit():
    check = check_promise_text("x" * 100_000)
    assert not check.can_save
    assert f"{PROMISE_LIMIT}" in check.error and "100,000" in check.error
    with pytest.raises(PromiseError):
        make_promise(DayRecord(DAY), "x" * 100_000, MORNING)


def test_control_characters_are_refused():
    assert not check_promise_text("I'll call\x00 you").can_save


@pytest.mark.parametrize("text", [
    "I'll text you at lunch 🙂", "אתקשר אליך בצהריים", "سأتصل بك عند الظهر",
    "I'll hug you 👩‍❤️‍👨", "\u200fאני\u200f מבטיח",
])
def test_emoji_and_right_to_left_text_are_kept_exactly(text):
    record = make_promise(DayRecord(DAY), text, MORNING)
    assert record.promise is not None and record.promise.text == text


@given(st.text(min_size=1, max_size=PROMISE_LIMIT).filter(
    lambda t: t.strip() and not any(ord(c) < 32 and c not in "\n\t" or 127 <= ord(c) < 160
                                    for c in t)))
def test_any_printable_promise_within_the_limit_is_kept(text):
    record = make_promise(DayRecord(DAY), text, MORNING)
    assert record.promise is not None and record.promise.text == text.strip()


@pytest.mark.parametrize(("text", "hint"), [
    ("I'll change everything", HUGE_HINT),
    ("I will always listen", HUGE_HINT),
    ("Never again will I shout", HUGE_HINT),
    ("I'll try to be nicer", VAGUE_HINT),
    ("Be better", VAGUE_HINT),
])
def test_vague_or_huge_promises_get_a_gentle_hint_but_can_be_saved(text, hint):
    check = check_promise_text(text)
    assert check.can_save
    assert hint in check.hints


def test_a_small_concrete_promise_gets_no_warning():
    assert check_promise_text("I'll wash the dishes after dinner").hints == ()


def test_promise_is_editable_until_marked_then_marks_the_linked_item():
    record = make_promise(DayRecord(DAY), "Dishes after dinner", MORNING)
    record = make_promise(record, "Dishes after dinner, and dry them", EVENING)
    assert record.promise.text == "Dishes after dinner, and dry them"
    assert record.promise.made_at == MORNING  # rewording doesn't remake it
    kept = mark_promise(record, True, EVENING, linked_items=["promise_kept"])
    assert kept.promise.status == PROMISE_KEPT and kept.promise.marked_at == EVENING
    assert kept.checked("promise_kept")
    with pytest.raises(PromiseError):
        make_promise(kept, "something else", EVENING)


def test_not_kept_then_own_it():
    record = make_promise(DayRecord(DAY), "Text at lunch", MORNING)
    missed = mark_promise(record, False, EVENING, linked_items=["promise_kept"])
    assert missed.promise.status == PROMISE_NOT_KEPT and not missed.checked("promise_kept")
    owned = own_it(missed, "Meeting ran over, I forgot 😞", "Told them, set an alarm")
    assert owned.promise.own_it == OwnIt("Meeting ran over, I forgot 😞",
                                         "Told them, set an alarm")
    with pytest.raises(PromiseError):
        own_it(missed, "", "  ")
    with pytest.raises(PromiseError, match="500"):
        own_it(missed, "x" * 100_000, "step")
    with pytest.raises(PromiseError):
        own_it(mark_promise(record, True, EVENING), "a", "b")


def test_a_mistaken_answer_can_be_taken_back():
    record = make_promise(DayRecord(DAY), "Text at lunch", MORNING)
    missed = own_it(mark_promise(record, False, EVENING), "a", "b")
    reopened = reopen_promise(missed, linked_items=["promise_kept"])
    assert reopened.promise.is_open
    assert reopened.promise.marked_at is None and not reopened.checked("promise_kept")
    assert make_promise(reopened, "Text at lunch, 1 pm", EVENING).promise.is_open


def test_changing_the_answer_never_erases_what_was_written():
    """Issue 18, item 6: the "Own it" words were erased by "Change my answer" (and by a
    "kept" in between), so marking "Didn't keep it" again showed an empty form."""
    record = make_promise(DayRecord(DAY), "Text at lunch", MORNING)
    owned = own_it(mark_promise(record, False, EVENING), "Got caught in a meeting",
                   "Text at 1 pm sharp")
    words = owned.promise.own_it
    again = mark_promise(reopen_promise(owned), False, EVENING)
    assert again.promise.own_it == words
    via_kept = mark_promise(reopen_promise(mark_promise(reopen_promise(owned), True, EVENING)),
                            False, EVENING)
    assert via_kept.promise.own_it == words
    kept = mark_promise(reopen_promise(owned), True, EVENING)
    restored = DayRecord.from_document(kept.to_document(), DAY)
    assert restored.promise.own_it == words  # kept in the file (and the export)


def test_marking_without_a_promise_is_refused():
    with pytest.raises(PromiseError):
        mark_promise(DayRecord(DAY), True, EVENING)
    with pytest.raises(PromiseError):
        reopen_promise(DayRecord(DAY))
