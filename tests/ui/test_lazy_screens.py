"""Screens are imported when first shown: the composition root and the shell import none
of them, and Progress's charts come in only when Progress opens."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from repair_app.ui import screen_registry
from repair_app.ui.screen_registry import ALL_SCREENS, LazyScreen

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter: this test process has imported everything already.
CHILD = """
import json, sys, tempfile
from datetime import date, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import repair_app.app
at_import = sorted(sys.modules)

from repair_app.context import AppContext
from repair_app.content import default_program
from repair_app.core.clock import FakeClock
from repair_app.core.settings import Settings
from repair_app.store import Store
from repair_app.ui.shell import Shell
from tests.ui.fake_page import FakePage

folder = Path(tempfile.mkdtemp())
clock = FakeClock(datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/Berlin")))
store = Store.open(folder, clock)
ctx = AppContext(store=store, clock=clock, program=default_program(), data_dir=folder)
ctx.save_settings(Settings(onboarded=True, program_start=date(2026, 11, 16),
                           morning_time=time(7, 45), code_word="pause"))
page = FakePage(route="/today")
shell = Shell(page, ctx)
shell.render("/today")
on_today = sorted(sys.modules)
shell.render("/progress")
on_progress = sorted(sys.modules)
store.close()
print(json.dumps({"import": at_import, "today": on_today, "progress": on_progress}))
"""


@pytest.fixture(scope="module")
def loaded() -> dict[str, set[str]]:
    result = subprocess.run([sys.executable, "-c", CHILD], cwd=ROOT, capture_output=True,
                            text=True, timeout=120, check=True)
    return {k: set(v) for k, v in json.loads(result.stdout.splitlines()[-1]).items()}


def screens(modules: set[str]) -> set[str]:
    return {m.rsplit(".", 1)[-1] for m in modules if m.startswith("repair_app.ui.screens.")}


def test_the_composition_root_imports_no_screen_but_the_lock(loaded):
    assert screens(loaded["import"]) <= {"lock"}
    for heavy in ("flet_charts", "repair_app.core.progress", "repair_app.core.message_rules",
                  "repair_app.core.apology"):
        assert heavy not in loaded["import"]


def test_today_brings_in_today_only_and_no_charts(loaded):
    assert screens(loaded["today"]) <= {"lock", "today"}
    assert "repair_app.ui.screens.today" in loaded["today"]
    assert "flet_charts" not in loaded["today"]
    assert "repair_app.core.progress" not in loaded["today"]


def test_progress_brings_in_its_charts_when_it_opens(loaded):
    assert {"flet_charts", "repair_app.core.progress",
            "repair_app.ui.screens.progress"} <= loaded["progress"]


@pytest.mark.parametrize("lazy", ALL_SCREENS, ids=repr)
def test_every_registered_screen_resolves_to_its_class(lazy):
    cls = lazy.resolve()
    assert isinstance(cls, type) and cls.__name__ == lazy.name
    assert lazy.loaded and lazy.resolve() is cls


def test_calling_a_lazy_screen_builds_the_screen(onboarded_ctx):
    from tests.conftest import RecordingNavigator

    screen = screen_registry.PhasesScreen(onboarded_ctx, RecordingNavigator())
    assert type(screen).__name__ == "PhasesScreen" and screen.build()


def test_an_unknown_screen_fails_when_shown_not_at_import():
    missing = LazyScreen("no_such_screen", "Nothing")
    with pytest.raises(ModuleNotFoundError):
        missing()


WARM_UP = """
import json, sys
import re
import repair_app.app as app
before = "flet_charts" in sys.modules
cached = re.compile("a pattern compiled before the warm-up")
app.warm_up()
from repair_app.content import apology_rules, message_rules
messages = message_rules.default_message_rules()
apologies = apology_rules.default_apology_rules().rules
warmed = {
    "before": before,
    "charts": "flet_charts" in sys.modules,
    "screens": sorted(m for m in sys.modules if m.startswith("repair_app.ui.screens.")),
    "rules loaded": message_rules.default_message_rules.cache_info().currsize == 1,
    "index after warm-up": "index" in messages._built,
    "regex cache emptied": re.compile("a pattern compiled before the warm-up") is not cached,
}
# Then someone opens "Before you send" (its editor) and the apology builder:
from repair_app.ui.widgets.message_editor import MessageEditor
from repair_app.ui.widgets.apology_builder import ApologyBuilder
from datetime import datetime
from pathlib import Path
from repair_app.content import default_program
from repair_app.context import AppContext
from repair_app.core.clock import FakeClock
from repair_app.store import Store
from tests.conftest import RecordingNavigator
clock = FakeClock(datetime(2026, 11, 23, 9, 30))
data = Path(sys.argv[1])
ctx = AppContext(store=Store.open(data, clock), clock=clock, program=default_program(),
                 data_dir=data)
MessageEditor(ctx, RecordingNavigator())
ApologyBuilder(ctx, RecordingNavigator())
# (read before waiting: waiting through prepare_first_check would start it itself)
warmed["started by the screens"] = all(
    id(rules) in message_rules._preparing for rules in (messages, apologies))
for rules in (messages, apologies):
    message_rules.prepare_first_check(rules).join(60)
warmed["prepared on screen"] = messages.prepared and apologies.prepared
warmed["common words compiled"] = messages.index.compiled_count > 20
print(json.dumps(warmed))
"""


def test_the_warm_up_prepares_progress_and_the_rules_and_a_checking_screen_the_rest(
        tmp_path):
    """The warm-up after the first frame: the rules loaded, Progress and Before you send
    imported. The phrase indexes (about 5 MB) only once a screen that checks messages is
    built, in the background while the person types (issue 14's memory target)."""
    result = subprocess.run([sys.executable, "-c", WARM_UP, str(tmp_path / "data")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    warmed = json.loads(result.stdout.splitlines()[-1])
    assert warmed["before"] is False and warmed["charts"] is True
    assert {"repair_app.ui.screens.progress",
            "repair_app.ui.screens.before_you_send"} <= set(warmed["screens"])
    assert warmed["rules loaded"] and not warmed["index after warm-up"]
    assert warmed["regex cache emptied"]  # then the memory that took went back
    assert warmed["started by the screens"]
    assert warmed["prepared on screen"] and warmed["common words compiled"]
