"""Serve first, prepare meanwhile: the entry point waits for the background preparation
without blocking the event loop; preparing opens the store and builds the first screen
offstage, reading only."""

from __future__ import annotations

import asyncio
import hashlib
import sys
import threading
from datetime import datetime
from pathlib import Path

import pytest

from repair_app import app
from repair_app.core.clock import FakeClock
from repair_app.startup import prepared

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks.synthetic_history import build_history  # noqa: E402


def test_the_session_waits_for_the_preparation_and_the_loop_stays_free():
    release = threading.Event()
    shown: list[str] = []

    def build():
        release.wait(10)
        return lambda page: shown.append(page)

    main = prepared(build)
    assert asyncio.iscoroutinefunction(main)  # Flet awaits it: the loop isn't blocked

    async def session() -> list[str]:
        task = asyncio.create_task(main("page-1"))
        ticks = 0
        while not task.done():
            await asyncio.sleep(0.01)  # the loop still runs while the app is prepared
            ticks += 1
            if ticks == 5:
                release.set()
        await task
        await main("page-2")  # later sessions don't wait
        return shown

    assert asyncio.run(session()) == ["page-1", "page-2"]


def test_a_failed_preparation_is_raised_in_the_session():
    def build():
        raise ImportError("a module is missing")

    main = prepared(build)
    with pytest.raises(ImportError, match="missing"):
        asyncio.run(main(object()))


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".repair.lock"}


@pytest.mark.parametrize("days", [0, 400])
def test_preparing_builds_the_first_screen_offstage_and_writes_nothing(tmp_path, days):
    clock = FakeClock(datetime(2026, 11, 23, 9, 30))
    data = tmp_path / "data"
    build_history(data, days, clock)
    app.Services.open(data, clock).store.close()  # opening makes the day's backup, once
    before = digests(data)
    main = app.make_main(data, clock, stamp_dir=tmp_path / "stamps")
    built: list[object] = []
    original = app.Shell.build_views
    try:
        app.Shell.build_views = lambda self, match: built.append(match.name) or original(
            self, match)
        main.prepare()
    finally:
        app.Shell.build_views = original
    assert built == ["today", "today"]  # phone and wide layouts
    assert digests(data) == before


def test_preparing_a_new_folder_builds_the_welcome(tmp_path):
    main = app.make_main(tmp_path / "data", FakeClock(datetime(2026, 11, 23, 9, 30)),
                         stamp_dir=tmp_path / "stamps")
    built: list[object] = []
    original = app.Shell.build_views
    try:
        app.Shell.build_views = lambda self, match: built.append(match.name) or original(
            self, match)
        main.prepare()
    finally:
        app.Shell.build_views = original
    assert built == ["welcome", "welcome"]


def test_preparing_runs_first_then_builds_then_serves_the_session():
    order: list[str] = []
    main = prepared(lambda: order.append("build") or (lambda page: order.append(page)),
                    first=lambda: order.append("first"))
    asyncio.run(main("page"))
    assert order == ["first", "build", "page"]


def test_preparing_an_encrypted_store_opens_nothing_private(tmp_path):
    from repair_app.lock_service import LockService
    from repair_app.store import Store
    from tests.store.crypto_helpers import FAST

    clock = FakeClock(datetime(2026, 11, 23, 9, 30))
    data = tmp_path / "data"
    build_history(data, 60, clock)
    with Store.open(data, clock) as store:
        LockService.open(data, clock, params=FAST).turn_on(
            "a long passphrase", "a long passphrase", idle_seconds=60, encrypt=True,
            store=store)
    before = digests(data)
    main = app.make_main(data, clock, stamp_dir=tmp_path / "stamps")
    built: list[object] = []
    original = app.Shell.build_views
    try:
        app.Shell.build_views = lambda self, match: built.append(match.name) or original(
            self, match)
        main.prepare()
    finally:
        app.Shell.build_views = original
    assert built == []  # locked: the store stays closed until the passcode is given
    assert digests(data) == before


# Run in a fresh interpreter (other tests in this process may have loaded what is looked
# for): prepared the way the web app is before its first window, then warmed up. What
# that loads is what the server holds (issue 14's memory target).
PREPARED_APP = """
import sys
from datetime import datetime
from pathlib import Path
from benchmarks.synthetic_history import build_history
from repair_app import app
from repair_app.core.clock import FakeClock

data, stamps = Path(sys.argv[1]), Path(sys.argv[2])
clock = FakeClock(datetime(2026, 11, 23, 9, 30))
build_history(data, 400, clock)
main = app.make_main(data, clock, stamp_dir=stamps)
main.prepare()
app.warm_up()
"""


def run_prepared(script: str, tmp_path: Path) -> list[str]:
    """What ``script`` prints, run after PREPARED_APP in a fresh interpreter."""
    import subprocess

    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", PREPARED_APP + script,
                           str(tmp_path / "data"), str(tmp_path / "stamps")], cwd=root,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_an_unencrypted_store_never_loads_the_encryption_library(tmp_path):
    """Its native part is about 5 MB of the server's memory (issue 14's memory target);
    only someone who turns encryption on, or makes an encrypted copy, needs it."""
    assert run_prepared("""
import repair_app.ui.screens.settings  # the screen that offers encryption
print("cryptography" in sys.modules, "_cffi_backend" in sys.modules)
""", tmp_path) == ["False", "False"]


def test_drawing_every_screen_never_loads_flets_icon_table(tmp_path):
    """The first ``ft.Icons.NAME`` loads the names of all 8,825 Material icons (1.8 MB of
    the server's memory); Repair's icons are made from their codes
    (``repair_app/ui/icons.py``). Every screen is drawn and encoded as Flet sends it."""
    assert run_prepared("""
import flet as ft
import msgpack
from flet.controls.material import icons as flet_icons
from flet.messaging.protocol import configure_encode_object_for_msgpack
from repair_app.ui.shell import Shell
from tests.ui.fake_page import FakePage

ctx = app.Services.open(data, clock, stamp_dir=stamps).context()
fresh = app.Services.open(data.with_name("fresh"), clock, stamp_dir=stamps).context()
encode = configure_encode_object_for_msgpack(ft.BaseControl)
for context, route in [(fresh, "/welcome"), *((ctx, route) for route in (
        "/today", "/today/history", "/phases", "/phases/1", "/progress", "/send-check",
        "/send-check/drafts", "/settings", "/pause", "/pause/history", "/checkin",
        "/checkin/history"))]:
    page = FakePage(route=route)
    Shell(page, context).render(route)
    assert page.views and page.views[-1].route == route, route
    msgpack.packb(page.views, default=encode)
print(flet_icons.Icons._map is not None)
""", tmp_path) == ["False"]
