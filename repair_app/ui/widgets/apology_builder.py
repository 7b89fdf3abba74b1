"""The apology builder: write a short apology, check it for defending, see what to change.

The check is ``repair_app.core.apology.check_apology`` (the "Before you send" analyzer with
the apology rules); the results are drawn with the same pieces as "Before you send". The
draft is kept as it is written (``store/apology_repository.py``), so it survives a restart.
"""

from __future__ import annotations

import flet as ft

from repair_app.content.apology_rules import default_apology_rules
from repair_app.content.message_rules import prepare_first_check
from repair_app.context import AppContext
from repair_app.core.apology import (
    APOLOGY_LIMIT,
    EMPTY_MESSAGE,
    ApologyRules,
    check_apology,
    too_long_message,
)
from repair_app.core.message_check import CheckResult
from repair_app.store import StoreWriteError
from repair_app.store.apology_repository import ApologyDraftRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.autosave import Autosave, later_for
from repair_app.ui.widgets.check_results import finding_card, highlighted_text, verdict_card
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, card, heading, paragraph
from repair_app.ui.widgets.live import own_updates, refresh

FIELD_LABEL = "Your apology"
CHECK_LABEL = "Check for defending"
PARTS = (
    ("What you did", "plainly, in your own words: “I'm sorry I shouted at you.”"),
    ("How it landed", "for them, not for you: “I can see it frightened you.”"),
    ("One small change", "only one you'll keep: “Next time I'll take a break first.”"),
)
TEMPLATE = "I'm sorry I … I can see that … Next time, I'll …"


class ApologyBuilder:
    def __init__(self, ctx: AppContext, nav: Navigator, rules: ApologyRules | None = None) -> None:
        self.ctx = ctx
        self.nav = nav
        self.rules = rules or default_apology_rules()
        prepare_first_check(self.rules.rules)  # while the apology is written
        self.drafts = ApologyDraftRepository(ctx.store)
        self.autosave = Autosave(ctx.clock, self._save_draft)
        self.result: CheckResult | None = None
        self.field = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label=FIELD_LABEL, value=self.drafts.load(), multiline=True, min_lines=4,
            max_lines=12, error_max_lines=3, hint_text=TEMPLATE, text_size=16, expand=True,
            on_change=self.typed, on_blur=lambda _e: self.autosave.flush())
        self.check_button = ft.FilledButton(CHECK_LABEL, icon=Icons.FACT_CHECK_OUTLINED,
                                            height=MIN_TAP, on_click=self.check)
        self.clear_button = ft.TextButton("Clear", icon=Icons.CLEAR, height=MIN_TAP,
                                          on_click=self.clear)
        self.results = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.control = card([
            ft.Row([ft.Icon(Icons.HANDSHAKE_OUTLINED, color=ft.Colors.PRIMARY),
                    ft.Text("Apology builder", theme_style=ft.TextThemeStyle.TITLE_LARGE,
                            weight=ft.FontWeight.W_600, expand=True)], spacing=10),
            paragraph("Say sorry and stop there: no “but”, no “if you”, no “you made me”. "
                      "Three short parts are enough:"),
            *[self._part(number, title, detail)
              for number, (title, detail) in enumerate(PARTS, start=1)],
            ft.Row([self.field]),
            ft.Row([self.check_button, self.clear_button], wrap=True),
            self.results,
        ])

    @staticmethod
    def _part(number: int, title: str, detail: str) -> ft.Control:
        return ft.Row([
            ft.CircleAvatar(content=ft.Text(str(number)), radius=13),
            ft.Text(spans=[ft.TextSpan(title, style=ft.TextStyle(weight=ft.FontWeight.W_600)),
                           ft.TextSpan(f": {detail}")],
                    theme_style=ft.TextThemeStyle.BODY_LARGE, expand=True),
        ], vertical_alignment=ft.CrossAxisAlignment.START, spacing=10)

    @property
    def text(self) -> str:
        return self.field.value or ""

    def _save_draft(self) -> bool:
        text = self.text
        if len(text) > APOLOGY_LIMIT:
            return True  # not kept until it is short enough; the field says so
        try:
            self.drafts.save(text, self.ctx.clock.now())
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return False
        return True

    def typed(self, _e: ft.Event | None = None) -> None:
        own_updates()
        too_long = len(self.text) > APOLOGY_LIMIT
        error = too_long_message(len(self.text)) if too_long else None
        if self.field.error != error:
            self.field.error = error
            refresh(self.field)
        self.autosave.changed(later_for(self.field))

    def check(self, _e: ft.Event | None = None) -> CheckResult | None:
        own_updates()
        text = self.text
        self.autosave.mark()
        self.autosave.flush()
        if not text.strip():
            return self._fail(EMPTY_MESSAGE)
        if len(text) > APOLOGY_LIMIT:
            return self._fail(too_long_message(len(text)))
        self.field.error = None
        result = self.result = check_apology(text, self.ctx.clock.now(), self.rules)
        controls: list[ft.Control] = [
            verdict_card(result),
            card([heading("Your apology, marked up", level=3),
                  *([paragraph("Highlighted: the words that defend.", muted=True)]
                    if any(f.span for f in result.findings) else []),
                  highlighted_text(text, result)]),
        ]
        controls += [finding_card(text, findings, self.ctx.program,
                                  self.ctx.status().active_phases)
                     for findings in result.by_kind().values()]
        self.results.controls = controls
        refresh(self.field, self.results)
        return result

    def _fail(self, message: str) -> None:
        self.field.error = message
        self.result = None
        self.results.controls = []
        refresh(self.field, self.results)
        return None

    def clear(self, _e: ft.Event | None = None) -> None:
        own_updates()
        self.field.value, self.field.error = "", None
        self.result = None
        self.results.controls = []
        self.autosave.mark()
        self.autosave.flush()
        refresh(self.field, self.results)
