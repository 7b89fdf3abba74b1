"""Does Progress open in under a second with ten years of history?
``python benchmarks/progress_benchmark.py [--runs N] [--browser-runs N] [--no-browser]``

Synthetic stores (``synthetic_history.py``, the shapes Today and the pause keep: a day
record, 3-6 tally moments a day, about 1.5 pauses a week): empty (onboarded, no days),
2 months and 10 years of use.

In-process, for each store (medians of ``--runs``), building every control of the screen
(``ProgressScreen(ctx, nav).build()``: reading the months, counting, the four charts):

- cold: open the store and build Progress (4 weeks, what opening it shows first);
- warm: build Progress again on an open store (navigating back to it);
- 3 months / all: switch the period on a freshly built screen (cold store: every month
  file of the period parsed for the first time in this process);
- all, warm: switch to "all" once more on a new screen over the same open store;
- all, rebuilt: the same with ``progress-summary.json`` deleted first (the first open
  after an update, or after the program start changed): every month parsed and
  summarised, and the file written again.

Progress counts from the per-month summary kept in ``progress-summary.json`` (see
``repair_app/store/progress_repository.py``); it is built by the first run and reused by
the later ones, as it is between opens of the app.

In the browser (unless ``--no-browser``; needs Chromium): the web app on a copy of the
10-year store, headless Chromium at phone size. Times from the tap on the Progress
destination until the first chart's reading is on screen (in Flutter's accessibility
tree, i.e. drawn), and from the tap on "All" until the "all" reading is; the app is
restarted for every run so each one reads the month files cold. For comparison, the
same for the static Phases screen (what any navigation costs here: websocket round trip,
Flutter layout and paint in a software-rendered headless browser). Medians of
``--browser-runs``.

Target: every figure under 300 ms in-process (issue 14; it was 1 s before).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_history import build_history  # noqa: E402

from repair_app.content import default_program  # noqa: E402
from repair_app.context import AppContext  # noqa: E402
from repair_app.core.clock import Clock, FakeClock  # noqa: E402
from repair_app.core.progress import PERIOD_3_MONTHS, PERIOD_ALL  # noqa: E402
from repair_app.store import Store  # noqa: E402
from repair_app.store.layout import PROGRESS_SUMMARY_FILE  # noqa: E402
from repair_app.system_clock import SystemClock  # noqa: E402
from repair_app.ui.screens.progress import ProgressScreen  # noqa: E402

SIZES = [("empty", 0), ("2 months", 61), ("10 years", 3650)]
PAUSES_PER_WEEK = 1.5
TARGET_SECONDS = 0.3
PROGRAM = default_program()


class QuietNavigator:
    def go(self, route: str) -> None: ...

    def show_message(self, text: str) -> None: ...

    def apply_theme(self, theme_name: str) -> None: ...

    def refresh(self) -> None: ...


def _context(store: Store, clock: Clock, data_dir: Path) -> AppContext:
    return AppContext(store=store, clock=clock, program=PROGRAM, data_dir=data_dir)


def _switch(screen: ProgressScreen, period: str) -> None:
    screen.switch.selected = [period]
    screen.choose_period()


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def make_stores(folder: Path, clock: Clock) -> dict[str, Path]:
    dirs = {}
    for label, days in SIZES:
        path = folder / label.replace(" ", "-")
        dirs[label] = build_history(path, days, clock, pauses_per_week=PAUSES_PER_WEEK)
        Store.open(path, clock).close()  # the day's first open also makes a backup
    return dirs


def in_process(dirs: dict[str, Path], clock: Clock, runs: int) -> dict[str, dict[str, float]]:
    results: dict[str, dict[str, list[float]]] = {
        label: {"cold": [], "warm": [], "3 months": [], "all": [], "all, warm": [],
                "all, rebuilt": []}
        for label, _ in SIZES}
    facts: dict[str, str] = {}
    for _ in range(runs):
        for label, _days in SIZES:
            times = results[label]
            started = time.perf_counter()
            store = Store.open(dirs[label], clock)
            ctx = _context(store, clock, dirs[label])
            screen = ProgressScreen(ctx, QuietNavigator())
            screen.build()
            times["cold"].append(time.perf_counter() - started)
            times["3 months"].append(_timed(lambda s=screen: _switch(s, PERIOD_3_MONTHS)))
            times["all"].append(_timed(lambda s=screen: _switch(s, PERIOD_ALL)))
            facts[label] = (f"{len(screen.progress.buckets)} {screen.progress.unit}s, "
                            f"{len(store.months_with_data())} month files")
            times["warm"].append(_timed(lambda c=ctx: ProgressScreen(c, QuietNavigator())
                                        .build()))
            again = ProgressScreen(ctx, QuietNavigator())
            again.build()
            times["all, warm"].append(_timed(lambda s=again: _switch(s, PERIOD_ALL)))
            (dirs[label] / PROGRESS_SUMMARY_FILE).unlink(missing_ok=True)
            rebuilt = ProgressScreen(ctx, QuietNavigator())
            rebuilt.build()
            times["all, rebuilt"].append(_timed(lambda s=rebuilt: _switch(s, PERIOD_ALL)))
            store.close()
    medians = {label: {k: statistics.median(v) for k, v in times.items()}
               for label, times in results.items()}
    for label in medians:
        medians[label]["facts"] = facts[label]  # type: ignore[assignment]
    return medians


def in_browser(source: Path, runs: int) -> dict[str, float] | None:
    try:
        from playwright.sync_api import sync_playwright

        from tests.e2e.conftest import (
            CHROMIUM_ARGS,
            PHONE,
            chromium_path,
            go_to_destination,
            open_app,
            start_app,
        )
    except ImportError as error:
        print(f"browser run skipped: {error}")
        return None
    path = chromium_path()
    if path is None:
        print("browser run skipped: no Chromium")
        return None
    clock = SystemClock()
    with Store.open(source, clock) as store:
        ctx = _context(store, clock, source)
        screen = ProgressScreen(ctx, QuietNavigator())
        screen.build()
        first_reading = screen.progress.checklist.reading
        _switch(screen, PERIOD_ALL)
        all_reading = screen.progress.checklist.reading
    opens, alls, baseline = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        for run in range(runs):
            with tempfile.TemporaryDirectory() as folder:
                data = Path(folder) / "data"
                shutil.copytree(source, data)
                server = start_app(data, Path(folder) / "app.log")
                try:
                    page = open_app(browser, server.url, viewport=PHONE)
                    page.get_by_text("Today's checklist").first.wait_for(timeout=60_000)
                    page.wait_for_timeout(1500)
                    started = time.perf_counter()
                    go_to_destination(page, "Phases")
                    page.get_by_text("The four phases").first.wait_for(timeout=60_000)
                    baseline.append(time.perf_counter() - started)
                    page.wait_for_timeout(1000)
                    started = time.perf_counter()
                    go_to_destination(page, "Progress")
                    page.get_by_text(first_reading).first.wait_for(timeout=60_000)
                    opens.append(time.perf_counter() - started)
                    page.wait_for_timeout(1000)
                    started = time.perf_counter()
                    page.get_by_role("button", name="All").click()
                    page.get_by_text(all_reading).first.wait_for(timeout=60_000)
                    alls.append(time.perf_counter() - started)
                    page.context.close()
                finally:
                    server.stop()
            print(f"  browser run {run + 1}: Phases {baseline[-1] * 1000:.0f} ms, "
                  f"Progress {opens[-1] * 1000:.0f} ms, all {alls[-1] * 1000:.0f} ms")
        browser.close()
    return {"open": statistics.median(opens), "all": statistics.median(alls),
            "open max": max(opens), "all max": max(alls),
            "baseline": statistics.median(baseline), "baseline max": max(baseline)}


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--browser-runs", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()

    clock = FakeClock(datetime(2026, 11, 23, 20, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    with tempfile.TemporaryDirectory() as folder:
        dirs = make_stores(Path(folder), clock)
        medians = in_process(dirs, clock, args.runs)
        print(f"Progress, in-process, median of {args.runs} runs "
              f"(clock {clock.now():%Y-%m-%d %H:%M %Z}; {os.cpu_count()} cores, load average "
              f"{os.getloadavg()[0]:.1f} at the end)")
        columns = ["cold", "warm", "3 months", "all", "all, warm", "all, rebuilt"]
        print(f"{'history':10} " + " ".join(f"{c:>12}" for c in columns) + "   all shows")
        for label, _ in SIZES:
            row = medians[label]
            print(f"{label:10} " + " ".join(f"{_ms(row[c]):>12}" for c in columns)
                  + f"   {row['facts']}")
        ten = medians["10 years"]
        two = medians["2 months"]
        print(f"ratio 10 years / 2 months: cold {ten['cold'] / two['cold']:.2f}, "
              f"warm {ten['warm'] / two['warm']:.2f}, 3 months "
              f"{ten['3 months'] / two['3 months']:.2f}")
        worst = max(ten[c] for c in columns if c != "all, rebuilt")
        print(f"target: every period, summary in place, < {TARGET_SECONDS * 1000:.0f} ms: "
              f"{'OK' if worst < TARGET_SECONDS else 'MISSED'} (worst {_ms(worst)}); "
              f"rebuilding the summary (once) {_ms(ten['all, rebuilt'])}")

        if not args.no_browser:
            # The web app runs on the system clock: history must end on the real today.
            system = SystemClock()
            real = Path(folder) / "browser-10-years"
            build_history(real, 3650, system, pauses_per_week=PAUSES_PER_WEEK)
            Store.open(real, system).close()
            print(f"Progress in Chromium (phone size), 10 years, median of "
                  f"{args.browser_runs} runs, app restarted each run (load average "
                  f"{os.getloadavg()[0]:.1f} before):")
            result = in_browser(real, args.browser_runs)
            if result:
                print(f"  tap Phases -> its heading drawn (a static screen, for comparison): "
                      f"{_ms(result['baseline'])} (max {_ms(result['baseline max'])})")
                print(f"  tap Progress -> first reading drawn: {_ms(result['open'])} "
                      f"(max {_ms(result['open max'])})")
                print(f"  tap All -> all's reading drawn:     {_ms(result['all'])} "
                      f"(max {_ms(result['all max'])})")
                worst = max(result["open"], result["all"])
                print(f"in the browser (tap to drawn, websocket and Flutter paint included): "
                      f"worst {_ms(worst)}")


if __name__ == "__main__":
    main()
