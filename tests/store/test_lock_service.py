"""The lock service: passcode on/off, back-off across restarts, encryption with the key."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from repair_app.core.app_lock import PasscodeError
from repair_app.core.clock import FakeClock
from repair_app.lock_service import LockService
from repair_app.store import SettingsRepository, Store, WrongKeyError
from repair_app.store.device_file import DeviceFile

from .crypto_helpers import FAST, MARKERS, files_containing

PHRASE = "river stone 42"


def service(data_dir: Path, clock: FakeClock) -> LockService:
    return LockService.open(data_dir, clock, params=FAST)


@pytest.fixture
def store(data_dir: Path, clock: FakeClock):
    opened = Store.open(data_dir, clock)
    SettingsRepository(opened).save({"note": MARKERS[0], "code_word": "pause"})
    with opened.transaction():
        opened.month_table("journal", date(2026, 11, 1)).insert({"text": MARKERS[1]})
    yield opened
    opened.close()


def test_off_by_default(data_dir: Path, clock: FakeClock, store: Store) -> None:
    lock = service(data_dir, clock)
    assert not lock.enabled and not lock.encrypted and not lock.needs_key
    assert lock.idle_seconds == 60


def test_turn_on_then_wrong_and_right_passcodes(data_dir: Path, clock: FakeClock,
                                                store: Store) -> None:
    lock = service(data_dir, clock)
    lock.turn_on("2468", "2468", idle_seconds=300, encrypt=False, store=store)
    assert "2468" not in (data_dir / "device.json").read_text()
    restarted = service(data_dir, clock)
    assert restarted.enabled and not restarted.encrypted and restarted.digits_only
    assert restarted.idle_seconds == 300
    wrong = restarted.unlock("2469")
    assert not wrong.ok and wrong.message == "That's not the passcode." and wrong.secrets is None
    assert restarted.unlock("2468").ok
    assert files_containing(data_dir, MARKERS)  # lock only: the journal is not encrypted


def test_back_off_after_five_and_across_a_restart(data_dir: Path, clock: FakeClock,
                                                  store: Store) -> None:
    lock = service(data_dir, clock)
    lock.turn_on("2468", "2468", idle_seconds=60, encrypt=False, store=store)
    for _ in range(4):
        assert lock.unlock("0000").wait_seconds == 0
    fifth = lock.unlock("0000")
    assert fifth.wait_seconds == 30 and "Try again in 30 seconds" in fifth.message
    clock.advance(10)
    restarted = service(data_dir, clock)  # a new process: only the file remembers
    assert restarted.wait_seconds() == 20
    refused = restarted.unlock("2468")  # even the right code waits
    assert not refused.ok and "20 seconds" in refused.message
    clock.advance(20)
    sixth = restarted.unlock("1111")
    assert sixth.wait_seconds == 60
    clock.advance(60)
    assert restarted.unlock("2468").ok
    assert service(data_dir, clock).backoff().failures == 0


def test_turn_on_with_encryption_needs_the_key_to_open(data_dir: Path, clock: FakeClock,
                                                       store: Store) -> None:
    lock = service(data_dir, clock)
    with pytest.raises(PasscodeError, match="at least 8"):
        lock.turn_on("2468", "2468", idle_seconds=60, encrypt=True, store=store)
    lock.turn_on(PHRASE, PHRASE, idle_seconds=60, encrypt=True, store=store)
    assert lock.encrypted and not lock.needs_key  # this process keeps the key
    assert SettingsRepository(store).load()["note"] == MARKERS[0]
    store.close()
    assert files_containing(data_dir, MARKERS + [PHRASE]) == {}

    restarted = service(data_dir, clock)
    assert restarted.needs_key
    with pytest.raises(WrongKeyError):
        Store.open(data_dir, clock, codec=restarted.codec)
    assert not restarted.unlock("river stone 43").ok
    assert restarted.needs_key
    assert restarted.unlock(PHRASE).ok and not restarted.needs_key
    with Store.open(data_dir, clock, codec=restarted.codec) as reopened:
        assert reopened.month_table("journal", date(2026, 11, 1)).all() == [
            {"text": MARKERS[1]}]


def test_a_lost_device_file_does_not_unlock_encrypted_data(data_dir: Path, clock: FakeClock,
                                                           store: Store) -> None:
    lock = service(data_dir, clock)
    lock.turn_on(PHRASE, PHRASE, idle_seconds=60, encrypt=True, store=store)
    store.close()
    (data_dir / "device.json").unlink()
    restarted = service(data_dir, clock)
    assert restarted.enabled and restarted.needs_key  # the data itself says so
    assert not restarted.unlock("guess guess").ok
    assert restarted.unlock(PHRASE).ok
    assert service(data_dir, clock).config.enabled  # lock settings rebuilt from the data


def test_change_passcode_re_encrypts(data_dir: Path, clock: FakeClock, store: Store) -> None:
    lock = service(data_dir, clock)
    lock.turn_on(PHRASE, PHRASE, idle_seconds=60, encrypt=True, store=store)
    before = (data_dir / "main.json").read_bytes()
    with pytest.raises(PasscodeError, match="don't match"):
        lock.change_passcode(PHRASE, "new phrase 1", "new phrase 2", store)
    assert not lock.change_passcode("not it at all", "new phrase 1", "new phrase 1", store).ok
    assert lock.change_passcode(PHRASE, "new phrase 1", "new phrase 1", store).ok
    assert (data_dir / "main.json").read_bytes()[:40] != before[:40]  # new salt and key id
    assert SettingsRepository(store).load()["note"] == MARKERS[0]
    restarted = service(data_dir, clock)
    assert not restarted.unlock(PHRASE).ok
    assert restarted.unlock("new phrase 1").ok


def test_encryption_on_and_off_later_and_turning_the_lock_off(
        data_dir: Path, clock: FakeClock, store: Store) -> None:
    lock = service(data_dir, clock)
    lock.turn_on("24681357", "24681357", idle_seconds=60, encrypt=False, store=store)
    assert not lock.set_encryption("wrong one", True, store).ok
    assert lock.set_encryption("24681357", True, store).ok
    assert lock.encrypted and files_containing(data_dir, MARKERS) == {}
    assert lock.set_encryption("24681357", False, store).ok
    assert not lock.encrypted and files_containing(data_dir, MARKERS)
    assert not lock.turn_off("00000000", store).ok
    assert lock.turn_off("24681357", store).ok
    assert not service(data_dir, clock).enabled


def test_turning_off_an_encrypted_lock_decrypts(data_dir: Path, clock: FakeClock,
                                               store: Store) -> None:
    lock = service(data_dir, clock)
    lock.turn_on(PHRASE, PHRASE, idle_seconds=60, encrypt=True, store=store)
    assert lock.turn_off(PHRASE, store).ok
    assert not lock.enabled and not lock.encrypted
    assert SettingsRepository(store).load()["note"] == MARKERS[0]
    assert files_containing(data_dir, MARKERS)


def test_public_settings_stay_readable(data_dir: Path, clock: FakeClock, store: Store) -> None:
    lock = service(data_dir, clock)
    lock.mirror_public_settings({"code_word": "time out", "theme": "dark"})
    lock.turn_on(PHRASE, PHRASE, idle_seconds=60, encrypt=True, store=store)
    assert DeviceFile(data_dir).public("settings") == {"code_word": "time out", "theme": "dark"}


def test_a_damaged_device_file_is_kept_and_reported(data_dir: Path, clock: FakeClock,
                                                   store: Store) -> None:
    (data_dir / "device.json").write_bytes(b"{torn")
    lock = service(data_dir, clock)
    assert not lock.enabled
    [notice] = lock.notices
    assert "damaged" in notice
    assert [p.read_bytes() for p in data_dir.glob("device.json.damaged-*")] == [b"{torn"]


def test_back_off_holds_when_it_cannot_be_saved(data_dir: Path, clock: FakeClock,
                                                store: Store) -> None:
    """Issue 15 (4): a full disk must not turn the wait off (40 tries, no wait, no word)."""
    import errno

    from .store_helpers import FailingOps

    lock = service(data_dir, clock)
    lock.turn_on("2468", "2468", idle_seconds=60, encrypt=False, store=store)
    full = FailingOps(errno.ENOSPC, where="fsync")
    lock.device._ops = full
    full.failing = True
    results = [lock.unlock("0000") for _ in range(5)]
    assert all("couldn't save" in r.message.lower() for r in results)
    assert results[-1].wait_seconds == 30
    refused = lock.unlock("2468")  # still waits, though nothing reached the disk
    assert not refused.ok and refused.wait_seconds > 0
    for _ in range(35):
        assert not lock.unlock("0000").ok
    clock.advance(29)
    assert lock.wait_seconds() > 0
    clock.advance(2)
    full.failing = False
    sixth = lock.unlock("1111")
    assert sixth.wait_seconds == 60  # the failures counted in memory were saved now
    assert service(data_dir, clock).backoff().failures == 6
