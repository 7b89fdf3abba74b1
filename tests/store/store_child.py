"""Child process for the cross-process tests: ``python store_child.py MODE DATA_DIR ARG``.

counter N   -- wait for a line on stdin, then increment two counters N times, each
               read-modify-write inside one transaction.
torture N   -- insert records numbered from N forever, printing "ack <n>" after each
               durable write has returned (the parent kills us at a random moment).
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

from repair_app.core.clock import FakeClock
from repair_app.store import DocumentRepository, Store

CLOCK = FakeClock(datetime(2026, 11, 23, 9, 30))
NOVEMBER = date(2026, 11, 1)


def counter(data_dir: Path, times: int) -> None:
    store = Store.open(data_dir, CLOCK)
    main_counter = DocumentRepository(store, "counter")
    print("ready", flush=True)
    sys.stdin.readline()
    for _ in range(times):
        with store.transaction():
            value = (main_counter.load() or {"n": 0})["n"]
            main_counter.save({"n": value + 1})
            month = store.month_table("counter", NOVEMBER)
            doc = month.get(doc_id=1)
            if doc is None:
                month.insert({"n": 1})
            else:
                month.update({"n": doc["n"] + 1}, doc_ids=[1])
    store.close()


def torture(data_dir: Path, start: int) -> None:
    store = Store.open(data_dir, CLOCK)
    progress = DocumentRepository(store, "progress")
    print("ready", flush=True)
    n = start
    while True:
        month = date(2026, 1 + n % 3, 1)
        with store.transaction():
            store.month_table("moments", month).insert(
                {"n": n, "note": f"moment {n} 🙂 שלום " + "x" * (n % 50)})
            if n % 4 == 0:
                progress.save({"last": n})
        print(f"ack {n}", flush=True)
        n += 1


if __name__ == "__main__":
    mode, folder, argument = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    {"counter": counter, "torture": torture}[mode](folder, argument)
