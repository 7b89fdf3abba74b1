"""Does Today open as fast with ten years of history as with none?
``python benchmarks/today_benchmark.py``

Builds synthetic stores (``synthetic_history.py``, the shape Today saves): empty
(onboarded, no days); 2 months and 10 years of ordinary use; and 2 months and 10 years
where every item was ticked and every promise kept (the longest streaks, the worst case
for the streak walks). For
each it times building the Today screen's controls (``TodayScreen(ctx, nav).build()``,
all cards: promise, checklist, days without defending, 5:1 tally):

- cold: open the store, read settings, build Today (what a user waits for at app start);
- warm: build Today again on an open store (what navigating back to Today costs);

and, for information, building History warm. Sizes are measured in turn so machine
noise hits all alike; it prints medians and the ratios to the empty store and to
2 months of use. The clock is the 3rd of a month, so the last-7-days tally reads the
previous month too (Today's worst case: two month shards).

Targets: 10 years / 2 months of the same kind of use <= 1.2, cold and warm (Today's cost
does not grow with history); 10 years / empty <= 1.5 warm. Cold, the empty store has no
month files to parse at all, so that ratio is printed for information.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_history import build_history  # noqa: E402

from repair_app.content import default_program  # noqa: E402
from repair_app.context import AppContext  # noqa: E402
from repair_app.core.clock import FakeClock  # noqa: E402
from repair_app.store import Store  # noqa: E402
from repair_app.ui.screens.history import HistoryScreen  # noqa: E402
from repair_app.ui.screens.today import TodayScreen  # noqa: E402

SIZES = [("empty", 0, 0.7), ("2 months", 61, 0.7), ("10 years", 3650, 0.7),
         ("2 months, all kept", 61, 1.0), ("10 years, all kept", 3650, 1.0)]
PAIRS = [("10 years", "2 months"), ("10 years, all kept", "2 months, all kept")]
RUNS = 61


class QuietNavigator:
    def go(self, route: str) -> None: ...

    def show_message(self, text: str) -> None: ...

    def apply_theme(self, theme_name: str) -> None: ...

    def refresh(self) -> None: ...


def _context(store: Store, clock: FakeClock, data_dir: Path) -> AppContext:
    return AppContext(store=store, clock=clock, program=PROGRAM, data_dir=data_dir)


def _time_cold(data_dir: Path, clock: FakeClock) -> tuple[float, int]:
    started = time.perf_counter()
    store = Store.open(data_dir, clock)
    controls = TodayScreen(_context(store, clock, data_dir), QuietNavigator()).build()
    elapsed = time.perf_counter() - started
    shards = len(store.opened_months())
    store.close()
    assert len(controls) == 6, "expected all of Today's cards (week > 4)"
    return elapsed, shards


def _time_warm(ctx: AppContext, screen_class) -> float:
    started = time.perf_counter()
    screen_class(ctx, QuietNavigator()).build()
    return time.perf_counter() - started


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


PROGRAM = default_program()


def main() -> None:
    # A Monday early in a month: the last-7-days window reaches into the previous month.
    clock = FakeClock(datetime(2026, 11, 3, 20, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    with tempfile.TemporaryDirectory() as folder:
        dirs = {}
        for label, days, rate in SIZES:
            dirs[label] = build_history(Path(folder) / label.replace(" ", "-").replace(",", ""),
                                        days, clock, checked_rate=rate)
            if days == 0:  # an empty store must still be past week 4 to show every card
                with Store.open(dirs[label], clock) as store:
                    ctx = _context(store, clock, dirs[label])
                    ctx.save_settings(ctx.settings.with_changes(
                        program_start=datetime(2026, 9, 1).date()))
            Store.open(dirs[label], clock).close()  # the day's first open also snapshots

        cold = {label: [] for label, _, _ in SIZES}
        shards = {}
        for _ in range(RUNS):
            for label, _, _ in SIZES:
                elapsed, shards[label] = _time_cold(dirs[label], clock)
                cold[label].append(elapsed)

        stores = {label: Store.open(dirs[label], clock) for label, _, _ in SIZES}
        contexts = {label: _context(store, clock, dirs[label]) for label, store in stores.items()}
        warm = {label: [] for label, _, _ in SIZES}
        history = {label: [] for label, _, _ in SIZES}
        for _ in range(RUNS):
            for label, _, _ in SIZES:
                warm[label].append(_time_warm(contexts[label], TodayScreen))
                history[label].append(_time_warm(contexts[label], HistoryScreen))
        for store in stores.values():
            store.close()

    print(f"Today screen build, median of {RUNS} runs (clock: {clock.now():%Y-%m-%d %H:%M %Z})")
    print(f"{'history':20} {'shards read':>11} {'cold open+build':>16} {'warm build':>11} "
          f"{'History warm':>13}")
    for label, _, _ in SIZES:
        print(f"{label:20} {shards[label]:11d} {_ms(statistics.median(cold[label])):>16} "
              f"{_ms(statistics.median(warm[label])):>11} "
              f"{_ms(statistics.median(history[label])):>13}")
    def ratio(times: dict[str, list[float]], label: str, base: str) -> float:
        return statistics.median(times[label]) / statistics.median(times[base])

    for label, base in PAIRS:
        print(f"ratio {label} / {base}: cold {ratio(cold, label, base):.2f}, "
              f"warm {ratio(warm, label, base):.2f}")
    for label, _base in PAIRS:
        print(f"ratio {label} / empty: cold {ratio(cold, label, 'empty'):.2f}, "
              f"warm {ratio(warm, label, 'empty'):.2f}")
    growth = max(ratio(times, label, base) for times in (cold, warm) for label, base in PAIRS)
    warm_vs_empty = max(ratio(warm, label, "empty") for label, _base in PAIRS)
    print(f"targets: 10 years / 2 months <= 1.2: {'OK' if growth <= 1.2 else 'MISSED'}; "
          f"10 years / empty warm <= 1.5: {'OK' if warm_vs_empty <= 1.5 else 'MISSED'}")

if __name__ == "__main__":
    main()
