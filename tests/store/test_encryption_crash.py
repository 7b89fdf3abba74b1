"""Kill a process at random moments while it turns encryption on and off: every time, the
folder opens, fully plain or fully encrypted, with every record."""

from __future__ import annotations

import random
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

from repair_app.core.clock import FakeClock
from repair_app.store import IdentityCodec, SettingsRepository, Store
from repair_app.store.crypto_codec import looks_encrypted
from repair_app.store.device_file import DeviceFile
from repair_app.store.encryption_switch import MARKER, STAGED_SUFFIX

from .crypto_helpers import MARKERS, files_containing
from .encryption_child import codec_for_disk
from .store_helpers import REPO_ROOT, child_env
from .test_encryption_switch import snapshot

CHILD = Path(__file__).resolve().parent / "encryption_child.py"


def _history(data_dir: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 19, 9, 30))
    for day in range(5):  # ends on the child's day, 2026-11-23: no new backup in the child
        with Store.open(data_dir, clock) as store:
            SettingsRepository(store).save({"note": MARKERS[0], "day": day})
            with store.transaction():
                for month in range(1, 13 if day == 0 else 2):
                    store.month_table("journal", date(2025, month, 1)).insert(
                        {"text": f"{MARKERS[1]} {month}", "day": day})
                store.month_table("journal", date(2026, 11, 1)).insert({"text": MARKERS[2]})
        clock.advance(days=1)


def test_killed_while_switching_always_leaves_an_openable_store(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _history(data_dir)
    expected = snapshot(data_dir, codec_for_disk(data_dir))
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    states = {"plain": 0, "encrypted": 0, "committed mid-way": 0}
    switched = 0
    span = 0.25  # seconds in which a kill lands; widened below to how long a switch takes here
    for round_number in range(20):
        child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir)],
                                 stdout=subprocess.PIPE, cwd=REPO_ROOT, env=child_env())
        assert child.stdout.readline() == b"ready\n", f"seed {seed}"
        if round_number == 0:
            # The first round lets one switch finish and times it, so the kills below land
            # across whole switches however loaded the machine is (a fixed window once
            # killed every child before its first switch at load 14).
            started = time.monotonic()
            assert child.stdout.readline().startswith(b"switched"), f"seed {seed}"
            span = max(span, 1.5 * (time.monotonic() - started))
            switched += 1
        time.sleep(rng.uniform(0.0, span))
        child.kill()
        output, _ = child.communicate(timeout=10)
        switched += output.count(b"switched")
        if (data_dir / MARKER).exists():
            states["committed mid-way"] += 1

        codec = codec_for_disk(data_dir)  # finishes a committed switch first
        encrypted = not isinstance(codec, IdentityCodec)
        states["encrypted" if encrypted else "plain"] += 1
        shards = [p for p in data_dir.rglob("*.json") if p.name != "device.json"]
        assert all(looks_encrypted(p.read_bytes()) == encrypted for p in shards), f"seed {seed}"
        assert snapshot(data_dir, codec) == expected, f"seed {seed}"
        assert not list(data_dir.rglob(f"*{STAGED_SUFFIX}")) and not (data_dir / MARKER).exists()
        lock = DeviceFile(data_dir).section("lock")
        assert bool(lock.get("encrypted")) == encrypted, f"seed {seed}"
        if encrypted:
            assert files_containing(data_dir, MARKERS) == {}, f"seed {seed}"
        with Store.open(data_dir, FakeClock(datetime(2026, 11, 23, 10)), codec=codec) as store:
            assert store.notices == [], f"seed {seed}"
            assert SettingsRepository(store).load()["note"] == MARKERS[0]
    print(f"seed {seed}: {switched} switches finished, kills within {span:.2f} s; "
          f"after the kills: {states}")
    assert switched > 0, f"no switch ever finished (seed {seed}): {states}"
