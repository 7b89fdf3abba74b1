"""Export -> delete all -> import gives back an identical store; bad imports change nothing."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import pytest

from repair_app.core.export_format import (
    ExportError,
    bundle_to_json,
    parse_bundle,
    parse_bundle_bytes,
)
from repair_app.store import CURRENT_SCHEMA, DocumentRepository, Store
from repair_app.store.data_transfer import delete_all_data, export_bundle, import_bundle

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.synthetic_history import build_history  # noqa: E402


def snapshot(store: Store) -> dict:
    """Every record of every shard, for comparing two stores."""
    main = {k: v for k, v in store.read_main().items() if not k.startswith("_")}
    months = {m.isoformat(): store.read_month(m) for m in store.months_with_data()}
    return {"main": main, "months": {k: v for k, v in months.items() if any(v.values())}}


@pytest.fixture
def rich_store(data_dir, clock):
    build_history(data_dir, 400, clock)
    store = Store.open(data_dir, clock)
    DocumentRepository(store, "journal").save({"text": "שלום 👋 عربى\u202e mixed\x07 text"})
    yield store
    store.close()


def test_export_delete_import_restores_an_identical_store(rich_store, clock):
    before = snapshot(rich_store)
    raw = bundle_to_json(export_bundle(rich_store, clock.now()))
    assert "שלום 👋" in raw.decode("utf-8")

    delete_all_data(rich_store)
    assert snapshot(rich_store) == {"main": {}, "months": {}}
    assert not (rich_store.data_dir / "backups").exists()

    bundle = parse_bundle_bytes(raw, current_schema=CURRENT_SCHEMA)
    import_bundle(rich_store, bundle, clock.now())
    assert snapshot(rich_store) == before

    rich_store.close()
    reopened = Store.open(rich_store.data_dir, clock)
    assert snapshot(reopened) == before
    reopened.close()


def test_import_saves_a_copy_of_what_it_replaces(rich_store, clock):
    before = snapshot(rich_store)
    empty = parse_bundle({"format": "repair-export", "schema": CURRENT_SCHEMA,
                          "exported_at": "2026-11-23T09:30:00+01:00", "main": {}, "months": {}},
                         current_schema=CURRENT_SCHEMA)
    copy = import_bundle(rich_store, empty, clock.now())
    assert snapshot(rich_store) == {"main": {}, "months": {}}
    saved = parse_bundle_bytes(copy.read_bytes(), current_schema=CURRENT_SCHEMA)
    assert {"main": saved.main, "months": saved.months} == {
        "main": before["main"],
        "months": {date.fromisoformat(k).strftime("%Y-%m"): v
                   for k, v in before["months"].items()}}


@pytest.mark.parametrize("raw", [
    b'{"format": "repair-export", "schema": 2, "exported_at": "2026-11-23T09:30:00", "ma',
    json.dumps({"format": "repair-export", "schema": 99, "exported_at": "2026-11-23T09:30:00",
                "main": {}, "months": {}}).encode(),
    json.dumps({"format": "repair-export", "schema": 2, "exported_at": "2026-11-23T09:30:00",
                "main": {"days": {"1": {"text": "x" * 200_000}}}, "months": {}}).encode(),
    json.dumps({"format": "repair-export", "schema": 2, "exported_at": "2026-11-23T09:30:00",
                "main": {"days": {"1": 5}}, "months": {}, "evil": True}).encode(),
])
def test_a_bad_file_is_refused_and_nothing_changes(rich_store, raw):
    before = snapshot(rich_store)
    files_before = sorted(p.name for p in rich_store.data_dir.rglob("*"))
    with pytest.raises(ExportError):
        import_bundle(rich_store, parse_bundle_bytes(raw, current_schema=CURRENT_SCHEMA), None)
    assert snapshot(rich_store) == before
    assert sorted(p.name for p in rich_store.data_dir.rglob("*")) == files_before


def test_delete_all_keeps_files_the_store_does_not_own(data_dir, clock):
    store = Store.open(data_dir, clock)
    DocumentRepository(store, "settings").save({"code_word": "pause"})
    (data_dir / "my-own-notes.txt").write_text("not Repair's")
    (data_dir / "main.json.damaged-20261101-101010").write_text("broken")
    delete_all_data(store)
    assert (data_dir / "my-own-notes.txt").read_text() == "not Repair's"
    assert not (data_dir / "main.json.damaged-20261101-101010").exists()
    assert DocumentRepository(store, "settings").load() is None
    DocumentRepository(store, "settings").save({"code_word": "again"})  # still usable
    store.close()
    reopened = Store.open(data_dir, clock)
    assert DocumentRepository(reopened, "settings").load() == {"code_word": "again"}
    reopened.close()


def test_deleted_text_is_gone_from_every_file(data_dir, clock):
    store = Store.open(data_dir, clock)
    DocumentRepository(store, "journal").save({"text": "MARKER-secret-words"})
    clock.advance(days=1)
    store.close()
    store = Store.open(data_dir, clock)  # takes a backup holding the marker
    assert any(b"MARKER-secret-words" in p.read_bytes()
               for p in data_dir.rglob("*") if p.is_file())
    delete_all_data(store)
    assert not any(b"MARKER-secret-words" in p.read_bytes()
                   for p in data_dir.rglob("*") if p.is_file())
    store.close()


# -- issue 15 (10): clear messages, not raw errors ----------------------------------------------


def test_import_where_the_safety_copy_cannot_be_written_says_so(data_dir, clock):
    from repair_app.core.export_format import make_bundle
    from repair_app.store import StoreWriteError

    with Store.open(data_dir, clock) as store:
        DocumentRepository(store, "journal").save({"text": "mine"})
        (data_dir / "exports").write_text("a file where the folder should be")
        with pytest.raises(StoreWriteError, match="Couldn't save"):
            import_bundle(store, make_bundle(CURRENT_SCHEMA, clock.now(), {}, {}), clock.now())
        assert DocumentRepository(store, "journal").load() == {"text": "mine"}


def test_export_works_on_a_read_only_mount(data_dir, clock, monkeypatch):
    import errno

    import filelock

    with Store.open(data_dir, clock) as store:
        DocumentRepository(store, "journal").save({"text": "mine"})

    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(filelock.FileLock, "acquire", read_only)
    with Store.open(data_dir, clock) as store:
        bundle = export_bundle(store, clock.now())
        assert bundle.main["journal"] == {"1": {"text": "mine"}}
        assert any("read-only" in notice for notice in store.notices)
