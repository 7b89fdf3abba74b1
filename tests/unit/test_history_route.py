from repair_app.core.routes import HISTORY, resolve_route


def test_history_is_a_page_of_today():
    match = resolve_route("/today/history", onboarded=True)
    assert (match.name, match.route, match.top_level) == ("history", HISTORY, "/today")
    assert resolve_route("/today/history/", onboarded=True).name == "history"
    assert resolve_route("/today/history", onboarded=False).name == "welcome"
    assert resolve_route("/today/elsewhere", onboarded=True).route == "/today"
