"""Comfort, not scores (issue 18, item 11): the follow-through line, the past-pauses line
and the test notification's advice."""

from __future__ import annotations

import pytest

from repair_app.core.pause import pause_history_summary
from repair_app.core.reminders import advice_after_test
from repair_app.core.streaks import FollowThrough, follow_through_sentence


@pytest.mark.parametrize(("result", "expected"), [
    (FollowThrough(made=1, kept=0, not_kept=1, unmarked=0),
     "Last 30 days: 1 promise made. None kept yet; the next one can be."),
    (FollowThrough(made=1, kept=1, not_kept=0, unmarked=0),
     "Last 30 days: you kept the 1 promise you made."),
    (FollowThrough(made=8, kept=7, not_kept=1, unmarked=0),
     "Last 30 days: you kept 7 of the 8 promises you made."),
    (FollowThrough(made=2, kept=2, not_kept=0, unmarked=0),
     "Last 30 days: you kept all 2 promises you made."),
])
def test_follow_through_without_a_percentage(result, expected):
    sentence = follow_through_sentence(result, 30)
    assert sentence == expected
    assert "%" not in sentence


@pytest.mark.parametrize(("count", "in_full", "limited", "expected"), [
    (1, 0, False, "1 pause so far. Stepping away at all is the hard part."),
    (1, 1, False, "1 pause so far, for the full time."),
    (3, 2, False, "3 pauses so far; 2 for the full time."),
    (3, 0, False, "3 pauses so far. Stepping away at all is the hard part."),
    (50, 40, True, "Your latest 50 pauses; 40 for the full time."),
])
def test_past_pauses_line_never_counts_a_zero(count, in_full, limited, expected):
    line = pause_history_summary(count, in_full, limited=limited)
    assert line == expected
    assert " 0 " not in f" {line} "


def test_test_notification_advice_has_no_terminal_or_readme():
    for via in ("in-app", None):
        advice = advice_after_test(via, {"desktop": "no desktop session was found"})
        assert "terminal" not in advice and "README" not in advice
        assert "repair-app" not in advice
