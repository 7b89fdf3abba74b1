"""Negation and permission turn a "pressure" finding off (issue 18, item 1).

"No need to reply tonight" is the kindest thing in a message, not pressure: a phrase that
releases the other person ("no need to", "don't have to", "whenever you're ready") cancels
the finding it governs. It must not cancel a demand in another clause or sentence.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from repair_app.content.message_rules import default_message_rules
from repair_app.core.message_check import check_message

RULES = default_message_rules()
AFTERNOON = datetime(2026, 11, 23, 14, 0, tzinfo=ZoneInfo("Europe/Berlin"))
EVENING = datetime(2026, 11, 23, 23, 30, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.mark.parametrize("text", [
    "I miss you. No need to reply tonight, I'm here when you're ready.",
    "You don't have to reply tonight.",
    "No need to answer tonight, sleep well",
    "Please don't feel you need to answer me now.",
    "Please don't feel like you have to answer me right now.",
    "There's no pressure to reply tonight.",
    "You do not need to respond tonight. I love you.",
    "No rush to get back to me tonight.",
    "I don't need you to answer me now, I just wanted you to know.",
    "Don’t feel you have to text me back tonight ❤️",
    "no need 2 reply tonight",
    "Call me back whenever you're ready.",
    "Reply tonight or next week, whenever you're ready.",
])
def test_releasing_them_from_answering_is_not_pressure(text):
    for moment in (AFTERNOON, EVENING):
        result = check_message(text, moment, RULES)
        assert "pressure" not in result.kinds(), text
        assert result.verdict.level != "wait", text


@pytest.mark.parametrize("text", [
    "Reply tonight.",
    "Answer me now.",
    "No need to make a scene, just answer me.",
    "You don't have to like it, but answer me now.",
    "No need to reply tonight. Actually no, answer me now!",
    "I don't need an apology. I need an answer.",
    "There's no need for drama. Call me now.",
    "Don't feel bad. Just answer me.",
    "No pressure, but answer me now.",
    "You don't have to like it but answer me now.",
])
def test_a_demand_outside_the_released_clause_still_counts(text):
    result = check_message(text, AFTERNOON, RULES)
    assert "pressure" in result.kinds(), text


def test_the_apps_own_suggestion_passes_its_own_check():
    suggestion = RULES.kind("pressure").suggestion
    quoted = suggestion.split('"')[1]
    assert check_message(quoted, AFTERNOON, RULES).verdict.level == "clear"
    assert check_message("I miss you. " + quoted, AFTERNOON, RULES).verdict.level == "clear"
