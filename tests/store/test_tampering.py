"""Issue 15: what someone who can write to the data folder must not be able to do.

Encryption must not turn off when one file loses its header; a forged switch marker must
not delete anything outside the folder; damaged headers and lock settings give messages.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.lock_service import LockService
from repair_app.store import SettingsRepository, Store, StoreCorruptError
from repair_app.store.device_file import DeviceFile
from repair_app.store.encryption_switch import MARKER, finish_interrupted_switch

from .crypto_helpers import FAST, MARKERS, files_containing

PHRASE = "river stone 42"
NOVEMBER = date(2026, 11, 1)


def service(data_dir: Path, clock: FakeClock) -> LockService:
    return LockService.open(data_dir, clock, params=FAST)


def encrypted_store_with_backup(data_dir: Path, clock: FakeClock) -> None:
    """An encrypted store with a journal entry, and today's encrypted backup of it."""
    with Store.open(data_dir, clock) as store:
        SettingsRepository(store).save({"note": MARKERS[0]})
        with store.transaction():
            store.month_table("journal", NOVEMBER).insert({"text": MARKERS[1]})
        service(data_dir, clock).turn_on(PHRASE, PHRASE, idle_seconds=60, encrypt=True,
                                         store=store)
    clock.advance(days=1)
    lock = service(data_dir, clock)
    assert lock.unlock(PHRASE).ok
    with Store.open(data_dir, clock, codec=lock.codec):
        pass
    assert files_containing(data_dir, MARKERS) == {}


def open_unlocked(data_dir: Path, clock: FakeClock) -> Store:
    lock = service(data_dir, clock)
    assert lock.encrypted and lock.needs_key
    assert lock.unlock(PHRASE).ok
    return Store.open(data_dir, clock, codec=lock.codec)


TAMPERED_MAIN = [
    pytest.param(b"{}", id="empty-object"),
    pytest.param(json.dumps({"settings": {"1": {"onboarded": True}}}).encode(), id="plain-json"),
    pytest.param(bytes(range(256)) * 3, id="random-bytes"),
]


@pytest.mark.parametrize("tampered", TAMPERED_MAIN)
def test_a_plain_main_file_does_not_turn_encryption_off(
        data_dir: Path, clock: FakeClock, tampered: bytes) -> None:
    encrypted_store_with_backup(data_dir, clock)
    (data_dir / "main.json").write_bytes(tampered)
    clock.advance(hours=1)
    with open_unlocked(data_dir, clock) as store:
        [notice] = store.notices
        assert "not encrypted" in notice and "restored the backup" in notice
        assert SettingsRepository(store).load()["note"] == MARKERS[0]
        SettingsRepository(store).save({"note": MARKERS[2]})
        with store.transaction():
            store.month_table("journal", NOVEMBER).insert({"text": MARKERS[2]})
    assert files_containing(data_dir, MARKERS) == {}
    [kept] = data_dir.glob("main.json.damaged-*")
    assert kept.read_bytes() == tampered  # kept aside, never deleted


def test_encryption_holds_when_only_backups_are_left(data_dir: Path, clock: FakeClock) -> None:
    encrypted_store_with_backup(data_dir, clock)
    (data_dir / "main.json").write_bytes(b"{}")
    for month in (data_dir / "months").iterdir():
        month.unlink()
    with open_unlocked(data_dir, clock) as store:
        assert SettingsRepository(store).load()["note"] == MARKERS[0]
        SettingsRepository(store).save({"note": MARKERS[2]})
    assert files_containing(data_dir, MARKERS) == {}


def test_encryption_holds_when_only_the_lock_settings_say_so(data_dir: Path,
                                                             clock: FakeClock) -> None:
    encrypted_store_with_backup(data_dir, clock)
    for path in [data_dir / "main.json", *(data_dir / "months").iterdir()]:
        path.unlink()
    import shutil

    shutil.rmtree(data_dir / "backups")
    (data_dir / "main.json").write_bytes(b"{}")
    with open_unlocked(data_dir, clock) as store:
        assert any("not encrypted" in notice for notice in store.notices)
        SettingsRepository(store).save({"note": MARKERS[2]})
    assert files_containing(data_dir, MARKERS) == {}


def test_one_changed_byte_in_a_header_is_damage_not_a_crash(data_dir: Path,
                                                            clock: FakeClock) -> None:
    encrypted_store_with_backup(data_dir, clock)
    raw = bytearray((data_dir / "main.json").read_bytes())
    raw[8] = 60  # log2 n: "scrypt parameters too costly"
    (data_dir / "main.json").write_bytes(bytes(raw))
    with open_unlocked(data_dir, clock) as store:
        [notice] = store.notices
        assert "restored the backup" in notice
        assert SettingsRepository(store).load()["note"] == MARKERS[0]


def test_extreme_scrypt_settings_in_the_lock_file_do_not_lock_out(
        data_dir: Path, clock: FakeClock) -> None:
    encrypted_store_with_backup(data_dir, clock)
    device = DeviceFile(data_dir)
    lock_doc = device.section("lock")
    lock_doc["params"] = {"n": 2**22, "r": 64, "p": 16}  # 32 GiB of memory
    device.save_section("lock", lock_doc)
    lock = service(data_dir, clock)  # no ValueError
    assert lock.needs_key and any("lock settings" in n for n in lock.notices)
    assert lock.unlock(PHRASE).ok  # the data's own header still opens it
    with Store.open(data_dir, clock, codec=lock.codec) as store:
        assert SettingsRepository(store).load()["note"] == MARKERS[0]


def test_extreme_scrypt_settings_on_a_plain_store_give_a_message(
        data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock) as store:
        service(data_dir, clock).turn_on("2468", "2468", idle_seconds=60, encrypt=False,
                                         store=store)
    device = DeviceFile(data_dir)
    lock_doc = device.section("lock")
    lock_doc["params"] = {"n": 2**22, "r": 64, "p": 16}
    device.save_section("lock", lock_doc)
    with pytest.raises(StoreCorruptError, match="lock settings"):
        service(data_dir, clock)


@pytest.mark.parametrize("where", ["files", "remove"])
def test_a_forged_switch_marker_touches_nothing_outside_the_folder(
        tmp_path: Path, data_dir: Path, clock: FakeClock, where: str) -> None:
    with Store.open(data_dir, clock):
        pass
    outside = tmp_path / "outside.txt"
    outside.write_text("not Repair's")
    absolute = tmp_path / "absolute.txt"
    absolute.write_text("not Repair's either")
    (tmp_path / ".outside.txt.switch-new").write_text("planted")
    paths = ["../outside.txt", str(absolute)]
    plan = {"files": [], "remove": [], "lock": None}
    plan[where] = paths
    (data_dir / MARKER).write_text(json.dumps(plan))
    with pytest.raises(StoreCorruptError, match="outside"):
        finish_interrupted_switch(data_dir)
    assert outside.read_text() == "not Repair's"
    assert absolute.read_text() == "not Repair's either"
    with pytest.raises(StoreCorruptError):
        Store.open(data_dir, clock)
    assert outside.exists() and absolute.exists()


def test_a_marker_path_through_a_symlink_out_of_the_folder_is_refused(
        tmp_path: Path, data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock):
        pass
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "victim.json").write_text("keep me")
    os.symlink(elsewhere, data_dir / "backups-link")
    (data_dir / MARKER).write_text(json.dumps(
        {"files": [], "remove": ["backups-link/victim.json"], "lock": None}))
    with pytest.raises(StoreCorruptError):
        finish_interrupted_switch(data_dir)
    assert (elsewhere / "victim.json").read_text() == "keep me"


@pytest.mark.parametrize("keep_months", [True, False], ids=["months-left", "backups-only"])
def test_opening_without_the_key_is_refused_however_main_looks(
        data_dir: Path, clock: FakeClock, keep_months: bool) -> None:
    """`remind` from cron opens the store with no key: it must not treat a planted plain
    main.json as the journal (and write a plain one of its own)."""
    from repair_app.store import WrongKeyError

    encrypted_store_with_backup(data_dir, clock)
    (data_dir / "main.json").write_bytes(b"{}")
    if not keep_months:
        for month in (data_dir / "months").iterdir():
            month.unlink()
    with pytest.raises(WrongKeyError):
        Store.open(data_dir, clock, backup=False)
    assert (data_dir / "main.json").read_bytes() == b"{}"  # nothing touched
    assert list(data_dir.glob("main.json.damaged-*")) == []
