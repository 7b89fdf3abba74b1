"""The command line's network rules and a Python-side "no network" check without a browser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from repair_app import __main__ as cli
from repair_app.core.app_lock import ScryptParams
from repair_app.lock_service import LockService
from repair_app.store import Store
from repair_app.system_clock import SystemClock

ROOT = Path(__file__).resolve().parents[2]
AUDIT_DIR = ROOT / "tests" / "e2e" / "network_audit"
FAST = ScryptParams(n=2**10, r=8, p=1)


def lock_on(data_dir: Path) -> None:
    clock = SystemClock()
    with Store.open(data_dir, clock) as store:
        LockService.open(data_dir, clock, params=FAST).turn_on(
            "2468", "2468", idle_seconds=60, encrypt=False, store=store)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple]:
    calls: list[tuple] = []
    monkeypatch.setattr(cli, "serve_web",
                        lambda main, host, port, **options: calls.append((host, port)) or 0)
    return calls


def test_host_on_the_network_without_a_lock_refuses_to_start(tmp_path: Path, served, capsys
                                                             ) -> None:
    code = cli.main(["--web", "--host", "0.0.0.0", "--data-dir", str(tmp_path / "data")])
    assert code == 2 and served == []
    message = capsys.readouterr().err
    assert "won't serve on 0.0.0.0" in message and "app lock is off" in message
    assert "127.0.0.1" in message


def test_host_on_the_network_with_the_lock_on_starts(tmp_path: Path, served, capsys) -> None:
    lock_on(tmp_path / "data")
    assert cli.main(["--web", "--host", "192.168.1.20", "--port", "8600",
                     "--data-dir", str(tmp_path / "data")]) == 0
    assert served == [("192.168.1.20", 8600)]
    warning = capsys.readouterr().err
    assert "reachable by anyone on the network" in warning
    assert "link Repair prints" in warning and "passcode" in warning


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_this_device_needs_no_lock(tmp_path: Path, served, host: str) -> None:
    assert cli.main(["--web", "--host", host, "--data-dir", str(tmp_path / "data")]) == 0
    assert served == [(host, cli.DEFAULT_PORT)]


def test_refusal_from_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "repair_app", "--web", "--host", "0.0.0.0",
                           "--data-dir", str(tmp_path / "data")],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "won't serve on 0.0.0.0" in done.stderr
    assert "Repair is running" not in done.stdout


CHILD = """
import sys
from pathlib import Path
from datetime import date
from repair_app.app import Services
from repair_app.store.encrypted_copy import build_encrypted_copy

data = Path(sys.argv[1])
services = Services.open(data)
ctx = services.context()
with ctx.store.transaction():
    ctx.store.month_table("journal", date(2026, 11, 1)).insert({"text": "private"})
services.app_lock.turn_on("river stone 42", "river stone 42", idle_seconds=60,
                          encrypt=True, store=ctx.store)
build_encrypted_copy(ctx.store, "copy phrase 99")
ctx.store.close()
again = Services.open(data)
assert again.store is None and again.app_lock.unlock("river stone 42").ok
assert again.context().store.month_table("journal", date(2026, 11, 1)).all()
print("ok")
"""


def test_startup_lock_and_encryption_make_no_connection(tmp_path: Path) -> None:
    """The app's own start-up and privacy paths, with every socket audited."""
    log = tmp_path / "audit.log"
    env = {**os.environ, "REPAIR_NETWORK_AUDIT_LOG": str(log),
           "PYTHONPATH": f"{AUDIT_DIR}{os.pathsep}{ROOT}"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path / "data")], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"
    assert not log.exists() or log.read_text() == ""
