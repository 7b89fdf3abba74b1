"""Control-tree tests for History: summary, day picker, month view, read-only old days."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import flet as ft

from repair_app.core.checklist import COMPLETE, PARTIAL
from repair_app.core.promise import make_promise, mark_promise
from repair_app.core.settings import Settings
from repair_app.store.day_repository import DayRepository
from repair_app.ui.screens.history import HistoryScreen, status_colors
from repair_app.ui.widgets.common import icon_action_button

from .helpers import all_text, change, find, find_all

TODAY = date(2026, 11, 23)
BERLIN = ZoneInfo("Europe/Berlin")


def started(ctx, start: date):
    ctx.save_settings(Settings(onboarded=True, program_start=start))
    return ctx


def promise_on(days: DayRepository, day: date, kept: bool | None) -> None:
    now = datetime(day.year, day.month, day.day, 8, tzinfo=BERLIN)

    def change_record(record):
        record = make_promise(record, "Dishes after dinner", now)
        return record if kept is None else mark_promise(record, kept, now, ["promise_kept"])

    days.update(day, change_record)


def test_summary_streak_and_follow_through_across_a_month_end(ctx, nav):
    started(ctx, date(2026, 10, 1))
    days = DayRepository(ctx.store)
    for offset in range(0, 5):  # 19..23 Nov kept
        promise_on(days, TODAY - timedelta(days=offset), True)
    promise_on(days, date(2026, 11, 18), False)
    for day in (date(2026, 10, 30), date(2026, 10, 31)):
        promise_on(days, day, True)
    promise_on(days, date(2026, 10, 20), True)  # outside the 30 days
    text = all_text(HistoryScreen(ctx, nav).build())
    assert "Promises kept in a row: 5 days" in text
    assert "Last 30 days: you kept 7 of the 8 promises you made." in text


def test_the_last_seven_days_are_editable_and_update_their_cell(ctx, nav):
    started(ctx, date(2026, 11, 2))
    screen = HistoryScreen(ctx, nav)
    screen.build()
    three_days_ago = TODAY - timedelta(days=3)
    screen.select(three_days_ago)
    assert "You can still change this day" in all_text(screen.day_panel)
    boxes = find_all(screen.day_panel, ft.Checkbox)
    assert boxes and not boxes[0].disabled
    for box in boxes:
        if not box.disabled:
            change(box, True)
    saved = DayRepository(ctx.store).get(three_days_ago)
    assert saved.checked("no_defending") and saved.checked("gave_space")
    # no promise that day: all but the promise item are ticked, so the day is partly done
    assert screen.cells[three_days_ago].bgcolor == status_colors(PARTIAL)[0]


def test_a_complete_day_is_marked_in_the_month(ctx, nav):
    started(ctx, date(2026, 11, 20))  # week 1: phase 1 only
    days = DayRepository(ctx.store)
    day = date(2026, 11, 21)
    for item in ctx.program.phase(1).checklist:
        days.update(day, lambda r, i=item.id: r.with_check(i, True))
    screen = HistoryScreen(ctx, nav)
    screen.build()
    assert screen.cells[day].bgcolor == status_colors(COMPLETE)[0]
    cell = find(screen.grid, ft.Semantics, label="Sat 21 Nov 2026: all done")
    assert cell.button


def test_older_days_are_read_only(ctx, nav):
    started(ctx, date(2026, 10, 1))
    days = DayRepository(ctx.store)
    old = TODAY - timedelta(days=10)
    promise_on(days, old, None)
    days.update(old, lambda r: r.with_check("no_blame", True).with_note(
        "positive_action", "Made soup 🍲"))
    screen = HistoryScreen(ctx, nav)
    screen.build()
    screen.select(old)
    panel = screen.day_panel
    text = all_text(panel)
    assert "Kept as it was" in text and "Made soup 🍲" in text
    assert "It wasn't marked as kept or not." in text
    assert all(box.disabled for box in find_all(panel, ft.Checkbox))
    assert find_all(panel, ft.TextField) == []
    assert not [b for b in find_all(panel, ft.FilledButton) if b.content == "Kept it"]


def test_yesterdays_open_promise_can_still_be_marked(ctx, nav):
    started(ctx, date(2026, 11, 2))
    days = DayRepository(ctx.store)
    yesterday = TODAY - timedelta(days=1)
    promise_on(days, yesterday, None)
    screen = HistoryScreen(ctx, nav)
    screen.build()
    screen.select(yesterday)
    kept = next(b for b in find_all(screen.day_panel, ft.FilledButton) if b.content == "Kept it")
    kept.on_click(ft.Event(name="click", control=kept))
    assert days.get(yesterday).promise.status == "kept"
    assert "Promises kept in a row: 1 day" in all_text(screen.summary)


def test_month_navigation_and_journal(ctx, nav):
    started(ctx, date(2026, 9, 1))
    days = DayRepository(ctx.store)
    days.update(date(2026, 10, 5), lambda r: r.with_note("appreciation", "Your laugh at dinner"))
    screen = HistoryScreen(ctx, nav)
    screen.build()
    assert screen.month_title.value == "November 2026"
    assert icon_action_button(screen.next_month).disabled
    assert "Nothing written down this month yet" in all_text(screen.journal)
    screen.show_month(-1)
    assert screen.month_title.value == "October 2026"
    assert not icon_action_button(screen.next_month).disabled
    assert "Your laugh at dinner" in all_text(screen.journal)
    assert screen.journal_title.value == "Your journal, October 2026"
    screen.show_month(1)
    screen.show_month(1)  # no future months
    assert screen.month_title.value == "November 2026"


def test_every_history_button_has_a_label(onboarded_ctx, nav):
    tree = HistoryScreen(onboarded_ctx, nav).build()
    labelled = {id(s.content) for s in find_all(tree, ft.Semantics) if s.label and s.button}
    for icon_button in find_all(tree, ft.IconButton):
        assert icon_button.tooltip or id(icon_button) in labelled


def test_the_journal_shows_words_written_with_tally_moments(ctx, nav):
    """Issue 18, item 6: a tally note was saved but History said nothing was written."""
    from repair_app.core.day import NEGATIVE, POSITIVE, Moment
    from repair_app.store.day_repository import MomentRepository

    started(ctx, date(2026, 9, 1))
    moments = MomentRepository(ctx.store)
    when = ctx.clock.now()
    moments.add(Moment(day=when.date(), at=when, kind=POSITIVE, note="We laughed at the cat"))
    moments.add(Moment(day=when.date(), at=when, kind=NEGATIVE, note=""))
    screen = HistoryScreen(ctx, nav)
    screen.build()
    text = all_text(screen.journal)
    assert "We laughed at the cat" in text and "A good moment" in text
    assert "Nothing written down" not in text
