"""SafeJSONStorage: exact round trips, failed writes that change nothing, reloads."""

from __future__ import annotations

import errno
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import TinyDB

from repair_app.store import (
    DamagedFileError,
    SafeJSONStorage,
    StoreConflictError,
    StoreWriteError,
    WrongKeyError,
)

from .store_helpers import FailingOps, temp_files

TRICKY = [
    "I'm sorry 🙏🏽 — let's try again ❤️‍🩹",
    "👨‍👩‍👧‍👦 family emoji with ZWJ",
    "مرحبا، كيف حالك؟",  # Arabic (RTL)
    "שלום! מה שלומך?",  # Hebrew (RTL)
    "mixed: abc שלום 123 مرحبا xyz",
    "\u202eRLO override\u202c and \u200fRLM\u200e",
    "".join(chr(c) for c in range(0x00, 0x20)) + "\x7f",  # every C0 control + DEL
    "line\u2028separator\u2029paragraph\ufeffBOM",
    '"quotes" \\backslash\\ /slash/ \t\r\n',
    "日本語のテキスト and 한국어",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral plane 𝟘𝟙𝟚",
]


def _document() -> dict:
    return {
        "notes": {str(i + 1): {"text": text} for i, text in enumerate(TRICKY)},
        "big": {"1": {"text": "x🙂ש" * 33_334}},  # just over 100,000 characters
    }


def test_round_trip_is_exact(tmp_path: Path) -> None:
    path = tmp_path / "shard.json"
    storage = SafeJSONStorage(path)
    storage.write(_document())

    again = SafeJSONStorage(path)
    assert again.read() == _document()
    assert len(again.read()["big"]["1"]["text"]) == 100_002
    # Stored as real UTF-8 (not \u escapes) and as valid JSON.
    raw = path.read_bytes()
    assert "שלום".encode() in raw and "🙏🏽".encode() in raw
    assert json.loads(raw.decode("utf-8")) == _document()


def test_round_trip_through_tinydb(tmp_path: Path) -> None:
    path = tmp_path / "shard.json"
    db = TinyDB(storage=lambda: SafeJSONStorage(path))
    ids = [db.table("notes").insert({"text": text}) for text in TRICKY]
    db2 = TinyDB(storage=lambda: SafeJSONStorage(path))
    assert [db2.table("notes").get(doc_id=i)["text"] for i in ids] == TRICKY


def test_read_returns_a_copy(tmp_path: Path) -> None:
    storage = SafeJSONStorage(tmp_path / "s.json")
    storage.write({"t": {"1": {"tags": ["a"]}}})
    first = storage.read()
    first["t"]["1"]["tags"].append("mutated")
    first["t"]["2"] = {}
    assert storage.read() == {"t": {"1": {"tags": ["a"]}}}


def test_written_objects_are_not_shared_with_the_caller(tmp_path: Path) -> None:
    storage = SafeJSONStorage(tmp_path / "s.json")
    tags = ["a"]
    storage.write({"t": {"1": {"tags": tags, 5: "int key"}}})
    tags.append("later")
    # Memory holds exactly what the file holds (int keys become strings, as in JSON).
    assert storage.read() == {"t": {"1": {"tags": ["a"], "5": "int key"}}}
    assert SafeJSONStorage(tmp_path / "s.json").read() == storage.read()


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
@pytest.mark.parametrize(
    ("err_no", "expected"),
    [
        (errno.ENOSPC, "Couldn't save: the disk is full. Nothing you wrote before this was lost."),
        (errno.EACCES, "isn't allowed to write to its data folder"),
        (errno.EPERM, "isn't allowed to write to its data folder"),
        (errno.EROFS, "the storage is read-only"),
        (errno.EIO, "problem with the disk"),
    ],
)
def test_failed_write_changes_nothing(tmp_path: Path, where: str, err_no: int,
                                      expected: str) -> None:
    path = tmp_path / "shard.json"
    ops = FailingOps(err_no, where)
    db = TinyDB(storage=lambda: SafeJSONStorage(path, ops=ops))
    table = db.table("days")
    table.insert({"day": "2026-11-23", "done": ["walk"], "kept": True})
    disk_before = path.read_bytes()
    memory_before = db.storage.read()

    ops.failing = True
    with pytest.raises(StoreWriteError) as caught:
        # An in-place update: TinyDB mutates the dict it read before writing it.
        table.update({"kept": False, "done": ["walk", "talk"]}, doc_ids=[1])
    assert expected in str(caught.value)
    assert str(caught.value).endswith("Nothing you wrote before this was lost.")
    assert caught.value.errno == err_no
    assert isinstance(caught.value, OSError)
    assert ops.calls == 1

    assert path.read_bytes() == disk_before
    assert db.storage.read() == memory_before
    assert table.get(doc_id=1) == {"day": "2026-11-23", "done": ["walk"], "kept": True}
    assert temp_files(tmp_path) == []

    ops.failing = False
    table.update({"kept": False}, doc_ids=[1])
    assert table.get(doc_id=1)["kept"] is False
    assert SafeJSONStorage(path).read()["days"]["1"]["kept"] is False
    assert temp_files(tmp_path) == []


def test_failed_first_write_leaves_no_file(tmp_path: Path) -> None:
    ops = FailingOps(errno.ENOSPC, "replace")
    ops.failing = True
    storage = SafeJSONStorage(tmp_path / "new.json", ops=ops)
    with pytest.raises(StoreWriteError):
        storage.write({"t": {}})
    assert list(tmp_path.iterdir()) == []
    assert storage.read() is None


def test_unserialisable_data_changes_nothing(tmp_path: Path) -> None:
    storage = SafeJSONStorage(tmp_path / "s.json")
    storage.write({"t": {"1": {"a": 1}}})
    with pytest.raises(TypeError):
        storage.write({"t": {"1": {"a": {1, 2}}}})
    with pytest.raises(UnicodeEncodeError):
        storage.write({"t": {"1": {"a": "lone \ud800 surrogate"}}})
    assert storage.read() == {"t": {"1": {"a": 1}}}
    assert temp_files(tmp_path) == []


def test_notices_a_file_replaced_by_another_process(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    mine, theirs = SafeJSONStorage(path), SafeJSONStorage(path)
    mine.write({"t": {"1": {"n": 1}}})
    assert theirs.read() == {"t": {"1": {"n": 1}}}
    theirs.write({"t": {"1": {"n": 2}}})
    assert mine.read() == {"t": {"1": {"n": 2}}}


def test_does_not_reparse_an_unchanged_file(tmp_path: Path) -> None:
    storage = SafeJSONStorage(tmp_path / "s.json")
    storage.write({"t": {"1": {"n": 1}}})
    generation = storage.generation
    for _ in range(5):
        storage.read()
    assert storage.generation == generation


def test_write_based_on_stale_data_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    mine, theirs = SafeJSONStorage(path), SafeJSONStorage(path)
    mine.write({"t": {"1": {"n": 1}}})
    stale = theirs.read()
    mine.write({"t": {"1": {"n": 2}}})
    stale["t"]["1"]["n"] = 99
    with pytest.raises(StoreConflictError):
        theirs.write(stale)
    assert SafeJSONStorage(path).read() == {"t": {"1": {"n": 2}}}
    assert theirs.read() == {"t": {"1": {"n": 2}}}


def test_byte_check_catches_a_change_the_stat_signature_misses(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    storage = SafeJSONStorage(path)
    storage.write({"t": {"1": {"n": 1}}})
    before = os.stat(path)
    # Same inode, same size, same mtime: what a recycled inode within one tick looks like.
    with open(path, "r+b") as handle:
        handle.write(b'{"t":{"1":{"n":7}}}')
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert storage.read() == {"t": {"1": {"n": 1}}}  # stat alone cannot tell
    storage.expect_external_change()  # what taking the store lock does
    assert storage.read() == {"t": {"1": {"n": 7}}}


class XorCodec:
    def __init__(self, key: int) -> None:
        self.key = key

    def encode(self, data: bytes) -> bytes:
        return b"XOR1" + bytes(b ^ self.key for b in data)

    def decode(self, data: bytes) -> bytes:
        if not data.startswith(b"XOR1"):
            raise ValueError("not an XOR1 file")
        plain = bytes(b ^ self.key for b in data[4:])
        if not plain.startswith(b"{"):
            raise WrongKeyError("wrong key")
        return plain


def test_codec_round_trip_and_failure(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    SafeJSONStorage(path, codec=XorCodec(0x5A)).write(_document())
    assert "שלום".encode() not in path.read_bytes()
    assert SafeJSONStorage(path, codec=XorCodec(0x5A)).read() == _document()
    with pytest.raises(WrongKeyError):
        SafeJSONStorage(path, codec=XorCodec(0x33))
    path.write_bytes(b"garbage")
    with pytest.raises(DamagedFileError, match="could not be decoded"):
        SafeJSONStorage(path, codec=XorCodec(0x5A))


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b'{"t": {"1": {"n": 1}', "not valid JSON"),
        (bytes(range(256)) * 4, "not valid JSON"),
        (b"[1, 2, 3]", "JSON object"),
        (b'{"t": [1]}', "table"),
        (b'{"t": {"1": 5}}', "table"),
    ],
)
def test_damaged_files_are_recognised(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(content)
    with pytest.raises(DamagedFileError, match=reason):
        SafeJSONStorage(path)


_JSON_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False)
    | st.text(st.characters(exclude_categories=("Cs",)))
)
_JSON = st.recursive(
    _JSON_SCALARS,
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",))), children, max_size=4),
    max_leaves=12,
)
_TEXT = st.text(st.characters(exclude_categories=("Cs",)))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.dictionaries(_TEXT, _TEXT, max_size=8),
    nested=st.dictionaries(_TEXT, _JSON, max_size=4),
)
def test_any_json_document_round_trips(texts: dict, nested: dict) -> None:
    document = {"texts": {"1": texts}, "nested": {"1": nested}}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "s.json"
        storage = SafeJSONStorage(path)
        storage.write(document)
        assert storage.read() == document
        assert SafeJSONStorage(path).read() == document
