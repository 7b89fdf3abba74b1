"""The pause state machine, driven by a fake clock."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from repair_app.core.clock import FakeClock
from repair_app.core.pause import (
    EXTENSION_SECONDS,
    JUMP_TOLERANCE_SECONDS,
    MAX_TOTAL_SECONDS,
    NOTE_MAX,
    PAUSE_SECONDS,
    Countdown,
    InMemoryPauseRecords,
    PauseError,
    PauseService,
    PauseSession,
    PauseState,
    PulseCount,
    breath_phase,
    clean_note,
    display_seconds,
    format_remaining,
    length_label,
    progress_fraction,
    pulse_message,
    seconds_to_next_change,
)

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 11, 23, 21, 30, tzinfo=BERLIN))


@pytest.fixture
def records() -> InMemoryPauseRecords:
    return InMemoryPauseRecords()


@pytest.fixture
def service(records, clock) -> PauseService:
    return PauseService(records, clock)


def restarted(records, clock) -> PauseService:
    """The app closed and opened again: a new service over the same stored records."""
    return PauseService(records, clock)


# -- idle and start ----------------------------------------------------------------------------

def test_idle_until_started(service):
    assert service.current() is None
    assert service.state() is PauseState.IDLE
    assert service.history() == []


def test_start_runs_twenty_minutes_from_now(service, clock):
    session = service.start()
    assert session.state is PauseState.RUNNING
    assert session.started_at == clock.now()
    assert session.remaining(clock.now()) == PAUSE_SECONDS
    assert format_remaining(session.remaining(clock.now())) == "20:00"
    assert service.state() is PauseState.RUNNING


def test_only_one_pause_at_a_time(service, clock):
    first = service.start()
    clock.advance(minutes=3)
    second = service.start()
    assert second == first
    assert second.remaining(clock.now()) == PAUSE_SECONDS - 180


def test_start_after_a_finished_pause_starts_a_new_one(service, clock):
    first = service.start()
    clock.advance(minutes=21)
    assert service.state() is PauseState.FINISHED
    second = service.start()
    assert second.id != first.id and second.running
    assert [s.id for s in service.history()] == [first.id]


# -- extend ------------------------------------------------------------------------------------

def test_extend_adds_five_minutes(service, clock):
    service.start()
    clock.advance(minutes=10)
    extended = service.extend()
    assert extended.extensions == 1
    assert extended.total_seconds == PAUSE_SECONDS + EXTENSION_SECONDS
    assert extended.remaining(clock.now()) == 15 * 60
    clock.advance(minutes=14, seconds=59)
    assert service.state() is PauseState.RUNNING
    clock.advance(seconds=1)
    finished = service.current()
    assert finished.state is PauseState.FINISHED
    assert finished.length_seconds == 25 * 60


def test_extend_stops_at_two_hours(service):
    service.start()
    steps = (MAX_TOTAL_SECONDS - PAUSE_SECONDS) // EXTENSION_SECONDS
    for _ in range(steps):
        service.extend()
    with pytest.raises(PauseError, match="two hours"):
        service.extend()
    assert service.current().total_seconds == MAX_TOTAL_SECONDS


def test_cannot_extend_or_end_without_a_running_pause(service, clock):
    with pytest.raises(PauseError):
        service.extend()
    with pytest.raises(PauseError):
        service.end_early()
    service.start()
    clock.advance(minutes=20)
    with pytest.raises(PauseError):
        service.extend()


# -- end early ---------------------------------------------------------------------------------

def test_end_early_is_recorded_in_history(service, clock):
    started = service.start()
    clock.advance(minutes=7, seconds=20)
    ended = service.end_early()
    assert ended.state is PauseState.ENDED_EARLY and ended.ended_early
    assert ended.length_seconds == 440
    assert ended.ended_at == clock.now()
    (entry,) = service.history()
    assert entry.id == started.id and entry.ended_early and entry.length_seconds == 440
    # the return screen is due until dismissed
    assert service.state() is PauseState.ENDED_EARLY
    service.dismiss()
    assert service.state() is PauseState.IDLE
    assert len(service.history()) == 1


def test_end_early_uses_the_screen_countdown_when_given(service, clock):
    service.start()
    clock.advance(minutes=5)
    ended = service.end_early(remaining=900.4)
    assert ended.length_seconds == 300


def test_end_early_at_zero_finishes_normally(service, clock):
    service.start()
    clock.advance(minutes=19, seconds=59)
    ended = service.end_early(remaining=0.0)
    assert ended.state is PauseState.FINISHED
    assert ended.length_seconds == PAUSE_SECONDS


# -- finishing ---------------------------------------------------------------------------------

def test_time_up_settles_once(service, clock):
    service.start()
    clock.advance(minutes=19, seconds=59)
    assert service.finish_if_due() == (service.current(), False)
    clock.advance(seconds=1)
    finished, changed = service.finish_if_due()
    assert changed and finished.state is PauseState.FINISHED
    assert finished.ended_at == clock.now()
    assert finished.length_seconds == PAUSE_SECONDS
    again, changed_again = service.finish_if_due()
    assert again == finished and not changed_again
    assert [s.state for s in service.history()] == [PauseState.FINISHED]


def test_force_finishes_when_the_monotonic_countdown_reached_zero(service, clock):
    service.start()
    clock.advance(minutes=19, seconds=59.9)
    finished, changed = service.finish_if_due(force=True)
    assert changed and finished.state is PauseState.FINISHED


def test_note_is_saved_with_the_pause(service, clock):
    service.start()
    clock.advance(minutes=20)
    noted = service.save_note("  A walk round the block\nand\ttea  ")
    assert noted.note == "A walk round the block and tea"
    assert service.history()[0].note == "A walk round the block and tea"
    service.dismiss()
    assert service.current() is None
    assert service.history()[0].note == "A walk round the block and tea"


def test_note_needs_an_ended_pause(service):
    with pytest.raises(PauseError):
        service.save_note("tea")
    service.start()
    with pytest.raises(PauseError):
        service.save_note("tea")


def test_too_long_note_is_refused_and_nothing_changes(service, clock):
    service.start()
    clock.advance(minutes=20)
    with pytest.raises(PauseError, match=str(NOTE_MAX)):
        service.save_note("x" * 100_000)
    assert service.history()[0].note == ""


def test_dismiss_leaves_a_running_pause_alone(service):
    service.start()
    service.dismiss()
    assert service.state() is PauseState.RUNNING


# -- surviving restarts and clock changes ------------------------------------------------------

def test_restart_mid_way_continues_from_the_stored_start(records, clock):
    PauseService(records, clock).start()
    clock.advance(minutes=12, seconds=30)
    again = restarted(records, clock)
    assert again.current().remaining(clock.now()) == 450
    clock.advance(minutes=8)
    assert again.state() is PauseState.FINISHED


def test_finished_while_closed_shows_the_return_screen_on_reopen(records, clock):
    started = PauseService(records, clock).start()
    clock.advance(hours=3)  # the app was closed all this time
    again = restarted(records, clock)
    current = again.current()
    assert current.state is PauseState.FINISHED
    assert current.ended_at == started.ends_at
    assert current.length_seconds == PAUSE_SECONDS
    assert again.history()[0].id == started.id


def test_wall_clock_set_forward_while_closed_ends_the_pause_never_negative(records, clock):
    PauseService(records, clock).start()
    clock.set_wall(clock.now() + timedelta(days=2))
    again = restarted(records, clock)
    current = again.current()
    assert current.state is PauseState.FINISHED
    assert current.remaining(clock.now()) == 0.0
    assert format_remaining(current.remaining(clock.now())) == "00:00"


def test_wall_clock_set_back_while_closed_never_shows_more_than_planned(records, clock):
    session = PauseService(records, clock).start()
    clock.advance(minutes=5)
    clock.set_wall(clock.now() - timedelta(hours=1))
    again = restarted(records, clock)
    current = again.current()
    assert current.running
    assert current.remaining(clock.now()) == PAUSE_SECONDS  # clamped to the planned length
    assert session.remaining(clock.now() - timedelta(hours=5)) == PAUSE_SECONDS


def test_wall_jump_while_open_does_not_move_the_countdown(service, clock):
    session = service.start()
    countdown = Countdown.anchor(session, clock)
    clock.advance(minutes=4)
    clock.set_wall(clock.now() + timedelta(minutes=30))  # the user changes the time
    assert countdown.remaining(clock) == 16 * 60
    assert countdown.wall_disagreement(session, clock) > JUMP_TOLERANCE_SECONDS
    # the app notices and moves the stored end to the monotonic truth
    realigned = service.realign(session.id, countdown.remaining(clock))
    assert realigned.remaining(clock.now()) == 16 * 60
    assert countdown.follow(realigned, clock) == countdown
    assert countdown.wall_disagreement(realigned, clock) == 0
    # a reload anchors afresh from the stored times and agrees
    assert Countdown.anchor(restarted(service.records, clock).current(), clock).remaining(
        clock) == 16 * 60


def test_wall_jump_backwards_while_open(service, clock):
    session = service.start()
    countdown = Countdown.anchor(session, clock)
    clock.advance(minutes=15)
    clock.set_wall(clock.now() - timedelta(hours=2))
    assert countdown.remaining(clock) == 300
    realigned = service.realign(session.id, countdown.remaining(clock))
    clock.advance(minutes=5)
    assert countdown.remaining(clock) == 0
    assert service.state() is PauseState.FINISHED
    assert realigned.remaining(clock.now()) == 0


def test_realign_ignores_another_pause(service, clock):
    session = service.start()
    assert service.realign("someone-else", 5) == session


def test_extension_from_another_window_moves_this_windows_countdown(service, clock):
    session = service.start()
    countdown = Countdown.anchor(session, clock)
    clock.advance(minutes=2)
    other_window = PauseService(service.records, clock)
    extended = other_window.extend()
    followed = countdown.follow(extended, clock)
    assert followed.remaining(clock) == 18 * 60 + EXTENSION_SECONDS
    assert followed.wall_disagreement(extended, clock) == 0


def test_countdown_follows_a_new_pause(service, clock):
    first = service.start()
    countdown = Countdown.anchor(first, clock)
    clock.advance(minutes=1)
    service.end_early()
    second = service.start()
    assert countdown.follow(second, clock).remaining(clock) == PAUSE_SECONDS


def test_dst_end_during_a_pause_is_real_time(records):
    # Berlin, 25 Oct 2026: 03:00 CEST becomes 02:00 CET.
    clock = FakeClock(datetime(2026, 10, 25, 2, 50, tzinfo=BERLIN))
    service = PauseService(records, clock)
    session = service.start()
    clock.advance(minutes=10)
    assert clock.now().strftime("%H:%M %Z") == "02:00 CET"
    assert service.current().remaining(clock.now()) == 600
    clock.advance(minutes=10)
    finished = service.current()
    assert finished.state is PauseState.FINISHED
    assert finished.ended_at.astimezone(BERLIN).strftime("%H:%M %Z") == "02:10 CET"
    # (subtract in UTC: Python subtracts same-zone datetimes by their wall-clock fields)
    utc = ZoneInfo("UTC")
    assert finished.ended_at.astimezone(utc) - session.started_at.astimezone(utc) == \
        timedelta(minutes=20)


def test_dst_start_during_a_pause_is_real_time(records):
    # Berlin, 29 Mar 2026: 02:00 CET becomes 03:00 CEST.
    clock = FakeClock(datetime(2026, 3, 29, 1, 55, tzinfo=BERLIN))
    service = PauseService(records, clock)
    service.start()
    clock.advance(minutes=10)
    assert clock.now().strftime("%H:%M %Z") == "03:05 CEST"
    assert service.current().remaining(clock.now()) == 600
    # a restart reads the stored offsets back and agrees
    assert restarted(records, clock).current().remaining(clock.now()) == 600


def test_pause_spanning_midnight_and_month_end_belongs_to_its_start_day(records):
    clock = FakeClock(datetime(2026, 11, 30, 23, 50, tzinfo=BERLIN))
    service = PauseService(records, clock)
    session = service.start()
    clock.advance(minutes=15)
    assert clock.now().date().isoformat() == "2026-12-01"
    assert service.current().remaining(clock.now()) == 300
    clock.advance(minutes=5)
    finished = service.current()
    assert finished.state is PauseState.FINISHED
    assert finished.start_day(clock).isoformat() == "2026-11-30"
    assert session.local_start(clock).strftime("%H:%M") == "23:50"


def test_time_zone_change_during_a_pause_changes_nothing(service, clock):
    session = service.start()
    clock.advance(minutes=5)
    clock.set_zone(TOKYO)
    assert service.current().remaining(clock.now()) == 900
    assert session.local_start(clock).strftime("%H:%M") == "05:30"  # 21:30 Berlin


# -- storage documents -------------------------------------------------------------------------

def test_document_round_trip_keeps_offsets(service, clock):
    session = service.start()
    doc = session.to_document()
    assert doc["started_at"] == "2026-11-23T21:30:00+01:00"
    assert PauseSession.from_document(doc) == session


@pytest.mark.parametrize("doc", [
    None, {}, {"state": "idle"}, {"state": "weird"}, {"id": "x"},
    {"id": "x", "started_at": "yesterday", "ends_at": "2026-01-01T00:00:00+00:00"},
    {"id": "x", "started_at": "2026-01-01T00:00:00+00:00",
     "ends_at": "2026-01-01T00:20:00+00:00", "total_seconds": -5},
    {"id": "", "started_at": "2026-01-01T00:00:00+00:00",
     "ends_at": "2026-01-01T00:20:00+00:00"},
    ["not", "a", "dict"],
])
def test_unreadable_documents_mean_no_pause(doc):
    assert PauseSession.from_document(doc) is None


def test_naive_stored_instants_are_taken_as_utc():
    session = PauseSession.from_document({"id": "x", "started_at": "2026-01-01T00:00:00",
                                          "ends_at": "2026-01-01T00:20:00"})
    assert session.started_at.utcoffset() == timedelta(0)


# -- display helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("remaining", "text"), [
    (1200, "20:00"), (1199.01, "20:00"), (1199.0, "19:59"), (249, "04:09"), (0.2, "00:01"),
    (0, "00:00"), (-3, "00:00"), (65 * 60, "65:00"),
])
def test_format_remaining(remaining, text):
    assert format_remaining(remaining) == text


@pytest.mark.parametrize(("remaining", "delay"), [
    (1200.0, 1.0), (1199.75, 0.75), (0.3, 0.3), (0.0, 1.0),
])
def test_seconds_to_next_change(remaining, delay):
    assert seconds_to_next_change(remaining) == pytest.approx(delay)
    if remaining > 0:
        assert display_seconds(remaining - delay - 1e-6) == display_seconds(remaining) - 1


def test_progress_fraction_and_length_label():
    assert progress_fraction(600, 1200) == 0.5
    assert progress_fraction(-1, 1200) == 0.0
    assert progress_fraction(5000, 1200) == 1.0
    assert progress_fraction(1, 0) == 0.0
    assert length_label(1200) == "20 min"
    assert length_label(30) == "under a minute"
    assert length_label(None) == "under a minute"


def test_breathing_is_four_in_six_out():
    phases = [breath_phase(s) for s in range(20)]
    assert phases[:10] == ["in"] * 4 + ["out"] * 6
    assert phases[10:] == phases[:10]


# -- notes -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "clean"), [
    ("tea", "tea"),
    ("  two\r\nlines  ", "two lines"),
    ("bell\x07 and\x00 null", "bell and null"),
    ("👩‍❤️‍👨 walk", "👩‍❤️‍👨 walk"),  # the joiners (format characters) are kept
    ("\u05e9\u05dc\u05d5\u05dd \u200fok", "\u05e9\u05dc\u05d5\u05dd \u200fok"),
    ("", ""),
])
def test_clean_note(raw, clean):
    assert clean_note(raw) == clean


@given(st.text(max_size=400))
def test_clean_note_is_one_short_line_or_refused(text):
    try:
        note = clean_note(text)
    except PauseError:
        return
    assert len(note) <= NOTE_MAX
    assert "\n" not in note and "\r" not in note
    assert note == note.strip()


# -- pulse -------------------------------------------------------------------------------------

def test_pulse_counts_beats_in_fifteen_seconds():
    count = PulseCount().tap(100.0)  # starts the window
    assert count.started and count.beats == 0 and count.result(100.0) is None
    for i in range(1, 21):
        count = count.tap(100.0 + i * 0.75)  # 80 a minute
    assert count.seconds_left(110.0) == 5.0
    assert count.result(114.0) is None
    result = count.result(115.0)
    assert result.beats == 20 and result.bpm == 80 and not result.flooded
    assert "settling" in pulse_message(result) and "not a medical" in pulse_message(result)
    assert count.tap(116.0) == count  # too late: not counted


def test_pulse_over_a_hundred_seems_flooded():
    count = PulseCount().tap(0.0)
    for i in range(1, 27):
        count = count.tap(i * 0.55)
    result = count.result(15.0)
    assert result.bpm == 104 and result.flooded
    assert "stirred up" in pulse_message(result)


def test_pulse_of_exactly_a_hundred_is_not_flooded_and_none_counted_says_so():
    count = PulseCount().tap(0.0)
    for i in range(1, 26):
        count = count.tap(i * 0.6)
    assert not count.result(15.0).flooded
    assert "No beats" in pulse_message(PulseCount().tap(0.0).result(15.0))


# -- any sequence of events keeps the invariants -----------------------------------------------

EVENTS = st.lists(st.one_of(
    st.tuples(st.just("advance"), st.floats(min_value=0, max_value=3000)),
    st.tuples(st.just("jump"), st.floats(min_value=-86_400, max_value=86_400)),
    st.tuples(st.just("start"), st.none()),
    st.tuples(st.just("extend"), st.none()),
    st.tuples(st.just("end_early"), st.none()),
    st.tuples(st.just("dismiss"), st.none()),
    st.tuples(st.just("restart"), st.none()),
), max_size=30)


@settings(max_examples=150, deadline=None)
@given(EVENTS)
def test_invariants_hold_for_any_sequence(events):
    clock = FakeClock(datetime(2026, 11, 23, 21, 30, tzinfo=BERLIN))
    records = InMemoryPauseRecords()
    service = PauseService(records, clock)
    for kind, value in events:
        if kind == "advance":
            clock.advance(value)
        elif kind == "jump":
            clock.set_wall(clock.now() + timedelta(seconds=value))
        elif kind == "restart":
            service = restarted(records, clock)
        else:
            with contextlib.suppress(PauseError):
                getattr(service, kind)()
        current = service.current()
        if current is not None:
            left = current.remaining(clock.now())
            assert 0.0 <= left <= current.total_seconds <= MAX_TOTAL_SECONDS
            if current.running:
                assert left > 0.0
        for entry in service.history():
            assert not entry.running
            assert 0 <= entry.length_seconds <= entry.total_seconds
    ids = [entry.id for entry in service.history()]
    assert len(ids) == len(set(ids))
