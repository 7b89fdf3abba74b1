import pytest
from hypothesis import given
from hypothesis import strategies as st

from repair_app.core.routes import redirect_for, requested_path, resolve_route, route_path


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


@pytest.mark.parametrize(("route", "onboarded", "redirect"), [
    ("/", True, None), ("/?key=abc", True, None), (None, True, None), ("", True, None),
    ("/", False, None), ("/today", True, None), ("/phases/3", True, None),
    ("/progress?x=1", True, None), ("/nowhere", True, "/today"), ("/phases/", True, "/phases"),
    ("/phases/9", True, "/phases"), ("/today", False, "/welcome"),
    ("/welcome", True, "/today"), ("/welcome", False, None),
])
def test_the_entry_address_is_never_redirected_and_others_go_to_their_canonical_route(
        route, onboarded, redirect):
    """Issue 14: "/" shows home (Today, or the welcome) where it stands; redirecting it cost
    a round trip and two redraws of the whole first screen."""
    assert redirect_for(route, resolve_route(route, onboarded=onboarded)) == redirect


@given(st.text(alphabet="/?=#abcdefghijklmnopqrstuvwxyz0123456789-", max_size=30),
       st.booleans())
def test_a_redirect_always_lands_on_a_route_that_needs_none(route, onboarded):
    match = resolve_route(route, onboarded=onboarded)
    target = redirect_for(route, match)
    if target is not None:
        assert target == match.route
        again = resolve_route(target, onboarded=onboarded)
        assert again == match and redirect_for(target, again) is None


@pytest.mark.parametrize("route, path", [
    (None, "/"), ("", "/"), ("/?key=abc", "/"), ("/today/", "/today/"),
    ("/today?x=1", "/today"), ("/phases/2", "/phases/2"),
])
def test_requested_path_drops_only_the_query(route, path):
    assert requested_path(route) == path
