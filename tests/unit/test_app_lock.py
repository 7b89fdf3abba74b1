"""The app lock's rules: passcodes, the slow hash, back-off, idle lock."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_app.core.app_lock import (
    DEFAULT_IDLE,
    FREE_TRIES,
    MAX_DELAY,
    Backoff,
    IdleTimer,
    LockConfig,
    PasscodeError,
    ScryptParams,
    check_new_passcode,
    delay_after,
    derive_secrets,
    encryption_problem,
    idle_label,
    locks_on_lifecycle,
    wait_message,
)
from repair_app.core.clock import FakeClock

FAST = ScryptParams(n=2**10, r=8, p=1)
SALT = bytes(range(16))
UTC = ZoneInfo("UTC")


# -- passcodes ---------------------------------------------------------------------------

@pytest.mark.parametrize("good", ["1234", "00000000", "correct horse", "שלום עולם", "🙂🙂🙂🙂🙂🙂",
                                  "  spaced  "])
def test_usable_passcodes(good: str) -> None:
    assert check_new_passcode(good, good) == good


@pytest.mark.parametrize(("bad", "says"), [
    ("", "Choose a passcode"), ("123", "at least 4 digits"), ("abcde", "at least 6"),
    ("12\x0034", "control characters"), ("x" * 201, "under 200"), ("١٢٣٤", "digits 0 to 9"),
    ("pass\u200bword", "control characters"),
])
def test_unusable_passcodes_say_why(bad: str, says: str) -> None:
    with pytest.raises(PasscodeError, match=says):
        check_new_passcode(bad)


def test_the_repetition_must_match() -> None:
    with pytest.raises(PasscodeError, match="don't match"):
        check_new_passcode("1234", "1243")


def test_composed_and_decomposed_accents_are_the_same_passcode() -> None:
    composed, decomposed = "caf\u00e9 crème", "cafe\u0301 cre\u0300me"
    assert check_new_passcode(composed, decomposed) == composed
    assert derive_secrets(composed, SALT, FAST) == derive_secrets(decomposed, SALT, FAST)


@given(st.text(max_size=300))
def test_any_text_is_either_accepted_or_refused_in_words(text: str) -> None:
    try:
        assert check_new_passcode(text)
    except PasscodeError as error:
        assert str(error)


def test_encryption_needs_eight_characters() -> None:
    assert encryption_problem("1234") and "8 characters" in encryption_problem("1234567")
    assert encryption_problem("12345678") is None
    assert encryption_problem("a longer passphrase") is None


# -- the slow hash -------------------------------------------------------------------------

def test_derived_values_are_independent_and_salted() -> None:
    one = derive_secrets("1234", SALT, FAST)
    assert one == derive_secrets("1234", SALT, FAST)
    assert len({one.verifier, one.store_key}) == 2 and len(one.key_id) == 8
    assert derive_secrets("1234", bytes(16), FAST).verifier != one.verifier
    assert derive_secrets("1235", SALT, FAST).verifier != one.verifier
    assert "store_key" not in repr(one)


def test_lock_config_keeps_only_the_hash() -> None:
    config, secrets = LockConfig().with_passcode("my secret phrase", SALT, FAST)
    document = config.to_document()
    assert "my secret phrase" not in repr(document)
    assert document["kdf"] == "scrypt" and document["params"] == {"n": 1024, "r": 8, "p": 1}
    again = LockConfig.from_document(document)
    assert again == config
    assert again.check("my secret phrase") == secrets
    assert again.check("my secret phrasE") is None
    assert not again.digits_only
    assert LockConfig().with_passcode("1234", SALT, FAST)[0].digits_only


def test_a_lock_that_is_on_never_reads_as_off() -> None:
    config, _ = LockConfig().with_passcode("1234", SALT, FAST)
    document = config.to_document()
    for broken in ({**document, "kdf": "md5"}, {**document, "salt": "%%%"},
                   {**document, "verifier": ""}, {**document, "params": None}):
        with pytest.raises((ValueError, KeyError, TypeError)):
            LockConfig.from_document(broken)
    assert LockConfig.from_document(None) == LockConfig()
    assert LockConfig.from_document({"enabled": False, "idle_seconds": 300}).idle_seconds == 300
    assert LockConfig.from_document({"enabled": False, "idle_seconds": 7}).idle_seconds == 60


def test_params_refuse_absurd_costs() -> None:
    for bad in ({"n": 3}, {"n": 2**30}, {"r": 0}, {"p": 99},
                {"n": 2**22, "r": 64, "p": 16}, {"n": 2**20, "r": 8, "p": 16}):
        with pytest.raises(ValueError):
            ScryptParams(**bad)
    assert ScryptParams().memory == 128 * 1024 * 1024
    ScryptParams(n=2**20, r=8, p=1)  # 8x the default is still allowed


# -- back-off ------------------------------------------------------------------------------

def test_delay_schedule() -> None:
    assert [delay_after(n) for n in range(11)] == [0, 0, 0, 0, 0, 30, 60, 120, 240, 480, 900]
    assert delay_after(50) == MAX_DELAY


def _fail(backoff: Backoff, clock: FakeClock, times: int) -> Backoff:
    for _ in range(times):
        backoff = backoff.after_failure(clock.now(), clock.monotonic())
    return backoff


def test_five_wrong_tries_then_a_growing_wait() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 22, 0, tzinfo=UTC))
    backoff = _fail(Backoff(), clock, FREE_TRIES - 1)
    assert backoff.wait_seconds(clock.now()) == 0
    backoff = _fail(backoff, clock, 1)
    assert backoff.wait_seconds(clock.now()) == 30
    clock.advance(29)
    assert backoff.wait_seconds(clock.now()) == 1
    clock.advance(1)
    assert backoff.wait_seconds(clock.now()) == 0
    backoff = _fail(backoff, clock, 1)
    assert backoff.wait_seconds(clock.now()) == 60


def test_the_wait_survives_a_restart() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 22, 0, tzinfo=UTC))
    stored = _fail(Backoff(), clock, 7).to_document()
    clock.advance(60)
    restarted = Backoff.from_document(stored)  # no monotonic time from the old process
    assert restarted.failures == 7
    assert restarted.wait_seconds(clock.now(), clock.monotonic()) == 60


def test_a_clock_set_back_waits_at_most_one_delay() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 22, 0, tzinfo=UTC))
    backoff = Backoff.from_document(_fail(Backoff(), clock, 5).to_document())
    clock.set_wall(clock.now() - timedelta(days=3))
    clamped = backoff.clamped(clock.now())
    assert clamped.wait_seconds(clock.now()) == 30
    clock.advance(30)
    assert clamped.wait_seconds(clock.now()) == 0


def test_a_clock_set_forward_does_not_skip_the_wait_while_running() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 22, 0, tzinfo=UTC))
    backoff = _fail(Backoff(), clock, 6)
    clock.set_wall(clock.now() + timedelta(hours=5))  # wall jumps, monotonic does not
    assert backoff.wait_seconds(clock.now(), clock.monotonic()) == 60


def test_unreadable_backoff_documents() -> None:
    assert Backoff.from_document(None) == Backoff()
    assert Backoff.from_document({"failures": -3}) == Backoff()
    naive = Backoff.from_document({"failures": 6, "last_failure": "2026-11-23T22:00:00"})
    assert naive.last_failure is None


@pytest.mark.parametrize(("seconds", "text"), [
    (1, "1 second."), (29.2, "30 seconds."), (60, "1 minute."), (61, "2 minutes."),
    (900, "15 minutes."),
])
def test_wait_messages(seconds: float, text: str) -> None:
    assert wait_message(seconds).endswith("Try again in " + text)


# -- idle ---------------------------------------------------------------------------------

def test_idle_timer_locks_after_the_idle_time_without_activity() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    timer = IdleTimer(DEFAULT_IDLE, clock.monotonic())
    clock.advance(59)
    assert not timer.is_due(clock.monotonic()) and timer.seconds_left(clock.monotonic()) == 1
    timer.touch(clock.monotonic())
    clock.advance(59)
    assert not timer.is_due(clock.monotonic())
    clock.advance(1)
    assert timer.is_due(clock.monotonic()) and timer.seconds_left(clock.monotonic()) == 0


def test_idle_timer_ignores_the_wall_clock() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    timer = IdleTimer(60, clock.monotonic())
    clock.set_wall(clock.now() + timedelta(hours=3))
    assert not timer.is_due(clock.monotonic())


def test_lifecycle_locks_phones_only() -> None:
    assert locks_on_lifecycle("hide", mobile=True) and locks_on_lifecycle("pause", mobile=True)
    assert not locks_on_lifecycle("inactive", mobile=True)
    assert not locks_on_lifecycle("resume", mobile=True)
    assert not locks_on_lifecycle("hide", mobile=False)


def test_idle_labels() -> None:
    assert [idle_label(s) for s in (30, 60, 300)] == ["30 seconds", "1 minute", "5 minutes"]


def test_a_running_pause_holds_the_idle_lock_until_it_ends() -> None:
    """Issue 18, item 3: stillness is what a pause asks for; the idle time counts from the
    pause's end (or the last activity, if later)."""
    timer = IdleTimer(60, now_mono=0.0)
    assert timer.is_due(60.0)
    assert not timer.is_due(60.0, hold_until=1200.0)
    assert timer.seconds_left(60.0, hold_until=1200.0) == 1200.0
    assert not timer.is_due(1259.0, hold_until=1200.0)
    assert timer.is_due(1260.0, hold_until=1200.0)
    timer.touch(1250.0)  # activity after the pause ended still counts
    assert timer.seconds_left(1260.0, hold_until=1200.0) == 50.0
    assert timer.seconds_left(1260.0, hold_until=None) == 50.0
