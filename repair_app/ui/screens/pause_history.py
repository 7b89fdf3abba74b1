"""Past pauses: when, how long, whether they ended early, and what helped. Newest first."""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.pause import pause_history_summary
from repair_app.ui.navigation import Navigator
from repair_app.ui.pause_controller import PauseController
from repair_app.ui.screens.pause import history_row
from repair_app.ui.widgets.common import card, heading, paragraph

HISTORY_LIMIT = 100


class PauseHistoryScreen:
    title = "Past pauses"

    def __init__(self, ctx: AppContext, nav: Navigator, controller: PauseController) -> None:
        self.ctx = ctx
        self.nav = nav
        self.controller = controller

    def build(self) -> list[ft.Control]:
        pauses = self.controller.history(limit=HISTORY_LIMIT)
        if not pauses:
            return [card([
                heading("No pauses yet", level=2),
                paragraph("When you take a pause, it shows here: the day, how long it lasted "
                          "and what helped.", muted=True),
            ])]
        in_full = sum(1 for p in pauses if not p.ended_early)
        count = len(pauses)
        summary = pause_history_summary(count, in_full, limited=count >= HISTORY_LIMIT)
        rows: list[ft.Control] = []
        for index, session in enumerate(pauses):
            if index:
                rows.append(ft.Divider(height=1))
            rows.append(history_row(self.ctx, session))
        return [
            paragraph(summary, muted=True),
            card(rows),
            paragraph("Every pause you take is practice. It gets easier.", muted=True),
        ]
