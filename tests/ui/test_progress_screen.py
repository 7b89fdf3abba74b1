"""The Progress screen's control tree: charts drawn from the core's figures, empty states
for a new user, the period switch, the text alternative and the folded timeline."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

import flet as ft
import flet_charts as fc

from repair_app.core.day import NEGATIVE, POSITIVE, Moment
from repair_app.core.pause import PauseSession, PauseState
from repair_app.core.promise import make_promise, mark_promise
from repair_app.core.settings import Settings
from repair_app.store.day_repository import DayRepository, MomentRepository
from repair_app.store.pause_repository import PauseRepository
from repair_app.ui.screens.progress import ProgressScreen

from .helpers import all_text, click, find, find_all, walk

BERLIN_EVENING = 20


def charts(tree) -> list:
    return [node for node in walk(tree) if isinstance(node, fc.LineChart | fc.BarChart)]


def images(tree) -> list[str]:
    return [node.label for node in walk(tree) if isinstance(node, ft.Semantics) and node.image]


def log_history(ctx, weeks: int = 6) -> None:
    """A few weeks of use through the real repositories."""
    today = ctx.clock.now().date()
    days, moments = DayRepository(ctx.store), MomentRepository(ctx.store)
    zone = ctx.clock.now().tzinfo
    for offset in range(weeks * 7):
        day = today - timedelta(days=offset)
        morning = datetime(day.year, day.month, day.day, 8, tzinfo=zone)

        def change(record, morning=morning, kept=offset % 3 != 0):
            record = make_promise(record.with_check("no_defending", True), "Call at lunch",
                                  morning)
            return mark_promise(record, kept, morning + timedelta(hours=12))

        days.update(day, change)
        for hour in range(9, 9 + offset % 4 + 1):
            moments.add(Moment(day, morning.replace(hour=hour), POSITIVE))
        if offset % 2:
            moments.add(Moment(day, morning.replace(hour=18), NEGATIVE))
    pauses = PauseRepository(ctx.store)
    for offset, state in ((2, PauseState.FINISHED), (9, PauseState.ENDED_EARLY)):
        day = today - timedelta(days=offset)
        start = datetime(day.year, day.month, day.day, BERLIN_EVENING, tzinfo=zone)
        pauses.save_history(PauseSession(
            id=start.isoformat(), started_at=start, ends_at=start + timedelta(minutes=20),
            state=state, ended_at=start + timedelta(minutes=12), length_seconds=720))


def long_running(ctx, start: date) -> None:
    ctx.save_settings(Settings(onboarded=True, program_start=start, code_word="pause"))


def test_a_new_user_sees_what_will_appear_and_no_empty_axes(ctx, nav):
    ctx.save_settings(Settings(onboarded=True, program_start=ctx.clock.now().date(),
                               code_word="pause"))
    tree = ProgressScreen(ctx, nav).build()
    text = all_text(tree)
    assert charts(tree) == []
    assert images(tree) == []
    assert "The 5:1 tally joins Today in week 3" in text
    assert "The morning promise joins Today in week 2" in text
    assert "Nothing ticked in the last 4 weeks." in text
    assert "No pauses in the last 4 weeks." in text
    assert "Show as text" not in text
    assert "Each bar is" not in text  # no bars, so nothing to explain

def test_charts_with_readings_and_text_alternatives(onboarded_ctx, nav):
    long_running(onboarded_ctx, date(2026, 9, 1))
    log_history(onboarded_ctx)
    screen = ProgressScreen(onboarded_ctx, nav)
    tree = screen.build()
    assert len(charts(tree)) == 3  # promises, moments, pauses; the calendar is a grid
    labels = images(tree)
    assert len(labels) == 4
    progress = screen.progress
    assert labels[0] == f"Checklist calendar chart. {progress.checklist.reading}"
    assert labels[2] == f"Positive and negative moments chart. {progress.moments.reading}"
    assert progress.moments.reading.startswith("Your ratio ")
    text = all_text(tree)
    assert progress.promises.reading in text and progress.pauses.reading in text
    assert "In the last 4 weeks, you took 2 pauses: 1 ran their full time and 1 ended early." \
        in text
    # The figures, as text, one line per week, hidden until asked for.
    moments_card = screen.cards[2]
    assert not moments_card.showing_text and moments_card.text_list.controls == []
    click(moments_card.toggle)
    assert moments_card.showing_text and moments_card.toggle.content == "Hide the text"
    assert moments_card.toggle_label.label == ("Positive and negative moments: hide the "
                                               "figures as text")
    lines = [t.value for t in moments_card.text_list.controls]
    assert lines == list(progress.moments.lines) and len(lines) == 4
    assert lines[-1].startswith("23–29 Nov 2026: ")
    click(moments_card.toggle)
    assert not moments_card.showing_text and moments_card.toggle.content == "Show as text"


def test_the_bars_draw_the_cores_counts(onboarded_ctx, nav):
    long_running(onboarded_ctx, date(2026, 9, 1))
    log_history(onboarded_ctx)
    screen = ProgressScreen(onboarded_ctx, nav)
    tree = screen.build()
    promise_chart = find_all(tree, fc.BarChart)[0]
    rows = screen.progress.promises.rows
    assert [g.rods[0].to_y for g in promise_chart.groups] == [r.made for r in rows]
    for group, row in zip(promise_chart.groups, rows, strict=True):
        rod = group.rods[0]
        parts = [(i.from_y, i.to_y, i.color) for i in rod.stack_items]
        if row.kept and (row.not_kept or row.unmarked):
            assert parts[0] == (0, row.kept, ft.Colors.PRIMARY)
            second = row.not_kept if row.not_kept else row.unmarked
            assert parts[1][:2] == (row.kept, row.kept + second)
            assert rod.to_y == row.made
        elif row.kept:  # one part only: the rod's own colour
            assert parts == [] and rod.color == ft.Colors.PRIMARY
    axis = promise_chart.bottom_axis
    assert [label.value for label in axis.labels] == [0, 1, 2, 3]
    line = find_all(tree, fc.LineChart)[0]
    positives = [p.y for p in line.data_series[2].points]
    assert positives == [r.positive for r in screen.progress.moments.rows]
    assert [p.y for p in line.data_series[0].points] == [
        5 * r.negative for r in screen.progress.moments.rows]


def test_switching_the_period_redraws_only_the_charts(onboarded_ctx, nav):
    long_running(onboarded_ctx, date(2025, 6, 1))
    log_history(onboarded_ctx, weeks=20)
    screen = ProgressScreen(onboarded_ctx, nav)
    tree = screen.build()
    assert len(screen.progress.buckets) == 4
    screen.switch.selected = ["3m"]
    screen.switch.on_change(ft.Event(name="change", control=screen.switch))
    assert screen.period == "3m" and len(screen.progress.buckets) == 13
    assert screen.note.value == "Each bar is one week, Monday to Sunday."
    screen.switch.selected = ["all"]
    screen.switch.on_change(ft.Event(name="change", control=screen.switch))
    assert screen.progress.unit == "month"
    assert screen.note.value == "Each bar is one month, so all of it fits."
    assert screen.progress.checklist.grid == "month"
    assert len(find_all(screen.charts, fc.BarChart)) == 2
    assert tree[2] is screen.charts


def test_the_5_to_1_mark_is_said_in_words_not_as_a_big_number(onboarded_ctx, nav):
    """A hard stretch once read "430 needed for 5:1"; the mark's tooltip now says where
    the count stands, and the positive and negative lines keep their own counts."""
    long_running(onboarded_ctx, date(2025, 6, 1))
    log_history(onboarded_ctx, weeks=20)
    screen = ProgressScreen(onboarded_ctx, nav)
    screen.build()
    chart = find(screen.cards[2].control, fc.LineChart)
    mark, negative, positive = chart.data_series
    tips = [point.tooltip.text for point in mark.points]
    assert tips and all(re.search(r": the 5:1 mark, (reached|on the way|no hard moments)$", t)
                        for t in tips), tips
    assert not any("needed" in t or re.search(r"\d+ needed", t) for t in tips)
    assert all(p.tooltip.text.endswith(f"{int(p.y)} negative") for p in negative.points)
    assert all(p.tooltip.text.endswith(f"{int(p.y)} positive") for p in positive.points)


def spoken_segments(button: ft.SegmentedButton) -> list[str]:
    """What a screen reader hears for each segment: its label's semantics."""
    return [segment.label.semantics_label for segment in button.segments]


def test_the_period_switch_says_which_period_is_selected(onboarded_ctx, nav):
    screen = ProgressScreen(onboarded_ctx, nav)
    screen.build()
    assert spoken_segments(screen.switch) == ["4 weeks, selected", "3 months", "All"]
    screen.switch.selected = ["all"]
    screen.switch.on_change(ft.Event(name="change", control=screen.switch))
    assert spoken_segments(screen.switch) == ["4 weeks", "3 months", "All, selected"]


def test_the_timeline_is_kept_below_the_charts(onboarded_ctx, nav):
    tree = ProgressScreen(onboarded_ctx, nav).build()
    timeline = find(tree, ft.ExpansionTile)
    assert not timeline.expanded
    text = all_text(timeline)
    assert "Week 4" in text and "This week" in text
    assert tree.index(next(c for c in tree if timeline in list(walk(c)))) > 2



def test_calendar_week_labels_are_never_cut_and_the_week_fits_a_small_phone():
    """Issue 18, items 5 and 12: "23 Nov" was cut in a 52 px box at 200% text, and at
    320 px the Sunday column was clipped. Each week's label now has a line of its own
    above its seven days."""
    from repair_app.core.progress import ChecklistChart, HeatCell, HeatRow
    from repair_app.ui.widgets.progress_charts import DAY_CELL, heat_map

    cells = tuple(HeatCell(first=date(2026, 11, 23) + timedelta(days=i), status="empty",
                           label=str(23 + i), description="") for i in range(7))
    chart = ChecklistChart(title="Checklist calendar", reading="", empty_message=None,
                           lines=(), grid="day", heat_rows=(HeatRow("23 Nov", cells),))
    grid = heat_map(chart)
    label, days = grid.controls[1].controls
    assert isinstance(label, ft.Text) and label.value == "23 Nov" and not label.no_wrap
    assert [c.width for c in days.controls] == [DAY_CELL] * 7
    header = grid.controls[0]
    assert len(header.controls) == 7  # the letters line up with the days
    width_of_days = 7 * DAY_CELL + 6 * days.spacing
    assert width_of_days <= 320 - 2 * 16 - 2 * 16  # a 320 px phone, page and card padding
