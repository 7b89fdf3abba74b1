"""Issue 15 (2): nothing private is written unencrypted while encryption is on.

Each step greps the data folder (and the temp folder the store could use) for marker text.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.core.export_format import make_bundle, parse_bundle_bytes
from repair_app.lock_service import LockService
from repair_app.store import CURRENT_SCHEMA, SettingsRepository, Store
from repair_app.store.data_transfer import export_bundle, import_bundle, read_safety_copy

from .crypto_helpers import FAST, MARKERS, files_containing

PHRASE = "river stone 42"
NEW_PHRASE = "sea glass 77"
NOVEMBER = date(2026, 11, 1)


def temp_hits(before: set[Path]) -> dict[str, list[str]]:
    """Markers in files that appeared in the system temp folder during the test."""
    root = Path(tempfile.gettempdir())
    found: dict[str, list[str]] = {}
    for path in root.glob("*"):
        if path.is_file() and path not in before:
            raw = path.read_bytes()
            hits = [m for m in MARKERS if m.encode() in raw]
            if hits:
                found[str(path)] = hits
    return found


@pytest.fixture
def encrypted(data_dir: Path, clock: FakeClock):
    store = Store.open(data_dir, clock)
    SettingsRepository(store).save({"note": MARKERS[0]})
    with store.transaction():
        store.month_table("journal", NOVEMBER).insert({"text": MARKERS[1]})
    lock = LockService.open(data_dir, clock, params=FAST)
    lock.turn_on(PHRASE, PHRASE, idle_seconds=60, encrypt=True, store=store)
    yield lock, store
    store.close()


def test_import_export_and_passcode_change_leave_no_plain_text(
        data_dir: Path, clock: FakeClock, encrypted) -> None:
    lock, store = encrypted
    before_temp = set(Path(tempfile.gettempdir()).glob("*"))
    assert files_containing(data_dir, MARKERS) == {}

    exported = export_bundle(store, clock.now())  # in memory: the user chooses where it goes
    assert files_containing(data_dir, MARKERS) == {}

    incoming = make_bundle(CURRENT_SCHEMA, clock.now(), {"settings": {"1": {"note": MARKERS[2]}}},
                           {"2026-10": {"journal": {"1": {"text": MARKERS[2]}}}})
    safety = import_bundle(store, incoming, clock.now())
    assert safety.exists() and files_containing(data_dir, MARKERS) == {}
    # The safety copy can still be read back with the journal's key.
    restored = parse_bundle_bytes(read_safety_copy(store, safety.read_bytes()),
                                  current_schema=CURRENT_SCHEMA)
    assert restored.main == exported.main and restored.months == exported.months

    assert lock.change_passcode(PHRASE, NEW_PHRASE, NEW_PHRASE, store).ok
    assert files_containing(data_dir, MARKERS) == {}
    assert temp_hits(before_temp) == {}
    # ... and under the new key.
    again = parse_bundle_bytes(read_safety_copy(store, safety.read_bytes()),
                               current_schema=CURRENT_SCHEMA)
    assert again.main == exported.main


def test_turning_encryption_off_and_on_covers_the_safety_copies(
        data_dir: Path, clock: FakeClock, encrypted) -> None:
    lock, store = encrypted
    safety = import_bundle(store, make_bundle(CURRENT_SCHEMA, clock.now(), {}, {}), clock.now())
    assert lock.set_encryption(PHRASE, False, store).ok
    plain = files_containing(data_dir, MARKERS)
    assert str(safety.relative_to(data_dir)) in plain  # decrypted with the rest
    assert lock.set_encryption(PHRASE, True, store).ok
    assert files_containing(data_dir, MARKERS) == {}


def test_a_plain_safety_copy_left_by_an_older_version_is_encrypted_at_the_next_open(
        data_dir: Path, clock: FakeClock, encrypted) -> None:
    lock, store = encrypted
    store.close()
    old_copy = data_dir / "exports" / "before-import-20261101-090000.json"
    old_copy.parent.mkdir(exist_ok=True)
    plain = ('{"format": "repair-export", "note": "' + MARKERS[0] + '"}').encode()
    old_copy.write_bytes(plain)
    with Store.open(data_dir, clock, codec=lock.codec) as reopened:
        assert files_containing(data_dir, MARKERS) == {}
        assert read_safety_copy(reopened, old_copy.read_bytes()) == plain
