"""Before you send: check a message on this device, or hold it until morning.

The message being written is kept as it is typed (``UnsentMessageRepository``): a tab
switch, the Pause button or closing the app never empties the field. Holding it until
morning moves it to Drafts and leaves the field empty for the next one."""

from __future__ import annotations

import flet as ft

from repair_app.context import AppContext
from repair_app.core.drafts import DraftError, box_summary, due_drafts, hold_draft, when_label
from repair_app.core.message_check import MAX_MESSAGE_CHARS
from repair_app.core.routes import DRAFTS, draft_route
from repair_app.store import StoreWriteError
from repair_app.store.draft_repository import DraftRepository, UnsentMessageRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.autosave import Autosave, later_for
from repair_app.ui.widgets.common import card, heading, icon_line, paragraph
from repair_app.ui.widgets.live import own_updates
from repair_app.ui.widgets.message_editor import MessageEditor

PRIVACY_TITLE = "Checked here, never sent"
PRIVACY_TEXT = ("The check runs on this device, with no internet. Repair never sends your "
                "message anywhere: you decide what to send, yourself.")


def privacy_line() -> ft.Control:
    return icon_line(Icons.LOCK_OUTLINE, PRIVACY_TITLE, PRIVACY_TEXT, color=ft.Colors.PRIMARY)


class BeforeYouSendScreen:
    title = "Before you send"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.drafts = DraftRepository(ctx.store)
        self.unsent = UnsentMessageRepository(ctx.store)
        self.editor = MessageEditor(ctx, nav, text=self.unsent.load())
        self.autosave = Autosave(ctx.clock, self._save_unsent)
        self.editor.field.on_change = self.typed
        self.editor.field.on_blur = lambda _e: self.autosave.flush()
        self.editor.check_button.on_click = self.check
        self.left = False
        nav.before_leaving(self.leaving)
        # No icon: with it, the two buttons no longer share a row on a 390 px phone.
        self.hold_button = ft.OutlinedButton("Hold until morning", on_click=self.hold,
                                             height=MIN_TAP)

    def check(self, _e: ft.Event | None = None) -> None:
        """Check the message; on "Wait", offer holding it again after the notes, where the
        reader has got to."""
        result = self.editor.check()
        if result is not None and result.verdict.level == "wait":
            self.editor.results.controls.append(card([
                paragraph("This one can wait. Hold it until morning and read it again "
                          "after sleep."),
                ft.Row([ft.FilledButton("Hold until morning", icon=Icons.BEDTIME_OUTLINED,
                                        height=MIN_TAP, on_click=self.hold)], wrap=True),
            ], tinted=True))

    def leaving(self) -> None:
        self.left = True
        self.autosave.flush()

    def typed(self, _e: ft.Event | None = None) -> None:
        # No automatic page update after a keystroke: it would send the field's value back
        # and could overwrite letters typed meanwhile.
        own_updates()
        if self.left:
            # A keystroke that reached the app after the screen was left (a busy device
            # handles events out of order): keep it, and show it where the message is now.
            self.autosave.mark()
            if self.autosave.flush():
                self.nav.refresh()
            return
        self.autosave.changed(later_for(self.editor.field))

    def _save_unsent(self) -> bool:
        text = self.editor.text
        if len(text) > MAX_MESSAGE_CHARS:
            return True  # the check says it is too long; the last kept version stays
        try:
            self.unsent.save(text, self.ctx.clock.now())
        except StoreWriteError as error:  # the words stay in the field
            self.nav.show_message(str(error))
            return False
        return True

    def hold(self, _e: ft.Event | None = None) -> None:
        now = self.ctx.clock.now()
        self.editor.clear_error()
        try:
            draft = hold_draft(self.editor.text, now, self.ctx.settings.morning_time)
            self.drafts.add(draft)
            self.autosave.forget()
            self.unsent.clear()
        except DraftError as error:
            self.editor.show_error(str(error))
            return
        except StoreWriteError as error:  # nothing was kept; the text stays in the field
            self.nav.show_message(str(error))
            return
        self.nav.show_message(f"Held until {when_label(draft.hold_until, now)}. "
                              "It's resting in Drafts.")
        self.nav.go(DRAFTS)

    def ready_banner(self) -> list[ft.Control]:
        ready = due_drafts(self.drafts.all(), self.ctx.clock.now())
        if not ready:
            return []
        count = len(ready)
        first = draft_route(ready[0].id or 0)
        title = ("A message you held is ready to re-read" if count == 1
                 else f"{count} messages you held are ready to re-read")
        return [card([
            icon_line(Icons.WB_TWILIGHT, title,
                      "Read it again with fresh eyes, then decide: send it as is, rewrite it, "
                      "or let it go."),
            ft.Row([ft.FilledButton("Re-read it" if count == 1 else "Re-read the first",
                                         icon=Icons.MENU_BOOK_OUTLINED, height=MIN_TAP,
                                         on_click=lambda _e: self.nav.go(first))],
                   wrap=True),
        ], tinted=True)]

    def drafts_card(self) -> ft.Control:
        ready, resting = box_summary(self.drafts.all(), self.ctx.clock.now())
        if ready or resting:
            parts = []
            if ready:
                parts.append(f"{ready} ready to re-read")
            if resting:
                parts.append(f"{resting} resting until morning")
            summary = ", ".join(parts).capitalize() + "."
        else:
            summary = ("Nothing is resting. When a message can wait, hold it until morning "
                       "and read it again after sleep.")
        return card([
            heading("Drafts", level=2),
            paragraph(summary, muted=True),
            ft.Row([ft.OutlinedButton("Open Drafts", icon=Icons.INBOX_OUTLINED,
                                      height=MIN_TAP, on_click=lambda _e: self.nav.go(DRAFTS))]),
        ])

    def build(self) -> list[ft.Control]:
        return [
            *self.ready_banner(),
            card([
                paragraph("Not sure if what you want to say will help or hurt? Write it here "
                          "first. Repair points out what tends to push people away and "
                          "suggests a gentler way to say it."),
                privacy_line(),
            ]),
            self.editor.field,
            ft.Row([self.editor.check_button, self.hold_button], wrap=True, spacing=12,
                   run_spacing=12),
            self.editor.results,
            self.drafts_card(),
        ]
