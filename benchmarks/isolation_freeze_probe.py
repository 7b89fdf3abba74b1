"""Does Flet's web client still freeze when its page is cross-origin isolated?
``python benchmarks/isolation_freeze_probe.py [--tabs 3] [--seconds 60] [--rounds 1]``

Repair serves its page without cross-origin isolation (docs/architecture.md, "No
cross-origin isolation"): isolated, Flutter's renderer draws on a worker thread, and in
the Flutter builds Flet has shipped so far that mode can corrupt its memory while text is
laid out during a frame (flutter/flutter#190039); the page then freezes for good.
Isolation would make Repair's taps about twice as fast, so this probe is the check to run
when a new Flet comes out: it serves ``text_churn_app.py`` with the installed Flet, opens
``--tabs`` pages isolated (as Flet serves them) and as many not isolated (the two headers
taken out, as Repair serves its own), and watches each page's animation frames. A page
whose frames stop for 6 s is frozen. Prints, per mode, how many pages froze and when.
The day the isolated pages stop freezing, Repair can drop ``without_isolation``.
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ISOLATION_HEADERS = ("cross-origin-opener-policy", "cross-origin-embedder-policy")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update"]
STALL_MS = 6000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def engine_revision() -> str:
    import flet_web
    bootstrap = Path(flet_web.__file__).parent / "web" / "flutter_bootstrap.js"
    text = bootstrap.read_text(encoding="utf-8", errors="replace")
    marker = '"engineRevision":"'
    start = text.find(marker)
    return text[start + len(marker):start + len(marker) + 10] if start >= 0 else "unknown"


def serve() -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, str(HERE / "text_churn_app.py"),
                                "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return process, url
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the text churn page did not start in 60 s")


def open_page(browser, url: str, isolated: bool):
    page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()

    def route(request_route):
        request = request_route.request
        if not request.url.startswith(("http://127.0.0.1", "blob:", "data:")):
            request_route.abort()
        elif request.resource_type == "document" and not isolated:
            response = request_route.fetch()
            request_route.fulfill(response=response, headers={
                name: value for name, value in response.headers.items()
                if name.lower() not in ISOLATION_HEADERS})
        else:
            request_route.continue_()

    page.route("**/*", route)
    page.goto(url)
    page.evaluate("window.__frames = 0;"
                  "(function count() { window.__frames++; requestAnimationFrame(count); })()")
    if page.evaluate("self.crossOriginIsolated") is not isolated:
        raise RuntimeError(f"the page's isolation is not what this mode needs ({isolated})")
    return page


def watch(pages: list, seconds: float) -> list[float | None]:
    """For each page: the second its frames stopped, or None if they never did."""
    frozen: list[float | None] = [None] * len(pages)
    seen = [0] * len(pages)
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        time.sleep(2)
        for index, page in enumerate(pages):
            if frozen[index] is not None:
                continue
            try:
                page.wait_for_function(f"window.__frames > {seen[index]}", timeout=STALL_MS)
                seen[index] = page.evaluate("window.__frames")
            except Exception:  # the page answered nothing in STALL_MS: frozen
                frozen[index] = round(time.monotonic() - start, 1)
    return frozen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tabs", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    print(f"flet {version('flet')}, flet-web {version('flet-web')}, Flutter engine "
          f"{engine_revision()}; {args.tabs} pages per mode, {args.seconds:.0f} s each round")
    totals = {True: 0, False: 0}
    for round_number in range(1, args.rounds + 1):
        for isolated in (True, False):
            process, url = serve()
            try:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                                         args=CHROMIUM_ARGS)
                    pages = [open_page(browser, url, isolated) for _ in range(args.tabs)]
                    time.sleep(5)
                    frozen = watch(pages, args.seconds)
                    browser.close()
            finally:
                process.kill()
                process.wait()
            count = sum(moment is not None for moment in frozen)
            totals[isolated] += count
            mode = "isolated (as Flet serves it)" if isolated else "not isolated (as Repair)"
            times = ", ".join(f"{moment} s" for moment in frozen if moment is not None)
            print(f"round {round_number}, {mode}: {count} of {args.tabs} pages froze"
                  + (f" (at {times})" if times else ""), flush=True)
    pages = args.tabs * args.rounds
    print(f"in all: isolated {totals[True]} of {pages} pages froze; "
          f"not isolated {totals[False]} of {pages}")


if __name__ == "__main__":
    main()
