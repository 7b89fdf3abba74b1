"""A check-in's answers, read back: used by the last step and by Past check-ins."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from repair_app.core.checkin import (
    APPRECIATIONS,
    NEED,
    PROMISE,
    TOGETHER,
    WENT_WELL,
)

#: (heading, how to read the answer) in agenda order.
SECTIONS: tuple[tuple[str, Callable[[Callable[[str], str], str], str]], ...] = (
    ("Appreciations", lambda answer, _soft: answer(APPRECIATIONS)),
    ("What went well", lambda answer, _soft: answer(WENT_WELL)),
    ("One small issue", lambda _answer, soft: soft),
    ("What you needed", lambda answer, _soft: answer(NEED)),
    ("One small promise", lambda answer, _soft: answer(PROMISE)),
)


def mode_label(mode: str) -> str:
    return "Together" if mode == TOGETHER else "Alone"


def answer_sections(answer: Callable[[str], str], soft_start: str, *,
                    show_skipped: bool = True) -> list[ft.Control]:
    """One small titled block per agenda answer; skipped ones say so (or are left out)."""
    controls: list[ft.Control] = []
    for title, read in SECTIONS:
        text = read(answer, soft_start)
        if not text and not show_skipped:
            continue
        controls.append(ft.Column([
            ft.Text(title, theme_style=ft.TextThemeStyle.TITLE_SMALL,
                    weight=ft.FontWeight.W_600, color=ft.Colors.PRIMARY),
            ft.Text(text, theme_style=ft.TextThemeStyle.BODY_LARGE)
            if text else
            ft.Text("Skipped", theme_style=ft.TextThemeStyle.BODY_LARGE, italic=True,
                    color=ft.Colors.ON_SURFACE_VARIANT),
        ], spacing=4, horizontal_alignment=ft.CrossAxisAlignment.STRETCH))
    return controls
