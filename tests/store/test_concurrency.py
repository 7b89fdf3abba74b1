"""Several processes, and processes killed mid-write."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from repair_app.core.clock import FakeClock
from repair_app.store import DocumentRepository, Store

from .store_helpers import CHILD_SCRIPT, REPO_ROOT, child_env, temp_files


def _spawn(*args: str, stdin: int | None = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(CHILD_SCRIPT), *args],
        stdin=stdin, stdout=subprocess.PIPE, cwd=REPO_ROOT, env=child_env(),
    )


def test_two_processes_do_not_lose_updates(data_dir: Path, clock: FakeClock) -> None:
    Store.open(data_dir, clock).close()
    children = [_spawn("counter", str(data_dir), "200", stdin=subprocess.PIPE)
                for _ in range(2)]
    for child in children:
        assert child.stdout.readline() == b"ready\n"
    for child in children:  # start both at once
        child.stdin.write(b"go\n")
        child.stdin.flush()
    for child in children:
        child.communicate(timeout=60)
        assert child.returncode == 0
    with Store.open(data_dir, clock) as store:
        assert DocumentRepository(store, "counter").load() == {"n": 400}
        assert store.month_table("counter", date(2026, 11, 1)).get(doc_id=1) == {"n": 400}


def test_killed_writer_never_loses_an_acknowledged_record(data_dir: Path,
                                                          clock: FakeClock) -> None:
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    acked: set[int] = set()
    started = time.monotonic()
    for round_number in range(15):
        child = _spawn("torture", str(data_dir), str(round_number * 1_000_000))
        assert child.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.12))
        child.kill()
        output, _ = child.communicate(timeout=10)
        complete_lines = output.split(b"\n")[:-1]  # a torn last line is not an ack
        acked.update(int(line[4:]) for line in complete_lines if line.startswith(b"ack "))
    assert time.monotonic() - started < 30
    assert acked, f"no write was acknowledged (seed {seed})"

    for shard in [data_dir / "main.json", *(data_dir / "months").glob("*.json")]:
        json.loads(shard.read_text("utf-8"))  # every file parses
    with Store.open(data_dir, clock) as store:
        assert store.notices == [], f"seed {seed}"
        found: list[int] = []
        for month in store.months_with_data():
            found += [doc["n"] for doc in store.month_table("moments", month).all()]
        assert len(found) == len(set(found)), f"duplicate records (seed {seed})"
        missing = acked - set(found)
        assert not missing, f"acknowledged but lost: {sorted(missing)[:10]} (seed {seed})"
        last = DocumentRepository(store, "progress").load()
        assert last is not None and last["last"] in found
    assert temp_files(data_dir) == []
