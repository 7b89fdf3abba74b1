"""AES-GCM codec: round trip through the store, nothing readable on disk, tampering refused."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.store import (
    DamagedFileError,
    IdentityCodec,
    SettingsRepository,
    Store,
    WrongKeyError,
)
from repair_app.store.crypto_codec import TamperedFileError, read_header
from repair_app.store.safe_storage import decode_document

from .crypto_helpers import FAST, MARKERS, codec_for, files_containing

NOVEMBER = date(2026, 11, 1)


def _write_markers(store: Store) -> None:
    SettingsRepository(store).save({"code_word": "pause", "note": MARKERS[0]})
    with store.transaction():
        store.month_table("journal", NOVEMBER).insert({"text": MARKERS[1]})
        store.month_table("journal", date(2026, 10, 1)).insert({"text": MARKERS[2]})


def test_round_trip_and_nothing_readable_on_disk(data_dir: Path, clock: FakeClock) -> None:
    codec = codec_for("a good passphrase")
    with Store.open(data_dir, clock, codec=codec) as store:
        _write_markers(store)
    clock.advance(days=1)
    with Store.open(data_dir, clock, codec=codec) as store:  # makes an (encrypted) backup
        assert SettingsRepository(store).load()["note"] == MARKERS[0]
        assert store.month_table("journal", NOVEMBER).all() == [{"text": MARKERS[1]}]
    assert list((data_dir / "backups").iterdir())
    assert files_containing(data_dir, MARKERS + ["code_word", "journal", "settings"]) == {}


def test_the_same_data_written_twice_differs_on_disk(data_dir: Path) -> None:
    codec = codec_for("a good passphrase")
    assert codec.encode(b"{}") != codec.encode(b"{}")  # a fresh nonce every time
    header = read_header(codec.encode(b"{}"))
    assert header.params == FAST and header.key_id == codec.key_id


@pytest.mark.parametrize("where", ["body", "tag", "header salt", "nonce", "truncated"])
def test_a_tampered_file_is_refused(where: str) -> None:
    codec = codec_for("a good passphrase")
    raw = bytearray(codec.encode(json.dumps({"settings": {"1": {"a": 1}}}).encode()))
    header = read_header(bytes(raw))
    if where == "body":
        raw[header.body_offset + 14] ^= 1
    elif where == "tag":
        raw[-1] ^= 0x80
    elif where == "header salt":
        raw[12] ^= 1  # inside the salt: now a different key
    elif where == "nonce":
        raw[header.body_offset] ^= 1
    else:
        raw = raw[:-5]
    if where == "header salt":
        with pytest.raises(WrongKeyError):
            decode_document(bytes(raw), Path("main.json"), codec)
        return
    with pytest.raises(DamagedFileError) as caught:
        decode_document(bytes(raw), Path("main.json"), codec)
    assert isinstance(caught.value.__cause__, TamperedFileError)
    assert "changed" in str(caught.value)


def test_a_tampered_store_file_is_kept_aside_and_the_backup_restored(
        data_dir: Path, clock: FakeClock) -> None:
    codec = codec_for("a good passphrase")
    with Store.open(data_dir, clock, codec=codec) as store:
        SettingsRepository(store).save({"note": "first"})
    clock.advance(days=1)
    with Store.open(data_dir, clock, codec=codec) as store:  # backup holds "first"
        SettingsRepository(store).save({"note": "second"})
    main = data_dir / "main.json"
    raw = bytearray(main.read_bytes())
    raw[-3] ^= 0xFF
    main.write_bytes(bytes(raw))
    with Store.open(data_dir, clock, codec=codec) as store:
        assert SettingsRepository(store).load() == {"note": "first"}  # never the forged one
        [notice] = store.notices
    assert "was damaged" in notice and "restored the backup" in notice
    [kept] = data_dir.glob("main.json.damaged-*")
    assert kept.read_bytes() == bytes(raw)


def test_a_tampered_file_without_backup_is_not_silently_empty(data_dir: Path,
                                                               clock: FakeClock) -> None:
    codec = codec_for("a good passphrase")
    with Store.open(data_dir, clock, codec=codec, backup=False) as store:
        SettingsRepository(store).save({"note": "mine"})
    raw = bytearray((data_dir / "main.json").read_bytes())
    raw[40] ^= 1
    (data_dir / "main.json").write_bytes(bytes(raw))
    with Store.open(data_dir, clock, codec=codec, backup=False) as store:
        [notice] = store.notices  # the user is told, and the forged file is kept
    assert "damaged" in notice and "nothing was deleted" in notice
    assert [p.read_bytes() for p in data_dir.glob("main.json.damaged-*")] == [bytes(raw)]


def test_a_wrong_key_changes_nothing(data_dir: Path, clock: FakeClock) -> None:
    with Store.open(data_dir, clock, codec=codec_for("a good passphrase")) as store:
        SettingsRepository(store).save({"note": "mine"})
    before = {p: p.read_bytes() for p in data_dir.rglob("*.json")}
    for wrong in (codec_for("another passphrase"), IdentityCodec()):
        with pytest.raises(WrongKeyError):
            Store.open(data_dir, clock, codec=wrong)
    assert {p: p.read_bytes() for p in data_dir.rglob("*.json")} == before
    assert not list(data_dir.rglob("*.damaged-*"))


def test_a_plain_file_among_encrypted_ones_is_treated_as_damage(data_dir: Path,
                                                                clock: FakeClock) -> None:
    codec = codec_for("a good passphrase")
    with Store.open(data_dir, clock, codec=codec) as store, store.transaction():
        store.month_table("journal", NOVEMBER).insert({"text": "real"})
    planted = json.dumps({"journal": {"1": {"text": "planted"}}}).encode()
    (data_dir / "months" / "2026-11.json").write_bytes(planted)
    with Store.open(data_dir, clock, codec=codec) as store:
        assert store.month_table("journal", NOVEMBER).all() != [{"text": "planted"}]
        assert any("November 2026" in notice for notice in store.notices)


def test_a_header_asking_for_absurd_costs_is_damage_not_a_hang() -> None:
    codec = codec_for("a good passphrase")
    raw = bytearray(codec.encode(b"{}"))
    raw[8] = 40  # log2 n = 40
    with pytest.raises(DamagedFileError):
        decode_document(bytes(raw), Path("main.json"), codec)
