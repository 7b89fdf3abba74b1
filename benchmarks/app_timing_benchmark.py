"""Does Repair start and answer taps as fast as a bare Flet page, whatever the history?
``python benchmarks/app_timing_benchmark.py [--rounds N]``

Four apps, started alternately in every round (hello world; the same hello world with its
page not cross-origin isolated, as Repair serves its own; Repair on an empty folder;
Repair on ten years of history), each in its own process exactly as a user starts it
(``python -m repair_app --web``; the hello world is ``hello_world_app.py``, served with
the same options), and opened in headless Chromium at phone size (390x844):

- start: from the moment the process is spawned until the first interactive control is
  in Flutter's accessibility tree (hello world: its button; empty folder: Welcome's
  "Start my program"; ten years: Today's first checklist box);
- tap -> visible update: from dispatching the tap on the control's semantics node until
  the change is in the accessibility tree (drawn): hello world's counter; at ten years a
  checklist tick (the box turns checked), a tally tap (the day's count reads 1 positive)
  and "Kept it" ("You kept it" shows). Today's record of the ten-year store is reset
  first (an open promise, nothing ticked, no moments), so every tap changes something;
- memory: the server process's resident memory (its whole process tree, from /proc) with
  one tab open, 1 s after the first interactive control.

Medians over the rounds, and each figure as a ratio to hello world's in the same run:
the machine is shared, so only same-run ratios compare. The load average is printed
with every round. A browser is launched once; each app gets a fresh browser context.

Bytecode: a user's Repair starts from Python's cached bytecode (``__pycache__``, written
on the first start), as the hello world's Flet does from its installed package. Before
the rounds, each measured checkout's ``repair_app`` is compiled where its cache is stale
(``compileall``); an environment with ``PYTHONDONTWRITEBYTECODE`` set (as this machine's
is) would otherwise compile every edited module from source at every start. ``--as-is``
skips that, to see a start that compiles.

``--also DIR``: in every round, also start the Repair of another checkout (e.g. an older
commit unpacked with ``git archive``), on the same data, so a change is measured against
what it replaced under the same load.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_history import build_history  # noqa: E402

from repair_app.app import Services  # noqa: E402
from repair_app.core.clock import local_today  # noqa: E402
from repair_app.core.day import DayRecord  # noqa: E402
from repair_app.core.promise import make_promise  # noqa: E402
from repair_app.store import Store  # noqa: E402
from repair_app.store.day_repository import MOMENTS_TABLE, DayRepository  # noqa: E402
from repair_app.system_clock import SystemClock  # noqa: E402

PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
    # A page fulfilled by a route (HELLO_PLAIN's, Repair's) has no address of its own, so
    # Chromium would block its websocket to 127.0.0.1 as a public page reaching a local one.
    "--disable-features=LocalNetworkAccessChecks",
]
HELLO = "hello world"
#: The same hello world with its page not cross-origin isolated, as Repair serves its own
#: (docs/architecture.md, "No cross-origin isolation"): Flutter then draws on the page's
#: thread. The issue's targets are against HELLO; this one shows what Repair itself adds.
HELLO_PLAIN = "hello world, not isolated"
ISOLATION_HEADERS = ("cross-origin-opener-policy", "cross-origin-embedder-policy")
FRESH = "Repair, empty folder"
TEN_YEARS = "Repair, 10 years"
TICK = "I didn't defend myself today"
PROMISE = "I'll call you at lunch, whatever happens."
TARGETS = {"start " + FRESH: 1.15, "start " + TEN_YEARS: 1.20, "tap": 1.15, "rss": 1.3}


@dataclass
class Figures:
    start: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    taps: dict[str, list[float]] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and all its descendants, in MB (Linux /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry.name))
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        todo.extend(children.get(current, []))
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def spawn(kind: str, data_dir: Path | None, log_path: Path,
          root: Path = ROOT) -> tuple[subprocess.Popen, str]:
    """Start one app as its user would (Repair sees this machine's DISPLAY, if any)."""
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "FLET_WEB_NO_CDN": "1"}
    if kind in (HELLO, HELLO_PLAIN):
        # Flet serves a bare app's page only where it thinks it is on a headless server
        # (no DISPLAY), unless told to: on a desktop it would wait for its desktop client.
        env["FLET_FORCE_WEB_SERVER"] = "true"
        command = [sys.executable, str(ROOT / "benchmarks" / "hello_world_app.py"),
                   "--port", str(port)]
    else:
        command = [sys.executable, "-m", "repair_app", "--web", "--no-browser",
                   "--port", str(port), "--data-dir", str(data_dir)]
    process = subprocess.Popen(command, cwd=root, env=env, stdout=log_path.open("w"),
                               stderr=subprocess.STDOUT)
    return process, f"http://127.0.0.1:{port}/"


#: The line each app prints once it serves: Repair's holds the owner's link (with its
#: launch key; the bare address is refused to anyone without the key's cookie).
SERVING = re.compile(r"is running at (http://\S+)")


def wait_serving(process: subprocess.Popen, url: str, log_path: Path) -> str:
    """Wait until the app answers on the link it printed; return that link (the one a
    person opens: for Repair it carries the launch key)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{log_path.read_text()}")
        found = SERVING.search(log_path.read_text(errors="replace"))
        link = found.group(1) if found else None
        if link is not None and link.startswith(url.rstrip("/")):
            try:  # the link sets a cookie and redirects: keep it, as a browser does
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
                with opener.open(link, timeout=1):
                    return link
            except OSError:
                pass
        time.sleep(0.02)
    raise RuntimeError(f"the app did not start in 120 s:\n{log_path.read_text()}")


def new_page(browser, kind: str):
    """A fresh page that reaches only this machine. HELLO_PLAIN's page (the document)
    loses its isolation headers in the route; Repair's page goes through the same route
    (its headers have none to lose), so both pay the same few milliseconds. HELLO's goes
    straight through: an isolated page fulfilled by the route never starts."""
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()

    def route(request_route):
        request = request_route.request
        if not request.url.startswith(("http://127.0.0.1", "blob:", "data:")):
            request_route.abort()
        elif request.resource_type == "document" and kind != HELLO:
            response = request_route.fetch()
            headers = {name: value for name, value in response.headers.items()
                       if name.lower() not in ISOLATION_HEADERS}
            request_route.fulfill(response=response, headers=headers)
        else:
            request_route.continue_()

    page.route("**/*", route)
    return page


def first_control(page, kind: str):
    if kind in (HELLO, HELLO_PLAIN):
        return page.get_by_role("button", name="Tap me")
    if kind == FRESH:
        return page.get_by_role("button", name="Start my program")
    return page.get_by_role("checkbox", name=TICK, exact=True)


def semantics_target(page, locator):
    """The node a screen reader taps (see tests/e2e/conftest.py ``tap``), found untimed."""
    locator.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    node = locator.element_handle()
    if node.get_attribute("flt-tappable") is not None:
        return node
    return node.query_selector("[flt-tappable]") or node


def timed_tap(page, locator, appeared: str, arg: str) -> float:
    """Seconds from the tap to ``appeared`` (a JS predicate of ``arg``) being true."""
    target = semantics_target(page, locator)
    started = time.perf_counter()
    target.dispatch_event("click")
    page.wait_for_function(appeared, arg=arg, timeout=60_000, polling="raf")
    elapsed = time.perf_counter() - started
    page.wait_for_timeout(500)
    return elapsed


CHECKED = ("label => [...document.querySelectorAll('[role=checkbox]')].some("
           "e => e.getAttribute('aria-label') === label"
           " && e.getAttribute('aria-checked') === 'true')")
TEXT_SHOWN = "text => document.querySelector('flt-semantics-host')?.innerText.includes(text)" \
             " || [...document.querySelectorAll('[aria-label]')].some(" \
             "e => e.getAttribute('aria-label').includes(text))"


def run_app(browser, kind: str, source: Path | None, folder: Path, figures: Figures,
            root: Path = ROOT) -> None:
    data = None
    if source is not None:
        data = folder / "data"
        shutil.copytree(source, data)
    elif kind == FRESH:
        data = folder / "data"
    page = new_page(browser, kind)
    log_path = folder / "app.log"
    started = time.perf_counter()
    process, url = spawn(kind, data, log_path, root)
    try:
        page.goto(wait_serving(process, url, log_path))
        page.wait_for_function("() => !document.getElementById('loading')", timeout=120_000,
                               polling="raf")
        placeholder = page.locator("flt-semantics-placeholder")
        placeholder.wait_for(state="attached", timeout=60_000)
        placeholder.evaluate("e => e.click()")
        first_control(page, kind).wait_for(timeout=120_000)
        figures.start.append(time.perf_counter() - started)
        page.wait_for_timeout(1000)
        figures.rss.append(tree_rss_mb(process.pid))
        if kind in (HELLO, HELLO_PLAIN):
            taps = {"tap": timed_tap(page, page.get_by_role("button", name="Tap me"),
                                     TEXT_SHOWN, "Tapped 1 times")}
        elif kind == TEN_YEARS:
            taps = {
                "checklist tick": timed_tap(page, first_control(page, kind), CHECKED, TICK),
                "tally": timed_tap(page, page.get_by_role("button",
                                                          name="Add positive moment"),
                                   TEXT_SHOWN, "Today: 1 positive · 0 negative"),
                "promise kept": timed_tap(page, page.get_by_role("button", name="Kept it"),
                                          TEXT_SHOWN, "You kept it"),
            }
        else:
            taps = {}
        for name, seconds in taps.items():
            figures.taps.setdefault(name, []).append(seconds)
    finally:
        page.context.close()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ten_year_store(folder: Path) -> Path:
    """Ten years ending today (the apps run on the real clock), with today reset to an
    open promise, nothing ticked and no moments: every timed tap changes what is shown;
    opened by Repair before, as its user's folder would have been."""
    clock = SystemClock()
    path = build_history(folder / "ten-years", 3650, clock, pauses_per_week=1.5)
    today = local_today(clock)
    with Store.open(path, clock) as store:
        DayRepository(store).update(today, lambda _r: make_promise(
            DayRecord(today), PROMISE, clock.now() - timedelta(minutes=1)))

        def drop_todays_moments(document: dict) -> None:
            moments = document.get(MOMENTS_TABLE) or {}
            for key in [k for k, doc in moments.items() if doc.get("date") == today.isoformat()]:
                del moments[key]

        store.rewrite_month(today.replace(day=1), drop_todays_moments)
    # Ten years of use means Repair has started on this folder before: the readable copy
    # of the settings that the first start writes (device.json) is there, as it is for
    # its user. (The empty folder's start still writes it: that is a first start.)
    services = Services.open(path, clock)
    with services.open_store():
        services.context()
    return path


def stale_modules(root: Path) -> list[Path]:
    """The modules of ``root``'s ``repair_app`` whose cached bytecode is missing or older
    than their source (what Python would compile at the next start)."""
    import importlib.util

    stale = []
    for source in sorted((root / "repair_app").rglob("*.py")):
        cached = Path(importlib.util.cache_from_source(str(source)))
        if not cached.exists() or cached.stat().st_mtime < source.stat().st_mtime:
            stale.append(source)
    return stale


def compile_bytecode(root: Path) -> int:
    """Bring ``root``'s bytecode cache up to date, as a first start would; the count of
    modules that were stale."""
    import compileall

    stale = stale_modules(root)
    if stale and not compileall.compile_dir(root / "repair_app", quiet=1):
        raise RuntimeError(f"compiling {root / 'repair_app'} failed")
    return len(stale)


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f}/{five:.2f}"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--also", type=Path, default=None,
                        help="another checkout whose Repair runs in the same rounds")
    parser.add_argument("--as-is", action="store_true",
                        help="don't bring the bytecode cache up to date first")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("REPAIR_CHROMIUM", "/usr/bin/chromium")
    apps = [(kind, kind, ROOT) for kind in (HELLO, HELLO_PLAIN, FRESH, TEN_YEARS)]
    if args.also is not None:
        other = args.also.resolve()
        apps += [(f"{kind} ({other.name})", kind, other) for kind in (FRESH, TEN_YEARS)]
    results = {label: Figures() for label, _kind, _root in apps}
    for root in dict.fromkeys(root for _label, _kind, root in apps):
        if args.as_is:
            print(f"{root}: {len(stale_modules(root))} modules will compile at every start")
        else:
            print(f"{root}: bytecode cache brought up to date ({compile_bytecode(root)} "
                  "modules were stale)")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        ten_years = ten_year_store(Path(tmp))
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        print(f"{os.cpu_count()} cores; load average (1/5 min) at the start {load()}")
        for round_number in range(1, args.rounds + 1):
            line = [f"round {round_number}:"]
            for label, kind, root in apps:
                source = ten_years if kind == TEN_YEARS else None
                with tempfile.TemporaryDirectory(dir=tmp) as folder:
                    run_app(browser, kind, source, Path(folder), results[label], root)
                figures = results[label]
                taps = ", ".join(f"{n} {_ms(v[-1])}" for n, v in figures.taps.items())
                line.append(f"{label} start {_ms(figures.start[-1])}"
                            f"{' (' + taps + ')' if taps else ''}, {figures.rss[-1]:.0f} MB;")
            print(" ".join(line) + f" load {load()}", flush=True)
        browser.close()

    def median(label: str, figure: str, tap: str = "tap") -> float:
        figures = results[label]
        return statistics.median(figures.taps[tap] if figure == "tap" else
                                 getattr(figures, figure))

    print(f"\nmedians of {args.rounds} rounds (Chromium {PHONE['width']}x{PHONE['height']}, "
          f"load average at the end {load()}); targets are against the bare hello world "
          f"as Flet serves it ({HELLO}); the last column compares with the same page not "
          f"isolated, as Repair serves its own:")
    width = max(34, *(len(label) + 24 for label in results))
    print(f"{'':{width}}{'median':>9}{'x hello':>9}{'target':>9}{'x not isolated':>16}")

    def row(name: str, value: float, base: float, plain: float, target: float | None,
            unit: str) -> None:
        shown = f"{value:.0f} MB" if unit == "MB" else _ms(value)
        print(f"{name:{width}}{shown:>9}{value / base:>9.2f}"
              f"{'' if target is None else f'{target:.2f}':>9}{value / plain:>16.2f}")

    hello_start, plain_start = median(HELLO, "start"), median(HELLO_PLAIN, "start")
    hello_tap, plain_tap = median(HELLO, "tap"), median(HELLO_PLAIN, "tap")
    hello_rss, plain_rss = median(HELLO, "rss"), median(HELLO_PLAIN, "rss")
    for label, kind, _root in apps:
        target = TARGETS.get("start " + kind)
        row("start, " + label, median(label, "start"), hello_start, plain_start, target, "ms")
    for label, _kind, _root in apps:
        for name in results[label].taps:
            row(f"tap, {label}, {'button' if name == 'tap' else name}",
                median(label, "tap", name), hello_tap, plain_tap,
                None if label in (HELLO, HELLO_PLAIN) else TARGETS["tap"], "ms")
    for label, _kind, _root in apps:
        row("server RSS, " + label, median(label, "rss"), hello_rss, plain_rss,
            None if label in (HELLO, HELLO_PLAIN) else TARGETS["rss"], "MB")

if __name__ == "__main__":
    main()
