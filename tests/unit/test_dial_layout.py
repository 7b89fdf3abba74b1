"""The pause dial at any text size (issue 18, item 5): the countdown stays on one line
inside its ring, with "Breathe in" under it, and the ring fits the screen."""

from __future__ import annotations

import math

import pytest

from repair_app.core.pause import (
    COUNTDOWN_SIZE,
    DIAL_MIN,
    DialLayout,
    dial_layout,
    dial_room,
    text_scale_from,
)


def fits(layout: DialLayout, scale: float) -> bool:
    width = 2.5 * layout.countdown_size * scale
    height = (layout.countdown_size + 24) * scale
    return math.hypot(width, height) + 26 <= layout.diameter + 0.5


def test_ordinary_text_keeps_the_designed_dial():
    assert dial_layout(1.0, room=358) == DialLayout(DIAL_MIN, COUNTDOWN_SIZE)


@pytest.mark.parametrize("scale", [0.8, 1.0, 1.15, 1.3, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0])
@pytest.mark.parametrize("room", [288, 358, 600])
def test_the_countdown_always_fits_its_ring_and_the_ring_the_screen(scale, room):
    layout = dial_layout(scale, room=room)
    assert fits(layout, scale) or layout.countdown_size == 20
    assert layout.diameter >= DIAL_MIN
    assert layout.diameter <= max(DIAL_MIN, min(room, 360))
    assert 20 <= layout.countdown_size <= COUNTDOWN_SIZE


def test_larger_text_grows_the_ring_before_shrinking_the_numbers():
    grown = dial_layout(1.3, room=358)
    assert grown.diameter > DIAL_MIN and grown.countdown_size == COUNTDOWN_SIZE
    doubled = dial_layout(2.0, room=358)
    assert doubled.diameter <= 358 and doubled.countdown_size < COUNTDOWN_SIZE
    assert doubled.countdown_size * 2.0 > COUNTDOWN_SIZE * 1.5  # still much larger text


@pytest.mark.parametrize(("height", "size", "expected"), [
    (60.0, 60, 1.0), (120.0, 60, 2.0), (112.0, 56, 2.0), (0.0, 60, 1.0), (-5.0, 60, 1.0),
    (float("nan"), 60, 1.0), (6000.0, 60, 4.0),
])
def test_the_text_scale_is_read_from_the_countdowns_height(height, size, expected):
    assert text_scale_from(height, size) == pytest.approx(expected)


@pytest.mark.parametrize(("page_width", "expected"), [
    (390, 358), (320, 288), (1280, 360), (None, 358), (0, 358), (100, DIAL_MIN)])
def test_room_for_the_dial(page_width, expected):
    assert dial_room(page_width) == expected
