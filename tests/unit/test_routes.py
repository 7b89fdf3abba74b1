import pytest

from repair_app.core.routes import resolve_route, route_path


def test_everything_goes_to_welcome_until_onboarded():
    for route in ("/", "/today", "/phases/2", "/settings", None):
        assert resolve_route(route, onboarded=False).route == "/welcome"


@pytest.mark.parametrize(
    ("route", "name", "canonical"),
    [("/", "today", "/today"), ("/today", "today", "/today"), ("/phases", "phases", "/phases"),
     ("/phases/", "phases", "/phases"), ("/phases/3", "phase", "/phases/3"),
     ("/phases/9", "phases", "/phases"), ("/phases/x", "today", "/today"),
     ("/progress?x=1", "progress", "/progress"), ("/settings", "settings", "/settings"),
     ("/welcome", "today", "/today"), ("/nowhere", "today", "/today"), ("", "today", "/today")],
)
def test_routes(route, name, canonical):
    match = resolve_route(route, onboarded=True)
    assert (match.name, match.route) == (name, canonical)


def test_phase_route_belongs_to_phases_destination():
    match = resolve_route("/phases/4", onboarded=True)
    assert match.phase == 4
    assert match.top_level == "/phases"


@pytest.mark.parametrize(("route", "name", "canonical"), [
    ("/pause", "pause", "/pause"), ("/pause/", "pause", "/pause"),
    ("/pause?from=lock", "pause", "/pause"), ("/pause/history", "pause_history", "/pause/history"),
    ("/pause/history/", "pause_history", "/pause/history"), ("/pause/x", "today", "/today"),
])
def test_pause_routes(route, name, canonical):
    match = resolve_route(route, onboarded=True)
    assert (match.name, match.route) == (name, canonical)
    if name != "today":
        assert match.top_level == "/today"


def test_pause_needs_the_welcome_first():
    assert resolve_route("/pause", onboarded=False).route == "/welcome"


@pytest.mark.parametrize(("route", "path"), [
    (None, "/"), ("", "/"), ("/", "/"), ("/?key=abc", "/"), ("/today/", "/today"),
    ("/pause?x=1#top", "/pause"), ("/phases/2#end", "/phases/2"),
])
def test_route_path_drops_query_fragment_and_trailing_slash(route, path):
    assert route_path(route) == path
