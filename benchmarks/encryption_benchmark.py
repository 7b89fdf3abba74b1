"""What encryption costs: ``python benchmarks/encryption_benchmark.py``.

Prints, for 1 year and 10 years of synthetic history:
- unlock: one scrypt run with the app's parameters (n=2**17, r=8, p=1), median of 5;
- open (Store.open + settings + current month) and one durable small write, median of
  31, plain vs encrypted, and their ratio;
- turning encryption on (every shard and 7 daily backups re-written, all or nothing),
  and turning it off again.
Targets: an encrypted write costs at most 1.5x a plain one; open with 10 years < 150 ms.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_history import build_history  # noqa: E402

from repair_app.core.app_lock import DEFAULT_PARAMS, derive_secrets  # noqa: E402
from repair_app.core.clock import FakeClock, local_today  # noqa: E402
from repair_app.store import IdentityCodec, SettingsRepository, Store  # noqa: E402
from repair_app.store.crypto_codec import AesGcmCodec  # noqa: E402
from repair_app.store.encryption_switch import switch_codec  # noqa: E402

SIZES = [("1 year", 365), ("10 years", 3650)]
RUNS = 31
PASSPHRASE = "river stone 42"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def _open(data_dir: Path, clock: FakeClock, codec) -> float:
    started = time.perf_counter()
    store = Store.open(data_dir, clock, codec=codec)
    SettingsRepository(store).load()
    store.month_table("days", local_today(clock)).all()
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def _write(store: Store, doc_id: int, run: int) -> float:
    table = store.month_table("days", local_today(store.clock))
    started = time.perf_counter()
    with store.transaction():
        table.update({"checklist_walked": run % 2 == 0}, doc_ids=[doc_id])
    return time.perf_counter() - started


def _measure(data_dir: Path, clock: FakeClock, codec) -> tuple[float, float]:
    opens = [_open(data_dir, clock, codec) for _ in range(RUNS)]
    store = Store.open(data_dir, clock, codec=codec)
    doc_id = max(doc.doc_id for doc in store.month_table("days", local_today(clock)).all())
    writes = [_write(store, doc_id, run) for run in range(RUNS)]
    store.close()
    return statistics.median(opens), statistics.median(writes)


def main() -> None:
    salt = os.urandom(16)
    unlocks = []
    for _ in range(5):
        started = time.perf_counter()
        secrets = derive_secrets(PASSPHRASE, salt, DEFAULT_PARAMS)
        unlocks.append(time.perf_counter() - started)
    codec = AesGcmCodec(secrets, salt, DEFAULT_PARAMS)
    print(f"unlock (scrypt n=2**17, r=8, p=1, 128 MiB): {_ms(statistics.median(unlocks))}")

    print(f"{'history':10} {'open plain':>12} {'open enc':>12} {'write plain':>12} "
          f"{'write enc':>12} {'enc/plain':>9} {'turn on':>10} {'turn off':>10}")
    ratios, open_10y = [], 0.0
    with tempfile.TemporaryDirectory() as folder:
        for label, days in SIZES:
            clock = FakeClock(datetime(2026, 11, 17, 9, 30))
            data_dir = build_history(Path(folder) / label.replace(" ", "-"), days, clock)
            for _ in range(7):  # a week of daily backups, as on a real device
                Store.open(data_dir, clock).close()
                clock.advance(days=1)
            plain_open, plain_write = _measure(data_dir, clock, None)

            store = Store.open(data_dir, clock)
            started = time.perf_counter()
            switch_codec(store, codec, {"enabled": True, "encrypted": True})
            turn_on = time.perf_counter() - started
            store.close()
            enc_open, enc_write = _measure(data_dir, clock, codec)

            store = Store.open(data_dir, clock, codec=codec)
            started = time.perf_counter()
            switch_codec(store, IdentityCodec(), {"enabled": False})
            turn_off = time.perf_counter() - started
            store.close()

            ratio = enc_write / plain_write
            ratios.append(ratio)
            if label == "10 years":
                open_10y = enc_open
            print(f"{label:10} {_ms(plain_open):>12} {_ms(enc_open):>12} "
                  f"{_ms(plain_write):>12} {_ms(enc_write):>12} {ratio:9.2f} "
                  f"{turn_on:9.2f}s {turn_off:9.2f}s")
    print(f"targets: encrypted write <= 1.5x plain: {'OK' if max(ratios) <= 1.5 else 'MISSED'}; "
          f"encrypted open with 10 years < 150 ms: {'OK' if open_10y < 0.150 else 'MISSED'}")


if __name__ == "__main__":
    main()
