"""The pause timer: accuracy and CPU. ``python benchmarks/pause_benchmark.py [accuracy|cpu|all]``.

accuracy
    Runs the real pause screen ticker (real store in a temp folder) against a recording page
    and measures the drift between what is displayed (mm:ss, whole seconds rounded up) and the
    stored end: the displayed value D is right while the remaining time R = stored end - now
    lies in [D - 1, D]; the drift is how far R is outside that interval. It is sampled at every
    countdown update and by a sampler that wakes every 0.2-0.54 s of pause time. Three runs:
    1. simulated: a fake clock that the ticker's sleeps advance exactly (the algorithm alone);
    2. compressed 60x: real asyncio scheduling on a clock running 60 times faster, so a whole
       20-minute pause (across a DST change) takes 20 s; shown per 5-minute quarter to show the
       drift does not grow. Every millisecond of scheduling delay counts 60 times here;
    3. real time for ``--real-seconds`` (default 30).
    Target: max drift <= 0.5 s; for run 2, divided by 60 (the real delay behind it).

cpu
    Starts the web app (``python -m repair_app --web``) in a temp data folder, opens it in
    headless Chromium, starts a pause from Today, and measures the app process's CPU time
    (utime + stime from /proc/<pid>/stat, the process and its threads) over ``--seconds``
    (default 60) while the pause screen ticks, then the same on Today with no pause running.
    Reports the percentage of one core. Also the ticker's own cost per tick in-process
    (resource.getrusage). Target: near idle.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from repair_app.content import default_program  # noqa: E402
from repair_app.context import AppContext  # noqa: E402
from repair_app.core.pause import PAUSE_SECONDS  # noqa: E402
from repair_app.core.settings import Settings  # noqa: E402
from repair_app.store import Store  # noqa: E402
from repair_app.ui.pause_controller import PauseController  # noqa: E402
from repair_app.ui.screens.pause import PauseScreen  # noqa: E402

TARGET_DRIFT = 0.5


class ScaledClock:
    """Wall and monotonic time running ``speed`` times faster than real time."""

    def __init__(self, speed: float, start: datetime) -> None:
        self.speed = speed
        self._real0 = time.monotonic()
        self._wall0 = start

    def _elapsed(self) -> float:
        return (time.monotonic() - self._real0) * self.speed

    def now(self) -> datetime:
        utc = self._wall0.astimezone(ZoneInfo("UTC")) + timedelta(seconds=self._elapsed())
        return utc.astimezone(self._wall0.tzinfo)

    def monotonic(self) -> float:
        return 1000.0 + self._elapsed()


class QuietNav:
    def go(self, route: str) -> None: ...
    def show_message(self, text: str) -> None: ...
    def apply_theme(self, theme_name: str) -> None: ...
    def refresh(self) -> None: ...


@dataclass
class DriftLog:
    drifts: list[float] = field(default_factory=list)
    elapsed: list[float] = field(default_factory=list)  # pause time of each sample
    updates: int = 0

    def add(self, drift: float, elapsed: float) -> None:
        self.drifts.append(drift)
        self.elapsed.append(elapsed)

    def quarters(self, total: float) -> list[float]:
        worst = [0.0, 0.0, 0.0, 0.0]
        for drift, at in zip(self.drifts, self.elapsed, strict=True):
            index = min(int(4 * at / total), 3)
            worst[index] = max(worst[index], drift)
        return worst


def displayed_seconds(text: str) -> int:
    minutes, seconds = text.split(":")
    return int(minutes) * 60 + int(seconds)


def drift_of(shown: int, remaining: float) -> float:
    """How far the true remaining time is outside what the display claims ([D-1, D])."""
    return max(remaining - shown, (shown - 1) - remaining, 0.0)


async def run_accuracy(speed: float | None, seconds: float | None, data_dir: Path) -> DriftLog:
    """``speed`` None: the simulated run (fake clock advanced by the ticker's own sleeps)."""
    from repair_app.core.clock import FakeClock

    start = datetime(2026, 10, 25, 2, 50, tzinfo=ZoneInfo("Europe/Berlin"))
    samples: list[tuple[float, float]] = []  # (drift, pause time) taken inside the sleeps
    if speed is None:
        clock = FakeClock(start)

        async def sleep(seconds_: float) -> None:
            clock.advance(seconds_)
            # the worst moment: just before the ticker repaints, the display is at its stalest
            if screen.session is not None and screen.session.running:
                samples.append((drift_of(displayed_seconds(screen.time_text.value),
                                         remaining_now()), clock.monotonic() - started_mono))
    else:
        clock = ScaledClock(speed, start)

        async def sleep(seconds_: float) -> None:
            await asyncio.sleep(seconds_ / speed)
    store = Store.open(data_dir, clock)
    ctx = AppContext(store=store, clock=clock, program=default_program(), data_dir=data_dir)
    ctx.save_settings(Settings(onboarded=True))
    loop = asyncio.get_running_loop()

    def run_task(handler, *args):
        return asyncio.ensure_future(handler(*args))

    controller = PauseController(ctx, run_task=None, sleep=sleep)
    session = controller.start()
    started_mono = clock.monotonic()
    log = DriftLog()

    def remaining_now() -> float:
        stored = controller.service.records.load_current()
        return stored.remaining(clock.now()) if stored.running else 0.0

    def push(*controls):
        if controls == (screen.panel,):
            return
        log.updates += 1
        log.add(drift_of(displayed_seconds(screen.time_text.value), remaining_now()),
                clock.monotonic() - started_mono)

    screen = PauseScreen(ctx, QuietNav(), controller, run_task=run_task, sleep=sleep,
                         push=push)
    screen.build()
    screen._mounted = True
    ticker = loop.create_task(screen.run_ticker())
    if speed is None:
        await ticker
        for drift, at in samples:
            log.add(drift, at)
        store.close()
        return log
    rng = random.Random(7)
    end = loop.time() + (seconds if seconds is not None else PAUSE_SECONDS / speed + 1)
    while not ticker.done() and loop.time() < end:
        await asyncio.sleep(rng.uniform(0.2, 0.54) / speed)  # 0.2-0.54 s of pause time
        current = controller.service.records.load_current()
        if current is None or not current.running or current.id != session.id:
            break
        if screen.session is not None and screen.session.running:
            log.add(drift_of(displayed_seconds(screen.time_text.value), remaining_now()),
                    clock.monotonic() - started_mono)
    screen.unmounted()
    ticker.cancel()
    store.close()
    return log


def report_accuracy(real_seconds: float) -> bool:
    ok = True
    runs = (("simulated clock, whole 20-minute pause", None, None, 1.0),
            ("compressed 60x, whole 20-minute pause", 60.0, None, 60.0),
            (f"real time, {real_seconds:.0f} s", 1.0, real_seconds, 1.0))
    with tempfile.TemporaryDirectory() as folder:
        for label, speed, seconds, scale in runs:
            started = time.perf_counter()
            log = asyncio.run(run_accuracy(speed, seconds, Path(folder) / str(speed)))
            took = time.perf_counter() - started
            drifts = sorted(log.drifts)
            worst = drifts[-1] if drifts else float("nan")
            p99 = drifts[max(int(len(drifts) * 0.99) - 1, 0)] if drifts else float("nan")
            passed = worst / scale <= TARGET_DRIFT
            line = (f"accuracy, {label}: {log.updates} countdown updates, {len(drifts)} samples "
                    f"in {took:.1f} s real; drift max {worst:.3f} s, p99 {p99:.3f} s")
            if scale > 1:
                quarters = ", ".join(f"{q:.3f}" for q in log.quarters(PAUSE_SECONDS))
                line += (f" (= {worst / scale * 1000:.1f} ms of real scheduling delay; max per "
                         f"5-minute quarter: {quarters} s)")
            print(f"{line}: {'OK' if passed else 'OVER'}")
            ok = ok and passed
    return ok


# -- CPU -------------------------------------------------------------------------------------------

def process_tree(pid: int) -> list[int]:
    found = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split() if (task / "children").exists() \
            else []
        for child in children:
            found.extend(process_tree(int(child)))
    return found


def cpu_seconds(pid: int) -> float:
    total = 0
    for member in process_tree(pid):
        fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / os.sysconf("SC_CLK_TCK")


def measure(pid: int, seconds: float) -> float:
    before_cpu, before = cpu_seconds(pid), time.monotonic()
    time.sleep(seconds)
    used, elapsed = cpu_seconds(pid) - before_cpu, time.monotonic() - before
    return 100.0 * used / elapsed


def ticker_cost_per_tick(ticks: int = 2000) -> float:
    """CPU seconds for one tick of the real ticker (store read, paint, no client)."""
    from repair_app.core.clock import FakeClock

    with tempfile.TemporaryDirectory() as folder:
        clock = FakeClock(datetime(2026, 11, 23, 21, 30, tzinfo=ZoneInfo("Europe/Berlin")))
        store = Store.open(Path(folder), clock)
        ctx = AppContext(store=store, clock=clock, program=default_program(),
                         data_dir=Path(folder))
        ctx.save_settings(Settings(onboarded=True))

        async def sleep(seconds: float) -> None:
            clock.advance(seconds)

        controller = PauseController(ctx, sleep=sleep)
        controller.start()
        count = [0]
        screen = PauseScreen(ctx, QuietNav(), controller, sleep=sleep)

        def push(*_controls):
            count[0] += 1
            if count[0] >= ticks:
                screen.unmounted()
        screen.push = push
        screen.build()
        screen._mounted = True
        before = resource.getrusage(resource.RUSAGE_SELF)
        asyncio.run(screen.run_ticker())
        after = resource.getrusage(resource.RUSAGE_SELF)
        store.close()
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used / count[0]


def report_cpu(seconds: float) -> None:
    from playwright.sync_api import sync_playwright

    from tests.e2e.conftest import CHROMIUM_ARGS, PHONE, chromium_path, open_app, start_app
    from tests.e2e.test_foundation_journey import complete_welcome

    per_tick = ticker_cost_per_tick()
    print(f"cpu, ticker in-process (store read + paint, no client): {per_tick * 1e6:.0f} us "
          f"per tick = {per_tick * 100:.3f} % of one core at one tick a second")
    path = chromium_path()
    if path is None:
        print("cpu, web app: skipped (no Chromium)")
        return
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        server = start_app(Path(folder) / "data", Path(folder) / "app.log")
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            page = open_app(browser, server.url, viewport=PHONE)
            complete_welcome(page)
            page.wait_for_timeout(3000)
            idle = measure(server.process.pid, seconds)
            page.get_by_role("button", name="Pause").click()
            countdown = page.get_by_text(re.compile(r"^\d\d:\d\d$")).first
            countdown.wait_for(timeout=30_000)
            page.wait_for_timeout(3000)
            start_text = countdown.text_content()
            running = measure(server.process.pid, seconds)
            end_text = countdown.text_content()
        finally:
            browser.close()
            server.stop()
    print(f"cpu, web app on Today, no pause, {seconds:.0f} s: {idle:.2f} % of one core")
    print(f"cpu, web app on the pause screen, pause running, {seconds:.0f} s: {running:.2f} % "
          f"of one core (countdown {start_text} -> {end_text} in the browser)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", default="all", choices=("accuracy", "cpu", "all"))
    parser.add_argument("--seconds", type=float, default=60.0, help="CPU measuring period")
    parser.add_argument("--real-seconds", type=float, default=30.0,
                        help="length of the real-time accuracy run")
    args = parser.parse_args()
    ok = True
    if args.what in ("accuracy", "all"):
        ok = report_accuracy(args.real_seconds)
    if args.what in ("cpu", "all"):
        report_cpu(args.seconds)
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
