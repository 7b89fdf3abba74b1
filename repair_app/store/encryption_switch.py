"""Turning encryption on, off, or to a new key: every file re-written, all or nothing.

(The same journal commits an import: :func:`replace_documents`.)

The store is many files (``main.json``, a shard per month, a snapshot folder per day,
and damaged files kept aside), and a rename is atomic for one file only. So the switch
is a small journal, all under the store's lock:

1. *Stage*: for every file, write its new form beside it as ``.<name>.switch-new``
   (fsynced). Backups that shared one file through hard links share the new one too.
   A crash here leaves the old store untouched; the staged files are deleted when the
   store is next opened.
2. *Commit*: write ``.encryption-switch.json`` (atomically) listing the staged files,
   the files to delete and the new lock settings. From this moment the switch counts
   as done.
3. *Roll forward*: rename each staged file onto its target, delete what is listed,
   write the new lock settings into ``device.json``, delete the marker. A crash here
   is finished by :func:`finish_interrupted_switch` the next time anything opens the
   store (it needs no passcode: it only renames).

So after any crash the folder holds either the old store (old key or plain) or the new
one, never a mix, and both open.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import filelock

from .backups import list_backups
from .crypto_codec import read_header
from .device_file import DeviceFile
from .errors import StoreCorruptError, StoreWriteError
from .layout import (
    EXPORTS_DIR,
    LOCK_FILE,
    MAIN_FILE,
    MONTHS_DIR,
    PROGRESS_SUMMARY_FILE,
    shard_relative_paths,
)
from .safe_storage import (
    DEFAULT_OPS,
    ENCRYPTED_MAGIC,
    Codec,
    Document,
    FileOps,
    IdentityCodec,
    atomic_write_bytes,
    encode_document,
)


class SwitchableStore(Protocol):
    """What a switch needs of the open store (``database.Store`` is one). Declared here,
    so this module, which ``database`` calls, never imports ``database`` back."""

    data_dir: Path

    @property
    def codec(self) -> Codec: ...

    @property
    def ops(self) -> FileOps: ...

    def transaction(self) -> contextlib.AbstractContextManager[Any]: ...

    def reopen(self, codec: Codec | None = None) -> None: ...

    def read_main(self) -> dict[str, Any]: ...

    def months_with_data(self) -> list[date]: ...

    def month_table(self, name: str, month: date) -> Any: ...

MARKER = ".encryption-switch.json"
STAGED_SUFFIX = ".switch-new"
DAMAGED_INFIX = ".damaged-"


def staged_path(path: Path) -> Path:
    return path.parent / f".{path.name}{STAGED_SUFFIX}"


@contextlib.contextmanager
def store_lock(data_dir: Path, timeout: float = 10.0) -> Iterator[None]:
    """The store's cross-process lock, for use before a :class:`Store` is open
    (re-entrant with the store's own, which is the same process-wide instance)."""
    lock = filelock.FileLock(Path(data_dir) / LOCK_FILE, is_singleton=True)
    try:
        lock.acquire(timeout=timeout)
    except filelock.Timeout as error:
        raise StoreWriteError.from_os_error(
            OSError(16, "another copy of Repair is busy with your data"), data_dir) from error
    except OSError as error:
        if error.errno != errno.EROFS:
            raise StoreWriteError.from_os_error(error, data_dir) from error
        yield  # read-only: nobody can write, and nothing here can be finished anyway
        return
    try:
        yield
    finally:
        lock.release()


def finish_interrupted_switch(data_dir: Path | str, ops: FileOps = DEFAULT_OPS) -> bool:
    """Complete a committed switch or remove an uncommitted one's staged files.

    Takes the store's lock. Returns True if a committed switch was rolled forward.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return False
    with store_lock(data_dir):
        marker = data_dir / MARKER
        try:
            raw = marker.read_bytes()
        except FileNotFoundError:
            for leftover in _staged_files(data_dir):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            return False
        try:
            plan = json.loads(raw.decode("utf-8"))
            files, remove = list(plan["files"]), list(plan["remove"])
            lock_doc = plan["lock"]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
            raise StoreCorruptError(
                f"Repair was changing how your data is encrypted and its note about that "
                f"({marker}) is damaged. Nothing was deleted; please report this."
            ) from error
        outside = [path for path in files + remove if not _inside(data_dir, path)]
        if outside:
            raise StoreCorruptError(
                f"Repair found a note about changing your data's encryption ({marker}) that "
                f"names files outside its data folder ({str(outside[0])[:80]!r}). Repair "
                "never writes such a note, so it was not followed and nothing was deleted. "
                "Please move that file away and open Repair again."
            )
        _roll_forward(data_dir, files, remove, lock_doc, ops)
        return True


def _inside(data_dir: Path, relative: object) -> bool:
    """Whether a path from the marker is a relative path to a file inside ``data_dir``
    (no ``..``, not absolute, no symlink leading out)."""
    if not isinstance(relative, str) or not relative or "\\" in relative or "\0" in relative:
        return False
    parts = relative.split("/")
    if relative.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return False
    if Path(relative).is_absolute() or Path(relative).drive:
        return False
    root = data_dir.resolve()
    try:
        resolved = (data_dir / relative).resolve()
    except (OSError, RuntimeError):
        return False
    return resolved != root and resolved.is_relative_to(root)


def store_is_encrypted(data_dir: Path | str) -> bytes | None:
    """The start of the first file with a readable encryption header, else None.

    Looks at ``main.json``, every month shard, then each backup's ``main.json`` (newest
    first), reading a few bytes of each and stopping at the first encrypted one. One
    plain, emptied or damaged file never decides: someone able to write to the folder
    must not be able to switch encryption off by replacing ``main.json``. The lock
    settings in ``device.json`` count too (see ``LockService``). Call after
    :func:`finish_interrupted_switch`.
    """
    data_dir = Path(data_dir)
    candidates = [data_dir / rel for rel in shard_relative_paths(data_dir)]
    candidates += [folder / MAIN_FILE for _, folder in list_backups(data_dir)]
    for path in candidates:
        try:
            with open(path, "rb") as handle:
                head = handle.read(256)
        except OSError:
            continue
        if not head.startswith(ENCRYPTED_MAGIC):
            continue
        try:
            read_header(head)
        except ValueError:  # a damaged header (one changed byte): look further
            continue
        return head
    return None


def switch_codec(store: SwitchableStore, new_codec: Codec, lock_document: dict[str, Any],
                 device: DeviceFile | None = None, ops: FileOps = DEFAULT_OPS) -> None:
    """Re-write every file of ``store`` with ``new_codec`` and commit ``lock_document`` as
    the ``lock`` section of ``device.json`` in the same step; then reopen the store.

    Raises :class:`StoreWriteError` if a staged file cannot be written (the old store
    is then untouched and the staged files are removed).
    """
    data_dir = store.data_dir
    device = device or DeviceFile(data_dir)
    with store.transaction():
        finish_interrupted_switch(data_dir, ops)
        # Progress's summary is a cache in the old encoding: gone before anything else
        # (rebuilt, in the new one, when Progress next opens).
        with contextlib.suppress(FileNotFoundError):
            (data_dir / PROGRESS_SUMMARY_FILE).unlink()
        _open_every_shard(store)  # runs the store's own recovery on any damaged shard
        old_codec = store.codec
        files: list[str] = []
        remove: list[str] = []
        written: list[Path] = []
        linked: dict[tuple[int, int], Path] = {}
        try:
            for relative, new_bytes, identity in _plan(data_dir, old_codec, new_codec):
                target = data_dir / relative
                if new_bytes is None:
                    remove.append(relative)
                    continue
                staged = staged_path(target)
                source = linked.get(identity) if identity is not None else None
                if source is None or not _try_link(source, staged):
                    _write_staged(staged, new_bytes, ops)
                    if identity is not None:
                        linked[identity] = staged
                written.append(staged)
                files.append(relative)
            for folder in sorted({path.parent for path in written}):
                ops.fsync_dir(str(folder))
            marker = json.dumps({"files": files, "remove": remove, "lock": lock_document})
            atomic_write_bytes(data_dir / MARKER, marker.encode("utf-8"), ops)
        except BaseException:
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        _roll_forward(data_dir, files, remove, lock_document, ops, device)
        store.reopen(new_codec)


def replace_documents(store: SwitchableStore, documents: dict[str, Document],
                      ops: FileOps | None = None) -> None:
    """Replace several shards of ``store`` at once, all or nothing (used by imports).

    ``documents`` maps relative shard paths (``main.json``, ``months/YYYY-MM.json``) to
    their new documents, encoded with the store's codec. The same journal as a switch:
    stage every file, write the one commit marker, rename; a crash before the marker
    leaves the old files, after it the next open finishes the new ones. Raises
    :class:`StoreWriteError` (nothing changed) if a staged file cannot be written.
    """
    data_dir = store.data_dir
    ops = ops if ops is not None else store.ops
    with store.transaction():
        finish_interrupted_switch(data_dir, ops)
        files: list[str] = []
        written: list[Path] = []
        try:
            for relative, document in documents.items():
                staged = staged_path(data_dir / relative)
                _write_staged(staged, encode_document(document, store.codec), ops)
                written.append(staged)
                files.append(relative)
            for folder in sorted({path.parent for path in written}):
                ops.fsync_dir(str(folder))
            marker = json.dumps({"files": files, "remove": [], "lock": None})
            atomic_write_bytes(data_dir / MARKER, marker.encode("utf-8"), ops)
        except BaseException:
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        try:
            _roll_forward(data_dir, files, [], None, ops)
        finally:
            store.reopen()  # every holder reads the new files from now on


# -- internals ---------------------------------------------------------------------------


def _open_every_shard(store: SwitchableStore) -> None:
    """Re-read every shard from disk; a damaged one is recovered by the store as usual."""
    store.reopen(store.codec)
    store.read_main()
    for month in store.months_with_data():
        store.month_table("_meta", month)


def _plan(data_dir: Path, old: Codec, new: Codec
          ) -> Iterator[tuple[str, bytes | None, tuple[int, int] | None]]:
    """(relative path, new bytes or None to delete, identity of the source inode)."""
    for relative in shard_relative_paths(data_dir):
        raw = (data_dir / relative).read_bytes()
        yield relative, new.encode(old.decode(raw)), None
    for relative in _damaged_files(data_dir):
        raw = (data_dir / relative).read_bytes()
        converted = _convert_opaque(raw, old, new)
        if converted is not None:
            yield relative, converted, None
    for relative in _safety_copies(data_dir):
        raw = (data_dir / relative).read_bytes()
        converted = _convert_export(raw, old, new)
        if converted is not None:
            yield relative, converted, None
    for _, folder in list_backups(data_dir):
        for shard in shard_relative_paths(folder):
            path = folder / shard
            relative = path.relative_to(data_dir).as_posix()
            try:
                raw = path.read_bytes()
                stat = os.stat(path)
            except OSError:
                continue
            try:
                plain = old.decode(raw)
            except Exception:  # a damaged backup: nothing can be restored from it
                if raw.startswith(ENCRYPTED_MAGIC) or isinstance(new, IdentityCodec):
                    yield relative, None, None  # undecryptable, or would stay as it is: drop
                else:
                    yield relative, new.encode(raw), None  # plain garbage: hide it too
                continue
            yield relative, new.encode(plain), (stat.st_dev, stat.st_ino)


def _convert_opaque(raw: bytes, old: Codec, new: Codec) -> bytes | None:
    """A damaged file kept aside: re-encode its bytes as they are, or leave it (None)."""
    try:
        plain = old.decode(raw)
    except Exception:
        return None  # encrypted and unreadable (it was damaged or forged): reveals nothing
    return new.encode(plain)


def _convert_export(raw: bytes, old: Codec, new: Codec) -> bytes | None:
    """A safety copy in ``exports/``: re-encoded like the store. One written in plain
    text while the journal was encrypted (by an older version) is encrypted too."""
    try:
        plain = old.decode(raw)
    except Exception:
        if raw.startswith(ENCRYPTED_MAGIC) or isinstance(new, IdentityCodec):
            return None  # another key's, or already plain and staying plain
        plain = raw
    return new.encode(plain)


def _safety_copies(data_dir: Path) -> list[str]:
    try:
        with os.scandir(data_dir / EXPORTS_DIR) as entries:
            names = [e.name for e in entries
                     if e.name.endswith(".json") and not e.name.startswith(".")
                     and e.is_file(follow_symlinks=False)]
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [f"{EXPORTS_DIR}/{name}" for name in sorted(names)]


def _damaged_files(data_dir: Path) -> list[str]:
    found = []
    for folder in (data_dir, data_dir / MONTHS_DIR):
        try:
            with os.scandir(folder) as entries:
                names = [e.name for e in entries
                         if DAMAGED_INFIX in e.name and e.is_file(follow_symlinks=False)
                         and not e.name.startswith(".")]
        except FileNotFoundError:
            continue
        prefix = "" if folder == data_dir else f"{MONTHS_DIR}/"
        found += [prefix + name for name in sorted(names)]
    return found


def _staged_files(data_dir: Path) -> list[Path]:
    folders = [data_dir, data_dir / MONTHS_DIR, data_dir / EXPORTS_DIR]
    for _, folder in list_backups(data_dir):
        folders += [folder, folder / MONTHS_DIR]
    found = []
    for folder in folders:
        try:
            with os.scandir(folder) as entries:
                found += [Path(e.path) for e in entries if e.name.endswith(STAGED_SUFFIX)]
        except FileNotFoundError:
            continue
    return found


def _write_staged(path: Path, data: bytes, ops: FileOps) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        ops.write(fd, data)
        ops.fsync(fd)
    except OSError as error:
        os.close(fd)
        with contextlib.suppress(OSError):
            path.unlink()
        raise StoreWriteError.from_os_error(error, path.parent) from error
    os.close(fd)


def _try_link(source: Path, target: Path) -> bool:
    try:
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        os.link(source, target)
        return True
    except OSError:
        return False


def _roll_forward(data_dir: Path, files: list[str], remove: list[str], lock_doc: Any,
                  ops: FileOps, device: DeviceFile | None = None) -> None:
    folders: set[Path] = set()
    for relative in files:
        target = data_dir / relative
        staged = staged_path(target)
        if staged.exists():
            ops.replace(str(staged), str(target))
            folders.add(target.parent)
    for relative in remove:
        with contextlib.suppress(FileNotFoundError):
            (data_dir / relative).unlink()
            folders.add((data_dir / relative).parent)
    for folder in sorted(folders):
        ops.fsync_dir(str(folder))
    if isinstance(lock_doc, dict):
        (device or DeviceFile(data_dir)).save_section("lock", lock_doc)
    (data_dir / MARKER).unlink()
    ops.fsync_dir(str(data_dir))
