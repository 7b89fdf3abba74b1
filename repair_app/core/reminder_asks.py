"""Reminders follow the program: what each asks, when it starts and where its tap lands.

All of it is read from the program's content, so a reminder never asks for something the
screen it opens doesn't offer:

* **Morning**: from week 1. While a phase with a promise (a checklist item linked to the
  promise card) is active, it asks the morning question and opens Today, where the
  promise card is. Before that it carries the newest active phase's intention (week 1:
  phase 1's "listen without defending…"), and Today shows that phase's checklist.
* **Evening**: from week 1. "Did you keep today's promise?" only on a day a promise was
  made; otherwise it asks about today's checklist. Both open Today.
* **Weekly check-in**: off until the phase holding the check-in (the repair toolkit)
  starts; then it asks the partnership question and opens the check-in.
"""

from __future__ import annotations

from datetime import date, timedelta

from .checkin import TOOLKIT_SECTION
from .content import Phase, Program
from .program import active_phases, program_week
from .promise import is_linked_to_promise
from .reminders import (
    CHECKIN_ROUTE,
    NEVER,
    TODAY_ROUTE,
    ReminderAsk,
    ReminderKind,
    ReminderMessage,
    ReminderRule,
    message_for,
    rules_from_settings,
)
from .settings import Settings

MORNING_PROMISE_TITLE = "Your small promise"
MORNING_INTENTION_TITLE = "Today's intention"
EVENING_TITLE = "Evening check"
EVENING_PROMISE = "Did you keep today's promise? Take a moment to mark it."
EVENING_CHECKLIST = "How did today go? Tick what you managed on today's checklist."
WEEKLY_TITLE = "Weekly check-in"

RULE_KINDS = (ReminderKind.MORNING, ReminderKind.EVENING, ReminderKind.WEEKLY)


def promise_phase(program: Program) -> Phase | None:
    """The first phase whose checklist mirrors the promise card (phase 2)."""
    for phase in program.phases:
        if any(is_linked_to_promise(item.linked_to) for item in phase.checklist):
            return phase
    return None


def checkin_phase(program: Program) -> Phase | None:
    """The phase that holds the weekly check-in (phase 4's repair toolkit)."""
    for phase in program.phases:
        if any(section.id == TOOLKIT_SECTION for section in phase.sections):
            return phase
    return None


def start_phase(program: Program, kind: ReminderKind) -> Phase | None:
    """The phase whose start makes ``kind`` relevant (None: the program never asks it)."""
    if kind is ReminderKind.WEEKLY:
        return checkin_phase(program)
    return program.phases[0] if program.phases else None


def first_day(program: Program, start: date, kind: ReminderKind) -> date:
    """The first day ``kind`` is relevant for a program starting on ``start``; ``NEVER``
    if the program has no phase for it."""
    phase = start_phase(program, kind)
    if phase is None:
        return NEVER
    return start + timedelta(days=7 * (phase.starts_week - 1))


def reminder_rules(settings: Settings, program: Program,
                   fallback_start: date | None = None) -> list[ReminderRule]:
    """The rules from settings, each off until its phase starts. ``fallback_start`` is the
    program start to assume if none is saved yet (the welcome not finished)."""
    start = settings.program_start or fallback_start
    if start is None:
        return rules_from_settings(settings)
    return rules_from_settings(settings, {kind: first_day(program, start, kind)
                                          for kind in RULE_KINDS})


def _promise_asked(program: Program, week: int) -> bool:
    phase = promise_phase(program)
    return phase is not None and phase.number in active_phases(week, program.phase_start_weeks)


def reminder_ask(program: Program, kind: ReminderKind, week: int, *,
                 promise_made: bool = False) -> ReminderAsk | None:
    """What ``kind`` asks in program ``week`` (None: nothing yet, its phase hasn't
    started). ``promise_made``: whether that day's promise was made (the evening)."""
    active = active_phases(week, program.phase_start_weeks)
    if not active:
        return None
    if kind is ReminderKind.MORNING:
        if _promise_asked(program, week):
            return ReminderAsk(MORNING_PROMISE_TITLE, program.questions.morning, TODAY_ROUTE)
        newest = program.phase(max(active))
        return ReminderAsk(MORNING_INTENTION_TITLE, newest.intention or newest.purpose,
                           TODAY_ROUTE)
    if kind is ReminderKind.EVENING:
        asks_promise = promise_made and _promise_asked(program, week)
        return ReminderAsk(EVENING_TITLE, EVENING_PROMISE if asks_promise
                           else EVENING_CHECKLIST, TODAY_ROUTE)
    if kind is ReminderKind.WEEKLY:
        phase = checkin_phase(program)
        if phase is None or phase.number not in active:
            return None
        return ReminderAsk(WEEKLY_TITLE, program.questions.partnership, CHECKIN_ROUTE)
    return None


def reminder_message(program: Program, settings: Settings, kind: ReminderKind, day: date,
                     *, promise_made: bool = False, key: str = "") -> ReminderMessage:
    """The notification for ``kind`` on ``day``, in that day's program week."""
    start = settings.program_start or day
    ask = reminder_ask(program, kind, max(1, program_week(start, day)),
                       promise_made=promise_made)
    return message_for(kind, discreet=settings.discreet_notifications, key=key, ask=ask)


def welcome_morning_helper(program: Program) -> str:
    """The welcome's words under the morning time: what the morning reminder will ask."""
    first = reminder_ask(program, ReminderKind.MORNING, 1)
    promise = promise_phase(program)
    if first is None:
        return "When Repair sends your morning reminder."
    if first.title == MORNING_PROMISE_TITLE or promise is None:
        return "When Repair sends your morning reminder: " + first.title.lower() + "."
    return (f"Your morning reminder. Week 1: today's intention; from week "
            f"{promise.starts_week}: your small promise.")


def begins_note(program: Program, settings: Settings, kind: ReminderKind,
                today: date) -> str:
    """For Settings: when a reminder that isn't relevant yet begins ("" once it is)."""
    start = settings.program_start or today
    first = first_day(program, start, kind)
    if first == NEVER:
        return "This program has no weekly check-in, so this reminder stays off."
    if first <= today:
        return ""
    phase = start_phase(program, kind)
    week = phase.starts_week if phase is not None else 1
    when = f"{first:%a} {first.day} {first:%b}"
    return (f"Begins in week {week}, on {when}, when Phase {phase.number if phase else 1} "
            "starts. Until then it stays quiet.")
