"""Today: where the user is in the program, what is active, and the morning question."""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import card, date_label, heading, paragraph, pill


class TodayScreen:
    title = "Today"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav

    def status_card(self) -> ft.Control:
        status = self.ctx.status()
        if not status.started:
            days = status.days_until_start
            return card(
                [
                    heading(date_label(status.today)),
                    paragraph(
                        f"Your program starts on {date_label(status.start)}, "
                        f"in {days} day{'s' if days != 1 else ''}. Until then, read Phase 1: "
                        "it's the part that helps most, soonest."
                    ),
                ],
                tinted=True,
            )
        lines = [
            heading(date_label(status.today)),
            paragraph(f"Week {status.week} · day {status.day_of_program} of your program"),
        ]
        if status.next_phase:
            number, starts = status.next_phase
            lines.append(paragraph(f"Phase {number} joins on {date_label(starts)}.", muted=True))
        return card(lines, tinted=True)

    def focus_cards(self) -> list[ft.Control]:
        status = self.ctx.status()
        numbers = status.active_phases or (1,)
        heading_text = "This week's focus" if status.started else "Coming first"
        tiles: list[ft.Control] = [heading(heading_text, level=2)]
        for number in numbers:
            phase = self.ctx.program.phase(number)
            tiles.append(
                ft.Card(
        semantic_container=False,
                    margin=0,
                    content=ft.ListTile(
                        leading=ft.Icon(ft.Icons.BOOKMARK_BORDER, color=ft.Colors.PRIMARY),
                        title=ft.Text(f"Phase {number}: {phase.name}",
                                      weight=ft.FontWeight.W_600),
                        subtitle=paragraph(phase.purpose, muted=True),
                        trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
                        min_height=64,
                        on_click=lambda _e, n=number: self.nav.go(f"/phases/{n}"),
                    ),
                )
            )
        return tiles

    def question_card(self) -> ft.Control:
        return card(
            [
                ft.Row([ft.Icon(ft.Icons.WB_TWILIGHT, color=ft.Colors.PRIMARY),
                        pill("Each morning")]),
                ft.Text(self.ctx.program.questions.morning,
                        theme_style=ft.TextThemeStyle.TITLE_LARGE, italic=True),
                paragraph("Small enough that you'll keep it, clear enough that you'll know "
                          "tonight whether you did.", muted=True),
            ]
        )

    def build(self) -> list[ft.Control]:
        return [self.status_card(), self.question_card(), *self.focus_cards()]
