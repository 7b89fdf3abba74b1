"""The message field, the "Check message" button and the results under them.

Shared by "Before you send" (a new message) and a draft's own screen. The check itself is
``repair_app.core.message_check``; this only reads the field, counts the message for the
day and draws the result.
"""

from __future__ import annotations

import flet as ft

from repair_app.content.message_rules import default_message_rules, prepare_first_check
from repair_app.context import AppContext
from repair_app.core.message_check import (
    MAX_MESSAGE_CHARS,
    CheckResult,
    check_message,
    is_new_message,
)
from repair_app.core.message_rules import MessageRules
from repair_app.store import StoreWriteError
from repair_app.store.draft_repository import MessageCheckCounter
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.check_results import result_controls
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING

FIELD_LABEL = "Your message"


class MessageEditor:
    def __init__(self, ctx: AppContext, nav: Navigator, *, text: str = "",
                 counted_text: str | None = None, rules: MessageRules | None = None) -> None:
        self.ctx = ctx
        self.nav = nav
        self.rules = rules or default_message_rules()
        prepare_first_check(self.rules)  # while the message is read or typed
        self.counter = MessageCheckCounter(ctx.store)
        #: The last text counted as a message today: rewording it is not a new message.
        self.counted_text = counted_text
        self.result: CheckResult | None = None
        self.field = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label=FIELD_LABEL,
            value=text,
            multiline=True,
            min_lines=6,
            max_lines=14,
            hint_text="Write it here as you would send it.",
            text_size=16,
        )
        self.check_button = ft.FilledButton("Check message", icon=Icons.FACT_CHECK_OUTLINED,
                                            on_click=self.check, height=MIN_TAP)
        self.results = ft.Column(spacing=16, controls=[],
                                 horizontal_alignment=ft.CrossAxisAlignment.STRETCH)

    @property
    def text(self) -> str:
        return self.field.value or ""

    def show_error(self, message: str) -> None:
        self.field.error = message

    def clear_error(self) -> None:
        self.field.error = None

    def check(self, _e: ft.Event | None = None) -> CheckResult | None:
        text = self.text
        self.clear_error()
        if not text.strip():
            self.results.controls = []
            self.result = None
            self.show_error("Write your message first, then check it.")
            return None
        if len(text) > MAX_MESSAGE_CHARS:
            self.show_error(f"That's longer than {MAX_MESSAGE_CHARS:,} characters. "
                            "Nobody reads that much in a message: keep the part that matters.")
            return None
        now = self.ctx.clock.now()
        today = now.date()
        try:
            if is_new_message(self.counted_text, text):
                checked = self.counter.record(today)
                self.counted_text = text
            else:
                checked = self.counter.count(today)
        except StoreWriteError as error:  # the check still works; only the count is missed
            self.nav.show_message(str(error))
            checked = self.counter.count(today) + 1
        self.result = check_message(text, now, self.rules, messages_today=checked)
        self.results.controls = result_controls(text, self.result, self.ctx.program,
                                                self.ctx.status().active_phases)
        return self.result
