"""The store: a directory of small TinyDB files ("shards") behind one lock.

``main.json`` holds settings and small tables; date-keyed records live in monthly
shards ``months/YYYY-MM.json``, opened on first use. A write rewrites one shard only,
so its cost does not grow with years of history.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import filelock
from tinydb import TinyDB
from tinydb.table import Table

from repair_app.core.clock import Clock, local_today

from . import backups, encryption_switch, migrations, recovery
from .device_file import lock_settings_say_encrypted
from .errors import (
    DamagedFileError,
    StoreWriteError,
    WrongKeyError,
    disk_problem,
    write_error_message,
)
from .layout import (
    EXPORTS_DIR,
    LOCK_FILE,
    MAIN_FILE,
    MONTHS_DIR,
    OWNED_FILE_PREFIXES,
    OWNED_FOLDERS,
    month_file_name,
    month_of_file_name,
    month_shard_names,
)
from .safe_storage import (
    DEFAULT_CODEC,
    DEFAULT_OPS,
    ENCRYPTED_MAGIC,
    Codec,
    Document,
    FileOps,
    IdentityCodec,
    SafeJSONStorage,
    atomic_write_bytes,
    decode_document,
    is_temp_name,
    json_copy,
)


class _FreshTable(Table):
    """A TinyDB table that notices when another process changed its file.

    TinyDB caches query results and the next document id per table; both are dropped
    whenever the storage reloaded the file.
    """

    def __init__(self, storage: SafeJSONStorage, name: str, *args: Any, **kwargs: Any) -> None:
        self._seen_generation = -1
        super().__init__(storage, name, *args, **kwargs)

    def _sync(self) -> None:
        generation = self._storage.refresh()
        if generation != self._seen_generation:
            self.clear_cache()
            self._next_id = None
            self._seen_generation = generation

    def search(self, cond: Any) -> list:
        self._sync()
        return super().search(cond)

    def _get_next_id(self) -> int:
        self._sync()
        return super()._get_next_id()


class _ShardDB(TinyDB):
    table_class = _FreshTable


class _StoreLock:
    """Re-entrant lock across processes and threads (``filelock`` on ``.repair.lock``)."""

    def __init__(self, path: Path, timeout: float, on_first_acquire: Callable[[], None]):
        self._path = path
        self._lock = filelock.FileLock(path, is_singleton=True)
        self._timeout = timeout
        self._local = threading.local()
        self._on_first_acquire = on_first_acquire
        #: Set once the lock file could not be opened because the file system is read-only.
        self.read_only = False

    def __enter__(self) -> _StoreLock:
        held = True
        try:
            self._lock.acquire(timeout=self._timeout)
        except filelock.Timeout as error:
            raise StoreWriteError(errno.EBUSY, write_error_message(errno.EBUSY),
                                  str(self._path)) from error
        except OSError as error:
            if error.errno != errno.EROFS:
                raise StoreWriteError.from_os_error(error, self._path.parent) from error
            # A read-only file system: nobody can write, so reading needs no lock (an
            # export still works); every write fails with its own clear message.
            held = False
            self.read_only = True
        stack = self._held_stack()
        stack.append(held)
        if len(stack) == 1:
            try:
                self._on_first_acquire()
            except BaseException:
                self.__exit__(None, None, None)
                raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._held_stack().pop():
            self._lock.release()

    def _held_stack(self) -> list[bool]:
        stack = getattr(self._local, "held", None)
        if stack is None:
            stack = self._local.held = []
        return stack


class Store:
    """Open with :meth:`Store.open`; see the module docstring for the layout."""

    def __init__(self, data_dir: Path, clock: Clock, *, codec: Codec | None = None,
                 ops: FileOps | None = None, lock_timeout: float = 10.0) -> None:
        self.data_dir = Path(data_dir)
        self.clock = clock
        #: Plain-words messages for the user about what happened while opening/reading.
        self.notices: list[str] = []
        self._codec = codec if codec is not None else DEFAULT_CODEC
        self._ops = ops if ops is not None else DEFAULT_OPS
        self._lock = _StoreLock(self.data_dir / LOCK_FILE, lock_timeout, self._lock_taken)
        self._guard = threading.Lock()
        self._main: _ShardDB | None = None
        self._months: dict[tuple[int, int], _ShardDB] = {}

    @classmethod
    def open(cls, data_dir: Path | str, clock: Clock, *, codec: Codec | None = None,
             ops: FileOps | None = None, lock_timeout: float = 10.0,
             backup: bool = True) -> Store:
        """Create the folder if needed, recover damage, back up (once a day), migrate.

        Raises :class:`StoreTooNewError` for data from a newer app version (left
        untouched), :class:`StoreCorruptError` if damage cannot be handled, and
        :class:`StoreWriteError` if the folder cannot be written.
        """
        data_dir = Path(data_dir)
        try:
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)  # private notes
            (data_dir / MONTHS_DIR).mkdir(mode=0o700, exist_ok=True)
        except OSError as error:
            raise StoreWriteError.from_os_error(error, data_dir) from error
        store = cls(data_dir, clock, codec=codec, ops=ops, lock_timeout=lock_timeout)
        try:
            with store.transaction():
                encryption_switch.finish_interrupted_switch(data_dir, store._ops)
                store._refuse_keyless_open_of_encrypted_data()
                store._remove_stale_temp_files()
                store._main = store._open_main()
                store._check_main_shape()
                store._restore_missing_months()
                store._seal_plain_safety_copies()
                migrations.check_supported(store)
                if backup:
                    store._daily_backup()
                migrations.migrate(store)
            if store._lock.read_only:
                store.notices.append(
                    "Your data folder is read-only: you can read and export everything, but "
                    "nothing new can be saved until it can be written again.")
        except BaseException:
            store.close()
            raise
        return store

    # -- tables ----------------------------------------------------------------------

    def table(self, name: str) -> Table:
        """A table in ``main.json``."""
        return self._main_db().table(name)

    def month_table(self, name: str, month: date) -> Table:
        """Table ``name`` in the shard of ``month``'s calendar month (opened lazily)."""
        return self._month_db(month).table(name)

    def months_with_data(self) -> list[date]:
        """First days of the months that have a shard file, oldest first (nothing parsed)."""
        return [month_of_file_name(name) for name in month_shard_names(self._months_dir)]

    def month_file_digest(self, month: date) -> str | None:
        """A hash of the bytes of ``month``'s shard file as it is on disk (None: no file).
        Any write, by any process, changes it; reading it parses nothing."""
        try:
            raw = self._month_path(month).read_bytes()
        except FileNotFoundError:
            return None
        return hashlib.blake2b(raw, digest_size=16).hexdigest()

    def opened_months(self) -> list[date]:
        """Months whose shard this store has opened (parsed) so far."""
        with self._guard:
            keys = list(self._months)
        return sorted(date(y, m, 1) for y, m in keys)

    # -- transactions and raw access -------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Store]:
        """Hold the cross-process lock for a read-modify-write (re-entrant).

        Inside, every read sees the latest data committed by any process.
        """
        with self._lock:
            yield self

    def main_version(self) -> tuple[int, int]:
        """Changes whenever ``main.json`` changed (any process, any window): cheap, one
        ``stat``. For caches of something kept in ``main.json``, such as the settings."""
        storage = self._main_db().storage
        return id(storage), storage.refresh()

    def read_main(self) -> Document:
        """A copy of the whole ``main.json`` document ({table: {id: doc}})."""
        return self._main_db().storage.read() or {}

    def rewrite_main(self, change: Callable[[Document], None]) -> None:
        """Apply ``change`` to a copy of the whole ``main.json`` document; one write."""
        self._rewrite(self._main_db().storage, change)

    def read_month(self, month: date) -> Document:
        """A copy of one month shard's whole document ({table: {id: doc}})."""
        return self._month_db(month).storage.read() or {}

    def delete_everything(self) -> None:
        """Remove every shard, every backup and every damaged copy; start empty.

        The store stays usable (an empty ``main.json`` is written at once, stamped with
        the current schema). Used by "Delete all my data".
        """
        with self.transaction():
            with self._guard:
                months, self._months = self._months, {}
            for db in months.values():
                db.close()
            # Only names the store owns: --data-dir may point at a folder with other files.
            for folder in OWNED_FOLDERS:
                shutil.rmtree(self.data_dir / folder, ignore_errors=True)
            for entry in list(self.data_dir.iterdir()):
                if entry.is_file() and (entry.name.startswith(OWNED_FILE_PREFIXES)
                                        or is_temp_name(entry.name)):
                    entry.unlink()
            self._months_dir.mkdir(parents=True, exist_ok=True)
            if self._main is not None:
                self._main.close()
            self._main = self._open_main_fresh()
            migrations.migrate(self)

    def rewrite_month(self, month: date, change: Callable[[Document], None]) -> None:
        """Like :meth:`rewrite_main` for one month shard (for migrations and bulk edits)."""
        self._rewrite(self._month_db(month).storage, change)

    @property
    def ops(self) -> FileOps:
        """The file-system calls this store's writes make (tests inject failures)."""
        return self._ops

    @property
    def codec(self) -> Codec:
        """How the files are encoded on disk (plain, or encrypted)."""
        return self._codec

    def reopen(self, codec: Codec | None = None) -> None:
        """Drop every open shard and read ``main.json`` again, with ``codec`` from now on.

        Used after the files were re-written with another codec (see
        ``encryption_switch``); every holder of this store keeps working with it.
        """
        with self.transaction():
            self.close()
            if codec is not None:
                self._codec = codec
            self._main = self._open_main()

    def close(self) -> None:
        with self._guard:
            months, self._months = self._months, {}
        for db in months.values():
            db.close()
        if self._main is not None:
            self._main.close()
            self._main = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- internals -------------------------------------------------------------------

    @property
    def _months_dir(self) -> Path:
        return self.data_dir / MONTHS_DIR

    def _month_path(self, month: date) -> Path:
        return self._months_dir / month_file_name(month)

    def _main_db(self) -> _ShardDB:
        if self._main is None:
            raise RuntimeError("The store is closed.")
        return self._main

    def _month_db(self, month: date) -> _ShardDB:
        key = (month.year, month.month)
        db = self._months.get(key)
        if db is None:
            # Opened outside the guard: recovery takes the file lock, and a thread
            # holding the file lock may be waiting for the guard.
            opened = self._open_shard(self._month_path(month), date(month.year, month.month, 1))
            with self._guard:
                db = self._months.setdefault(key, opened)
        return db

    def _rewrite(self, storage: SafeJSONStorage, change: Callable[[Document], None]) -> None:
        with self.transaction():
            data = storage.read() or {}
            before = json_copy(data)
            change(data)
            if data != before:
                storage.write(data)

    def _lock_taken(self) -> None:
        # Another process may have written while we did not hold the lock.
        for db in self._open_dbs():
            db.storage.expect_external_change()

    def _open_dbs(self) -> list[_ShardDB]:
        with self._guard:
            dbs = list(self._months.values())
        return dbs + ([self._main] if self._main is not None else [])

    def _open_main_fresh(self) -> _ShardDB:
        return self._open_shard(self.data_dir / MAIN_FILE, None)

    def _open_main(self) -> _ShardDB:
        path = self.data_dir / MAIN_FILE
        if not path.exists():
            notice = recovery.restore_missing_main(self.data_dir, MAIN_FILE, self._codec,
                                                   self._ops)
            if notice:
                self.notices.append(notice)
        return self._open_shard(path, None)

    def _open_shard(self, path: Path, month: date | None) -> _ShardDB:
        def on_damaged(storage: SafeJSONStorage, error: DamagedFileError) -> None:
            self._recover(path, month, error)

        storage = SafeJSONStorage(path, codec=self._codec, ops=self._ops, lock=self._lock,
                                  on_damaged=on_damaged)
        return _ShardDB(storage=lambda: storage)

    def _recover(self, path: Path, month: date | None, error: DamagedFileError) -> None:
        with self._lock:
            try:  # another process may have recovered it while we waited for the lock
                decode_document(path.read_bytes(), path, self._codec)
                return
            except FileNotFoundError:
                return
            except DamagedFileError:
                pass
            relative = path.relative_to(self.data_dir).as_posix()
            self.notices.append(recovery.recover_damaged_file(
                self.data_dir, relative, error, self.clock, month=month, codec=self._codec,
                ops=self._ops))

    def _daily_backup(self) -> None:
        """Today's snapshot. One that can't be taken (full disk, read-only backups
        folder) never stops the data from opening: the user is told, and the next
        start tries again."""
        damaged: list[str] = []
        try:
            backups.make_daily_backup(self.data_dir, local_today(self.clock), ops=self._ops,
                                      codec=self._codec, damaged=damaged)
        except OSError as error:
            reason = disk_problem(error.errno, self.data_dir, error.strerror)
            self.notices.append(f"Today's backup couldn't be made ({reason}). Your data "
                                "opened as usual; Repair tries again next time.")
        for relative in damaged:  # found while backing up: recovered now, not months later
            month = month_of_file_name(relative.rpartition("/")[2])
            if month is not None:
                self._month_db(month)

    def _refuse_keyless_open_of_encrypted_data(self) -> None:
        """Opened without a key (plain codec) while the data is encrypted, by the lock
        settings or by any file: refuse before anything is read or written, however
        ``main.json`` looks (a planted plain one must never become the journal)."""
        if not isinstance(self._codec, IdentityCodec):
            return
        if encryption_switch.store_is_encrypted(self.data_dir) is not None \
                or lock_settings_say_encrypted(self.data_dir):
            raise WrongKeyError("This data is encrypted: it needs your passcode.")

    def _check_main_shape(self) -> None:
        """A ``main.json`` that parses but holds nothing of ours (``{}``, no schema stamp)
        while the store has months or backups is damage, not a new store: it is kept
        aside and the newest good backup restored, like a file that does not parse."""
        main = self._main_db()
        document = main.storage.peek() or {}
        if migrations.has_schema_stamp(document) or any(document.values()):
            return
        if not (self.months_with_data() or backups.list_backups(self.data_dir)):
            return  # a new store
        path = self.data_dir / MAIN_FILE
        if not path.exists():
            return  # gone and no backup had it (restore_missing_main): nothing to keep
        error = DamagedFileError(path, "it holds none of your data, though you have some")
        self.notices.append(recovery.recover_damaged_file(
            self.data_dir, MAIN_FILE, error, self.clock, codec=self._codec, ops=self._ops))
        main.storage.load()

    def _seal_plain_safety_copies(self) -> None:
        """With encryption on, a safety copy in ``exports/`` written in plain text (by a
        version before issue 15) is encrypted in place, so no import ever leaves the
        journal readable. Best effort: one that can't be rewritten is tried next time."""
        if isinstance(self._codec, IdentityCodec):
            return
        try:
            with os.scandir(self.data_dir / EXPORTS_DIR) as entries:
                paths = [Path(e.path) for e in entries if e.name.endswith(".json")
                         and not e.name.startswith(".") and e.is_file(follow_symlinks=False)]
        except (FileNotFoundError, NotADirectoryError):
            return
        for path in paths:
            try:
                raw = path.read_bytes()
                if not raw.startswith(ENCRYPTED_MAGIC):
                    atomic_write_bytes(path, self._codec.encode(raw), self._ops)
            except OSError:
                continue

    def _restore_missing_months(self) -> None:
        """A month shard that a backup has but the store no longer does was deleted by
        something other than Repair (Repair never deletes one but with all the backups):
        bring back its newest good copy and say so."""
        live = set(month_shard_names(self._months_dir))
        known: set[str] = set()
        for _, folder in backups.list_backups(self.data_dir):
            known.update(month_shard_names(folder / MONTHS_DIR))
        for name in sorted(known - live):
            month = month_of_file_name(name)
            assert month is not None
            notice = recovery.restore_missing_month(
                self.data_dir, f"{MONTHS_DIR}/{name}", month, codec=self._codec, ops=self._ops)
            if notice:
                self.notices.append(notice)

    def _remove_stale_temp_files(self) -> None:
        """Temp files left by a process killed mid-write (we hold the lock)."""
        for folder in (self.data_dir, self._months_dir):
            try:
                with os.scandir(folder) as entries:
                    stale = [entry.path for entry in entries if is_temp_name(entry.name)]
            except FileNotFoundError:
                continue
            for path in stale:
                with contextlib.suppress(OSError):
                    os.unlink(path)
