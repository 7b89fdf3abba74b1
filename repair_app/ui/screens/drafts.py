"""Drafts: the messages held until morning, and one draft's own page (re-read, decide)."""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable

import flet as ft

from repair_app.context import AppContext
from repair_app.core.drafts import (
    READY,
    Draft,
    DraftError,
    drafts_in_box_order,
    edit_draft,
    hold_again,
    preview,
    when_label,
)
from repair_app.core.routes import DRAFTS, SEND_CHECK, draft_route
from repair_app.store import KEEP_DAYS, StoreWriteError
from repair_app.store.draft_repository import DraftGoneError, DraftRepository
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.screens.before_you_send import privacy_line
from repair_app.ui.theme import MIN_TAP
from repair_app.ui.widgets.common import card, heading, icon_action, paragraph, pill
from repair_app.ui.widgets.message_editor import MessageEditor

CopyText = Callable[[str], Awaitable[None]]
DELETION_NOTE = (f"Deleting removes a draft from Repair's data file at once. Daily backups "
                 f"made before that may still hold it until they are replaced, within "
                 f"{KEEP_DAYS} days.")


async def copy_to_clipboard(text: str) -> None:
    await ft.Clipboard().set(text)


class DeleteConfirmation:
    """An inline "Delete for good?" row: no dialog, so it works everywhere and reads well."""

    def __init__(self, question: str, on_confirm: Callable[[], None],
                 confirm_label: str = "Delete for good") -> None:
        self.on_confirm = on_confirm
        self.confirm_button = ft.FilledButton(
            confirm_label, icon=Icons.DELETE_FOREVER_OUTLINED, height=MIN_TAP,
            style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR),
            on_click=lambda _e: self.on_confirm())
        self.keep_button = ft.TextButton("Keep it", height=MIN_TAP, on_click=self.hide,
                                         style=ft.ButtonStyle(color=ft.Colors.ON_ERROR_CONTAINER))
        self.control = ft.Row([ft.Container(
            content=ft.Column([
                ft.Text(question, theme_style=ft.TextThemeStyle.BODY_LARGE,
                        weight=ft.FontWeight.W_600, color=ft.Colors.ON_ERROR_CONTAINER),
                ft.Row([self.confirm_button, self.keep_button], wrap=True, spacing=8),
            ], spacing=8),
            bgcolor=ft.Colors.ERROR_CONTAINER,
            border_radius=8,
            padding=12,
            expand=True,
        )], visible=False)

    def show(self, _e: ft.Event | None = None) -> None:
        self.control.visible = True

    def hide(self, _e: ft.Event | None = None) -> None:
        self.control.visible = False


def _delete(ctx: AppContext, nav: Navigator, repo: DraftRepository, draft_id: int,
            done_message: str) -> bool:
    try:
        repo.delete(draft_id)
    except StoreWriteError as error:
        nav.show_message(str(error))
        return False
    nav.show_message(done_message)
    return True


class DraftsScreen:
    title = "Drafts"

    def __init__(self, ctx: AppContext, nav: Navigator) -> None:
        self.ctx = ctx
        self.nav = nav
        self.repo = DraftRepository(ctx.store)

    def draft_card(self, draft: Draft) -> ft.Control:
        now = self.ctx.clock.now()
        assert draft.id is not None
        draft_id = draft.id
        short = preview(draft.text, 40)

        def delete() -> None:
            if _delete(self.ctx, self.nav, self.repo, draft_id, "Deleted for good."):
                self.nav.refresh()

        confirm = DeleteConfirmation("Delete this draft for good? This can't be undone.", delete)
        if draft.status(now) == READY:
            status = ft.Row([pill("Ready to re-read", strong=True)], wrap=True)
        else:
            status = ft.Row([pill("Resting"),
                             ft.Text(f"until {when_label(draft.hold_until, now)}",
                                     theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                                     color=ft.Colors.ON_SURFACE_VARIANT)],
                            wrap=True, spacing=8)
        return card([
            ft.Row([ft.Container(status, expand=True),
                    icon_action(Icons.DELETE_OUTLINE, f"Delete draft: {short}", confirm.show)],
                   vertical_alignment=ft.CrossAxisAlignment.START),
            ft.Text(preview(draft.text), theme_style=ft.TextThemeStyle.BODY_LARGE, max_lines=3,
                    overflow=ft.TextOverflow.ELLIPSIS),
            ft.Row([ft.FilledTonalButton(
                "Re-read" if draft.status(now) == READY else "Open",
                icon=Icons.MENU_BOOK_OUTLINED, height=MIN_TAP,
                tooltip=f"Open draft: {short}",
                on_click=lambda _e: self.nav.go(draft_route(draft_id)))]),
            confirm.control,
        ])

    def build(self) -> list[ft.Control]:
        drafts = drafts_in_box_order(self.repo.all(), self.ctx.clock.now())
        intro = card([
            paragraph("Messages you chose to sleep on. Each rests until your next morning "
                      f"({self.ctx.settings.morning_time:%H:%M}), then asks you: send it as "
                      "is, rewrite it, or let it go."),
            paragraph(DELETION_NOTE, muted=True),
        ])
        if not drafts:
            return [intro, card([
                heading("No drafts", level=3),
                paragraph("When a message can wait, choose \u201cHold until morning\u201d on "
                          "Before you send, and it will rest here."),
                ft.Row([ft.OutlinedButton("Write a message", icon=Icons.EDIT_OUTLINED,
                                          height=MIN_TAP,
                                          on_click=lambda _e: self.nav.go(SEND_CHECK))]),
            ])]
        return [intro, *(self.draft_card(d) for d in drafts)]


class DraftScreen:
    """One held message: edit it while it rests; once ready, send as is, rewrite or let go."""

    title = "Draft"

    def __init__(self, ctx: AppContext, nav: Navigator, draft_id: int,
                 copy_text: CopyText = copy_to_clipboard) -> None:
        self.ctx = ctx
        self.nav = nav
        self.repo = DraftRepository(ctx.store)
        self.draft_id = draft_id
        self.draft = self.repo.get(draft_id)
        self.copy_text = copy_text
        text = self.draft.text if self.draft else ""
        self.editor = MessageEditor(ctx, nav, text=text, counted_text=text or None)
        self.confirm_delete = DeleteConfirmation(
            "Delete this draft for good? This can't be undone.", self.delete)
        self.confirm_let_go = DeleteConfirmation(
            "Let it go? The draft is deleted for good.", self.delete, confirm_label="Let it go")
        self.save_button = ft.OutlinedButton("Save changes", icon=Icons.SAVE_OUTLINED,
                                             height=MIN_TAP, on_click=self.save)
        self.hold_button = ft.OutlinedButton("Hold until morning", icon=Icons.BEDTIME_OUTLINED,
                                             height=MIN_TAP, on_click=self.hold)
        self.delete_button = ft.TextButton(
            "Delete draft", icon=Icons.DELETE_OUTLINE, height=MIN_TAP,
            style=ft.ButtonStyle(color=ft.Colors.ERROR), on_click=self.confirm_delete.show)
        # Re-reading: rewriting comes first; sending as is is one calm choice among three.
        self.send_button = ft.OutlinedButton("Send as is", icon=Icons.CONTENT_COPY,
                                             height=MIN_TAP, on_click=self.send_as_is)
        self.rewrite_button = ft.FilledButton("Rewrite", icon=Icons.EDIT_OUTLINED,
                                              height=MIN_TAP, on_click=self.rewrite)
        #: The editing actions; on a ready draft they appear once "Rewrite" is chosen.
        self.edit_row = ft.Row([self.editor.check_button, self.save_button, self.hold_button],
                               wrap=True, spacing=8, run_spacing=8)
        self.let_go_button = ft.OutlinedButton("Let it go", icon=Icons.AIR,
                                               height=MIN_TAP, on_click=self.confirm_let_go.show)

    # -- handlers ----------------------------------------------------------------------
    def _store(self, change: Callable[[Draft], Draft], done: str | None) -> Draft | None:
        assert self.draft is not None
        self.editor.clear_error()
        try:
            updated = self.repo.save(change(self.draft))
        except DraftError as error:
            self.editor.show_error(str(error))
            return None
        except DraftGoneError as error:
            self.nav.show_message(str(error))
            self.nav.go(DRAFTS)
            return None
        except StoreWriteError as error:
            self.nav.show_message(str(error))
            return None
        self.draft = updated
        if done:
            self.nav.show_message(done)
        return updated

    def save(self, _e: ft.Event | None = None) -> None:
        now = self.ctx.clock.now()
        self._store(lambda d: edit_draft(d, self.editor.text, now), "Saved.")

    def hold(self, _e: ft.Event | None = None) -> None:
        now = self.ctx.clock.now()
        morning = self.ctx.settings.morning_time
        updated = self._store(lambda d: hold_again(d, self.editor.text, now, morning), None)
        if updated is not None:
            self.nav.show_message(f"Held until {when_label(updated.hold_until, now)}. "
                                  "It's resting in Drafts.")
            self.nav.go(DRAFTS)

    def delete(self) -> None:
        if _delete(self.ctx, self.nav, self.repo, self.draft_id, "Deleted for good."):
            self.nav.go(DRAFTS)

    async def send_as_is(self, _e: ft.Event | None = None) -> None:
        text = self.editor.text
        try:
            await self.copy_text(text)
        except Exception:  # noqa: BLE001 - any clipboard failure: keep the draft, say so
            self.nav.show_message("Couldn't copy it. Select the text and copy it yourself; "
                                  "the draft is still here.")
            return
        if _delete(self.ctx, self.nav, self.repo, self.draft_id,
                   "Copied. Paste it into your messaging app: Repair never sends anything "
                   "itself. It's no longer in Drafts."):
            self.nav.go(DRAFTS)

    async def rewrite(self, _e: ft.Event | None = None) -> None:
        self.edit_row.visible = True
        self.editor.check()
        self.nav.show_message("Change what you like, check it again, then save it or hold it "
                              "until morning.")
        with contextlib.suppress(RuntimeError):  # not on a page (control-tree tests)
            await self.editor.field.focus()

    # -- building ----------------------------------------------------------------------
    def status_card(self, draft: Draft) -> ft.Control:
        now = self.ctx.clock.now()
        if draft.status(now) == READY:
            return card([
                ft.Row([pill("Ready to re-read", strong=True)], wrap=True),
                heading("Read it once more, slowly", level=2),
                paragraph("Imagine you are the one receiving it. Then choose: send it as is, "
                          "rewrite it, or let it go."),
                ft.Row([self.rewrite_button, self.send_button, self.let_go_button],
                       wrap=True, spacing=8, run_spacing=8),
                paragraph("\u201cSend as is\u201d copies it for you to paste into your "
                          "messaging app and removes it from Drafts.", muted=True),
                self.confirm_let_go.control,
            ], tinted=True)
        return card([
            ft.Row([pill("Resting")], wrap=True),
            heading(f"Resting until {when_label(draft.hold_until, now)}", level=2),
            paragraph("Then Repair shows it to you again. Until then you can change it, or "
                      "delete it."),
        ], tinted=True)

    def build(self) -> list[ft.Control]:
        if self.draft is None:
            return [card([
                heading("This draft isn't here any more", level=2),
                paragraph("It may have been deleted, or sent from another window."),
                ft.Row([ft.FilledTonalButton("Open Drafts", icon=Icons.INBOX_OUTLINED,
                                             height=MIN_TAP,
                                             on_click=lambda _e: self.nav.go(DRAFTS))]),
            ])]
        ready = self.draft.status(self.ctx.clock.now()) == READY
        if ready:
            # What the check says, before choosing (rechecking the same words counts no new
            # message); the editing actions wait for "Rewrite", "Let it go" deletes.
            self.editor.check()
            self.edit_row.visible = False
        return [
            self.status_card(self.draft),
            self.editor.field,
            self.edit_row,
            self.editor.results,
            privacy_line(),
            ft.Row([self.delete_button], visible=not ready),
            self.confirm_delete.control,
        ]
