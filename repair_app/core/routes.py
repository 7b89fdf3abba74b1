"""Which screen a route shows, and where a user who has not finished the welcome goes."""

from __future__ import annotations

from dataclasses import dataclass

TOP_LEVEL = ("/today", "/phases", "/progress", "/settings", "/send-check")
#: The address Repair opens at. It shows the home screen (Today, or the welcome before the
#: program starts) where it stands: see ``redirect_for``.
ENTRY = "/"
HOME = "/today"
WELCOME = "/welcome"
HISTORY = "/today/history"
PAUSE = "/pause"
PAUSE_HISTORY = "/pause/history"
CHECKIN = "/checkin"
CHECKIN_HISTORY = "/checkin/history"
# Screens that stack on Today (back returns to it), by route.
STACKED_ON_TODAY = {HISTORY: "history", PAUSE: "pause", PAUSE_HISTORY: "pause_history",
                    CHECKIN: "checkin", CHECKIN_HISTORY: "checkin-history"}
SEND_CHECK = "/send-check"
DRAFTS = "/send-check/drafts"


@dataclass(frozen=True)
class RouteMatch:
    name: str  # "today", "phases", "phase", "progress", "settings", "welcome", "history",
    #            "pause", "pause_history", "send-check", "drafts", "draft", "checkin",
    #            "checkin-history"
    route: str  # the canonical route to show in the address bar
    phase: int | None = None
    draft: int | None = None

    @property
    def top_level(self) -> str:
        """The navigation destination this route belongs to."""
        if self.name in STACKED_ON_TODAY.values():
            return HOME
        if self.name == "phase":
            return "/phases"
        if self.name in ("drafts", "draft"):
            return SEND_CHECK
        return self.route


def draft_route(draft_id: int) -> str:
    return f"{DRAFTS}/{draft_id}"


def route_path(route: str | None) -> str:
    """A route without its query, fragment or trailing slash: "/?key=…" and "/" are one."""
    return (route or "/").split("?", 1)[0].split("#", 1)[0].rstrip("/") or "/"


def resolve_route(route: str | None, *, onboarded: bool, phase_count: int = 4) -> RouteMatch:
    """Map any route (typed, stale or malformed) to a screen; unknown ones go home."""
    path = route_path(route)
    if not onboarded:
        return RouteMatch("welcome", WELCOME)
    if path in TOP_LEVEL:
        return RouteMatch(path.lstrip("/"), path)
    if path in STACKED_ON_TODAY:
        return RouteMatch(STACKED_ON_TODAY[path], path)
    if path.startswith(CHECKIN + "/"):
        return RouteMatch("checkin", CHECKIN)
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "phases" and parts[1].isdigit():
        number = int(parts[1])
        if 1 <= number <= phase_count:
            return RouteMatch("phase", f"/phases/{number}", phase=number)
        return RouteMatch("phases", "/phases")
    if parts[:2] == ["send-check", "drafts"]:
        if len(parts) == 2:
            return RouteMatch("drafts", DRAFTS)
        if len(parts) == 3 and parts[2].isdecimal() and parts[2].isascii() and int(parts[2]) > 0:
            return RouteMatch("draft", draft_route(int(parts[2])), draft=int(parts[2]))
        return RouteMatch("drafts", DRAFTS)
    if parts[0] == "send-check":
        return RouteMatch("send-check", SEND_CHECK)
    return RouteMatch("today", HOME)


def requested_path(route: str | None) -> str:
    """The address as the browser asked for it, without its query ("/" when none):
    unlike ``route_path``, "/today/" stays itself, so it can be sent on to "/today"."""
    return (route or ENTRY).split("?", 1)[0]


def redirect_for(route: str | None, match: RouteMatch) -> str | None:
    """Where the browser must be sent on to for its address to name the screen shown
    (``match``, what ``route`` resolved to), or None when it already does.

    The entry address "/" names the home screen itself and is never redirected: sending it
    on to "/today" at start cost a round trip after the first screen and a redraw of the
    whole page before its first tap could be taken (issue 14; docs/benchmarks.md)."""
    if requested_path(route) in (ENTRY, match.route):
        return None
    return match.route


def pause_return_route(origin: str | None, *, phase_count: int = 4) -> str:
    """Where leaving a pause goes: the screen it was started from (its canonical route),
    or Today when that was the pause itself, the welcome, or nowhere known."""
    path = route_path(origin)
    if path == "/":
        return HOME
    match = resolve_route(path, onboarded=True, phase_count=phase_count)
    if match.name in ("pause", "pause_history", "welcome"):
        return HOME
    if match.name == "today" and path != HOME:
        return HOME  # an unknown route resolved to Today
    return match.route
