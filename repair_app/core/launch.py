"""How `repair-app` starts: a desktop window or the web app, and whether to open a browser.

A pure function of the platform, the display and the user's flags, so every combination is
tested without starting anything. The rules:

- ``--web`` always serves the web app. So does a Linux machine with no display (a server,
  or an SSH session): there is nowhere to put a window.
- Otherwise Repair opens its desktop window; if that window can't start (Flet's desktop
  client missing and not downloadable), it serves the web app instead.
- Serving the web app on a machine that has a screen opens it in the default browser, unless
  ``--no-browser``. A headless machine never tries to open a browser.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum


class LaunchMode(Enum):
    WINDOW = "window"
    WEB = "web"


@dataclass(frozen=True)
class LaunchPlan:
    mode: LaunchMode
    open_browser: bool
    reason: str  # one line for the log: why this mode

    def fallback(self) -> LaunchPlan:
        """The plan once the desktop window failed to start: web, in the browser."""
        return LaunchPlan(LaunchMode.WEB, self.open_browser,
                          "the desktop window could not start")


def has_display(platform: str, environ: Mapping[str, str]) -> bool:
    """Whether a window (or a browser) could be shown on this machine.

    ``platform`` is ``sys.platform``. On Linux and the BSDs a screen means ``DISPLAY`` (X11)
    or ``WAYLAND_DISPLAY`` set and non-empty; macOS and Windows always have one.
    """
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        return bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))
    return True


def plan_launch(*, platform: str, environ: Mapping[str, str], web: bool,
                no_browser: bool) -> LaunchPlan:
    screen = has_display(platform, environ)
    open_browser = screen and not no_browser
    if web:
        return LaunchPlan(LaunchMode.WEB, open_browser, "--web was given")
    if not screen:
        return LaunchPlan(LaunchMode.WEB, False, "there is no display for a window")
    return LaunchPlan(LaunchMode.WINDOW, open_browser, "a display is available")
