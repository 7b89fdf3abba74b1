"""Which screen a route shows, and where a user who has not finished the welcome goes."""

from __future__ import annotations

from dataclasses import dataclass

TOP_LEVEL = ("/today", "/phases", "/progress", "/settings")
HOME = "/today"
WELCOME = "/welcome"
HISTORY = "/today/history"
PAUSE = "/pause"
PAUSE_HISTORY = "/pause/history"
PAUSE_ROUTES = {PAUSE: "pause", PAUSE_HISTORY: "pause_history"}


@dataclass(frozen=True)
class RouteMatch:
    # "today", "phases", "phase", "progress", "settings", "welcome", "history", "pause", ...
    name: str
    route: str  # the canonical route to show in the address bar
    phase: int | None = None

    @property
    def top_level(self) -> str:
        """The navigation destination this route belongs to (history, pause stack on Today)."""
        if self.name == "history" or self.name in PAUSE_ROUTES.values():
            return HOME
        return "/phases" if self.name == "phase" else self.route


def resolve_route(route: str | None, *, onboarded: bool, phase_count: int = 4) -> RouteMatch:
    """Map any route (typed, stale or malformed) to a screen; unknown ones go home."""
    path = (route or "/").split("?", 1)[0].split("#", 1)[0].rstrip("/") or "/"
    if not onboarded:
        return RouteMatch("welcome", WELCOME)
    if path in TOP_LEVEL:
        return RouteMatch(path.lstrip("/"), path)
    if path == HISTORY:
        return RouteMatch("history", HISTORY)
    if path in PAUSE_ROUTES:
        return RouteMatch(PAUSE_ROUTES[path], path)
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "phases" and parts[1].isdigit():
        number = int(parts[1])
        if 1 <= number <= phase_count:
            return RouteMatch("phase", f"/phases/{number}", phase=number)
        return RouteMatch("phases", "/phases")
    return RouteMatch("today", HOME)
