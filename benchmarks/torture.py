"""SIGKILL a writer at random moments, over and over; count what was acknowledged and lost.

A forked child opens the store (plain, or encrypted with ``--encrypted``) and writes
records through the public API (a moment in one of three month shards, and every fourth
time a small document in ``main.json``), writing "ack <n>" to a pipe after each write
returned. The parent kills it with SIGKILL after a random delay, checks that every file
still decodes, and starts the next child on the same folder. At the end every
acknowledged record must be there exactly once::

    python benchmarks/torture.py              # 1,000 kills, plain
    python benchmarks/torture.py --encrypted  # 1,000 kills, encrypted
    python benchmarks/torture.py --kills 200

Children are forked from a parent that already imported everything, so a kill costs
milliseconds, not an interpreter start. POSIX only.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from repair_app.core.app_lock import ScryptParams, derive_secrets  # noqa: E402
from repair_app.core.clock import FakeClock  # noqa: E402
from repair_app.store import Codec, DamagedFileError, DocumentRepository, Store  # noqa: E402
from repair_app.store.crypto_codec import AesGcmCodec  # noqa: E402
from repair_app.store.layout import shard_relative_paths  # noqa: E402
from repair_app.store.safe_storage import decode_document  # noqa: E402

CLOCK = FakeClock(datetime(2026, 11, 23, 9, 30))
FAST = ScryptParams(n=2**10, r=8, p=1)
SALT = bytes(range(16))


@dataclass
class TortureResult:
    kills: int
    acknowledged: int
    lost: int
    duplicated: int
    unreadable: int
    notices: int
    seconds: float

    def line(self, label: str) -> str:
        return (f"{label}: {self.kills} kills, {self.acknowledged} acknowledged writes, "
                f"{self.lost} lost, {self.duplicated} duplicated, {self.unreadable} unreadable "
                f"files, {self.notices} recovery notices, {self.seconds:.1f} s")


def encrypted_codec() -> AesGcmCodec:
    return AesGcmCodec(derive_secrets("torture passphrase", SALT, FAST), SALT, FAST)


def _writer(data_dir: Path, codec: Codec | None, start: int, ack_fd: int) -> None:
    """The child: write forever, acknowledging each durable write."""
    store = Store.open(data_dir, CLOCK, codec=codec)
    progress = DocumentRepository(store, "progress")
    os.write(ack_fd, b"ready\n")
    n = start
    while True:
        with store.transaction():
            store.month_table("moments", date(2026, 1 + n % 3, 1)).insert(
                {"n": n, "note": f"moment {n} 🙂 שלום " + "x" * (n % 50)})
            if n % 4 == 0:
                progress.save({"last": n})
        os.write(ack_fd, f"ack {n}\n".encode())
        n += 1


def _unreadable(data_dir: Path, codec: Codec | None) -> int:
    bad = 0
    for relative in shard_relative_paths(data_dir):
        path = data_dir / relative
        try:
            if codec is None:
                decode_document(path.read_bytes(), path)
            else:
                decode_document(path.read_bytes(), path, codec)
        except DamagedFileError:
            bad += 1
    return bad


def run(kills: int, *, encrypted: bool = False, data_dir: Path | None = None,
        seed: int | None = None, max_delay: float = 0.1) -> TortureResult:
    data_dir = data_dir or Path(tempfile.mkdtemp(prefix="repair-torture-")) / "data"
    codec = encrypted_codec() if encrypted else None
    rng = random.Random(seed)
    acked: set[int] = set()
    unreadable = 0
    started = time.perf_counter()
    for round_number in range(kills):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            os.close(read_end)
            try:
                _writer(data_dir, codec, round_number * 1_000_000, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            if reader.readline() != b"ready\n":
                raise RuntimeError("the writer did not start")
            time.sleep(rng.uniform(0.0, max_delay))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            output = reader.read()
        complete = output.split(b"\n")[:-1]  # a torn last line is not an acknowledgement
        acked.update(int(line[4:]) for line in complete if line.startswith(b"ack "))
        unreadable += _unreadable(data_dir, codec)
    with Store.open(data_dir, CLOCK, codec=codec) as store:
        notices = len(store.notices)
        found: list[int] = []
        for month in store.months_with_data():
            found += [doc["n"] for doc in store.month_table("moments", month).all()]
    seconds = time.perf_counter() - started
    return TortureResult(kills=kills, acknowledged=len(acked), lost=len(acked - set(found)),
                         duplicated=len(found) - len(set(found)), unreadable=unreadable,
                         notices=notices, seconds=seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=1000)
    parser.add_argument("--encrypted", action="store_true")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    result = run(args.kills, encrypted=args.encrypted, seed=seed)
    print(result.line(("encrypted" if args.encrypted else "plain") + f" (seed {seed})"))
    return 0 if result.lost == result.duplicated == result.unreadable == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
