"""The weekly check-in: its agenda, the week it belongs to, the appreciations it starts
with, and what a draft and a saved check-in hold. Pure.

* **The agenda** is six steps, one at a time: appreciations, what went well, one small
  issue (with a soft start: "I feel… about… I need…"), "What do you need right now?", one
  small promise for the week, and a last look before saving. Every answer may be left
  empty; a check-in needs at least one.
* **The week.** A check-in belongs to the ISO week (Monday to Sunday) of the *local* day
  it was started on, in the user's time zone (the zone of ``Clock.now()``): Sunday 23:30
  in New York is still that Sunday's week, though it is Monday in UTC. The week is fixed
  when the draft starts, so finishing after midnight, or in another time zone, does not
  move it.
* **Appreciations are pre-filled** from that week's logged appreciations (Today keeps
  them as day notes of the checklist item ``appreciation``) and the week's small wins,
  one per line, and stay editable.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from types import MappingProxyType
from typing import Any

from .content import Questions
from .day import DayRecord
from .entry_text import PROMISE_LIMIT, EntryError, clean_entry
from .wins import Win

#: The checklist item whose day notes are the user's logged appreciations (phase 3).
#: The content section that marks the phase holding the check-in and the other repair
#: tools (phase 4): Today offers the check-in, and its reminder starts, with that phase.
TOOLKIT_SECTION = "repair_toolkit"
APPRECIATION_ITEM = "appreciation"
WIN_PREFIX = "Win: "

ALONE = "alone"
TOGETHER = "together"
MODES = (ALONE, TOGETHER)

APPRECIATIONS = "appreciations"
WENT_WELL = "went_well"
ISSUE_FEEL = "issue_feel"
ISSUE_ABOUT = "issue_about"
ISSUE_NEED = "issue_need"
NEED = "need"
PROMISE = "promise"

APPRECIATIONS_LIMIT = 10_000
WENT_WELL_LIMIT = 2_000
ISSUE_PART_LIMIT = 500
NEED_LIMIT = 1_000


@dataclass(frozen=True)
class AnswerField:
    id: str
    label: str  # the field's label, read by screen readers
    what: str  # how a message names it: "Your appreciations can be …"
    limit: int
    hint: str = ""
    lines: int = 3  # how many lines the field shows at first


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    alone: str  # what to do, going through it alone
    together: str  # what to do, together
    fields: tuple[AnswerField, ...] = ()
    question: str = ""  # a framework question shown as it is: a key of content's [questions]

    def prompt(self, mode: str) -> str:
        return self.together if mode == TOGETHER else self.alone

    def question_text(self, questions: Questions) -> str:
        return getattr(questions, self.question) if self.question else ""


AGENDA: tuple[Step, ...] = (
    Step(
        id="appreciations",
        title="Appreciations",
        alone="Start with what you appreciated about them this week. Small and specific "
              "is perfect.",
        together="Take turns: say one thing you appreciated about each other this week. "
                 "Small and specific is perfect.",
        fields=(AnswerField(APPRECIATIONS, "Appreciations", "Your appreciations",
                            APPRECIATIONS_LIMIT, hint="One per line", lines=5),),
    ),
    Step(
        id="went_well",
        title="What went well",
        alone="What went a little better this week? Small improvements count.",
        together="What went well between you this week? Name the small improvements too.",
        fields=(AnswerField(WENT_WELL, "What went well", "What went well", WENT_WELL_LIMIT),),
    ),
    Step(
        id="issue",
        title="One small issue",
        alone="Pick one small thing to talk about: just one, and a small one. Start softly, "
              "with your feeling and your need rather than their fault.",
        together="Choose one small thing to talk about: just one. Whoever raises it starts "
                 "softly, with a feeling and a need rather than a fault.",
        fields=(
            AnswerField(ISSUE_FEEL, "I feel…", "The feeling", ISSUE_PART_LIMIT,
                        hint="e.g. a bit lonely", lines=1),
            AnswerField(ISSUE_ABOUT, "about…", "What it's about", ISSUE_PART_LIMIT,
                        hint="e.g. the evenings we spend on our phones", lines=1),
            AnswerField(ISSUE_NEED, "I need…", "The need", ISSUE_PART_LIMIT,
                        hint="e.g. half an hour together without screens", lines=1),
        ),
        question="partnership",
    ),
    Step(
        id="need",
        title="What you need",
        alone="Ask yourself, and answer honestly. If it's something only they can give, "
              "it can wait for a calm moment.",
        together="Ask each other, then listen to the answer without fixing or defending.",
        fields=(AnswerField(NEED, "What you need right now", "What you need", NEED_LIMIT),),
        question="need",
    ),
    Step(
        id="promise",
        title="One small promise",
        alone="One small promise for the coming week, small enough that you know you'll "
              "keep it.",
        together="Each of you: one small promise for the coming week, small enough that "
                 "you know you'll keep it.",
        fields=(AnswerField(PROMISE, "A small promise for this week", "A promise",
                            PROMISE_LIMIT, hint="e.g. I'll ask about your day at dinner",
                            lines=2),),
    ),
    Step(
        id="review",
        title="Look it over",
        alone="Read it through once. Change anything with Back, then save it.",
        together="Read it through together. Change anything with Back, then save it.",
    ),
)

ANSWER_FIELDS: dict[str, AnswerField] = {f.id: f for step in AGENDA for f in step.fields}
LAST_STEP = len(AGENDA) - 1
EMPTY_MESSAGE = "Write at least one thing before saving. Even one line is a check-in."


def clamp_step(step: Any) -> int:
    """A stored step number made safe: 0 to the last step."""
    if isinstance(step, bool) or not isinstance(step, int):
        return 0
    return min(max(step, 0), LAST_STEP)


# -- weeks ---------------------------------------------------------------------------------

_WEEK_KEY = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week: Monday to Sunday, numbered within its ISO year."""

    year: int
    week: int

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def parse(cls, key: Any) -> IsoWeek | None:
        """``"2026-W48"`` -> IsoWeek; None for anything that isn't a real week."""
        if not isinstance(key, str):
            return None
        match = _WEEK_KEY.fullmatch(key)
        if match is None:
            return None
        try:
            date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            return None
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def key(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> date:
        return date.fromisocalendar(self.year, self.week, 7)

    def contains(self, day: date) -> bool:
        return self.monday <= day <= self.sunday

    def previous(self) -> IsoWeek:
        return IsoWeek.of(self.monday - timedelta(days=7))

    def label(self) -> str:
        """'23–29 Nov 2026', '30 Nov – 6 Dec 2026', '28 Dec 2026 – 3 Jan 2027'."""
        first, last = self.monday, self.sunday
        if first.year != last.year:
            return f"{first.day} {first:%b} {first.year} – {last.day} {last:%b} {last.year}"
        if first.month != last.month:
            return f"{first.day} {first:%b} – {last.day} {last:%b} {last.year}"
        return f"{first.day}–{last.day} {last:%b} {last.year}"


def checkin_week(now: datetime) -> IsoWeek:
    """The week a check-in started at ``now`` belongs to: the ISO week of the local day.

    ``now`` comes from the Clock, in the user's time zone; the UTC date is never used.
    """
    if now.tzinfo is None:
        raise ValueError("checkin_week needs an aware local time (from the Clock)")
    return IsoWeek.of(now.date())


def short_day(day: date) -> str:
    """'Sun 29 Nov'."""
    return f"{day:%a} {day.day} {day:%b}"


# -- answers ---------------------------------------------------------------------------------


def clean_answer(field_id: str, text: str | None) -> str:
    """An answer as it will be kept (ends trimmed), or EntryError saying what's wrong."""
    answer_field = ANSWER_FIELDS[field_id]
    return clean_entry(text, limit=answer_field.limit, what=answer_field.what)


def _strip_lead(text: str, leads: Sequence[str]) -> str:
    lowered = text.casefold()
    for lead in leads:
        if lowered.startswith(lead) and (len(text) == len(lead) or not text[len(lead)].isalnum()):
            return text[len(lead):].strip(" ,:")
    return text


def _part(text: str, leads: Sequence[str]) -> str:
    text = " ".join((text or "").split())
    text = _strip_lead(text, leads)
    return text.rstrip(" .…,;")


def soft_start(feel: str, about: str, need: str) -> str:
    """The issue as one gentle opening: "I feel lonely about our evenings. I need time
    together." Parts the user already began with "I feel" / "about" / "I need" aren't
    doubled; an empty part is left out."""
    feel = _part(feel, ("i feel", "i'm feeling", "i am feeling", "i’m feeling"))
    about = _part(about, ("about",))
    need = _part(need, ("i need", "i'd need", "i would need"))
    sentences = []
    if feel and about:
        sentences.append(f"I feel {feel} about {about}.")
    elif feel:
        sentences.append(f"I feel {feel}.")
    elif about:
        sentences.append(f"It's about {about}.")
    if need:
        sentences.append(f"I need {need}.")
    return " ".join(sentences)


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


def _answers(raw: Any) -> dict[str, str]:
    if not isinstance(raw, Mapping):
        return {}
    return {k: v for k, v in raw.items() if k in ANSWER_FIELDS and isinstance(v, str) and v}


def _instant(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _day(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


# -- the draft -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckinDraft:
    """A check-in being written: kept as it goes, so nothing is lost mid-way."""

    started_at: datetime
    day: date  # the local day it was started on
    week: IsoWeek
    mode: str = ALONE
    step: int = 0
    answers: Mapping[str, str] = field(default_factory=lambda: _frozen({}))
    prefilled: bool = False  # the appreciations began as this week's logged ones

    def __post_init__(self) -> None:
        if not isinstance(self.answers, MappingProxyType):
            object.__setattr__(self, "answers", _frozen(self.answers))

    def answer(self, field_id: str) -> str:
        return self.answers.get(field_id, "")

    def with_answer(self, field_id: str, text: str) -> CheckinDraft:
        """The draft with one answer as typed (not trimmed: the field keeps its spaces)."""
        if field_id not in ANSWER_FIELDS:
            raise KeyError(field_id)
        answers = dict(self.answers)
        if text:
            answers[field_id] = text
        else:
            answers.pop(field_id, None)
        return replace(self, answers=answers)

    def with_step(self, step: int) -> CheckinDraft:
        return replace(self, step=clamp_step(step))

    def with_mode(self, mode: str) -> CheckinDraft:
        return replace(self, mode=mode if mode in MODES else ALONE)

    @property
    def soft_start(self) -> str:
        return soft_start(self.answer(ISSUE_FEEL), self.answer(ISSUE_ABOUT),
                          self.answer(ISSUE_NEED))

    def to_document(self) -> dict[str, Any]:
        return {"started_at": self.started_at.isoformat(), "date": self.day.isoformat(),
                "week": self.week.key, "mode": self.mode, "step": self.step,
                "answers": dict(self.answers), "prefilled": self.prefilled}

    @classmethod
    def from_document(cls, doc: Any) -> CheckinDraft | None:
        """A stored draft, or None if it is unreadable (a damaged draft is not fatal)."""
        if not isinstance(doc, Mapping):
            return None
        started_at, day = _instant(doc.get("started_at")), _day(doc.get("date"))
        if started_at is None or day is None:
            return None
        week = IsoWeek.parse(doc.get("week")) or IsoWeek.of(day)
        mode = doc.get("mode") if doc.get("mode") in MODES else ALONE
        return cls(started_at=started_at, day=day, week=week, mode=mode,
                   step=clamp_step(doc.get("step")), answers=_answers(doc.get("answers")),
                   prefilled=doc.get("prefilled") is True)


def new_draft(now: datetime, prefill: str = "") -> CheckinDraft:
    """A fresh check-in started at ``now`` (local), its appreciations pre-filled."""
    answers = {APPRECIATIONS: prefill} if prefill else {}
    return CheckinDraft(started_at=now, day=now.date(), week=checkin_week(now),
                        answers=answers, prefilled=bool(prefill))


def draft_week_note(draft: CheckinDraft, today: date) -> str:
    """Said when a draft from an earlier week is picked up again ('' otherwise)."""
    if draft.week == IsoWeek.of(today):
        return ""
    return (f"You started this check-in on {short_day(draft.day)}. It belongs to the week "
            f"of {draft.week.label()}.")


# -- a saved check-in ------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckIn:
    week: IsoWeek
    day: date  # the local day it was started on (the store files it under this month)
    started_at: datetime
    saved_at: datetime
    mode: str
    answers: Mapping[str, str]
    key: str = field(default="", compare=False)  # the store's handle

    def __post_init__(self) -> None:
        if not isinstance(self.answers, MappingProxyType):
            object.__setattr__(self, "answers", _frozen(self.answers))

    def answer(self, field_id: str) -> str:
        return self.answers.get(field_id, "")

    @property
    def soft_start(self) -> str:
        return soft_start(self.answer(ISSUE_FEEL), self.answer(ISSUE_ABOUT),
                          self.answer(ISSUE_NEED))

    def to_document(self) -> dict[str, Any]:
        return {"week": self.week.key, "date": self.day.isoformat(),
                "started_at": self.started_at.isoformat(),
                "saved_at": self.saved_at.isoformat(), "mode": self.mode,
                "answers": dict(self.answers)}

    @classmethod
    def from_document(cls, doc: Any, key: str = "") -> CheckIn | None:
        if not isinstance(doc, Mapping):
            return None
        day = _day(doc.get("date"))
        started_at, saved_at = _instant(doc.get("started_at")), _instant(doc.get("saved_at"))
        if day is None or started_at is None or saved_at is None:
            return None
        answers = _answers(doc.get("answers"))
        if not answers:
            return None
        week = IsoWeek.parse(doc.get("week")) or IsoWeek.of(day)
        mode = doc.get("mode") if doc.get("mode") in MODES else ALONE
        return cls(week=week, day=day, started_at=started_at, saved_at=saved_at, mode=mode,
                   answers=answers, key=key)


def step_errors(draft: CheckinDraft, step: int) -> dict[str, str]:
    """Problems with the answers on one step, by field id (empty: fine to go on)."""
    errors = {}
    for answer_field in AGENDA[clamp_step(step)].fields:
        try:
            clean_answer(answer_field.id, draft.answer(answer_field.id))
        except EntryError as error:
            errors[answer_field.id] = str(error)
    return errors


def first_step_with_errors(draft: CheckinDraft) -> int | None:
    for index in range(len(AGENDA)):
        if step_errors(draft, index):
            return index
    return None


def finish(draft: CheckinDraft, now: datetime) -> CheckIn:
    """The check-in to save from ``draft``; EntryError if an answer can't be kept or all
    are empty."""
    answers = {}
    for field_id in ANSWER_FIELDS:
        cleaned = clean_answer(field_id, draft.answer(field_id))
        if cleaned:
            answers[field_id] = cleaned
    if not answers:
        raise EntryError(EMPTY_MESSAGE)
    return CheckIn(week=draft.week, day=draft.day, started_at=draft.started_at, saved_at=now,
                   mode=draft.mode, answers=answers)


def newest_first(checkins: Iterable[CheckIn]) -> list[CheckIn]:
    """By the day each was started (so by week too), latest first."""
    return sorted(checkins, key=lambda c: (c.day, c.started_at, c.saved_at), reverse=True)


# -- pre-filled appreciations ----------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def prefill_appreciations(days: Mapping[date, DayRecord], wins: Iterable[Win], week: IsoWeek,
                          limit: int = APPRECIATIONS_LIMIT) -> str:
    """The week's logged appreciations (oldest first), then its wins ("Win: …"), one per
    line, each once. Lines that would not fit in ``limit`` characters are left out."""
    lines: list[str] = []
    for day in sorted(d for d in days if week.contains(d)):
        note = _one_line(days[day].note(APPRECIATION_ITEM))
        if note:
            lines.append(note)
    for win in sorted((w for w in wins if week.contains(w.day)), key=lambda w: w.at):
        text = _one_line(win.text)
        if text:
            lines.append(WIN_PREFIX + text)
    kept: list[str] = []
    length = 0
    for line in dict.fromkeys(lines):
        added = len(line) + (1 if kept else 0)
        if length + added > limit:
            continue
        kept.append(line)
        length += added
    return "\n".join(kept)


# -- this week, for Today and phase 4 --------------------------------------------------------

DONE = "done"
IN_PROGRESS = "in_progress"
NOT_YET = "not_yet"


@dataclass(frozen=True)
class WeekStatus:
    state: str  # DONE, IN_PROGRESS or NOT_YET
    line: str  # one short sentence for a tile


def week_status(today: date, saved_this_week: Sequence[CheckIn],
                draft: CheckinDraft | None) -> WeekStatus:
    week = IsoWeek.of(today)
    if draft is not None and draft.answers:
        step = AGENDA[draft.step]
        return WeekStatus(IN_PROGRESS, f"Started {short_day(draft.day)}: pick up at "
                                       f"“{step.title}”.")
    done = [c for c in saved_this_week if c.week == week]
    if done:
        latest = max(done, key=lambda c: c.saved_at)
        return WeekStatus(DONE, f"Done this week, on {short_day(latest.saved_at.date())}.")
    return WeekStatus(NOT_YET, "Not yet this week. About fifteen calm minutes.")
