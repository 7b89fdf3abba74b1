"""What the Pause button says: "Pause", or while a pause runs "Pause · 18:26" (issue 18,
item 4)."""

from __future__ import annotations

import pytest

from repair_app.core.pause import pause_button_label


def test_no_pause_running():
    label = pause_button_label(None)
    assert label.text == "Pause"
    assert label.running is False


@pytest.mark.parametrize(("left", "text", "spoken"), [
    (1106.0, "Pause · 18:26", "Your pause: 18 minutes left. Open it"),
    (1200.0, "Pause · 20:00", "Your pause: 20 minutes left. Open it"),
    (61.0, "Pause · 01:01", "Your pause: 1 minute left. Open it"),
    (0.4, "Pause · 00:01", "Your pause: less than a minute left. Open it"),
    (3900.0, "Pause · 65:00", "Your pause: 65 minutes left. Open it"),
])
def test_a_running_pause_shows_its_time_left(left, text, spoken):
    label = pause_button_label(left)
    assert (label.text, label.spoken, label.running) == (text, spoken, True)


def test_a_pause_whose_time_is_up_no_longer_counts():
    assert pause_button_label(0.0).text == "Pause"
    assert pause_button_label(-3.0).running is False
