"""Colours and type: calm, warm, readable in light and dark."""

from __future__ import annotations

import flet as ft

SEED_COLOR = "#4E7D6B"  # a muted sage: calm without being clinical
# Columns of a 12-column ResponsiveRow the reading column spans, by breakpoint.
READING_COLUMNS = {"xs": 12, "md": 10, "lg": 8, "xl": 7}
NARROW_BREAKPOINT = 600
MIN_TAP = 48

THEME_MODES = {
    "system": ft.ThemeMode.SYSTEM,
    "light": ft.ThemeMode.LIGHT,
    "dark": ft.ThemeMode.DARK,
}


#: The colours every screen draws with, set explicitly (not only derived from the seed on
#: the device) so their contrast is known and tested: tests/ui/test_theme_contrast.py
#: checks each text pair for 4.5:1 and each non-text pair for 3:1 (WCAG 2.x).
#: Tertiary is a warm clay, far from primary's sage in hue and lightness, so "kept" and
#: "not kept" (and positive and negative lines) don't rely on one hue alone.
LIGHT_COLORS: dict[str, str] = {
    "primary": "#2F6B55", "on_primary": "#FFFFFF",
    "primary_container": "#B3F0D4", "on_primary_container": "#002117",
    "secondary": "#4C6358", "on_secondary": "#FFFFFF",
    "secondary_container": "#CEE9DA", "on_secondary_container": "#082016",
    "tertiary": "#B0582B", "on_tertiary": "#FFFFFF",
    "tertiary_container": "#FFDBCB", "on_tertiary_container": "#341100",
    "error": "#BA1A1A", "on_error": "#FFFFFF",
    "error_container": "#FFDAD6", "on_error_container": "#410002",
    "surface": "#F6FBF7", "on_surface": "#171D1A", "on_surface_variant": "#404944",
    "outline": "#6F7973", "outline_variant": "#BFC9C2",
    "surface_container_lowest": "#FFFFFF", "surface_container_low": "#F0F5F1",
    "surface_container": "#EAEFEB", "surface_container_high": "#E5EAE6",
    "surface_container_highest": "#DFE4E0",
    "inverse_surface": "#2C322F", "on_inverse_surface": "#EDF2EE",
    "inverse_primary": "#97D4B9",
}
DARK_COLORS: dict[str, str] = {
    "primary": "#97D4B9", "on_primary": "#00382A",
    "primary_container": "#135140", "on_primary_container": "#B3F0D4",
    "secondary": "#B3CCBF", "on_secondary": "#1E352B",
    "secondary_container": "#354C41", "on_secondary_container": "#CEE9DA",
    "tertiary": "#FFB68F", "on_tertiary": "#552000",
    "tertiary_container": "#753410", "on_tertiary_container": "#FFDBCB",
    "error": "#FFB4AB", "on_error": "#690005",
    "error_container": "#93000A", "on_error_container": "#FFDAD6",
    "surface": "#0F1512", "on_surface": "#DEE4DF", "on_surface_variant": "#BFC9C2",
    "outline": "#89938D", "outline_variant": "#404944",
    "surface_container_lowest": "#0A0F0D", "surface_container_low": "#171D1A",
    "surface_container": "#1B211E", "surface_container_high": "#252B28",
    "surface_container_highest": "#303633",
    "inverse_surface": "#DEE4DF", "on_inverse_surface": "#2C322F",
    "inverse_primary": "#2F6B55",
}


def light_theme() -> ft.Theme:
    return ft.Theme(color_scheme_seed=SEED_COLOR, use_material3=True,
                    color_scheme=ft.ColorScheme(**LIGHT_COLORS))


def dark_theme() -> ft.Theme:
    return ft.Theme(color_scheme_seed=SEED_COLOR, use_material3=True,
                    color_scheme=ft.ColorScheme(**DARK_COLORS))


def apply_theme(page: ft.Page, theme_name: str) -> None:
    # Drawn at once, not cross-faded: at start Flutter would otherwise animate from its
    # default theme to ours for a fifth of a second before the first screen settles.
    page.theme_animation_style = ft.AnimationStyle.no_animation()
    page.theme = light_theme()
    page.dark_theme = dark_theme()
    page.theme_mode = THEME_MODES.get(theme_name, ft.ThemeMode.SYSTEM)
