"""Draw a content section (don'ts, do's, steps, practices, a question or plain text)."""

from __future__ import annotations

import flet as ft

from repair_app.core.content import Section
from repair_app.ui.icons import Icons
from repair_app.ui.widgets.common import card, heading, icon_line, paragraph

KIND_ICONS = {
    "donts": (Icons.DO_NOT_DISTURB_ON_OUTLINED, ft.Colors.ERROR),
    "dos": (Icons.CHECK_CIRCLE_OUTLINE, ft.Colors.PRIMARY),
    "practices": (Icons.FAVORITE_BORDER, ft.Colors.TERTIARY),
    "steps": (Icons.ARROW_FORWARD, ft.Colors.PRIMARY),
    "text": (Icons.LIGHTBULB_OUTLINE, ft.Colors.SECONDARY),
}


def section_view(section: Section) -> ft.Control:
    if section.kind == "question":
        return card(
            [
                ft.Row(
                    [ft.Icon(Icons.HELP_OUTLINE, color=ft.Colors.ON_SECONDARY_CONTAINER),
                     heading(section.heading, level=3)],
                    spacing=10,
                ),
                ft.Text(
                    section.body,
                    theme_style=ft.TextThemeStyle.TITLE_LARGE,
                    italic=True,
                    color=ft.Colors.ON_SECONDARY_CONTAINER,
                ),
                *[paragraph(item.title) for item in section.items],
            ],
            tinted=True,
        )
    icon, color = KIND_ICONS.get(section.kind, KIND_ICONS["text"])
    controls: list[ft.Control] = [heading(section.heading, level=2)]
    if section.body:
        controls.append(paragraph(section.body))
    for index, item in enumerate(section.items, start=1):
        if section.kind == "steps":
            controls.append(
                ft.Row(
                    [
                        ft.CircleAvatar(content=ft.Text(str(index)), radius=13),
                        ft.Column(
                            [ft.Text(item.title, weight=ft.FontWeight.W_600),
                             *([ft.Text(item.detail)] if item.detail else [])],
                            spacing=2,
                            expand=True,
                        ),
                    ],
                    vertical_alignment=ft.CrossAxisAlignment.START,
                )
            )
        else:
            controls.append(icon_line(icon, item.title, item.detail, color=color))
    return card(controls)
