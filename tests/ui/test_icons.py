"""Issue 14 (memory): Repair's icons are made from their codes, so Flet's table of every
Material icon name (8,825 names, 1.8 MB of the server's memory) is never loaded."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import flet as ft

from repair_app.ui.icons import Icons

ROOT = Path(__file__).resolve().parents[2]


def test_every_icon_is_the_one_flet_names_so():
    names = [name for name in vars(Icons) if name.isupper()]
    assert len(names) > 50
    for name in names:
        ours, flets = getattr(Icons, name), getattr(ft.Icons, name)
        assert int(ours) == int(flets), name  # an upgrade that renumbers fails here
        assert type(ours) is type(flets), name


def test_the_app_names_its_icons_only_through_this_module():
    used: set[str] = set()
    for path in (ROOT / "repair_app").rglob("*.py"):
        if path.name == "icons.py" and path.parent.name == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bft\.Icons\b|\bfrom flet import Icons\b", text), path
        used |= set(re.findall(r"\bIcons\.([A-Z0-9_]+)", text))
    assert used <= set(vars(Icons)), used - set(vars(Icons))


SCREENS_WITHOUT_THE_TABLE = """
import sys
from datetime import datetime
from pathlib import Path

import flet as ft
import msgpack
from flet.controls.material import icons as flet_icons
from flet.messaging.protocol import configure_encode_object_for_msgpack

from benchmarks.synthetic_history import build_history
from repair_app import app
from repair_app.core.clock import FakeClock
from repair_app.ui.shell import Shell
from tests.ui.fake_page import FakePage

data, stamps = Path(sys.argv[1]), Path(sys.argv[2])
clock = FakeClock(datetime(2026, 11, 23, 9, 30))
build_history(data, 400, clock)
main = app.make_main(data, clock, stamp_dir=stamps)
main.prepare()
app.warm_up()
ctx = app.Services.open(data, clock, stamp_dir=stamps).context()
encode = configure_encode_object_for_msgpack(ft.BaseControl)
fresh = app.Services.open(data.with_name("fresh"), clock, stamp_dir=stamps).context()
for context, route in [(fresh, "/welcome"), *((ctx, route) for route in (
        "/today", "/today/history", "/phases", "/phases/1", "/progress", "/send-check",
        "/send-check/drafts", "/settings", "/pause", "/pause/history", "/checkin",
        "/checkin/history"))]:
    page = FakePage(route=route)
    Shell(page, context).render(route)
    assert page.views and page.views[-1].route == route, route
    msgpack.packb(page.views, default=encode)
print(flet_icons.Icons._map is not None)
"""


def test_drawing_the_screens_never_loads_flets_icon_table(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCREENS_WITHOUT_THE_TABLE,
                           str(tmp_path / "data"), str(tmp_path / "stamps")], cwd=ROOT,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[-1] == "False"
