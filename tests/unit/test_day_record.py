"""The stored shape of a day and a moment: round trips, forgiving reads, foreign keys kept."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from repair_app.core.day import (
    PROMISE_KEPT,
    PROMISE_NOT_KEPT,
    DayRecord,
    Moment,
    OwnIt,
    Promise,
)

BERLIN = ZoneInfo("Europe/Berlin")
MADE = datetime(2026, 11, 23, 8, 5, tzinfo=BERLIN)
MARKED = datetime(2026, 11, 23, 21, 40, tzinfo=BERLIN)


def test_the_documented_shape_round_trips():
    doc = {
        "date": "2026-11-23",
        "checks": {"no_defending": True, "gave_space": False},
        "notes": {"positive_action": "Made their coffee ☕", "appreciation": "شكرا"},
        "promise": {"text": "I'll text when I leave work", "made_at": MADE.isoformat(),
                    "status": "not_kept", "marked_at": MARKED.isoformat(),
                    "own_it": {"what_happened": "Forgot", "repair_step": "Told them"}},
    }
    record = DayRecord.from_document(doc)
    assert record.day == date(2026, 11, 23)
    assert record.checked("no_defending") and not record.checked("gave_space")
    assert record.promise == Promise("I'll text when I leave work", MADE, PROMISE_NOT_KEPT,
                                     MARKED, OwnIt("Forgot", "Told them"))
    assert record.to_document() == doc


def test_keys_of_other_features_are_carried_through():
    doc = {"date": "2026-11-23", "checks": {}, "notes": {}, "mood": 4,
           "reminder": {"sent": True}}
    record = DayRecord.from_document(doc).with_check("no_blame", True)
    saved = record.to_document()
    assert saved["mood"] == 4 and saved["reminder"] == {"sent": True}
    assert saved["checks"] == {"no_blame": True}


def test_malformed_fields_are_dropped_not_fatal():
    record = DayRecord.from_document({
        "date": "2026-11-23", "checks": {"a": "yes", "b": True, "c": 1},
        "notes": ["not", "a", "dict"],
        "promise": {"text": "x", "made_at": "yesterday", "status": "kept"},
    })
    assert dict(record.checks) == {"b": True}
    assert dict(record.notes) == {}
    assert record.promise is None


def test_an_unknown_status_reads_as_open_and_marks_need_a_status():
    promise = Promise.from_document({"text": "x", "made_at": MADE.isoformat(),
                                     "status": "maybe", "marked_at": MARKED.isoformat()})
    assert promise is not None and promise.is_open and promise.marked_at is None


def test_a_kept_promise_keeps_words_written_while_it_was_not():
    promise = Promise.from_document({"text": "x", "made_at": MADE.isoformat(),
                                     "status": PROMISE_KEPT, "marked_at": MARKED.isoformat(),
                                     "own_it": {"what_happened": "a", "repair_step": "b"}})
    assert promise is not None and promise.own_it is not None
    assert promise.own_it.what_happened == "a"


def test_a_missing_date_falls_back_to_the_given_day():
    assert DayRecord.from_document({"checks": {}}, date(2026, 1, 2)).day == date(2026, 1, 2)


def test_records_are_immutable_values():
    record = DayRecord(date(2026, 11, 23))
    changed = record.with_check("no_blame", True).with_note("appreciation", "🙂")
    assert record.is_empty and not changed.is_empty
    assert changed.with_note("appreciation", "").notes == {}
    assert changed == DayRecord(date(2026, 11, 23), {"no_blame": True}, {"appreciation": "🙂"})


def test_moment_round_trip_and_bad_documents():
    moment = Moment(date(2026, 11, 23), MADE, "positive", "hug 🤗")
    assert Moment.from_document(moment.to_document()) == moment
    assert Moment.from_document({"date": "2026-11-23", "at": MADE.isoformat(),
                                 "kind": "appreciation"}) is None
    assert Moment.from_document({"date": "2026-11-23", "at": "2026-11-23T08:00",
                                 "kind": "positive"}) is None  # not an instant


@given(st.text(), st.text())
def test_any_text_survives_a_round_trip(note, promise_text):
    record = DayRecord(date(2026, 11, 23)).with_note("appreciation", note)
    if promise_text:
        record = record.with_promise(Promise(promise_text, MADE))
    assert DayRecord.from_document(record.to_document()) == record
