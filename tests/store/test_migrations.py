"""Schema versions: forward migrations on open, refusal of newer data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.store import (
    CURRENT_SCHEMA,
    MIGRATIONS,
    SettingsRepository,
    Store,
    StoreCorruptError,
    StoreTooNewError,
)

VERSION_1 = """{
  "_meta": {"1": {"schema": 1}},
  "settings": {
    "1": {"key": "theme", "value": "dark"},
    "2": {"key": "morning_time", "value": "07:45"},
    "3": {"key": "code_word", "value": "פסק זמן"},
    "10": {"key": "reminders", "value": {"morning": true, "days": [1, 2, 3]}},
    "4": {"key": "theme", "value": "light"}
  },
  "promises": {"1": {"text": "I'll call at lunch 📞"}}
}"""


def _write(data_dir: Path, text: str) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "main.json").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("with_meta", [True, False])
def test_version_1_file_is_migrated(data_dir: Path, clock: FakeClock, with_meta: bool) -> None:
    text = VERSION_1 if with_meta else VERSION_1.replace('"_meta": {"1": {"schema": 1}},', "")
    _write(data_dir, text)
    with Store.open(data_dir, clock) as store:
        assert SettingsRepository(store).load() == {
            "theme": "light",  # the later document (id 4) wins
            "morning_time": "07:45",
            "code_word": "פסק זמן",
            "reminders": {"morning": True, "days": [1, 2, 3]},
        }
        assert store.table("promises").all() == [{"text": "I'll call at lunch 📞"}]
        assert store.notices == []
    main = json.loads((data_dir / "main.json").read_text("utf-8"))
    assert main["_meta"] == {"1": {"schema": 2}}
    assert list(main["settings"]) == ["1"]
    # The pre-migration file is in today's backup.
    backup = json.loads((data_dir / "backups" / "2026-11-23" / "main.json").read_text("utf-8"))
    assert backup["settings"]["2"] == {"key": "morning_time", "value": "07:45"}


def test_migration_is_idempotent(data_dir: Path, clock: FakeClock) -> None:
    _write(data_dir, VERSION_1)
    with Store.open(data_dir, clock) as store:
        once = store.read_main()
        MIGRATIONS[0](store)  # as if a crash made it run again
        assert store.read_main() == once


def test_newer_schema_is_refused_and_left_untouched(data_dir: Path, clock: FakeClock) -> None:
    text = '{"_meta": {"1": {"schema": 3}}, "settings": {"1": {"shiny": "new"}}}'
    _write(data_dir, text)
    with pytest.raises(StoreTooNewError) as caught:
        Store.open(data_dir, clock)
    message = str(caught.value)
    assert "newer version of Repair" in message and "not changed" in message
    assert f"up to {CURRENT_SCHEMA}" in message
    assert isinstance(caught.value, StoreCorruptError)
    assert (data_dir / "main.json").read_text("utf-8") == text
    assert list(data_dir.glob("main.json.*")) == []


def test_unrecognised_schema_value_is_refused(data_dir: Path, clock: FakeClock) -> None:
    text = '{"_meta": {"1": {"schema": "two"}}}'
    _write(data_dir, text)
    with pytest.raises(StoreCorruptError, match="doesn't recognise"):
        Store.open(data_dir, clock)
    assert (data_dir / "main.json").read_text("utf-8") == text


def test_migrations_list_matches_the_current_version() -> None:
    assert len(MIGRATIONS) == CURRENT_SCHEMA - 1
