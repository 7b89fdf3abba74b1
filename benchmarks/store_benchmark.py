"""How the store's costs grow with years of history: ``python benchmarks/store_benchmark.py``.

For 1 month, 1 year and 10 years of synthetic use it prints the median time to open
(``Store.open`` + read settings + read the current month's table) and to durably write
one small change to the current month, then the 10 years / 1 month ratios.
Targets: write ratio <= 1.5, open with 10 years < 150 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_history import build_history  # noqa: E402

from repair_app.core.clock import FakeClock, local_today  # noqa: E402
from repair_app.store import SettingsRepository, Store  # noqa: E402

SIZES = [("1 month", 30), ("1 year", 365), ("10 years", 3650)]
RUNS = 101  # per size; sizes are measured in turn so machine noise hits all alike


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def _time_open(data_dir: Path, clock: FakeClock) -> float:
    started = time.perf_counter()
    store = Store.open(data_dir, clock)
    SettingsRepository(store).load()
    store.month_table("days", local_today(clock)).all()
    elapsed = time.perf_counter() - started
    store.close()
    return elapsed


def _time_write(store: Store, doc_id: int, run: int) -> float:
    table = store.month_table("days", local_today(store.clock))
    started = time.perf_counter()
    with store.transaction():
        table.update({"checklist_walked": run % 2 == 0}, doc_ids=[doc_id])
    return time.perf_counter() - started


def main() -> None:
    clock = FakeClock(datetime(2026, 11, 23, 9, 30))
    with tempfile.TemporaryDirectory() as folder:
        dirs, first_open, built = {}, {}, {}
        for label, days in SIZES:
            started = time.perf_counter()
            dirs[label] = build_history(Path(folder) / label.replace(" ", "-"), days, clock)
            built[label] = time.perf_counter() - started
            started = time.perf_counter()
            Store.open(dirs[label], clock).close()  # the day's first open also snapshots
            first_open[label] = time.perf_counter() - started

        opens: dict[str, list[float]] = {label: [] for label, _ in SIZES}
        for _ in range(RUNS):
            for label, _ in SIZES:
                opens[label].append(_time_open(dirs[label], clock))

        writes: dict[str, list[float]] = {label: [] for label, _ in SIZES}
        stores = {label: Store.open(dirs[label], clock) for label, _ in SIZES}
        today = local_today(clock)
        last_ids = {label: max(doc.doc_id for doc in store.month_table("days", today).all())
                    for label, store in stores.items()}
        for run in range(RUNS):
            for label, _ in SIZES:
                writes[label].append(_time_write(stores[label], last_ids[label], run))
        for store in stores.values():
            store.close()

        clock.advance(days=1)
        next_day_open = {}
        for label, _ in SIZES:
            started = time.perf_counter()
            Store.open(dirs[label], clock).close()
            next_day_open[label] = time.perf_counter() - started

        print(f"{'history':10} {'shards':>6} {'build':>8} {'open (median)':>14} "
              f"{'write (median)':>15} {'1st open+backup':>16} {'next-day open':>14}")
        for label, _ in SIZES:
            shards = len(list((dirs[label] / "months").glob("*.json"))) + 1
            print(f"{label:10} {shards:6d} {built[label]:7.2f}s "
                  f"{_ms(statistics.median(opens[label])):>14} "
                  f"{_ms(statistics.median(writes[label])):>15} "
                  f"{_ms(first_open[label]):>16} {_ms(next_day_open[label]):>14}")

    open_ratio = statistics.median(opens["10 years"]) / statistics.median(opens["1 month"])
    write_ratio = statistics.median(writes["10 years"]) / statistics.median(writes["1 month"])
    open_10y = statistics.median(opens["10 years"])
    print(f"ratio 10 years / 1 month: open {open_ratio:.2f}, write {write_ratio:.2f}")
    print(f"targets: write ratio <= 1.5: {'OK' if write_ratio <= 1.5 else 'MISSED'}; "
          f"open with 10 years < 150 ms: {'OK' if open_10y < 0.150 else 'MISSED'}")


if __name__ == "__main__":
    main()
