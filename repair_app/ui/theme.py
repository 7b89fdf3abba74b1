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


def light_theme() -> ft.Theme:
    return ft.Theme(color_scheme_seed=SEED_COLOR, use_material3=True)


def dark_theme() -> ft.Theme:
    return ft.Theme(color_scheme_seed=SEED_COLOR, use_material3=True)


def apply_theme(page: ft.Page, theme_name: str) -> None:
    page.theme = light_theme()
    page.dark_theme = dark_theme()
    page.theme_mode = THEME_MODES.get(theme_name, ft.ThemeMode.SYSTEM)
