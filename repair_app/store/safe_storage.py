"""A TinyDB storage that never leaves a half-written file behind.

Every write serialises the whole document to a temp file in the same folder, flushes
and fsyncs it, ``os.replace``-s it onto the target and fsyncs the folder. The old file
stays valid until the rename, so a crash at any moment leaves either the old or the new
document, never a mix.

The parsed document is kept in memory. ``read()`` re-parses only when the file was
replaced by someone else (its ``(st_ino, st_mtime_ns, st_size)`` changed), or, right
after the cross-process lock was taken, when its bytes differ from the ones last seen
(this catches an inode number being recycled within one timestamp tick).
"""

from __future__ import annotations

import contextlib
import json
import marshal
import os
import secrets
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from tinydb.storages import Storage

from .errors import DamagedFileError, StoreConflictError, StoreWriteError, WrongKeyError

Document = dict[str, dict[str, Any]]
Signature = tuple[int, int, int]
TEMP_SUFFIX = ".tmp"
#: How an encrypted file starts (see ``crypto_codec``).
ENCRYPTED_MAGIC = b"RPRENC01"


class Codec(Protocol):
    """Turns the serialised document into the bytes on disk and back (e.g. encryption)."""

    def encode(self, data: bytes) -> bytes: ...

    def decode(self, data: bytes) -> bytes: ...


class IdentityCodec:
    """The default codec: the file is plain UTF-8 JSON."""

    def encode(self, data: bytes) -> bytes:
        return data

    def decode(self, data: bytes) -> bytes:
        if data.startswith(ENCRYPTED_MAGIC):
            # An encrypted file opened without its key is not damage: leave it alone.
            raise WrongKeyError("This data is encrypted: it needs your passcode.")
        return data


class FileOps:
    """The file-system calls a write makes, as one object so tests can inject failures.

    Subclass and override a method to raise ``OSError(errno.ENOSPC, ...)`` etc.
    """

    def write(self, fd: int, data: bytes) -> None:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]

    def fsync(self, fd: int) -> None:
        if sys.platform == "darwin":  # plain fsync on macOS does not reach the platter
            import fcntl

            full_fsync = getattr(fcntl, "F_FULLFSYNC", None)
            if full_fsync is not None:
                with contextlib.suppress(OSError):
                    fcntl.fcntl(fd, full_fsync)
                    return
        os.fsync(fd)

    def replace(self, src: str, dst: str) -> None:
        if os.name != "nt":
            os.replace(src, dst)
            return
        # On Windows a reader holding the target open makes the rename fail for a moment.
        for attempt in range(20):
            try:
                os.replace(src, dst)
                return
            except PermissionError:
                if attempt == 19:
                    raise
                time.sleep(0.02)

    def fsync_dir(self, folder: str) -> None:
        """Make a rename durable. Best effort: not possible on Windows."""
        if os.name == "nt":
            return
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)

    def link(self, src: str, dst: str) -> None:
        os.link(src, dst)

    def copy(self, src: str, dst: str) -> None:
        shutil.copy2(src, dst)


DEFAULT_OPS = FileOps()
DEFAULT_CODEC = IdentityCodec()


def json_copy(value: Any) -> Any:
    """A deep copy of JSON-like data as plain dicts and lists (tuples become lists)."""
    if isinstance(value, dict):
        return {key: json_copy(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_copy(item) for item in value]
    return value


def serialise(data: Document) -> bytes:
    """UTF-8 JSON with non-ASCII kept as is (before the codec).

    Raises ``TypeError``/``ValueError`` for data JSON cannot hold (nothing is written).
    """
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def encode_document(data: Document, codec: Codec = DEFAULT_CODEC) -> bytes:
    """The bytes on disk for a document."""
    return codec.encode(serialise(data))


def decode_document(raw: bytes, path: Path, codec: Codec = DEFAULT_CODEC) -> Document:
    """Parse and validate one file; raise :class:`DamagedFileError` if it is not usable."""
    if not raw:
        raise DamagedFileError(path, "the file is empty")
    try:
        plain = codec.decode(raw)
    except WrongKeyError:
        raise
    except Exception as error:  # any codec failure means the bytes are not ours
        if getattr(error, "unencrypted", False):
            raise DamagedFileError(path, str(error), unencrypted=True) from error
        raise DamagedFileError(path, f"it could not be decoded: {error}") from error
    try:
        data = json.loads(plain.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise DamagedFileError(path, "it is not valid JSON") from error
    if not isinstance(data, dict):
        raise DamagedFileError(path, "it does not hold a JSON object")
    for name, table in data.items():
        if not isinstance(table, dict) or not all(isinstance(d, dict) for d in table.values()):
            raise DamagedFileError(path, f"its table {name!r} is not a set of documents")
        if not all(key.isascii() and key.isdigit() for key in table):
            raise DamagedFileError(path, f"its table {name!r} has records without a number")
    return data


def signature(st: os.stat_result | None) -> Signature | None:
    """What tells one version of a file from another without reading it."""
    if st is None:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def is_temp_name(name: str) -> bool:
    """Whether a file name is one of our in-flight temp files."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def temp_path_for(path: Path) -> Path:
    """A fresh temp name next to ``path`` (hidden, recognised by :func:`is_temp_name`)."""
    return path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}{TEMP_SUFFIX}"


def atomic_write_bytes(path: Path, raw: bytes, ops: FileOps = DEFAULT_OPS) -> None:
    """Temp file, fsync, ``os.replace``, fsync the folder.

    On failure the temp file is removed, ``path`` is untouched and
    :class:`StoreWriteError` (with a user-facing message) is raised.
    """
    folder = path.parent
    tmp = temp_path_for(path)
    fd: int | None = None
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
                     0o600)
        ops.write(fd, raw)
        ops.fsync(fd)
        os.close(fd)
        fd = None
        ops.replace(str(tmp), str(path))
    except OSError as error:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise StoreWriteError.from_os_error(error, folder) from error
    # The rename has happened: the new document is what everyone now reads.
    ops.fsync_dir(str(folder))


class _State:
    """One committed version: swapped as a whole, so readers never see a mix."""

    __slots__ = ("data", "raw", "sig", "_frozen")

    def __init__(self, data: Document | None, raw: bytes | None, sig: Signature | None):
        self.data = data
        self.raw = raw
        self.sig = sig
        self._frozen: bytes | None = None

    def copy_of_data(self) -> Document | None:
        """A deep copy of ``data``. The committed data is plain JSON types (it comes
        from ``json.loads``), so a marshal round trip is an exact, fast deep copy."""
        if self.data is None:
            return None
        if self._frozen is None:
            self._frozen = marshal.dumps(self.data)
        return marshal.loads(self._frozen)


class SafeJSONStorage(Storage):
    """Crash-safe, cross-process-aware JSON storage for TinyDB.

    ``lock`` is a re-entrant context manager (the store's file lock) taken around each
    write; ``on_damaged(storage, error)`` is called when the file does not parse and
    must repair the file on disk (it is then read once more). Without it, a damaged
    file raises :class:`DamagedFileError`.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        codec: Codec | None = None,
        ops: FileOps | None = None,
        lock: Any = None,
        on_damaged: Callable[[SafeJSONStorage, DamagedFileError], None] | None = None,
    ) -> None:
        super().__init__()
        self.path = Path(path)
        self._codec = codec if codec is not None else DEFAULT_CODEC
        self._ops = ops if ops is not None else DEFAULT_OPS
        self._lock = lock
        self._on_damaged = on_damaged
        self._state = _State(None, None, None)
        self._verify_bytes = False
        #: Bumped whenever the in-memory document changes (load or own write).
        self.generation = 0
        self.load()

    # -- reading ---------------------------------------------------------------------

    def load(self) -> None:
        """(Re)read the file now; hand damage to ``on_damaged`` once."""
        try:
            self._load_once()
        except DamagedFileError as error:
            if self._on_damaged is None:
                raise
            self._on_damaged(self, error)
            self._load_once()

    def _load_once(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                sig = signature(os.fstat(handle.fileno()))
                raw = handle.read()
        except FileNotFoundError:
            self._set_state(_State(None, None, None))
            return
        self._set_state(_State(decode_document(raw, self.path, self._codec), raw, sig))

    def _set_state(self, state: _State) -> None:
        self._state = state
        self.generation += 1

    def _disk_signature(self) -> Signature | None:
        try:
            return signature(os.stat(self.path))
        except FileNotFoundError:
            return None

    def expect_external_change(self) -> None:
        """Compare bytes, not only the stat signature, on the next refresh.

        Called when the cross-process lock is taken, so a read-modify-write inside a
        transaction is always based on the latest committed document.
        """
        self._verify_bytes = True

    def refresh(self) -> int:
        """Reload if another process replaced the file; return :attr:`generation`."""
        sig = self._disk_signature()
        state = self._state
        if sig != state.sig:
            self._verify_bytes = False
            self.load()
        elif self._verify_bytes:
            self._verify_bytes = False
            if sig is not None:
                try:
                    with open(self.path, "rb") as handle:
                        raw = handle.read()
                except FileNotFoundError:
                    raw = None
                if raw != state.raw:
                    self.load()
        return self.generation

    def read(self) -> Document | None:
        self.refresh()
        # TinyDB mutates what read() returns before calling write(): hand out a copy
        # so a write that fails cannot have touched the committed document.
        return self._state.copy_of_data()

    def peek(self) -> Document | None:
        """The committed document itself (no copy, no refresh). Do not mutate it."""
        return self._state.data

    # -- writing ---------------------------------------------------------------------

    def write(self, data: Document) -> None:
        plain = serialise(data)  # fails before touching anything
        # Keep exactly what a fresh parse of the file would give (int keys become
        # strings, tuples lists...), sharing nothing with the caller's objects.
        committed = json.loads(plain)
        raw = self._codec.encode(plain)
        with self._lock if self._lock is not None else contextlib.nullcontext():
            if self._disk_signature() != self._state.sig:
                # Someone replaced the file after we read it: writing now would
                # silently drop their change. (Inside a transaction this cannot happen.)
                self.refresh()
                raise StoreConflictError(str(self.path))
            atomic_write_bytes(self.path, raw, self._ops)
            self._set_state(_State(committed, raw, self._disk_signature()))

    def close(self) -> None:
        pass
