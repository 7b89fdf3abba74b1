"""What the page's thread does from the websocket opening to the first control, frame by
frame. ``python benchmarks/start_frames_probe.py [--app ten|fresh|hello] [--runs N]
[--root DIR] [--timeline]``

Starts one app as ``app_timing_benchmark.py`` does (``ten``: Repair on ten years of
history; ``fresh``: an empty folder; ``hello``: the bare hello world, not isolated, as
Repair serves its own page) and, inside the page, stamps every animation-frame callback
(Flutter's frame: build, layout, paint, semantics), every frame handed over by the
renderer (``transferToImageBitmap``: waiting for the software GL to finish drawing) and
every websocket message, in the page's own clock. Per run, one line: when the engine's
two large files were asked for and how long each took to arrive, when the socket opened
(from navigation), when the first screen's update arrived after the websocket opened,
how long its frame took (the callback, then the drawing), when the first control was
found, and the frames between.
``--timeline`` prints every stamp. ``--root`` measures another checkout's Repair.

A message that arrives while a frame is being drawn waits for it: the timeline shows
what a start sends after the first screen, and what each costs the page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import app_timing_benchmark as timing  # noqa: E402

APPS = {"ten": timing.TEN_YEARS, "fresh": timing.FRESH, "hello": timing.HELLO_PLAIN}
STAMPS = """
window.__stamps = [];
const stamp = (kind, took, what) =>
  window.__stamps.push([kind, Math.round(performance.now()), Math.round(took || 0), what || '']);
const raf = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = callback => raf(time => {
  const started = performance.now();
  try { callback(time); } finally { stamp('frame', performance.now() - started); }
});
const transfer = OffscreenCanvas.prototype.transferToImageBitmap;
OffscreenCanvas.prototype.transferToImageBitmap = function () {
  const started = performance.now();
  const bitmap = transfer.call(this);
  stamp('drawn', performance.now() - started);
  return bitmap;
};
const PlainSocket = window.WebSocket;
window.WebSocket = function (...args) {
  const socket = new PlainSocket(...args);
  socket.addEventListener('open', () => stamp('socket open'));
  socket.addEventListener('message', e =>
    stamp('message', 0, String(e.data.size ?? e.data.byteLength ?? e.data.length)));
  return socket;
};
window.WebSocket.prototype = PlainSocket.prototype;
Object.assign(window.WebSocket, PlainSocket);
"""

#: When the engine's two large files were asked for and had arrived, in the page's clock
#: (from navigation): the server's share of a start, before the socket opens.
ENGINE_FILES = """() => performance.getEntriesByType('resource')
  .filter(e => /(skwasm|main[.]dart)[.]wasm$/.test(e.name))
  .forEach(e => window.__stamps.push(['file', Math.round(e.startTime),
                                      Math.round(e.responseEnd - e.startTime),
                                      e.name.split('/').pop()]))"""


def one_run(browser, app: str, ten_years: Path, folder: Path, root: Path) -> list:
    kind = APPS[app]
    data = None
    if app == "ten":
        data = folder / "data"
        shutil.copytree(ten_years, data)
    elif app == "fresh":
        data = folder / "data"
    page = timing.new_page(browser, kind)
    page.add_init_script(STAMPS)
    log_path = folder / "app.log"
    process, url = timing.spawn(kind, data, log_path, root)
    try:
        page.goto(timing.wait_serving(process, url, log_path))
        page.wait_for_function("() => !document.getElementById('loading')",
                               timeout=120_000, polling="raf")
        placeholder = page.locator("flt-semantics-placeholder")
        placeholder.wait_for(state="attached", timeout=60_000)
        placeholder.evaluate("e => (window.__stamps.push(['semantics on', "
                             "Math.round(performance.now()), 0, '']), e.click())")
        timing.first_control(page, kind).wait_for(timeout=120_000)
        page.evaluate("() => window.__stamps.push(['FIRST CONTROL', "
                      "Math.round(performance.now()), 0, ''])")
        page.evaluate(ENGINE_FILES)
        return page.evaluate("() => window.__stamps")
    finally:
        page.context.close()
        process.terminate()
        process.wait()


def socket_opened(stamps: list) -> int:
    return next(t for kind, t, _took, _what in stamps if kind == "socket open")


def summary(stamps: list) -> str:
    """The first screen's update is the second message: the first answers the page's
    registration (for every app alike)."""
    opened = socket_opened(stamps)
    screen = [i for i, stamp in enumerate(stamps) if stamp[0] == "message"][1]
    arrived = stamps[screen][1]
    frame = next(s for s in stamps[screen:] if s[0] == "frame" and s[2] > 5)
    drawn = next(s for s in stamps[screen:] if s[0] == "drawn" and s[1] > frame[1])
    first = next(s for s in stamps if s[0] == "FIRST CONTROL")
    between = [f"{kind} {took} ms" if kind == "frame" else f"{kind} {what} B"
               for kind, t, took, what in stamps[screen + 1:]
               if drawn[1] < t < first[1] and (kind == "message" or (kind == "frame"
                                                                     and took > 5))]
    files = "; ".join(f"{what} asked at {t} ms, took {took} ms"
                      for kind, t, took, what in stamps if kind == "file")
    return (f"from navigation: {files}; socket opened at {opened} ms. "
            f"The screen's update {arrived - opened} ms after the socket opened; its frame "
            f"{frame[2]} ms, drawn {drawn[1] - frame[1]} ms later (waiting {drawn[2]} ms); "
            f"on screen {drawn[1] - arrived} ms after the update; first control "
            f"{first[1] - opened} ms after the socket opened; between: "
            f"{', '.join(between) or 'nothing'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--app", choices=sorted(APPS), default="ten")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--root", type=Path, default=timing.ROOT)
    parser.add_argument("--timeline", action="store_true")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    root = args.root.resolve()
    timing.compile_bytecode(root)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        ten_years = timing.ten_year_store(Path(tmp))
        chromium = os.environ.get("REPAIR_CHROMIUM", "/usr/bin/chromium")
        browser = playwright.chromium.launch(executable_path=chromium, args=timing.CHROMIUM_ARGS)
        for run in range(1, args.runs + 1):
            with tempfile.TemporaryDirectory(dir=tmp) as folder:
                stamps = one_run(browser, args.app, ten_years, Path(folder), root)
            print(f"run {run} ({args.app}, load {timing.load()}): {summary(stamps)}",
                  flush=True)
            if args.timeline:
                opened = socket_opened(stamps)
                for kind, t, took, what in stamps:
                    if t >= opened:
                        print(f"  {t - opened:6d} ms  {kind:13s} {took:5d} ms  {what}")
        browser.close()


if __name__ == "__main__":
    main()
