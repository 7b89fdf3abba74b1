"""Do the weekly check-in and the repair toolkit cost the same with ten years of history
as with two months? ``python benchmarks/checkin_benchmark.py``

Stores (days from ``synthetic_history.py``, plus a check-in every Sunday and three small
wins a week, in the shapes the app saves):

- 2 months and 10 years of that use;
- 10 years, sparse: ten years of days but only the first two check-ins and three wins,
  all nine and a half years ago (what the month index is for: without it, the list of
  past check-ins would read every shard looking for more).

For each it times, median of RUNS:

- cold: open the store and build the check-in screen (the pre-filled appreciations read
  this week's days and wins), as after a tap on the weekly reminder;
- warm: build the check-in screen, Past check-ins (first page) and phase 4 (its toolkit:
  the check-in card, the apology draft, the 20 newest wins) on an open store;
- save: finish and save one check-in (one month shard and main.json written);

and counts the month shards each of those opened. The clock is Sunday 1 Nov 2026, whose
ISO week starts in October: the pre-fill reads two months (its worst case).

Targets: 10 years / 2 months <= 1.2 (cold, warm and save), and the same for 10 years,
sparse / 2 months.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_history import build_history  # noqa: E402

from repair_app.content import default_program  # noqa: E402
from repair_app.context import AppContext  # noqa: E402
from repair_app.core.checkin import (  # noqa: E402
    ISSUE_ABOUT,
    ISSUE_FEEL,
    NEED,
    PROMISE,
    WENT_WELL,
    finish,
    new_draft,
)
from repair_app.core.clock import FakeClock  # noqa: E402
from repair_app.core.wins import new_win  # noqa: E402
from repair_app.store import DocumentRepository, Store  # noqa: E402
from repair_app.store.checkin_repository import CHECKINS_TABLE, CheckinRepository  # noqa: E402
from repair_app.store.wins_repository import WINS_TABLE  # noqa: E402
from repair_app.ui.screens.checkin import CheckinScreen  # noqa: E402
from repair_app.ui.screens.checkin_history import CheckinHistoryScreen  # noqa: E402
from repair_app.ui.screens.phase_detail import PhaseDetailScreen  # noqa: E402

ZONE = ZoneInfo("Europe/Berlin")
SIZES = [("2 months", 61, False), ("10 years", 3650, False), ("10 years, sparse", 3650, True)]
PAIRS = [("10 years", "2 months"), ("10 years, sparse", "2 months")]
RUNS = 101
PROGRAM = default_program()
WINS = ["We laughed at dinner 😄", "I said “I notice” instead of “you always”",
        "שיחה רגועה על כסף", "أخذنا استراحة ثم عدنا بهدوء", "No phones at dinner"]


class QuietNavigator:
    def go(self, route: str) -> None: ...

    def show_message(self, text: str) -> None: ...

    def apply_theme(self, theme_name: str) -> None: ...

    def refresh(self) -> None: ...


def add_checkins_and_wins(data_dir: Path, clock: FakeClock, days: int, sparse: bool) -> None:
    """Sunday check-ins and three wins a week over ``days`` days, one write per month."""
    rng = random.Random(11)
    today = clock.now().date()
    first = today - timedelta(days=days - 1)
    per_month: dict[date, dict[str, dict[str, dict]]] = {}
    day = first
    checkins = wins = 0
    while day < today:  # today's check-in is the one being written
        month = per_month.setdefault(day.replace(day=1), {CHECKINS_TABLE: {}, WINS_TABLE: {}})
        at = datetime(day.year, day.month, day.day, 19, 30, tzinfo=ZONE)
        if day.weekday() == 6 and (not sparse or checkins < 2):
            draft = (new_draft(at).with_answer(WENT_WELL, "We talked calmly twice 🌿")
                     .with_answer(ISSUE_FEEL, "tense").with_answer(ISSUE_ABOUT, "money")
                     .with_answer(NEED, "A quiet evening")
                     .with_answer(PROMISE, "I'll cook on Thursday"))
            doc = finish(draft, at + timedelta(minutes=25)).to_document()
            month[CHECKINS_TABLE][str(len(month[CHECKINS_TABLE]) + 1)] = doc
            checkins += 1
        if day.weekday() in (1, 3, 5) and (not sparse or wins < 3):
            doc = new_win(rng.choice(WINS), at - timedelta(hours=2)).to_document()
            month[WINS_TABLE][str(len(month[WINS_TABLE]) + 1)] = doc
            wins += 1
        day += timedelta(days=1)
    with Store.open(data_dir, clock) as store:
        for month, tables in per_month.items():
            def merge(document, tables=tables):
                for name, rows in tables.items():
                    if rows:
                        document[name] = rows
            store.rewrite_month(month, merge)
        for table in (CHECKINS_TABLE, WINS_TABLE):
            months = sorted(f"{m:%Y-%m}" for m, t in per_month.items() if t[table])
            DocumentRepository(store, f"{table}_months").save({"months": months})


def context(store: Store, clock: FakeClock, data_dir: Path) -> AppContext:
    return AppContext(store=store, clock=clock, program=PROGRAM, data_dir=data_dir)


def time_cold(data_dir: Path, clock: FakeClock) -> tuple[float, int]:
    started = time.perf_counter()
    store = Store.open(data_dir, clock)
    CheckinScreen(context(store, clock, data_dir), QuietNavigator()).build()
    elapsed = time.perf_counter() - started
    shards = len(store.opened_months())
    store.close()
    return elapsed, shards


def timed(build) -> float:
    started = time.perf_counter()
    build()
    return time.perf_counter() - started


def shards_for(data_dir: Path, clock: FakeClock, build) -> int:
    with Store.open(data_dir, clock) as store:
        build(context(store, clock, data_dir))
        return len(store.opened_months())


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


SCREENS = {
    "check-in": lambda ctx: CheckinScreen(ctx, QuietNavigator()).build(),
    "past check-ins": lambda ctx: CheckinHistoryScreen(ctx, QuietNavigator()).build(),
    "phase 4 + tools": lambda ctx: PhaseDetailScreen(ctx, QuietNavigator(), 4).build(),
}


def main() -> None:
    clock = FakeClock(datetime(2026, 11, 1, 19, 0, tzinfo=ZONE))  # a Sunday
    with tempfile.TemporaryDirectory() as folder:
        dirs = {}
        for label, days, sparse in SIZES:
            path = Path(folder) / label.replace(" ", "-").replace(",", "")
            dirs[label] = build_history(path, days, clock)
            add_checkins_and_wins(path, clock, days, sparse)
            Store.open(path, clock).close()  # the day's first open also snapshots

        cold = {label: [] for label, *_ in SIZES}
        cold_shards = {}
        for _ in range(RUNS):
            for label, *_ in SIZES:
                elapsed, cold_shards[label] = time_cold(dirs[label], clock)
                cold[label].append(elapsed)

        shards = {(label, name): shards_for(dirs[label], clock, build)
                  for label, *_ in SIZES for name, build in SCREENS.items()}

        stores = {label: Store.open(dirs[label], clock) for label, *_ in SIZES}
        contexts = {label: context(store, clock, dirs[label]) for label, store in stores.items()}
        warm = {(label, name): [] for label, *_ in SIZES for name in SCREENS}
        save = {label: [] for label, *_ in SIZES}
        for run in range(RUNS):
            for label, *_ in SIZES:
                ctx = contexts[label]
                for name, build in SCREENS.items():
                    warm[(label, name)].append(timed(lambda b=build, c=ctx: b(c)))
                started = clock.now() + timedelta(seconds=run)
                checkin = finish(new_draft(started).with_answer(NEED, "rest"), started)
                repo = CheckinRepository(ctx.store)
                save[label].append(timed(lambda r=repo, c=checkin: r.save(c)))
        for store in stores.values():
            store.close()

    print(f"Weekly check-in and toolkit, median of {RUNS} runs "
          f"(clock: {clock.now():%a %Y-%m-%d %H:%M %Z})")
    print(f"{'history':18} {'cold open+check-in':>19} {'shards':>6}  " + "  ".join(
        f"{name + ' warm':>20} {'shards':>6}" for name in SCREENS) + f"  {'save':>11}")
    for label, *_ in SIZES:
        line = f"{label:18} {ms(statistics.median(cold[label])):>19} {cold_shards[label]:6d}  "
        line += "  ".join(f"{ms(statistics.median(warm[(label, name)])):>20} "
                          f"{shards[(label, name)]:6d}" for name in SCREENS)
        line += f"  {ms(statistics.median(save[label])):>11}"
        print(line)

    def ratio(times: list[float], base: list[float]) -> float:
        return statistics.median(times) / statistics.median(base)

    worst = 0.0
    for label, base in PAIRS:
        ratios = {"cold": ratio(cold[label], cold[base]), "save": ratio(save[label], save[base])}
        ratios.update({name: ratio(warm[(label, name)], warm[(base, name)]) for name in SCREENS})
        worst = max(worst, *ratios.values())
        print(f"ratio {label} / {base}: " + ", ".join(f"{k} {v:.2f}" for k, v in ratios.items()))
    print(f"target: every ratio <= 1.2: {'OK' if worst <= 1.2 else 'MISSED'} (worst {worst:.2f})")


if __name__ == "__main__":
    main()
