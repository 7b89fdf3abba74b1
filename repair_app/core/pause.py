"""The pause: a break of at least twenty minutes when an argument runs hot.

A pause is a small state machine::

    IDLE --start--> RUNNING --time is up--> FINISHED    --dismiss--> IDLE
                       |  ^                     |
                 extend|  |            end early: ENDED_EARLY --dismiss--> IDLE
                       +--+

A pause that has ended (FINISHED or ENDED_EARLY) is written to the history at once; it stays
the *current* pause until the user has seen the return screen and dismissed it, so a pause
that ended while the app was closed still greets them on the next start. Only one pause runs
at a time: starting while one runs returns the running one.

Time. The running pause is stored as wall-clock instants with their UTC offset
(``started_at``, ``ends_at``) so that it survives a reload, a restart or a crash; all
arithmetic is on aware datetimes, so DST changes, time-zone changes and midnight do not
matter. While the app is open, a :class:`Countdown` anchors the stored end to the monotonic
clock, so a wall clock that jumps while the pause screen is open does not make the display
jump; when wall and monotonic time disagree by more than :data:`JUMP_TOLERANCE_SECONDS`,
the stored end is moved to the monotonic truth (:meth:`PauseService.realign`), so the next
reload shows the same countdown.

While the app was closed there is no monotonic clock to ask. Policy for a wall clock that
jumped meanwhile: the remaining time is ``ends_at - now`` clamped to ``[0, total]``: a clock
set forward ends the pause (it is never negative); a clock set back never shows more than the
pause's planned length (it restarts from the full length at worst, never from 80 minutes).

This module is pure: no UI, no storage; time only through the injected :class:`Clock`.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from repair_app.core.clock import Clock

PAUSE_MINUTES = 20
PAUSE_SECONDS = PAUSE_MINUTES * 60
EXTENSION_MINUTES = 5
EXTENSION_SECONDS = EXTENSION_MINUTES * 60
#: "Add 5 minutes" stops here: two hours is a long evening, not a break.
MAX_TOTAL_SECONDS = 120 * 60
#: Wall and monotonic clocks may disagree by this much before the stored end is corrected.
JUMP_TOLERANCE_SECONDS = 0.25
NOTE_MAX = 280

PULSE_WINDOW_SECONDS = 15
FLOODED_BPM = 100
BREATHE_IN_SECONDS = 4
BREATHE_OUT_SECONDS = 6


class PauseState(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    FINISHED = "finished"
    ENDED_EARLY = "ended_early"


class PauseError(ValueError):
    """Something the user asked for can't be done now; the message says why, in plain words."""


@dataclass(frozen=True)
class PauseSession:
    """One pause, running or ended. Also the shape of a history entry."""

    id: str
    started_at: datetime
    ends_at: datetime
    total_seconds: int = PAUSE_SECONDS
    extensions: int = 0
    state: PauseState = PauseState.RUNNING
    ended_at: datetime | None = None
    length_seconds: int | None = None
    note: str = ""

    # -- reading -------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.state is PauseState.RUNNING

    @property
    def ended_early(self) -> bool:
        return self.state is PauseState.ENDED_EARLY

    def remaining(self, now: datetime) -> float:
        """Seconds left by the wall clock: ``ends_at - now`` clamped to ``[0, total]``."""
        if not self.running:
            return 0.0
        left = (_utc(self.ends_at) - _utc(now)).total_seconds()
        return float(min(max(left, 0.0), self.total_seconds))

    def is_due(self, now: datetime) -> bool:
        return self.running and self.remaining(now) <= 0.0

    def local_start(self, clock: Clock) -> datetime:
        return self.started_at.astimezone(clock.now().tzinfo)

    def start_day(self, clock: Clock) -> date:
        """The user's local calendar day the pause began on (it may end after midnight)."""
        return self.local_start(clock).date()

    # -- storing -------------------------------------------------------------------------------
    def to_document(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "started_at": self.started_at.isoformat(),
            "ends_at": self.ends_at.isoformat(),
            "total_seconds": self.total_seconds,
            "extensions": self.extensions,
            "state": self.state.value,
            "ended_at": self.ended_at.isoformat() if self.ended_at else None,
            "length_seconds": self.length_seconds,
            "ended_early": self.ended_early,
            "note": self.note,
        }

    @classmethod
    def from_document(cls, doc: dict[str, Any] | None) -> PauseSession | None:
        """A stored pause, or None for an empty or unreadable document (never raises)."""
        if not doc or not isinstance(doc, dict):
            return None
        try:
            state = PauseState(doc.get("state", "running"))
            if state is PauseState.IDLE:
                return None
            started = _aware(datetime.fromisoformat(str(doc["started_at"])))
            ends = _aware(datetime.fromisoformat(str(doc["ends_at"])))
            total = int(doc.get("total_seconds", PAUSE_SECONDS))
            extensions = int(doc.get("extensions", 0))
            ended_raw = doc.get("ended_at")
            ended = _aware(datetime.fromisoformat(str(ended_raw))) if ended_raw else None
            length_raw = doc.get("length_seconds")
            length = int(length_raw) if length_raw is not None else None
            note = str(doc.get("note") or "")
            session_id = str(doc["id"])
        except (KeyError, TypeError, ValueError):
            return None
        if total <= 0 or extensions < 0 or not session_id:
            return None
        return cls(id=session_id, started_at=started, ends_at=ends, total_seconds=total,
                   extensions=extensions, state=state, ended_at=ended, length_seconds=length,
                   note=note)


def _utc(value: datetime) -> datetime:
    """Arithmetic and comparison on UTC: Python compares and subtracts two datetimes that
    share a tzinfo object by their wall-clock fields, which is wrong across a DST change."""
    return value.astimezone(UTC)


def _later(value: datetime, seconds: float) -> datetime:
    """``value`` plus ``seconds`` of real time, shown in ``value``'s own zone."""
    return (_utc(value) + timedelta(seconds=seconds)).astimezone(value.tzinfo)


def _aware(value: datetime) -> datetime:
    """Stored instants carry their offset; a hand-edited one without it is taken as UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def pause_id(started_at: datetime) -> str:
    """A stable, sortable id from the start instant (only one pause runs at a time)."""
    return started_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


# -- the display -------------------------------------------------------------------------------

def display_seconds(remaining: float) -> int:
    """Whole seconds to show: rounded up, so 20:00 shows at the start and 00:00 only at the end."""
    return max(0, math.ceil(remaining - 1e-9))


def format_remaining(remaining: float) -> str:
    """'20:00', '04:09', '00:00'; a pause extended past an hour shows '65:00' (mm:ss)."""
    minutes, seconds = divmod(display_seconds(remaining), 60)
    return f"{minutes:02d}:{seconds:02d}"


def seconds_to_next_change(remaining: float) -> float:
    """How long until the displayed whole second changes (always in (0, 1])."""
    shown = display_seconds(remaining)
    return max(remaining - (shown - 1), 0.0) if shown > 0 else 1.0


def pause_history_summary(count: int, in_full: int, *, limited: bool = False) -> str:
    """The line over Past pauses: how many, and how many ran the full time, never "0 taken
    in full" (any pause at all is the hard part)."""
    lead = f"Your latest {count} pauses" if limited else \
        f"{count} pause{'s' if count != 1 else ''} so far"
    if in_full == 0:
        return f"{lead}. Stepping away at all is the hard part."
    if count == 1:
        return f"{lead}, for the full time."
    return f"{lead}; {in_full} for the full time."


@dataclass(frozen=True)
class PauseButtonLabel:
    """What the Pause button shows and what a screen reader says for it."""

    text: str
    spoken: str
    running: bool


def pause_button_label(remaining: float | None) -> PauseButtonLabel:
    """"Pause", or while a pause runs its time left: "Pause · 18:26" (the spoken name in
    whole minutes, so it doesn't chatter every second)."""
    if remaining is None or display_seconds(remaining) <= 0:
        return PauseButtonLabel("Pause", "Pause: start twenty minutes apart now", False)
    minutes = display_seconds(remaining) // 60
    left = (f"{minutes} minute{'s' if minutes != 1 else ''}" if minutes >= 1
            else "less than a minute")
    return PauseButtonLabel(f"Pause · {format_remaining(remaining)}",
                            f"Your pause: {left} left. Open it", True)


#: The dial as designed for ordinary text: a 244 px ring, a 60 px countdown.
DIAL_MIN = 244
COUNTDOWN_SIZE = 60
_DIAL_MAX = 360
_PAGE_MARGIN = 16  # each side of the pause screen's column
_COUNTDOWN_EM = 2.5  # "mm:ss" in Roboto Light is about 2.5 times as wide as its size
_LABEL_LINE = 24  # "Breathe in" under the countdown, at ordinary text size
_RING_INSET = 13  # the ring's stroke and a little air, each side
_SMALLEST_COUNTDOWN = 20
_MAX_SCALE = 4.0


@dataclass(frozen=True)
class DialLayout:
    diameter: int
    countdown_size: int


def text_scale_from(height: float, countdown_size: int) -> float:
    """The user's text scale, read from the countdown's rendered height (drawn with a line
    height of exactly its font size, so height / size is the scale)."""
    if not (height > 0) or countdown_size <= 0:  # also NaN
        return 1.0
    return min(height / countdown_size, _MAX_SCALE)


def dial_room(page_width: float | None) -> int:
    """The widest ring the screen has room for."""
    if not page_width or page_width <= 0:
        page_width = 390
    return int(max(DIAL_MIN, min(page_width - 2 * _PAGE_MARGIN, _DIAL_MAX)))


def dial_layout(text_scale: float, room: float) -> DialLayout:
    """How big the ring and the countdown are at a text scale, so the countdown stays on one
    line inside the ring with "Breathe in" under it: the designed dial when it fits; else a
    larger ring, up to the room there is; then smaller numbers (still larger than ordinary)."""
    scale = text_scale if text_scale > 0 else 1.0
    limit = max(DIAL_MIN, min(room, _DIAL_MAX))

    def needed(size: int) -> float:
        width = _COUNTDOWN_EM * size * scale
        height = (size + _LABEL_LINE) * scale
        return math.hypot(width, height) + 2 * _RING_INSET

    size = COUNTDOWN_SIZE
    while size > _SMALLEST_COUNTDOWN and needed(size) > limit:
        size -= 2
    return DialLayout(int(min(max(DIAL_MIN, math.ceil(needed(size))), limit)), size)


def progress_fraction(remaining: float, total_seconds: int) -> float:
    """The share of the pause still to go, 1.0 → 0.0, for the ring."""
    if total_seconds <= 0:
        return 0.0
    return min(max(remaining / total_seconds, 0.0), 1.0)


def length_label(seconds: int | None) -> str:
    """'20 min', '7 min', 'under a minute'."""
    if not seconds or seconds < 60:
        return "under a minute"
    return f"{round(seconds / 60)} min"


def breath_phase(elapsed_whole_seconds: int) -> str:
    """'in' for the first 4 s of every 10 s, then 'out' for 6 s."""
    cycle = BREATHE_IN_SECONDS + BREATHE_OUT_SECONDS
    return "in" if elapsed_whole_seconds % cycle < BREATHE_IN_SECONDS else "out"


def clean_note(text: str) -> str:
    """One line of up to :data:`NOTE_MAX` characters. Line breaks and tabs become spaces,
    other control characters are dropped; emoji joiners and direction marks are kept."""
    flattened = "".join(" " if ch in "\r\n\t\v\f\u2028\u2029" else ch for ch in text or "")
    kept = "".join(ch for ch in flattened if unicodedata.category(ch) != "Cc")
    note = " ".join(kept.split())
    if len(note) > NOTE_MAX:
        raise PauseError(f"Keep it to one short line: {NOTE_MAX} characters at most "
                         f"(this one has {len(note)}). Nothing was lost; shorten it and save.")
    return note


# -- the monotonic anchor ----------------------------------------------------------------------

@dataclass(frozen=True)
class Countdown:
    """The stored end of one pause, anchored to the monotonic clock of this app session."""

    session_id: str
    total_seconds: int
    ends_mono: float

    @classmethod
    def anchor(cls, session: PauseSession, clock: Clock) -> Countdown:
        return cls(session.id, session.total_seconds,
                   clock.monotonic() + session.remaining(clock.now()))

    def remaining(self, clock: Clock) -> float:
        left = self.ends_mono - clock.monotonic()
        return float(min(max(left, 0.0), self.total_seconds))

    def follow(self, session: PauseSession, clock: Clock) -> Countdown:
        """Keep the anchor in step with the stored pause: a new pause gets a new anchor; an
        extension (made here or in another window) moves the end by exactly its length; a
        realigned wall end changes nothing (this anchor is what it was realigned to)."""
        if session.id != self.session_id:
            return Countdown.anchor(session, clock)
        if session.total_seconds != self.total_seconds:
            shift = session.total_seconds - self.total_seconds
            return Countdown(self.session_id, session.total_seconds, self.ends_mono + shift)
        return self

    def wall_disagreement(self, session: PauseSession, clock: Clock) -> float:
        """Seconds by which the stored wall end and the monotonic anchor disagree now."""
        return abs(session.remaining(clock.now()) - self.remaining(clock))


# -- storage port and the service --------------------------------------------------------------

class PauseRecords(Protocol):
    """Where pauses are kept (``repair_app.store.pause_repository`` is the real one)."""

    def atomic(self) -> AbstractContextManager[Any]:
        """Hold the store for a read-modify-write."""
        ...

    def load_current(self) -> PauseSession | None: ...

    def save_current(self, session: PauseSession | None) -> None: ...

    def save_history(self, session: PauseSession, clock: Clock) -> None:
        """Insert or replace the history entry with ``session.id``."""
        ...

    def recent_history(self, clock: Clock, limit: int = 50) -> list[PauseSession]: ...


class InMemoryPauseRecords:
    """Pauses kept in memory: for tests, and as the fallback when the disk refuses a write."""

    def __init__(self) -> None:
        self.current: PauseSession | None = None
        self.history: dict[str, PauseSession] = {}

    @contextmanager
    def atomic(self) -> Iterator[None]:
        yield

    def load_current(self) -> PauseSession | None:
        return self.current

    def save_current(self, session: PauseSession | None) -> None:
        self.current = session

    def save_history(self, session: PauseSession, clock: Clock) -> None:
        self.history[session.id] = session

    def recent_history(self, clock: Clock, limit: int = 50) -> list[PauseSession]:
        ordered = sorted(self.history.values(), key=lambda s: s.started_at, reverse=True)
        return ordered[:limit]


class PauseService:
    """Every rule of the pause. One method per thing a user (or the app) can do."""

    def __init__(self, records: PauseRecords, clock: Clock) -> None:
        self.records = records
        self.clock = clock

    # -- reading -------------------------------------------------------------------------------
    def current(self) -> PauseSession | None:
        """The pause as it stands now. A running pause whose time is up is settled (written as
        finished) on the way, so this is also how a pause that ended while closed is noticed."""
        session = self.records.load_current()
        if session is not None and session.is_due(self.clock.now()):
            session, _changed = self.finish_if_due()
        return session

    def state(self) -> PauseState:
        session = self.current()
        return session.state if session else PauseState.IDLE

    def history(self, limit: int = 50) -> list[PauseSession]:
        """The latest pauses, newest first (a pause whose time just ran out included)."""
        self.current()
        return self.records.recent_history(self.clock, limit)

    # -- the transitions -----------------------------------------------------------------------
    def start(self) -> PauseSession:
        """Start a twenty-minute pause now, or return the one already running."""
        with self.records.atomic():
            existing = self.current()
            if existing is not None and existing.running:
                return existing
            now = self.clock.now()
            session = PauseSession(id=pause_id(now), started_at=now,
                                   ends_at=_later(now, PAUSE_SECONDS))
            self.records.save_current(session)
            return session

    def extend(self) -> PauseSession:
        """Add five minutes to the running pause."""
        with self.records.atomic():
            session = self._running("add time to")
            if session.total_seconds + EXTENSION_SECONDS > MAX_TOTAL_SECONDS:
                raise PauseError("This pause is already two hours long. If you need more "
                                 "time, end it and start a new one when you're ready.")
            extended = replace(
                session,
                ends_at=_later(session.ends_at, EXTENSION_SECONDS),
                total_seconds=session.total_seconds + EXTENSION_SECONDS,
                extensions=session.extensions + 1,
            )
            self.records.save_current(extended)
            return extended

    def end_early(self, remaining: float | None = None) -> PauseSession:
        """End the running pause before its time and record that it ended early.

        ``remaining`` is the monotonic countdown's remaining time, if a screen has one; the
        stored wall end is used otherwise. A pause whose time is already up is finished
        normally instead."""
        with self.records.atomic():
            session = self._running("end")
            now = self.clock.now()
            left = session.remaining(now) if remaining is None else remaining
            left = min(max(left, 0.0), float(session.total_seconds))
            if left <= 0.0:
                return self.finish_if_due(force=True)[0]
            ended = replace(session, state=PauseState.ENDED_EARLY, ended_at=now,
                            length_seconds=round(session.total_seconds - left))
            self.records.save_history(ended, self.clock)
            self.records.save_current(ended)
            return ended

    def finish_if_due(self, *, force: bool = False) -> tuple[PauseSession | None, bool]:
        """Settle a running pause whose time is up. Returns (current pause, whether this call
        finished it), so the "time is up" signal fires once per pause.

        ``force`` finishes it although the wall clock says a moment is left: the monotonic
        countdown of the open screen reached zero and is the truth while the app is open."""
        with self.records.atomic():
            session = self.records.load_current()
            if session is None or not session.running:
                return session, False
            now = self.clock.now()
            if not (force or session.is_due(now)):
                return session, False
            ended_at = now if force or _utc(now) < _utc(session.ends_at) else session.ends_at
            finished = replace(session, state=PauseState.FINISHED, ended_at=ended_at,
                               length_seconds=session.total_seconds)
            self.records.save_history(finished, self.clock)
            self.records.save_current(finished)
            return finished, True

    def realign(self, session_id: str, remaining: float) -> PauseSession | None:
        """The wall clock jumped while the app was open: move the stored end so that it agrees
        with the monotonic countdown (``now + remaining``). Does nothing for another pause."""
        with self.records.atomic():
            session = self.records.load_current()
            if session is None or not session.running or session.id != session_id:
                return session
            left = min(max(remaining, 0.0), float(session.total_seconds))
            moved = replace(session, ends_at=_later(self.clock.now(), left))
            self.records.save_current(moved)
            return moved

    def save_note(self, text: str) -> PauseSession:
        """Save the "What helped" line with the pause that just ended (history and current)."""
        note = clean_note(text)
        with self.records.atomic():
            session = self.current()
            if session is None or session.running:
                raise PauseError("There's no finished pause to add a note to.")
            noted = replace(session, note=note)
            self.records.save_history(noted, self.clock)
            self.records.save_current(noted)
            return noted

    def dismiss(self) -> None:
        """The user has seen the return screen: back to idle. A running pause is left alone."""
        with self.records.atomic():
            session = self.current()
            if session is not None and not session.running:
                self.records.save_current(None)

    def _running(self, verb: str) -> PauseSession:
        session = self.current()
        if session is None or not session.running:
            raise PauseError(f"There's no pause running to {verb}.")
        return session


# -- the pulse helper --------------------------------------------------------------------------

@dataclass(frozen=True)
class PulseResult:
    beats: int
    bpm: int

    @property
    def flooded(self) -> bool:
        return self.bpm > FLOODED_BPM


@dataclass(frozen=True)
class PulseCount:
    """Counting a pulse tap by tap: the first tap starts a 15-second window (it marks time
    zero and is not a beat); every tap inside the window is one beat; bpm = beats × 4."""

    started_mono: float | None = None
    beats: int = 0

    @property
    def started(self) -> bool:
        return self.started_mono is not None

    def tap(self, mono: float) -> PulseCount:
        if self.started_mono is None:
            return PulseCount(started_mono=mono, beats=0)
        if mono - self.started_mono > PULSE_WINDOW_SECONDS:
            return self  # the window is over: extra taps do not count
        return PulseCount(self.started_mono, self.beats + 1)

    def seconds_left(self, mono: float) -> float:
        if self.started_mono is None:
            return float(PULSE_WINDOW_SECONDS)
        return max(0.0, PULSE_WINDOW_SECONDS - (mono - self.started_mono))

    def result(self, mono: float) -> PulseResult | None:
        """The result once the window is over, else None."""
        if self.started_mono is None or self.seconds_left(mono) > 0:
            return None
        return PulseResult(self.beats, self.beats * (60 // PULSE_WINDOW_SECONDS))


def pulse_message(result: PulseResult) -> str:
    if result.beats == 0:
        return ("No beats were counted. Find your pulse on your wrist or neck, then try again "
                "and tap once for each beat.")
    if result.flooded:
        return (f"About {result.bpm} beats a minute. Your body still seems stirred up. Give it "
                "a few more minutes and breathe out slowly. This is a rough count, not a "
                "medical reading.")
    return (f"About {result.bpm} beats a minute. Your body seems to be settling. This is a "
            "rough count, not a medical reading.")
