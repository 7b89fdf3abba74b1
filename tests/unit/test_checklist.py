"""Which items a day asks for, and how complete a day is."""

from datetime import date, timedelta

import pytest

from repair_app.content import default_program
from repair_app.core.checklist import (
    BEFORE_START,
    COMPLETE,
    DEFEND_FREE_ITEM,
    EMPTY,
    FUTURE,
    PARTIAL,
    active_items,
    day_status,
    done_count,
    is_editable,
    items_for_day,
    linked_promise_items,
    set_item,
    set_item_note,
)
from repair_app.core.content import ChecklistItem, Phase, Program, Questions, Section, Welcome
from repair_app.core.day import DayRecord, Promise
from repair_app.core.entry_text import NOTE_LIMIT, EntryError

PROGRAM = default_program()
START = date(2026, 11, 16)


def ids(items):
    return [item.id for item in items]


def content_ids(*numbers):
    return [c.id for n in numbers for c in PROGRAM.phase(n).checklist]


@pytest.mark.parametrize(("week", "phases"), [
    (0, ()), (1, (1,)), (2, (1, 2)), (3, (1, 2, 3)), (4, (1, 2, 3, 4)), (52, (1, 2, 3, 4)),
])
def test_active_items_follow_the_phases_of_the_week(week, phases):
    items = active_items(PROGRAM, week)
    assert ids(items) == content_ids(*phases)
    assert {item.phase for item in items} == set(phases)


def test_the_items_come_from_the_content_not_the_code():
    phase = Phase(number=1, name="n", nickname="k", purpose="p", starts_week=1,
                  common_mistake="m", sections=(Section("s", "h", "text", body="b"),),
                  checklist=(ChecklistItem("water_plants", "I watered the plants"),))
    program = Program(Welcome("t", "b"), Questions("a", "b", "c"), (phase,),
                      Section("n", "h", "text", body="b"))
    assert ids(active_items(program, 1)) == ["water_plants"]


def test_a_day_gets_the_items_of_its_own_program_week():
    assert ids(items_for_day(PROGRAM, START, START)) == content_ids(1)
    assert ids(items_for_day(PROGRAM, START, START + timedelta(days=13))) == content_ids(1, 2)
    assert ids(items_for_day(PROGRAM, START, START - timedelta(days=1))) == []


def test_the_content_has_the_items_the_rules_name():
    assert DEFEND_FREE_ITEM in content_ids(1)
    assert linked_promise_items(PROGRAM) == ("promise_kept",)


def test_the_linked_item_follows_the_promise_not_its_own_tick():
    items = active_items(PROGRAM, 2)
    linked = next(item for item in items if item.linked_to_promise)
    record = DayRecord(START).with_check(linked.id, True)
    assert done_count(record, [linked]) == 0
    with pytest.raises(ValueError):
        set_item(record, linked, True)
    from datetime import datetime
    from zoneinfo import ZoneInfo
    made = datetime(2026, 11, 16, 8, tzinfo=ZoneInfo("UTC"))
    kept = record.with_promise(Promise("x", made, "kept", made))
    assert done_count(kept, [linked]) == 1


def test_notes_are_checked_and_kept_exactly():
    items = active_items(PROGRAM, 3)
    appreciation = next(item for item in items if item.id == "appreciation")
    record = set_item_note(DayRecord(START), appreciation, "  הקשבת לי היום 🙏  ")
    assert record.note("appreciation") == "הקשבת לי היום 🙏"
    with pytest.raises(EntryError, match=f"{NOTE_LIMIT}"):
        set_item_note(record, appreciation, "x" * 100_000)
    with pytest.raises(ValueError):
        set_item_note(record, items[0], "no_defending takes no note")


def test_day_status_complete_partial_empty():
    items = active_items(PROGRAM, 1)
    today = START + timedelta(days=3)
    record = DayRecord(START)
    assert day_status(None, items, START, today, START) == EMPTY
    assert day_status(record, items, START, today, START) == EMPTY
    partly = set_item(record, items[0], True)
    assert day_status(partly, items, START, today, START) == PARTIAL
    full = record
    for item in items:
        full = set_item(full, item, True)
    assert day_status(full, items, START, today, START) == COMPLETE
    assert day_status(full, items, START - timedelta(days=1), today, START) == BEFORE_START
    assert day_status(None, items, today + timedelta(days=1), today, START) == FUTURE


def test_only_the_last_seven_days_are_editable():
    today = date(2027, 1, 3)
    assert is_editable(today, today)
    assert is_editable(today - timedelta(days=6), today)
    assert not is_editable(today - timedelta(days=7), today)
    assert not is_editable(today + timedelta(days=1), today)
