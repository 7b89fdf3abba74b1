"""Desktop notifications through plyer (Linux, macOS, Windows).

plyer shows a notification *now* and cannot schedule. It fails in two ways we detect:

* no backend at all: ``NotImplementedError`` ("No usable implementation found!"), e.g.
  Linux without ``dbus-python`` or ``notify-send``, macOS without ``pyobjus``;
* half a backend, silently: ``notify-send`` is installed but no notification service runs
  (headless server, container, ssh session, cron without the session bus) — plyer calls it
  and ignores its exit status. On Linux we therefore ask the session bus first whether a
  notification service answers (``gdbus``/``dbus-send``), and treat "no" as unavailable.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import warnings
from collections.abc import Callable, Mapping
from pathlib import Path

from repair_app.core.reminders import ReminderMessage

from .base import NotifierUnavailable

NOTIFY_SERVICE = "org.freedesktop.Notifications"
PROBE_TIMEOUT = 3.0

Probe = Callable[[], str | None]  # None when fine, else the reason it can't work


def session_bus_address(environ: Mapping[str, str], uid: int | None = None) -> str | None:
    address = environ.get("DBUS_SESSION_BUS_ADDRESS")
    if address:
        return address
    uid = os.getuid() if uid is None and hasattr(os, "getuid") else uid
    socket = Path(f"/run/user/{uid}/bus")
    return f"unix:path={socket}" if uid is not None and socket.exists() else None


def linux_probe(environ: Mapping[str, str] | None = None, which=shutil.which,
                run=subprocess.run, uid: int | None = None) -> str | None:
    """Does a notification service answer on this desktop's session bus?"""
    env = dict(os.environ if environ is None else environ)
    address = session_bus_address(env, uid)
    if address is None:
        return "no desktop session was found"
    env["DBUS_SESSION_BUS_ADDRESS"] = address
    if which("gdbus"):
        command = ["gdbus", "call", "--session", "--dest", NOTIFY_SERVICE, "--object-path",
                   "/org/freedesktop/Notifications", "--method",
                   f"{NOTIFY_SERVICE}.GetServerInformation"]
    elif which("dbus-send"):
        command = ["dbus-send", "--session", "--print-reply", f"--dest={NOTIFY_SERVICE}",
                   "/org/freedesktop/Notifications", f"{NOTIFY_SERVICE}.GetServerInformation"]
    else:
        return None  # cannot ask; trust plyer
    try:
        answer = run(command, env=env, capture_output=True, timeout=PROBE_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "the desktop's notification service did not answer"
    if answer.returncode != 0:
        return "no notification service is running on this desktop"
    return None


def default_probe() -> Probe:
    if sys.platform.startswith("linux"):
        return linux_probe
    return lambda: None


def plyer_notify(**kwargs) -> None:
    from plyer import notification

    notification.notify(**kwargs)


class PlyerNotifier:
    name = "desktop"

    def __init__(self, notify: Callable[..., object] | None = None,
                 probe: Probe | None = None) -> None:
        self._notify = notify or plyer_notify
        self._probe = probe or default_probe()

    def deliver(self, message: ReminderMessage) -> None:
        problem = self._probe()
        if problem:
            raise NotifierUnavailable(problem)
        if sys.platform.startswith("linux") and "DBUS_SESSION_BUS_ADDRESS" not in os.environ:
            address = session_bus_address(os.environ)  # cron and Task-Scheduler-like runs
            if address:
                os.environ["DBUS_SESSION_BUS_ADDRESS"] = address
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                self._notify(title=message.title, message=message.body, app_name="Repair",
                             timeout=10)
            except NotImplementedError as error:
                hints = "; ".join(str(w.message).splitlines()[0] for w in caught)
                raise NotifierUnavailable(
                    "this system has no notification backend that plyer can use"
                    + (f" ({hints})" if hints else "")) from error
            except ImportError as error:
                raise NotifierUnavailable(f"a notification library is missing ({error})") \
                    from error
