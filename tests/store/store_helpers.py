"""Helpers shared by the storage tests (imported as ``store_helpers``)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from repair_app.store import FileOps

REPO_ROOT = Path(__file__).resolve().parents[2]
CHILD_SCRIPT = Path(__file__).resolve().parent / "store_child.py"


class FailingOps(FileOps):
    """File operations that fail at one step (``where``) while ``failing`` is set."""

    def __init__(self, err_no: int = errno.ENOSPC, where: str = "fsync") -> None:
        self.err_no = err_no
        self.where = where
        self.failing = False
        self.calls = 0

    def _maybe_fail(self, step: str) -> None:
        if self.failing and step == self.where:
            self.calls += 1
            raise OSError(self.err_no, os.strerror(self.err_no))

    def write(self, fd: int, data: bytes) -> None:
        # Fail after writing part of the data, as a full disk does.
        if self.failing and self.where == "write":
            os.write(fd, data[: len(data) // 2])
        self._maybe_fail("write")
        super().write(fd, data)

    def fsync(self, fd: int) -> None:
        self._maybe_fail("fsync")
        super().fsync(fd)

    def replace(self, src: str, dst: str) -> None:
        self._maybe_fail("replace")
        super().replace(src, dst)


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.name.endswith(".tmp")]


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env
