"""Errors the store raises, each with a message fit to show the user as it is."""

from __future__ import annotations

import errno
from pathlib import Path

_NOTHING_LOST = "Nothing you wrote before this was lost."


class StoreWriteError(OSError):
    """A save failed. Memory and disk are still at the last committed state.

    ``str(error)`` is a plain-words message for the user; ``error.errno`` keeps the
    operating system's reason for code that wants to branch on it.
    """

    def __init__(self, err_no: int | None, message: str, filename: str | None = None) -> None:
        super().__init__(err_no, message)
        self.message = message
        self.filename = filename

    def __str__(self) -> str:
        return self.message

    @classmethod
    def from_os_error(cls, error: OSError, folder: Path | str | None = None) -> StoreWriteError:
        if isinstance(error, StoreWriteError):
            return error
        return cls(error.errno, write_error_message(error.errno, folder, error.strerror),
                   error.filename)


class StoreConflictError(StoreWriteError):
    """A write based on data that another process has changed since it was read.

    Only happens when a read-modify-write runs outside ``Store.transaction()``.
    """

    def __init__(self, filename: str | None = None) -> None:
        super().__init__(
            errno.EAGAIN,
            "Couldn't save: another copy of Repair changed your data at the same moment. "
            "Please try again. " + _NOTHING_LOST,
            filename,
        )


class StoreCorruptError(Exception):
    """The data cannot be used and could not be recovered automatically.

    The message says what happened and where the damaged file is.
    """


class StoreTooNewError(StoreCorruptError):
    """The data was written by a newer version of the app (a newer schema)."""


class DamagedFileError(StoreCorruptError):
    """One file does not parse (or is not a JSON object, or its codec failed)."""

    def __init__(self, path: Path, reason: str, *, unencrypted: bool = False) -> None:
        super().__init__(f"The data file {path} is damaged ({reason}).")
        self.path = path
        self.reason = reason
        #: A plain file found while the store is encrypted (refused, not read).
        self.unencrypted = unencrypted


class WrongKeyError(Exception):
    """Raised by a codec whose key does not fit the file (e.g. a wrong passcode).

    Unlike any other decoding failure it is *not* taken as damage: the file is left
    alone and the error reaches the caller.
    """


def write_error_message(err_no: int | None, folder: Path | str | None = None,
                        strerror: str | None = None) -> str:
    """The user-facing message for a failed save, by errno."""
    if err_no in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"Couldn't save: the disk is full. {_NOTHING_LOST}"
    if err_no == errno.EROFS:
        return f"Couldn't save: the storage is read-only. {_NOTHING_LOST}"
    if err_no in (errno.EACCES, errno.EPERM):
        where = f" ({folder})" if folder else ""
        return (f"Couldn't save: Repair isn't allowed to write to its data folder{where}. "
                f"{_NOTHING_LOST}")
    if err_no == errno.EBUSY:
        return ("Couldn't save: another copy of Repair is busy with your data. "
                f"Please try again in a moment. {_NOTHING_LOST}")
    reason = f" ({strerror})" if strerror else ""
    return f"Couldn't save because of a problem with the disk{reason}. {_NOTHING_LOST}"


def disk_problem(err_no: int | None, folder: Path | str | None = None,
                 strerror: str | None = None) -> str:
    """What went wrong with the disk, as a phrase ("the disk is full") for a sentence."""
    if err_no in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return "the disk is full"
    if err_no == errno.EROFS:
        return "the storage is read-only"
    if err_no in (errno.EACCES, errno.EPERM):
        where = f" ({folder})" if folder else ""
        return f"Repair isn't allowed to write to its data folder{where}"
    reason = f" ({strerror})" if strerror else ""
    return f"a problem with the disk{reason}"
