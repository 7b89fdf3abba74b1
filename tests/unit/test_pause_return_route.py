"""Where leaving a pause goes: back to the screen it was started from (issue 18, item 2)."""

from __future__ import annotations

import pytest

from repair_app.core.routes import HOME, pause_return_route


@pytest.mark.parametrize(("origin", "expected"), [
    ("/send-check", "/send-check"),
    ("/send-check/drafts/3", "/send-check/drafts/3"),
    ("/checkin", "/checkin"),
    ("/phases/2", "/phases/2"),
    ("/today/history?month=2026-11", "/today/history"),
    ("/settings", "/settings"),
    ("/progress/", "/progress"),
    ("/pause", HOME),
    ("/pause/history", HOME),
    ("/welcome", HOME),
    ("/", HOME),
    ("", HOME),
    (None, HOME),
    ("/nowhere", HOME),
    ("/phases/99", "/phases"),
])
def test_pause_returns_to_the_screen_it_was_started_from(origin, expected):
    assert pause_return_route(origin) == expected
