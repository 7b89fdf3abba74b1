"""Progress: what the user logged, counted per week (or month, or quarter) for the charts,
with one plain sentence per chart and a text version of every figure.

Everything here is pure. Days are local calendar days in the user's time zone: day
records and tally moments carry the local date they were made on; a pause is placed on
the local day it started, in the zone passed in (the Clock's). Weeks are ISO weeks
(Monday to Sunday, :meth:`date.isocalendar`); a week with nothing in it is a zero, never
a gap. The screen only draws what :func:`build_progress` returns.

Periods: the last 4 weeks, the last 13 weeks ("3 months") and everything. None of them
reaches back before the program's first week (or the first thing recorded, if that is
earlier). "All" counts per week while that is at most :data:`MAX_WEEK_BUCKETS` weeks,
then per month up to :data:`MAX_MONTH_BUCKETS` months, then per quarter, so ten years
still make a chart whose bars and labels can be read on a phone.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from .checklist import BEFORE_START, COMPLETE, EMPTY, FUTURE, PARTIAL, active_items, day_status
from .content import Program
from .day import (
    NEGATIVE,
    POSITIVE,
    PROMISE_KEPT,
    PROMISE_NOT_KEPT,
    PROMISE_STATUSES,
    DayRecord,
    Moment,
)
from .pause import PauseSession, PauseState
from .program import program_week
from .tally import TARGET_RATIO, TallyCounts, tally_active

PERIOD_4_WEEKS = "4w"
PERIOD_3_MONTHS = "3m"
PERIOD_ALL = "all"
#: (key, label) in the order the switch shows them.
PERIODS: tuple[tuple[str, str], ...] = (
    (PERIOD_4_WEEKS, "4 weeks"), (PERIOD_3_MONTHS, "3 months"), (PERIOD_ALL, "All"))
PERIOD_WEEKS = {PERIOD_4_WEEKS: 4, PERIOD_3_MONTHS: 13}
PERIOD_PHRASES = {PERIOD_4_WEEKS: "in the last 4 weeks", PERIOD_3_MONTHS: "in the last 3 months",
                  PERIOD_ALL: "since you began"}

WEEK = "week"
MONTH = "month"
QUARTER = "quarter"
#: "All" is counted per week up to this many weeks (about six months) ...
MAX_WEEK_BUCKETS = 26
#: ... then per month up to this many months, then per quarter.
MAX_MONTH_BUCKETS = 36
#: The checklist calendar shows single days up to this many weeks, then whole months.
MAX_DAY_GRID_WEEKS = 13

#: Month cells of the checklist calendar: how much of the checklist was done that month.
HEAT_LEVELS = 4  # 0 nothing, 1 a little, 2 about half, 3 most or all
HEAT_LEVEL_WORDS = ("nothing done", "a little done", "about half done", "most done")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                 "ten", "eleven", "twelve")

STATUS_WORDS = {COMPLETE: "complete", PARTIAL: "partly done", EMPTY: "empty",
                BEFORE_START: "before your program", FUTURE: "still to come"}


# -- words ------------------------------------------------------------------------------------

def number_words(n: int) -> str:
    """'three' for small numbers, digits from 13 on."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def short_date(day: date) -> str:
    """'Mon 30 Nov'."""
    return f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def day_month(day: date) -> str:
    """'30 Nov'."""
    return f"{day.day} {_MONTHS[day.month - 1]}"


def date_range_label(first: date, last: date) -> str:
    """'16–22 Nov 2026', '30 Nov – 6 Dec 2026', '29 Dec 2025 – 4 Jan 2026'."""
    if first.year != last.year:
        return f"{day_month(first)} {first.year} – {day_month(last)} {last.year}"
    if first.month != last.month:
        return f"{day_month(first)} – {day_month(last)} {last.year}"
    return f"{first.day}–{last.day} {_MONTHS[last.month - 1]} {last.year}"


def ratio_label(positive: int, negative: int) -> str:
    """'3:1', '2.5:1', '4:0' (no negative moment); the tally's own rule, written compactly."""
    return TallyCounts(positive, negative).ratio_label().replace(" ", "")


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


# -- calendar buckets -------------------------------------------------------------------------

def iso_week_start(day: date) -> date:
    """The Monday of the ISO week ``day`` is in."""
    return day - timedelta(days=day.weekday())


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _from_month_index(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def bucket_start(day: date, unit: str) -> date:
    if unit == WEEK:
        return iso_week_start(day)
    if unit == MONTH:
        return day.replace(day=1)
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _bucket_end(start: date, unit: str) -> date:
    if unit == WEEK:
        return start + timedelta(days=6)
    months = 1 if unit == MONTH else 3
    return _from_month_index(_month_index(start) + months) - timedelta(days=1)


def bucket_number(day: date, first: date, unit: str) -> int:
    """Which bucket, counting from the one starting on ``first``, ``day`` falls in."""
    if unit == WEEK:
        return (iso_week_start(day) - first).days // 7
    months = _month_index(day) - _month_index(first)
    return months if unit == MONTH else months // 3


@dataclass(frozen=True)
class Bucket:
    """One bar of a chart: an ISO week, a calendar month or a quarter."""

    index: int
    unit: str
    first: date
    last: date

    def contains(self, day: date) -> bool:
        return self.first <= day <= self.last

    @property
    def iso_week(self) -> tuple[int, int]:
        year, week, _ = self.first.isocalendar()
        return year, week

    def axis_label(self) -> str:
        """Short enough for an axis: '16 Nov', 'Nov 2026', '2026'."""
        if self.unit == WEEK:
            return day_month(self.first)
        if self.unit == MONTH:
            return f"{_MONTHS[self.first.month - 1]} {self.first.year}"
        return str(self.first.year)

    def long_label(self) -> str:
        """For text lists: '16–22 Nov 2026', 'November 2026', 'Jan–Mar 2026'."""
        if self.unit == WEEK:
            return date_range_label(self.first, self.last)
        if self.unit == MONTH:
            return f"{_MONTH_NAMES[self.first.month - 1]} {self.first.year}"
        return (f"{_MONTHS[self.first.month - 1]}–{_MONTHS[self.last.month - 1]} "
                f"{self.first.year}")

    def phrase(self, today: date) -> str:
        """How a sentence names it: 'this week', 'last month', 'the week of 16 Nov'."""
        current = bucket_start(today, self.unit)
        if self.first == current:
            return f"this {self.unit}"
        if _bucket_end(self.first, self.unit) + timedelta(days=1) == current:
            return f"last {self.unit}"
        if self.unit == WEEK:
            return f"the week of {day_month(self.first)}"
        return self.long_label()


def make_buckets(first: date, last: date, unit: str) -> tuple[Bucket, ...]:
    """Consecutive buckets from the one holding ``first`` to the one holding ``last``."""
    buckets: list[Bucket] = []
    start = bucket_start(first, unit)
    while start <= last:
        end = _bucket_end(start, unit)
        buckets.append(Bucket(len(buckets), unit, start, end))
        start = end + timedelta(days=1)
    return tuple(buckets)


def span_words(first: Bucket, last: Bucket) -> str:
    """How far apart two buckets are, in words: 'three weeks', '5 months', 'four years'."""
    if first.unit == WEEK:
        weeks = (last.first - first.first).days // 7
        return f"{number_words(weeks)} week{'s' if weeks != 1 else ''}"
    months = _month_index(last.first) - _month_index(first.first)
    if months < 24:
        return f"{number_words(months)} month{'s' if months != 1 else ''}"
    years = (months + 6) // 12  # halves round up
    return f"{'about ' if months % 12 else ''}{number_words(years)} years"


def unit_for_span(first: date, last: date) -> str:
    """Weeks for up to six months, months for up to three years, then quarters."""
    weeks = (iso_week_start(last) - iso_week_start(first)).days // 7 + 1
    if weeks <= MAX_WEEK_BUCKETS:
        return WEEK
    months = _month_index(last) - _month_index(first) + 1
    return MONTH if months <= MAX_MONTH_BUCKETS else QUARTER


# -- the period -------------------------------------------------------------------------------

@dataclass(frozen=True)
class ProgressWindow:
    """The days a period could cover, before it is clipped to where the program began."""

    period: str
    first: date
    last: date


def load_window(period: str, today: date, first_data_month: date | None,
                program_start: date) -> ProgressWindow:
    """The days to read for ``period``: the last 4 or 13 ISO weeks up to today, or
    everything from the first month with data (or the program's start, if earlier)."""
    if period not in (PERIOD_4_WEEKS, PERIOD_3_MONTHS, PERIOD_ALL):
        raise ValueError(f"unknown period {period!r}")
    if period == PERIOD_ALL:
        first = min(d for d in (first_data_month, program_start, today) if d is not None)
    else:
        first = iso_week_start(today) - timedelta(weeks=PERIOD_WEEKS[period] - 1)
    return ProgressWindow(period, min(first, today), today)


def chart_origin(window: ProgressWindow, program_start: date,
                 recorded: Iterable[date]) -> date:
    """The first day a chart shows: the program's start or the first thing recorded in the
    window, whichever is earlier, but never before the window (nor after today)."""
    earliest = min((d for d in recorded if window.first <= d <= window.last),
                   default=program_start)
    origin = min(program_start, earliest)
    return min(max(origin, window.first), window.last)


# -- the charts -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AxisTick:
    value: int
    label: str


def axis_ticks(buckets: Sequence[Bucket], max_labels: int = 5) -> tuple[AxisTick, ...]:
    """Which buckets get a label on the time axis: at most ``max_labels``, evenly spaced,
    always the latest; quarters are labelled by year, at the year's first quarter."""
    if not buckets:
        return ()
    candidates = list(buckets)
    if buckets[0].unit == QUARTER:
        candidates = [b for b in buckets if b.first.month == 1] or [buckets[0]]
    step = max(1, math.ceil(len(candidates) / max_labels))
    chosen = candidates[::-1][::step][::-1]
    return tuple(AxisTick(b.index, b.axis_label()) for b in chosen)


def value_scale(peak: float, ticks: int = 4) -> tuple[int, int]:
    """(top, step) of a count axis: whole numbers, a 1-2-5 step, at most ``ticks`` steps."""
    if peak <= 0:
        return 1, 1
    raw = peak / ticks
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = magnitude
    for multiple in (1, 2, 5, 10):
        step = multiple * magnitude
        if step >= raw:
            break
    step = max(1, int(step))
    return math.ceil(peak / step) * step, step


@dataclass(frozen=True)
class MomentCount:
    bucket: Bucket
    positive: int = 0
    negative: int = 0

    @property
    def total(self) -> int:
        return self.positive + self.negative

    @property
    def mark(self) -> int:
        """Positive moments needed for 5:1 against this bucket's negative ones."""
        return TARGET_RATIO * self.negative

    @property
    def ratio(self) -> float:
        return self.positive / self.negative if self.negative else math.inf

    def ratio_label(self) -> str:
        return ratio_label(self.positive, self.negative)

    def text(self) -> str:
        if not self.total:
            return f"{self.bucket.long_label()}: no moments"
        return (f"{self.bucket.long_label()}: {self.positive} positive, {self.negative} "
                f"negative, ratio {self.ratio_label()}")


@dataclass(frozen=True)
class PromiseCount:
    bucket: Bucket
    kept: int = 0
    not_kept: int = 0
    unmarked: int = 0

    @property
    def made(self) -> int:
        return self.kept + self.not_kept + self.unmarked

    def text(self) -> str:
        if not self.made:
            return f"{self.bucket.long_label()}: no promises"
        words = f"{self.kept} of {self.made} kept ({percent(self.kept, self.made)}%)"
        if self.unmarked:
            words += f", {self.unmarked} not marked"
        return f"{self.bucket.long_label()}: {words}"


@dataclass(frozen=True)
class PauseCount:
    bucket: Bucket
    completed: int = 0
    ended_early: int = 0

    @property
    def total(self) -> int:
        return self.completed + self.ended_early

    def text(self) -> str:
        if not self.total:
            return f"{self.bucket.long_label()}: no pauses"
        return (f"{self.bucket.long_label()}: {self.completed} ran their full time, "
                f"{self.ended_early} ended early")


@dataclass(frozen=True)
class ChecklistCount:
    bucket: Bucket
    complete: int = 0
    partial: int = 0
    empty: int = 0

    @property
    def counted(self) -> int:
        return self.complete + self.partial + self.empty

    @property
    def level(self) -> int:
        """0-3: how much of the checklist was done (a complete day counts 1, a partly
        done one ½), for a month cell of the calendar."""
        if not self.counted:
            return 0
        score = (self.complete + 0.5 * self.partial) / self.counted
        if score == 0:
            return 0
        return 1 if score < 1 / 3 else (2 if score < 2 / 3 else 3)

    def words(self) -> str:
        if not self.counted:
            return "no program days"
        return (f"{self.complete} complete, {self.partial} partly done, "
                f"{self.empty} empty")

    def text(self) -> str:
        return f"{self.bucket.long_label()}: {self.words()}"


@dataclass(frozen=True)
class HeatCell:
    """One square of the checklist calendar: a day (status) or a month (level)."""

    first: date
    label: str  # the day of the month, or the month's initial
    status: str = ""  # for days: complete / partial / empty / before_start / future
    level: int | None = None  # for months: 0-3, None when no day of it is in the program
    description: str = ""


@dataclass(frozen=True)
class HeatRow:
    label: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class Chart:
    """What every chart card has: a sentence, or an empty state, and its text version."""

    title: str
    reading: str | None
    empty_message: str | None
    lines: tuple[str, ...]

    @property
    def has_data(self) -> bool:
        return self.empty_message is None


@dataclass(frozen=True)
class MomentsChart(Chart):
    rows: tuple[MomentCount, ...] = ()


@dataclass(frozen=True)
class PromisesChart(Chart):
    rows: tuple[PromiseCount, ...] = ()


@dataclass(frozen=True)
class PausesChart(Chart):
    rows: tuple[PauseCount, ...] = ()


@dataclass(frozen=True)
class ChecklistChart(Chart):
    #: "day": rows are ISO weeks of seven days; "month": rows are years of twelve months.
    grid: str = "day"
    heat_rows: tuple[HeatRow, ...] = ()
    rows: tuple[ChecklistCount, ...] = ()
    complete: int = 0
    partial: int = 0
    empty: int = 0


@dataclass(frozen=True)
class Progress:
    period: str
    today: date
    first: date
    unit: str
    buckets: tuple[Bucket, ...]
    moments: MomentsChart
    promises: PromisesChart
    checklist: ChecklistChart
    pauses: PausesChart
    ticks: tuple[AxisTick, ...] = field(default=())

    @property
    def unit_note(self) -> str:
        """What one bar stands for, in words."""
        if self.unit == WEEK:
            return "Each bar is one week, Monday to Sunday."
        if self.unit == MONTH:
            return "Each bar is one month, so all of it fits."
        return "Each bar is three months, so years of it fit."


# -- readings ---------------------------------------------------------------------------------

def _trend_verb(before: float, after: float) -> str:
    if math.isclose(before, after, rel_tol=0.05) or before == after:
        return "held"
    return "rose" if after > before else "fell"


def trend_rows(data: list, today: date) -> list:
    """The rows a trend compares: a week (month, quarter) still under way is left out
    while two finished ones with data remain, so a single Monday can't swing it."""
    if len(data) >= 3 and data[-1].bucket.contains(today):
        return data[:-1]
    return data


def moments_reading(rows: Sequence[MomentCount], today: date) -> str | None:
    """'Your ratio rose from 2:1 to 4:1 over three weeks.' None when nothing was logged.

    Compares the first and the last bucket with moments (see :func:`trend_rows`)."""
    data = trend_rows([row for row in rows if row.total], today)
    if not data:
        return None
    last = data[-1]
    target = f", at or above the {TARGET_RATIO}:1 mark" if last.positive >= \
        TARGET_RATIO * last.negative else ""
    if len(data) == 1:
        when = last.bucket.phrase(today)
        when = when[0].upper() + when[1:]
        if not last.negative:
            return f"{when}: {plural(last.positive, 'positive moment')} and no negative ones."
        return (f"{when}: {plural(last.positive, 'positive moment')} and {last.negative} "
                f"negative, a ratio of {last.ratio_label()}{target}.")
    first = data[0]
    span = span_words(first.bucket, last.bucket)
    if math.isinf(first.ratio) and math.isinf(last.ratio):
        return (f"Every moment you logged was positive, from {first.bucket.phrase(today)} "
                f"to {last.bucket.phrase(today)}.")
    if last.bucket.contains(today) and not (math.isinf(first.ratio)
                                            or math.isinf(last.ratio)):
        # A week (month) still under way: what it shows so far, not a rise or a fall.
        before = first.bucket.phrase(today)
        before = f"in {before}" if before.startswith("the ") else before
        return (f"{last.bucket.phrase(today).capitalize()} so far: {last.ratio_label()}"
                f"{target}, after {first.ratio_label()} {before}. "
                f"The {last.bucket.unit} isn't over yet.")
    verb = _trend_verb(first.ratio, last.ratio)
    if math.isinf(last.ratio):
        return (f"Your ratio {verb} from {first.ratio_label()} to only positive moments "
                f"({last.positive}) over {span}.")
    if math.isinf(first.ratio):
        return (f"Your ratio went from only positive moments ({first.positive}) to "
                f"{last.ratio_label()} over {span}{target}.")
    if verb == "held":
        return f"Your ratio held at about {last.ratio_label()} over {span}{target}."
    return (f"Your ratio {verb} from {first.ratio_label()} to {last.ratio_label()} "
            f"over {span}{target}.")


def promises_reading(rows: Sequence[PromiseCount], today: date, period: str) -> str | None:
    """'You kept 18 of 21 promises; follow-through rose from 60% to 90% over three weeks.'"""
    data = [row for row in rows if row.made]
    if not data:
        return None
    kept, made = sum(r.kept for r in data), sum(r.made for r in data)
    if len(data) == 1:
        return f"You kept {kept} of {plural(made, 'promise')} {data[0].bucket.phrase(today)}."
    compared = trend_rows(data, today)
    first, last = compared[0], compared[-1]
    before, after = percent(first.kept, first.made), percent(last.kept, last.made)
    verb = _trend_verb(before, after)
    trend = (f"follow-through held at about {after}%" if verb == "held"
             else f"follow-through {verb} from {before}% to {after}%")
    return (f"You kept {kept} of {made} promises {PERIOD_PHRASES[period]}; {trend} over "
            f"{span_words(first.bucket, last.bucket)}.")


def checklist_reading(complete: int, partial: int, empty: int, period: str) -> str | None:
    counted = complete + partial + empty
    if not complete and not partial:
        return None
    when = PERIOD_PHRASES[period]
    when = when[0].upper() + when[1:]
    if complete == counted:
        return f"{when}, you completed the whole checklist every day: {complete} of {counted}."
    if not complete:
        return f"{when}, you did part of the checklist on {partial} of {counted} days."
    more = f" and part of it on {partial} more" if partial else ""
    return (f"{when}, you completed the whole checklist on {complete} of "
            f"{plural(counted, 'day')}{more}.")


def pauses_reading(rows: Sequence[PauseCount], period: str) -> str | None:
    completed = sum(r.completed for r in rows)
    early = sum(r.ended_early for r in rows)
    total = completed + early
    if not total:
        return None
    when = PERIOD_PHRASES[period]
    when = when[0].upper() + when[1:]
    if not early:
        return (f"{when}, you took {plural(total, 'pause')}, and "
                f"{'it' if total == 1 else 'every one'} ran its full time.")
    if not completed:
        each = "it ended early" if total == 1 else "each ended early"
        return (f"{when}, you took {plural(total, 'pause')}; {each}, and taking "
                f"{'it' if total == 1 else 'them'} still counts.")
    return (f"{when}, you took {total} pauses: {completed} ran their full time and "
            f"{early} ended early.")


# -- empty states -----------------------------------------------------------------------------

def first_week_where(program: Program, asks, limit: int = 104) -> int | None:
    for week in range(1, limit + 1):
        if asks(week):
            return week
    return None


def _joins(what: str, week: int | None, start: date, today: date) -> str | None:
    """'The 5:1 tally joins Today in week 3 (Mon 30 Nov).' while that week is ahead."""
    if week is None or program_week(start, today) >= week:
        return None
    return f"{what} joins Today in week {week} ({short_date(start + timedelta(weeks=week - 1))})."


def moments_empty(program: Program, start: date, today: date, period: str) -> str:
    week = first_week_where(program, lambda w: tally_active(program, w))
    joins = _joins("The 5:1 tally", week, start, today)
    if joins:
        return (f"{joins} From then, each week's positive and negative moments will "
                "show here, next to the 5:1 mark.")
    return (f"No moments {_period_none(period)}. Add a positive or a negative moment with "
            "the 5:1 tally on Today, and each week's count will show here, next to the "
            "5:1 mark.")


def promises_empty(program: Program, start: date, today: date, period: str) -> str:
    week = first_week_where(
        program, lambda w: any(i.linked_to_promise for i in active_items(program, w)))
    joins = _joins("The morning promise", week, start, today)
    if joins:
        return f"{joins} From then, how many promises you kept each week will show here."
    return (f"No promises {_period_none(period)}. Make one on Today in the morning and "
            "mark it in the evening; each week's kept and not kept promises will show here.")


def checklist_empty(period: str) -> str:
    return (f"Nothing ticked {_period_none(period)}. Tick the checklist on Today and each "
            "day fills in here: full colour for a complete day, lighter for a partly "
            "done one.")


def pauses_empty(period: str) -> str:
    return (f"No pauses {_period_none(period)}. When a talk runs hot, the Pause button "
            "starts a twenty-minute break; each pause will show here, split into those "
            "that ran their full time and those ended early.")


def _period_none(period: str) -> str:
    return "yet" if period == PERIOD_ALL else PERIOD_PHRASES[period]


# -- the program's timeline ------------------------------------------------------------------

@dataclass(frozen=True)
class TimelineEntry:
    """One line of the week-by-week timeline: a single week, or a run of weeks folded
    into one line."""

    first_week: int
    last_week: int

    @property
    def folded(self) -> bool:
        return self.last_week > self.first_week


def timeline_entries(current_week: int, phase_start_weeks: Sequence[tuple[int, int]], *,
                     recent: int = 2) -> tuple[TimelineEntry, ...]:
    """Weeks 1 to the last phase's start each get a line, and so do this week and the
    ``recent`` weeks before it; the weeks between fold into one line, so ten years make a
    short list."""
    opening = max([start for _number, start in phase_start_weeks] + [1])
    last = max(current_week, opening)
    own = set(range(1, opening + 1)) | set(range(max(1, current_week - recent), last + 1))
    entries: list[TimelineEntry] = []
    week = 1
    while week <= last:
        if week in own:
            entries.append(TimelineEntry(week, week))
            week += 1
            continue
        end = week
        while end + 1 <= last and end + 1 not in own:
            end += 1
        entries.append(TimelineEntry(week, end))
        week = end + 1
    return tuple(entries)


# -- putting it together ----------------------------------------------------------------------

@dataclass(frozen=True)
class ProgressRecords:
    """What the store holds for a window: day records by date, the tally's (positive,
    negative) counts by date, and past pauses. Progress only counts moments, so the
    store hands over counts rather than one object per tap (years hold tens of
    thousands)."""

    days: Mapping[date, DayRecord]
    moment_counts: Mapping[date, tuple[int, int]]
    pauses: Sequence[PauseSession]

    @classmethod
    def of(cls, days: Mapping[date, DayRecord], moments: Iterable[Moment],
           pauses: Sequence[PauseSession]) -> ProgressRecords:
        """From moment objects (tests, and any caller that already has them)."""
        return cls(days=days, moment_counts=count_moments_by_day(moments), pauses=pauses)


def count_moments_by_day(moments: Iterable[Moment]) -> dict[date, tuple[int, int]]:
    counts: dict[date, list[int]] = {}
    for moment in moments:
        pair = counts.setdefault(moment.day, [0, 0])
        if moment.kind == POSITIVE:
            pair[0] += 1
        elif moment.kind == NEGATIVE:
            pair[1] += 1
    return {day: (p, n) for day, (p, n) in counts.items()}


def pause_day(session: PauseSession, zone: tzinfo | None) -> date:
    """The local calendar day (in ``zone``) a pause started on."""
    return _local_day(session.started_at, zone)


def _local_day(instant: datetime, zone: tzinfo | None) -> date:
    return instant.astimezone(zone).date() if zone else instant.date()


# -- summaries: what Progress counts of each day, without the day's words ----------------------

#: Pauses Progress counts (a running or idle one isn't over yet).
COUNTED_PAUSES = (PauseState.FINISHED, PauseState.ENDED_EARLY)
_NO_DAY = date.max  # "today" for a summary: no recorded day is in the future of it


@dataclass(frozen=True)
class DaySummary:
    """What Progress counts of one recorded day.

    ``status``: complete / partial / empty by the checklist rule of the day's program
    week (or before_start), as if the day were past: whether it is in the future is
    decided when drawing. ``promise``: the promise's status, None without one.
    ``recorded``: anything at all was recorded (a tick, a note, a promise).
    """

    status: str
    promise: str | None
    recorded: bool


@dataclass(frozen=True)
class ProgressSummary:
    """Everything :func:`build_progress_from_summary` needs: per-day summaries, the tally's
    (positive, negative) counts per day, and (start, state) of the pauses that ended.
    Small enough to keep for ten years of days; free of anything the user wrote."""

    days: Mapping[date, DaySummary]
    moment_counts: Mapping[date, tuple[int, int]]
    pauses: Sequence[tuple[datetime, str]]

    def to_document(self) -> dict[str, Any]:
        return {
            "days": {d.isoformat(): [s.status, s.promise, int(s.recorded)]
                     for d, s in sorted(self.days.items())},
            "moments": {d.isoformat(): [p, n] for d, (p, n) in sorted(self.moment_counts.items())},
            "pauses": [[at.isoformat(), str(state)] for at, state in self.pauses],
        }

    @classmethod
    def from_document(cls, doc: Any) -> ProgressSummary:
        """The stored form back; ValueError if it is not one :meth:`to_document` wrote."""
        if not isinstance(doc, Mapping):
            raise ValueError("a progress summary must be a mapping")
        try:
            days = {}
            for iso, (status, promise, recorded) in doc["days"].items():
                if status not in _SUMMARY_STATUSES or (promise is not None
                                                       and promise not in PROMISE_STATUSES):
                    raise ValueError(f"unknown status in {iso}")
                days[date.fromisoformat(iso)] = DaySummary(status, promise, bool(recorded))
            moments = {date.fromisoformat(iso): (int(p), int(n))
                       for iso, (p, n) in doc["moments"].items()}
            pauses = []
            for iso, state in doc["pauses"]:
                at = datetime.fromisoformat(iso)
                if at.tzinfo is None or state not in COUNTED_PAUSES:
                    raise ValueError(f"not a counted pause: {iso} {state}")
                pauses.append((at, PauseState(state)))
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError(f"not a progress summary: {error}") from error
        return cls(days=days, moment_counts=moments, pauses=tuple(pauses))


_SUMMARY_STATUSES = (COMPLETE, PARTIAL, EMPTY, BEFORE_START)


def summarize_records(records: ProgressRecords, *, program: Program,
                      program_start: date) -> ProgressSummary:
    """The summary of ``records``: each day's status by the checklist rule of its program
    week (items looked up once per week), its promise's status and whether it is empty."""
    items_by_week: dict[int, tuple] = {}
    days = {}
    for day, record in records.days.items():
        week = program_week(program_start, day)
        items = items_by_week.get(week)
        if items is None:
            items = items_by_week[week] = active_items(program, week)
        promise = record.promise.status if record.promise is not None else None
        days[day] = DaySummary(day_status(record, items, day, _NO_DAY, program_start),
                               promise, not record.is_empty)
    pauses = tuple((s.started_at, s.state) for s in records.pauses if s.state in COUNTED_PAUSES)
    return ProgressSummary(days=days, moment_counts=dict(records.moment_counts), pauses=pauses)


def build_progress(period: str, window: ProgressWindow, records: ProgressRecords, *,
                   program: Program, program_start: date, today: date,
                   zone: tzinfo | None, max_labels: int = 5) -> Progress:
    """Every chart of Progress for ``period``, counted from ``records`` (read for
    ``window``, see :func:`load_window`)."""
    summary = summarize_records(records, program=program, program_start=program_start)
    return build_progress_from_summary(period, window, summary, program=program,
                                       program_start=program_start, today=today, zone=zone,
                                       max_labels=max_labels)


def build_progress_from_summary(period: str, window: ProgressWindow, summary: ProgressSummary,
                                *, program: Program, program_start: date, today: date,
                                zone: tzinfo | None, max_labels: int = 5) -> Progress:
    """:func:`build_progress` from the days' summaries (``summary`` must have been made
    with the same ``program`` and ``program_start``); the same figures, to the last one."""
    pause_days = [(_local_day(at, zone), state) for at, state in summary.pauses
                  if state in COUNTED_PAUSES]
    recorded = [d for d, s in summary.days.items() if s.recorded]
    recorded += [d for d, (p, n) in summary.moment_counts.items() if p or n]
    recorded += [d for d, _ in pause_days]
    first = chart_origin(window, program_start, recorded)
    last = window.last
    unit = WEEK if period != PERIOD_ALL else unit_for_span(first, last)
    buckets = make_buckets(first, last, unit)
    origin = buckets[0].first

    def index_of(day: date) -> int | None:
        if not first <= day <= last:
            return None
        return bucket_number(day, origin, unit)

    positive = [0] * len(buckets)
    negative = [0] * len(buckets)
    for day, (pos, neg) in summary.moment_counts.items():
        i = index_of(day)
        if i is not None:
            positive[i] += pos
            negative[i] += neg
    moment_rows = tuple(MomentCount(b, positive[b.index], negative[b.index]) for b in buckets)

    completed = [0] * len(buckets)
    early = [0] * len(buckets)
    for day, state in pause_days:
        i = index_of(day)
        if i is not None:
            if state == PauseState.ENDED_EARLY:
                early[i] += 1
            else:
                completed[i] += 1
    pause_rows = tuple(PauseCount(b, completed[b.index], early[b.index]) for b in buckets)

    promise_rows = _promise_rows(buckets, summary.days, first, today)
    statuses = _day_statuses(summary.days, program_start, first, last, today)
    checklist = _checklist_chart(buckets, statuses, first, last, period, today)

    moments = MomentsChart(
        title="Positive and negative moments",
        reading=moments_reading(moment_rows, today),
        empty_message=None if any(r.total for r in moment_rows)
        else moments_empty(program, program_start, today, period),
        lines=tuple(r.text() for r in moment_rows), rows=moment_rows)
    promises = PromisesChart(
        title="Promises kept",
        reading=promises_reading(promise_rows, today, period),
        empty_message=None if any(r.made for r in promise_rows)
        else promises_empty(program, program_start, today, period),
        lines=tuple(r.text() for r in promise_rows), rows=promise_rows)
    pauses = PausesChart(
        title="Pauses",
        reading=pauses_reading(pause_rows, period),
        empty_message=None if any(r.total for r in pause_rows) else pauses_empty(period),
        lines=tuple(r.text() for r in pause_rows), rows=pause_rows)
    return Progress(period=period, today=today, first=first, unit=unit, buckets=buckets,
                    moments=moments, promises=promises, checklist=checklist, pauses=pauses,
                    ticks=axis_ticks(buckets, max_labels))


def _promise_rows(buckets: Sequence[Bucket], days: Mapping[date, DaySummary], first: date,
                  today: date) -> tuple[PromiseCount, ...]:
    """Kept, not kept and never marked promises per bucket, by the follow-through rule
    History uses (``streaks.follow_through``: a past promise never marked counts as made;
    today's once marked; tests/unit check the two agree)."""
    kept = [0] * len(buckets)
    not_kept = [0] * len(buckets)
    unmarked = [0] * len(buckets)
    origin, unit = buckets[0].first, buckets[0].unit
    for day, summary in days.items():
        if summary.promise is None or not first <= day <= today:
            continue
        i = bucket_number(day, origin, unit)
        if summary.promise == PROMISE_KEPT:
            kept[i] += 1
        elif summary.promise == PROMISE_NOT_KEPT:
            not_kept[i] += 1
        elif day < today:
            unmarked[i] += 1
    return tuple(PromiseCount(b, kept[b.index], not_kept[b.index], unmarked[b.index])
                 for b in buckets)


def _day_statuses(days: Mapping[date, DaySummary], start: date, first: date, last: date,
                  today: date) -> dict[date, str]:
    """complete / partial / empty (or before_start / future) for every day shown, by the
    checklist's own rule (``checklist.day_status``, applied when the day was summarised;
    a day with no record is empty)."""
    statuses: dict[date, str] = {}
    day = first
    one_day = timedelta(days=1)
    while day <= last:
        if day > today:
            statuses[day] = FUTURE
        elif day < start:
            statuses[day] = BEFORE_START
        else:
            summary = days.get(day)
            statuses[day] = summary.status if summary is not None else EMPTY
        day += one_day
    return statuses


def _checklist_chart(buckets: Sequence[Bucket], statuses: Mapping[date, str], first: date,
                     last: date, period: str, today: date) -> ChecklistChart:
    counts = {COMPLETE: 0, PARTIAL: 0, EMPTY: 0}
    for status in statuses.values():
        if status in counts:
            counts[status] += 1
    rows = tuple(_count_days(b, statuses) for b in buckets)
    weeks = (iso_week_start(last) - iso_week_start(first)).days // 7 + 1
    if weeks <= MAX_DAY_GRID_WEEKS:
        grid, heat_rows = "day", _day_grid(statuses, first, last)
    else:
        grid, heat_rows = "month", _month_grid(statuses, first, last)
    reading = checklist_reading(counts[COMPLETE], counts[PARTIAL], counts[EMPTY], period)
    return ChecklistChart(
        title="Checklist calendar", reading=reading,
        empty_message=None if reading else checklist_empty(period),
        lines=tuple(r.text() for r in rows if r.counted), grid=grid, heat_rows=heat_rows,
        rows=rows, complete=counts[COMPLETE], partial=counts[PARTIAL], empty=counts[EMPTY])


def _count_days(bucket: Bucket, statuses: Mapping[date, str]) -> ChecklistCount:
    counts = {COMPLETE: 0, PARTIAL: 0, EMPTY: 0}
    day = bucket.first
    while day <= bucket.last:
        status = statuses.get(day)
        if status in counts:
            counts[status] += 1
        day += timedelta(days=1)
    return ChecklistCount(bucket, counts[COMPLETE], counts[PARTIAL], counts[EMPTY])


def _day_grid(statuses: Mapping[date, str], first: date, last: date) -> tuple[HeatRow, ...]:
    """ISO weeks as rows of seven days, Monday first; days outside are 'before_start' or
    'future' (drawn blank)."""
    rows = []
    monday = iso_week_start(first)
    while monday <= last:
        cells = []
        for offset in range(7):
            day = monday + timedelta(days=offset)
            status = statuses.get(day, BEFORE_START if day < first else FUTURE)
            cells.append(HeatCell(day, str(day.day), status=status,
                                  description=f"{short_date(day)}: {STATUS_WORDS[status]}"))
        rows.append(HeatRow(day_month(monday), tuple(cells)))
        monday += timedelta(days=7)
    return tuple(rows)


def _month_grid(statuses: Mapping[date, str], first: date, last: date) -> tuple[HeatRow, ...]:
    """Years as rows of twelve months, each shaded by how much of the checklist was done."""
    rows = []
    for year in range(first.year, last.year + 1):
        cells = []
        for month in range(1, 13):
            start = date(year, month, 1)
            bucket = Bucket(0, MONTH, start, _bucket_end(start, MONTH))
            counted = _count_days(bucket, statuses)
            level = counted.level if counted.counted else None
            words = counted.words() if counted.counted else "not in the program"
            cells.append(HeatCell(start, _MONTHS[month - 1][0], level=level,
                                  description=f"{bucket.long_label()}: {words}"))
        rows.append(HeatRow(str(year), tuple(cells)))
    return tuple(rows)
