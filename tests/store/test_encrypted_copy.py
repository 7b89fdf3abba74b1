"""The encrypted copy offered before encryption: sealed, its own passphrase, restorable."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.store import SettingsRepository, Store
from repair_app.store.encrypted_copy import (
    CopyError,
    build_encrypted_copy,
    copy_file_name,
    main,
    open_encrypted_copy,
    unpack,
)

from .crypto_helpers import FAST, MARKERS, codec_for


def _store_with_markers(data_dir: Path, clock: FakeClock, codec=None) -> Store:
    store = Store.open(data_dir, clock, codec=codec)
    SettingsRepository(store).save({"note": MARKERS[0]})
    with store.transaction():
        store.month_table("journal", date(2026, 11, 1)).insert({"text": MARKERS[1]})
    return store


@pytest.mark.parametrize("encrypted_store", [False, True])
def test_copy_round_trip(tmp_path: Path, clock: FakeClock, encrypted_store: bool) -> None:
    codec = codec_for("the store's passphrase") if encrypted_store else None
    with _store_with_markers(tmp_path / "data", clock, codec) as store:
        sealed = build_encrypted_copy(store, "copy passphrase", params=FAST)
    assert not any(marker.encode() in sealed for marker in MARKERS)
    files = open_encrypted_copy(sealed, "copy passphrase")
    assert sorted(files) == ["main.json", "months/2026-11.json"]
    target = tmp_path / "restored"
    unpack(sealed, "copy passphrase", target)
    with Store.open(target, clock) as restored:
        assert SettingsRepository(restored).load() == {"note": MARKERS[0]}
        assert restored.month_table("journal", date(2026, 11, 1)).all() == [{"text": MARKERS[1]}]


def test_wrong_passphrase_or_damage_is_refused(tmp_path: Path, clock: FakeClock) -> None:
    with _store_with_markers(tmp_path / "data", clock) as store:
        sealed = build_encrypted_copy(store, "copy passphrase", params=FAST)
    with pytest.raises(CopyError, match="Wrong passphrase"):
        open_encrypted_copy(sealed, "copy passphrasE")
    with pytest.raises(CopyError, match="changed or cut short"):
        open_encrypted_copy(sealed[:-1], "copy passphrase")
    with pytest.raises(CopyError, match="isn't an encrypted copy"):
        open_encrypted_copy(b"PK\x03\x04 a zip", "copy passphrase")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("mine")
    with pytest.raises(CopyError, match="not empty"):
        unpack(sealed, "copy passphrase", tmp_path / "full")


def test_unpack_from_the_command_line(tmp_path: Path, clock: FakeClock, monkeypatch,
                                      capsys) -> None:
    with _store_with_markers(tmp_path / "data", clock) as store:
        sealed = build_encrypted_copy(store, "copy passphrase", params=FAST)
    copy = tmp_path / copy_file_name(clock.now())
    copy.write_bytes(sealed)
    assert copy.name == "Repair-encrypted-copy-2026-11-23-0930.repaircopy"
    monkeypatch.setattr("getpass.getpass", lambda prompt: "copy passphrase")
    assert main(["unpack", str(copy), str(tmp_path / "out")]) == 0
    assert "Wrote 2 files" in capsys.readouterr().out
    monkeypatch.setattr("getpass.getpass", lambda prompt: "nope")
    assert main(["unpack", str(copy), str(tmp_path / "out2")]) == 1
