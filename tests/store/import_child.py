"""Child process for the import crash test: ``python import_child.py DATA_DIR``.

Imports bundle A, then B, then A... forever, printing "imported <n>" after each; the
parent kills it at a random moment.
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from repair_app.core.clock import FakeClock  # noqa: E402
from repair_app.core.export_format import make_bundle  # noqa: E402
from repair_app.store import CURRENT_SCHEMA, Store  # noqa: E402
from repair_app.store.data_transfer import import_bundle  # noqa: E402

CLOCK = FakeClock(datetime(2026, 11, 23, 9, 30))


def bundle(name: str):
    """Twelve months and settings that all say which journal they belong to."""
    months = {f"2025-{m:02d}": {"journal": {"1": {"text": f"{name} {m}"}}}
              for m in range(1, 13)}
    if name == "B":
        months["2026-03"] = {"journal": {"1": {"text": "B only"}}}
    main = {"settings": {"1": {"journal": name, "theme": "dark" if name == "A" else "light"}}}
    return make_bundle(CURRENT_SCHEMA, CLOCK.now(), main, months)


def journal_of(store: Store) -> set[str]:
    """Which journal(s) the store's records belong to ({"A"}, {"B"}, or a mix)."""
    found = set()
    settings = store.read_main().get("settings", {}).get("1", {})
    found.add(settings.get("journal"))
    for month in store.months_with_data():
        for record in store.read_month(month).get("journal", {}).values():
            found.add(record["text"].split()[0])
    return found


def main(data_dir: Path) -> None:
    store = Store.open(data_dir, CLOCK, backup=False)
    print("ready", flush=True)
    n = 0
    while True:
        import_bundle(store, bundle("AB"[n % 2]), CLOCK.now())
        CLOCK.advance(1)
        print(f"imported {n}", flush=True)
        n += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]))
