import pytest

from repair_app.core.routes import DRAFTS, SEND_CHECK, draft_route, resolve_route


@pytest.mark.parametrize(("route", "name", "canonical", "draft"), [
    ("/send-check", "send-check", SEND_CHECK, None),
    ("/send-check/", "send-check", SEND_CHECK, None),
    ("/send-check?from=today", "send-check", SEND_CHECK, None),
    ("/send-check/drafts", "drafts", DRAFTS, None),
    ("/send-check/drafts/12", "draft", "/send-check/drafts/12", 12),
    ("/send-check/drafts/0", "drafts", DRAFTS, None),
    ("/send-check/drafts/-3", "drafts", DRAFTS, None),
    ("/send-check/drafts/x", "drafts", DRAFTS, None),
    ("/send-check/drafts/١٢", "drafts", DRAFTS, None),  # Arabic-Indic digits are not ids
    ("/send-check/drafts/3/more", "drafts", DRAFTS, None),
    ("/send-check/anything", "send-check", SEND_CHECK, None),
])
def test_send_check_routes(route, name, canonical, draft):
    match = resolve_route(route, onboarded=True)
    assert (match.name, match.route, match.draft) == (name, canonical, draft)
    assert match.top_level == SEND_CHECK


def test_send_check_waits_for_the_welcome():
    assert resolve_route("/send-check/drafts/2", onboarded=False).route == "/welcome"


def test_draft_route():
    assert draft_route(5) == "/send-check/drafts/5"
    assert resolve_route(draft_route(5), onboarded=True).draft == 5
