"""Routes of the weekly check-in, and where the weekly reminder lands."""

import pytest

from repair_app.core.reminders import CHECKIN_ROUTE, ReminderKind, message_for
from repair_app.core.routes import CHECKIN, CHECKIN_HISTORY, HOME, resolve_route


@pytest.mark.parametrize(("route", "name", "canonical"), [
    ("/checkin", "checkin", "/checkin"),
    ("/checkin/", "checkin", "/checkin"),
    ("/checkin?from=reminder", "checkin", "/checkin"),
    ("/checkin/history", "checkin-history", "/checkin/history"),
    ("/checkin/history/", "checkin-history", "/checkin/history"),
    ("/checkin/nowhere", "checkin", "/checkin"),
    ("/checkins", "today", "/today"),
])
def test_checkin_routes(route, name, canonical):
    match = resolve_route(route, onboarded=True)
    assert (match.name, match.route) == (name, canonical)
    assert match.top_level == HOME


def test_before_the_welcome_is_finished_the_check_in_waits():
    assert resolve_route(CHECKIN, onboarded=False).route == "/welcome"
    assert resolve_route(CHECKIN_HISTORY, onboarded=False).route == "/welcome"


def test_the_weekly_reminder_opens_the_check_in():
    assert CHECKIN_ROUTE == CHECKIN
    for discreet in (True, False):
        route = message_for(ReminderKind.WEEKLY, discreet=discreet).route
        assert resolve_route(route, onboarded=True).name == "checkin"
