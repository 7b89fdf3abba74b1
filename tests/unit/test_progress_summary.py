"""Progress from per-day summaries: the same promise counts as History's follow-through
rule, the same day statuses as the checklist rule, and a stored form that reads back
exactly or not at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair_app.content import default_program
from repair_app.core.checklist import active_items, day_status
from repair_app.core.day import DayRecord, Promise
from repair_app.core.pause import PauseSession, PauseState
from repair_app.core.program import program_week
from repair_app.core.progress import (
    PERIOD_ALL,
    ProgressRecords,
    ProgressSummary,
    build_progress,
    load_window,
    summarize_records,
)
from repair_app.core.streaks import follow_through

PROGRAM = default_program()
ITEM_IDS = sorted({item.id for phase in PROGRAM.phases for item in phase.checklist})
TODAY = date(2026, 11, 23)
UTC = UTC


@st.composite
def day_records(draw) -> dict[date, DayRecord]:
    records = {}
    for offset in draw(st.lists(st.integers(-3, 400), max_size=60, unique=True)):
        day = TODAY - timedelta(days=offset)
        checks = {i: draw(st.booleans()) for i in draw(st.lists(st.sampled_from(ITEM_IDS),
                                                                  max_size=6, unique=True))}
        notes = {"kind_thing": "x"} if draw(st.booleans()) and draw(st.booleans()) else {}
        status = draw(st.sampled_from([None, "open", "kept", "not_kept"]))
        promise = None if status is None else Promise(
            text="Call", made_at=datetime(day.year, day.month, day.day, 8, tzinfo=UTC),
            status=status,
            marked_at=None if status == "open" else datetime(day.year, day.month, day.day,
                                                              20, tzinfo=UTC))
        records[day] = DayRecord(day, checks=checks, notes=notes, promise=promise)
    return records


@settings(max_examples=60, deadline=None)
@given(day_records(), st.integers(0, 300))
def test_promise_counts_follow_historys_rule(records, start_ago):
    start = TODAY - timedelta(days=start_ago)
    window = load_window(PERIOD_ALL, TODAY, None, min(records, default=start))
    progress = build_progress(PERIOD_ALL, window, ProgressRecords(records, {}, ()),
                              program=PROGRAM, program_start=start, today=TODAY, zone=UTC)
    for row in progress.promises.rows:
        inside = [r for d, r in records.items()
                  if row.bucket.first <= d <= row.bucket.last and progress.first <= d]
        expected = follow_through(inside, TODAY,
                                  days=(TODAY - row.bucket.first).days + 1)
        assert (row.kept, row.not_kept, row.unmarked) == (
            expected.kept, expected.not_kept, expected.unmarked)


@settings(max_examples=60, deadline=None)
@given(day_records(), st.integers(0, 300))
def test_day_statuses_follow_the_checklist_rule(records, start_ago):
    start = TODAY - timedelta(days=start_ago)
    summary = summarize_records(ProgressRecords(records, {}, ()), program=PROGRAM,
                                program_start=start)
    for day, record in records.items():
        if day > TODAY:
            continue  # decided when drawing
        items = active_items(PROGRAM, program_week(start, day))
        assert summary.days[day].status == day_status(record, items, day, TODAY, start)
        assert summary.days[day].recorded == (not record.is_empty)


def pause(started: datetime, state: PauseState) -> PauseSession:
    return PauseSession(id=started.isoformat(), started_at=started,
                        ends_at=started + timedelta(minutes=20), state=state,
                        ended_at=started + timedelta(minutes=20), length_seconds=1200)


@settings(max_examples=40, deadline=None)
@given(day_records())
def test_the_stored_form_reads_back_exactly(records):
    started = datetime(2026, 10, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    summary = summarize_records(ProgressRecords(
        records, {TODAY: (3, 1), TODAY - timedelta(days=9): (0, 2)},
        (pause(started, PauseState.FINISHED), pause(started, PauseState.ENDED_EARLY),
         pause(started, PauseState.RUNNING))), program=PROGRAM, program_start=TODAY)
    assert len(summary.pauses) == 2  # a running pause isn't counted
    assert ProgressSummary.from_document(summary.to_document()) == summary


@pytest.mark.parametrize("document", [
    None, [], {}, {"days": {}, "moments": {}},
    {"days": {"2026-11-01": ["done", None, 1]}, "moments": {}, "pauses": []},
    {"days": {"2026-11-01": ["complete", "maybe", 1]}, "moments": {}, "pauses": []},
    {"days": {"2026-11-41": ["complete", None, 1]}, "moments": {}, "pauses": []},
    {"days": {"2026-11-01": ["complete", None]}, "moments": {}, "pauses": []},
    {"days": {}, "moments": {"2026-11-01": [1]}, "pauses": []},
    {"days": {}, "moments": {}, "pauses": [["2026-11-01T20:00:00", "finished"]]},
    {"days": {}, "moments": {}, "pauses": [["2026-11-01T20:00:00+01:00", "running"]]},
])
def test_a_stored_form_that_is_not_one_is_refused(document):
    with pytest.raises(ValueError):
        ProgressSummary.from_document(document)
