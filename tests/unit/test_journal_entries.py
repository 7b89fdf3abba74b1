"""The month's journal in History: checklist notes and the words written with 5:1 tally
moments (issue 18, item 6: tally notes were saved but shown nowhere)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from repair_app.core.day import NEGATIVE, POSITIVE, DayRecord, Moment
from repair_app.core.history import JournalEntry, journal_entries

BERLIN = ZoneInfo("Europe/Berlin")
LABELS = {"positive_action": "A kind thing I did"}


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, tzinfo=BERLIN)


def test_notes_and_tally_words_newest_first():
    records = {
        date(2026, 11, 20): DayRecord(date(2026, 11, 20)).with_note("positive_action",
                                                                    "Made coffee"),
    }
    moments = [
        Moment(day=date(2026, 11, 24), at=at(24, 9), kind=POSITIVE, note="Laughed at breakfast"),
        Moment(day=date(2026, 11, 24), at=at(24, 21), kind=NEGATIVE, note="Snapped about the bins"),
        Moment(day=date(2026, 11, 22), at=at(22, 12), kind=POSITIVE, note=""),  # no words
        Moment(day=date(2026, 10, 31), at=at(30, 12), kind=POSITIVE, note="last month"),
    ]
    entries = journal_entries(records, moments, LABELS, month=date(2026, 11, 1))
    assert entries == [
        JournalEntry(date(2026, 11, 24), "A hard moment", "Snapped about the bins"),
        JournalEntry(date(2026, 11, 24), "A good moment", "Laughed at breakfast"),
        JournalEntry(date(2026, 11, 20), "A kind thing I did", "Made coffee"),
    ]


def test_nothing_written():
    assert journal_entries({}, [], LABELS, month=date(2026, 11, 1)) == []
