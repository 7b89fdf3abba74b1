"""The app's loop and two `remind` processes at the same due time: exactly one notification."""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from repair_app.core.clock import FakeClock
from repair_app.notify.base import NotifierChain
from repair_app.notify.firing import fire_due, load_state
from repair_app.notify.service import ReminderService
from repair_app.store import Store

from .conftest import save_settings
from .remind_child import FileNotifier, SharedClock

ROOT = Path(__file__).resolve().parents[2]
BERLIN = ZoneInfo("Europe/Berlin")
FAKE_DUE = datetime(2026, 11, 23, 8, 0, tzinfo=BERLIN)


def test_app_loop_and_two_remind_processes_fire_once(tmp_path, background_loop):
    data_dir = tmp_path / "data"
    record = tmp_path / "shown.txt"
    setup = Store.open(data_dir, FakeClock(FAKE_DUE - timedelta(hours=3)))
    save_settings(setup)
    fire_due(setup, FakeClock(FAKE_DUE - timedelta(hours=3)), NotifierChain([]))
    setup.close()

    winners: list[str] = []
    for attempt in range(3):  # three independent races on three mornings
        fake_due = FAKE_DUE + timedelta(days=attempt)
        real_due = time.time() + 4.0  # children need a moment to import
        clock = SharedClock(fake_due, real_due)
        store = Store.open(data_dir, clock)
        service = ReminderService(store, clock, desktop=FileNotifier(str(record), "app"))
        children = [subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("remind_child.py")), str(data_dir),
             fake_due.isoformat(), repr(real_due), str(record)],
            cwd=ROOT, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
        service.start(background_loop)
        for child in children:
            out, err = child.communicate(timeout=60)
            assert child.returncode == 0, err.decode()
        key = f"morning:{fake_due.date().isoformat()}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not (
                record.exists() and key in record.read_text()):
            time.sleep(0.05)
        time.sleep(0.5)  # let any late double show up
        service.stop()
        lines = [line for line in record.read_text().splitlines() if line.endswith(key)]
        assert len(lines) == 1, lines
        winners.append(lines[0].split()[0])
        state = load_state(store)
        assert state.last and state.last[next(iter(state.last))].outcome == "sent"
        store.close()
    print("delivered by:", winners)  # who won each race (any winner is fine)
