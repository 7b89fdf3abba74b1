"""The theme's colour pairs meet WCAG 2.x contrast in light and dark: 4.5:1 for text,
3:1 for what isn't text (lines, rings, outlines). Colour never carries meaning alone."""

from __future__ import annotations

import pytest

from repair_app.core.checklist import COMPLETE, EMPTY, FUTURE, PARTIAL
from repair_app.ui.theme import DARK_COLORS, LIGHT_COLORS, dark_theme, light_theme
from repair_app.ui.widgets import progress_charts


def luminance(hex_colour: str) -> float:
    """WCAG relative luminance of an sRGB colour."""
    value = hex_colour.lstrip("#")
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_against_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA grey


#: Text on the backgrounds it appears on. Cards are surface_container_low (Material 3).
TEXT_PAIRS = [
    ("on_surface", "surface"), ("on_surface", "surface_container_low"),
    ("on_surface", "surface_container_highest"),
    ("on_surface_variant", "surface"), ("on_surface_variant", "surface_container_low"),
    ("on_surface_variant", "surface_container_highest"),
    ("on_surface_variant", "secondary_container"),  # muted lines on tinted cards
    ("on_secondary_container", "secondary_container"),
    ("on_primary", "primary"), ("on_primary_container", "primary_container"),
    ("on_tertiary", "tertiary"), ("on_tertiary_container", "tertiary_container"),
    ("on_error", "error"), ("on_error_container", "error_container"),
    ("primary", "surface"), ("primary", "surface_container_low"),  # text buttons, links
    ("error", "surface"), ("error", "surface_container_low"),  # field errors
    ("on_inverse_surface", "inverse_surface"),  # snack bars, chart tooltips
]
#: Lines, rings, outlines and chart marks on the card.
NON_TEXT_PAIRS = [
    ("outline", "surface"), ("outline", "surface_container_low"),
    ("primary", "surface_container_low"), ("tertiary", "surface_container_low"),
    ("on_surface_variant", "surface_container_low"),  # the 5:1 mark line
    ("primary", "primary_container"),  # the ring around a partly done day
    ("on_tertiary", "tertiary"),  # the outline of a "not kept" bar part
]


@pytest.mark.parametrize("palette", [LIGHT_COLORS, DARK_COLORS], ids=["light", "dark"])
@pytest.mark.parametrize(("fore", "back"), TEXT_PAIRS)
def test_text_is_at_least_4_5_to_1(palette, fore, back):
    ratio = contrast(palette[fore], palette[back])
    assert ratio >= 4.5, f"{fore} on {back}: {ratio:.2f}:1"


@pytest.mark.parametrize("palette", [LIGHT_COLORS, DARK_COLORS], ids=["light", "dark"])
@pytest.mark.parametrize(("fore", "back"), NON_TEXT_PAIRS)
def test_non_text_is_at_least_3_to_1(palette, fore, back):
    ratio = contrast(palette[fore], palette[back])
    assert ratio >= 3.0, f"{fore} on {back}: {ratio:.2f}:1"


def test_the_app_draws_with_these_colours():
    assert light_theme().color_scheme.primary == LIGHT_COLORS["primary"]
    assert dark_theme().color_scheme.surface == DARK_COLORS["surface"]
    assert set(LIGHT_COLORS) == set(DARK_COLORS)


def test_colour_is_never_the_only_cue():
    # a partly done day: the pale fill is 1.2:1 on the card, so it carries a primary ring
    assert progress_charts.day_border(PARTIAL) is not None
    assert progress_charts.PARTIAL_RING == "primary"
    # future days' numbers are text: on_surface_variant (4.5:1), not outline (3:1)
    assert progress_charts.day_colors(FUTURE)[1] == "onsurfacevariant"
    assert progress_charts.day_colors(COMPLETE)[0] != progress_charts.day_colors(EMPTY)[0]
    # negative and positive lines differ in pattern, not only in colour
    assert progress_charts.NEGATIVE_DASH
    # bars: "not kept" and "ended early" parts are outlined, "kept" and "ran in full" not
    assert progress_charts.part_outline(progress_charts.NOT_KEPT_COLOR) is not None
    assert progress_charts.part_outline(progress_charts.EARLY_COLOR) is not None
    assert progress_charts.part_outline(progress_charts.KEPT_COLOR) is None
