"""Issue 15 (6): an import replaces every file or none (stage, one commit marker)."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from repair_app.core.clock import FakeClock
from repair_app.store import FileOps, Store, StoreWriteError
from repair_app.store.data_transfer import import_bundle

from .import_child import bundle, journal_of
from .store_helpers import REPO_ROOT, child_env

CHILD = Path(__file__).resolve().parent / "import_child.py"
KILLS = 20


class FailOnNthFsync(FileOps):
    def __init__(self, n: int) -> None:
        self.n = n
        self.calls = 0

    def fsync(self, fd: int) -> None:
        self.calls += 1
        if self.calls == self.n:
            raise OSError(28, "No space left on device")
        super().fsync(fd)


@pytest.mark.parametrize("nth", [1, 2, 5, 9, 13])
def test_a_failed_import_leaves_the_old_journal_whole(data_dir: Path, clock: FakeClock,
                                                      nth: int) -> None:
    with Store.open(data_dir, clock, backup=False) as store:
        import_bundle(store, bundle("A"), clock.now())
    ops = FailOnNthFsync(nth)
    with Store.open(data_dir, clock, backup=False, ops=ops) as store:
        with pytest.raises(StoreWriteError):
            import_bundle(store, bundle("B"), clock.now())
        assert journal_of(store) == {"A"}
    with Store.open(data_dir, clock, backup=False) as store:
        assert journal_of(store) == {"A"}
        assert store.read_month(date(2026, 3, 1)) == {}


def test_killed_during_imports_never_mixes_two_journals(tmp_path: Path,
                                                        clock: FakeClock) -> None:
    data_dir = tmp_path / "data"
    with Store.open(data_dir, clock, backup=False) as store:
        import_bundle(store, bundle("A"), clock.now())
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    imported = 0
    for _ in range(KILLS):
        child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir)],
                                 stdout=subprocess.PIPE, cwd=REPO_ROOT, env=child_env())
        assert child.stdout.readline() == b"ready\n", f"seed {seed}"
        time.sleep(rng.uniform(0.0, 0.3))
        child.kill()
        output, _ = child.communicate(timeout=10)
        imported += output.count(b"imported")
        with Store.open(data_dir, clock, backup=False) as store:
            assert journal_of(store) in ({"A"}, {"B"}), f"seed {seed}"
    assert imported > 0, f"no import ever finished (seed {seed})"
