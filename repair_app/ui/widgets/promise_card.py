"""The morning promise card: ask, make, mark kept or not, and own it.

States (decided by the day's record): none -> open -> kept | not kept (+ own it).
A state change redraws this card's body only.
"""

from __future__ import annotations

import flet as ft

from repair_app.core.day import PROMISE_KEPT, Promise
from repair_app.core.entry_text import OWN_IT_LIMIT, PROMISE_LIMIT
from repair_app.core.promise import (
    PROMISE_EXAMPLES,
    PromiseError,
    check_promise_text,
    make_promise,
    mark_promise,
    own_it,
    reopen_promise,
)
from repair_app.ui.day_editor import DayEditor
from repair_app.ui.icons import Icons
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, paragraph, pill
from repair_app.ui.widgets.live import own_updates, refresh

SAVE_LABEL = "Save promise"
EXAMPLES_TEXT = "For example: " + " · ".join(f"“{text}”" for text in PROMISE_EXAMPLES[:3])

NONE = "none"
EDITING = "editing"
OPEN = "open"
KEPT = "kept"
NOT_KEPT = "not_kept"
OWNING = "owning"  # not kept, writing (or rewriting) the own-it note


class PromiseCard:
    def __init__(self, editor: DayEditor, question: str, *, allow_new: bool = True) -> None:
        self.editor = editor
        self.question = question
        self.allow_new = allow_new
        self._editing = False
        self._owning = False
        self.body = ft.Column(spacing=12, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)
        self.control = ft.Card(semantic_container=False, margin=0,
                               content=ft.Container(self.body, padding=16))
        # Controls of the current state, kept for handlers and tests.
        self.field: ft.TextField | None = None
        self.hints: ft.Text | None = None
        self.save_button: ft.FilledButton | None = None
        self.what_field: ft.TextField | None = None
        self.step_field: ft.TextField | None = None
        self.own_it_button: ft.FilledButton | None = None
        self.own_it_error: ft.Text | None = None
        self.render()

    # -- state -------------------------------------------------------------------------
    @property
    def promise(self) -> Promise | None:
        return self.editor.record.promise

    @property
    def state(self) -> str:
        promise = self.promise
        if promise is None:
            return EDITING if self._editing or self.allow_new else NONE
        if promise.is_open:
            return EDITING if self._editing else OPEN
        if promise.status == PROMISE_KEPT:
            return KEPT
        return OWNING if self._owning or promise.own_it is None else NOT_KEPT

    def render(self) -> None:
        builders = {NONE: self._none, EDITING: self._editing_controls, OPEN: self._open,
                    KEPT: self._kept, NOT_KEPT: self._not_kept, OWNING: self._not_kept}
        self.body.controls = builders[self.state]()

    def _redraw(self) -> None:
        self.render()
        refresh(self.body)

    # -- the states ----------------------------------------------------------------------
    def _none(self) -> list[ft.Control]:
        return [pill("Promise"), paragraph("No promise was written down this day.", muted=True)]

    def _editing_controls(self) -> list[ft.Control]:
        editable = self.editor.editable
        current = self.promise.text if self.promise else ""
        self.field = ft.TextField(scroll_padding=FIELD_SCROLL_PADDING,
                                  error_max_lines=3,
            label="Today's promise", value=current, multiline=True, min_lines=1, max_lines=4,
            on_change=self.draft_changed, read_only=not editable,
            helper=f"One small thing, up to {PROMISE_LIMIT} characters.",
        )
        self.hints = ft.Text(EXAMPLES_TEXT, theme_style=ft.TextThemeStyle.BODY_MEDIUM,
                             color=ft.Colors.ON_SURFACE_VARIANT)
        self.save_button = ft.FilledButton(SAVE_LABEL, icon=Icons.CHECK, height=48,
                                           on_click=self.save)
        buttons: list[ft.Control] = [self.save_button]
        if self.promise is not None:
            buttons.append(ft.TextButton("Cancel", height=48, on_click=self.cancel_edit))
        self._judge_draft()
        return [
            ft.Row([ft.Icon(Icons.WB_TWILIGHT, color=ft.Colors.PRIMARY), pill("Each morning")]),
            ft.Text(self.question, theme_style=ft.TextThemeStyle.TITLE_LARGE, italic=True),
            self.field, self.hints, ft.Row(buttons, wrap=True),
        ]

    def _promise_text(self, promise: Promise) -> ft.Control:
        return ft.Text(promise.text, theme_style=ft.TextThemeStyle.TITLE_LARGE)

    def _time(self, instant) -> str:
        return instant.astimezone(self.editor.now().tzinfo).strftime("%H:%M")

    def _open(self) -> list[ft.Control]:
        promise = self.promise
        assert promise is not None
        controls: list[ft.Control] = [
            ft.Row([pill("Today's promise" if self.allow_new else "Promise", strong=True),
                    ft.Text(f"made at {self._time(promise.made_at)}",
                            theme_style=ft.TextThemeStyle.LABEL_MEDIUM,
                            color=ft.Colors.ON_SURFACE_VARIANT)], wrap=True),
            self._promise_text(promise),
        ]
        if not self.editor.editable:
            controls.append(paragraph("It wasn't marked as kept or not.", muted=True))
            return controls
        controls += [
            paragraph("Later today: did you keep it?", muted=True),
            ft.Row([
                ft.FilledButton("Kept it", icon=Icons.CHECK_CIRCLE_OUTLINE, height=48,
                                on_click=lambda _e: self.mark(True)),
                ft.OutlinedButton("Didn't keep it", height=48,
                                  on_click=lambda _e: self.mark(False)),
            ], wrap=True),
            ft.Row([ft.TextButton("Edit promise", icon=Icons.EDIT_OUTLINED, height=48,
                                  on_click=self.start_edit)]),
        ]
        return controls

    def _kept(self) -> list[ft.Control]:
        promise = self.promise
        assert promise is not None
        controls: list[ft.Control] = [
            ft.Row([ft.Icon(Icons.CHECK_CIRCLE, color=ft.Colors.PRIMARY),
                    ft.Text("You kept it", theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            weight=ft.FontWeight.W_600)]),
            self._promise_text(promise),
            paragraph("A small promise kept is how trust comes back, a drop at a time.",
                      muted=True),
        ]
        controls += self._take_back()
        return controls

    def _not_kept(self) -> list[ft.Control]:
        promise = self.promise
        assert promise is not None
        controls: list[ft.Control] = [
            ft.Row([ft.Icon(Icons.RADIO_BUTTON_UNCHECKED, color=ft.Colors.ON_SURFACE_VARIANT),
                    ft.Text("Not this time", theme_style=ft.TextThemeStyle.TITLE_MEDIUM,
                            weight=ft.FontWeight.W_600)]),
            self._promise_text(promise),
        ]
        owned = promise.own_it
        if self.state == OWNING and self.editor.editable:
            controls += self._own_it_form()
        elif owned is not None:
            controls += [
                ft.Text("Owning it", theme_style=ft.TextThemeStyle.TITLE_SMALL,
                        weight=ft.FontWeight.W_600),
                *([self._labelled("What happened", owned.what_happened)]
                  if owned.what_happened else []),
                *([self._labelled("My repair step", owned.repair_step)]
                  if owned.repair_step else []),
            ]
        else:
            controls.append(paragraph("Nothing was written about it.", muted=True))
        if self.editor.editable and self.state != OWNING:
            controls.append(ft.Row([
                ft.TextButton("Edit what I wrote", height=48, icon=Icons.EDIT_OUTLINED,
                              on_click=self.start_owning),
                *self._take_back_buttons(),
            ], wrap=True))
        elif self.state == OWNING:
            controls += self._take_back()
        return controls

    def _labelled(self, label: str, text: str) -> ft.Control:
        return ft.Column([
            ft.Text(label, theme_style=ft.TextThemeStyle.LABEL_LARGE,
                    color=ft.Colors.ON_SURFACE_VARIANT),
            ft.Text(text, theme_style=ft.TextThemeStyle.BODY_LARGE),
        ], spacing=2)

    def _own_it_form(self) -> list[ft.Control]:
        owned = self.promise.own_it if self.promise else None
        self.what_field = ft.TextField(scroll_padding=FIELD_SCROLL_PADDING,
                                       label="What happened", multiline=True, min_lines=1,
                                       max_lines=4, error_max_lines=3,
                                       value=owned.what_happened if owned else "")
        self.step_field = ft.TextField(scroll_padding=FIELD_SCROLL_PADDING,
                                       label="One repair step", multiline=True, min_lines=1,
                                       max_lines=4, error_max_lines=3,
                                       value=owned.repair_step if owned else "",
                                       helper=f"Each up to {OWN_IT_LIMIT} characters.")
        self.own_it_button = ft.FilledButton("Own it", icon=Icons.HANDSHAKE_OUTLINED,
                                             height=48, on_click=self.save_own_it)
        self.own_it_error = ft.Text("", color=ft.Colors.ERROR, visible=False)
        return [
            paragraph("It happens. Owning it straight away, without excuses, is part of "
                      "rebuilding trust.", muted=True),
            self.what_field, self.step_field, self.own_it_error,
            ft.Row([self.own_it_button], wrap=True),
        ]

    def _take_back_buttons(self) -> list[ft.Control]:
        if not self.editor.editable:
            return []
        return [ft.TextButton("Change my answer", icon=Icons.UNDO, height=48,
                              on_click=self.take_back)]

    def _take_back(self) -> list[ft.Control]:
        buttons = self._take_back_buttons()
        return [ft.Row(buttons, wrap=True)] if buttons else []

    # -- handlers ------------------------------------------------------------------------
    def _judge_draft(self) -> bool:
        """Set the field's error, the hints and the save button from the draft; True if
        anything changed."""
        field, hints, button = self.field, self.hints, self.save_button
        if field is None or hints is None or button is None:
            return False
        check = check_promise_text(field.value)
        empty = not check.text
        before = (field.error, hints.value, hints.color, button.content, button.disabled)
        field.error = None if empty or check.can_save else check.error
        if check.hints:
            hints.value, hints.color = " ".join(check.hints), ft.Colors.TERTIARY
        else:
            hints.value, hints.color = EXAMPLES_TEXT, ft.Colors.ON_SURFACE_VARIANT
        button.disabled = not check.can_save or not self.editor.editable
        button.content = check.error if empty else (SAVE_LABEL if check.can_save
                                                    else "Too long to save")
        return before != (field.error, hints.value, hints.color, button.content,
                          button.disabled)

    def draft_changed(self, e: ft.Event | None = None) -> None:
        own_updates()
        if self._judge_draft():
            refresh(self.field, self.hints, self.save_button)

    def save(self, e: ft.Event | None = None) -> None:
        own_updates()
        field = self.field
        if field is None:
            return
        text = field.value or ""
        try:
            saved = self.editor.change(
                lambda record: make_promise(record, text, self.editor.now()))
        except PromiseError as error:
            field.error = str(error)
            refresh(field)
            return
        if saved:
            self._editing = False
            self._redraw()

    def start_edit(self, e: ft.Event | None = None) -> None:
        own_updates()
        self._editing = True
        self._redraw()

    def cancel_edit(self, e: ft.Event | None = None) -> None:
        own_updates()
        self._editing = False
        self._redraw()

    def mark(self, kept: bool) -> None:
        own_updates()
        try:
            saved = self.editor.change(lambda record: mark_promise(
                record, kept, self.editor.now(), self.editor.linked_items))
        except PromiseError as error:
            self.editor.nav.show_message(str(error))
            return
        if saved:
            self._owning = False
            self._redraw()

    def take_back(self, e: ft.Event | None = None) -> None:
        own_updates()
        try:
            saved = self.editor.change(
                lambda record: reopen_promise(record, self.editor.linked_items))
        except PromiseError as error:
            self.editor.nav.show_message(str(error))
            return
        if saved:
            self._owning = False
            self._redraw()

    def start_owning(self, e: ft.Event | None = None) -> None:
        own_updates()
        self._owning = True
        self._redraw()

    def save_own_it(self, e: ft.Event | None = None) -> None:
        own_updates()
        what, step = self.what_field, self.step_field
        if what is None or step is None or self.own_it_error is None:
            return
        try:
            saved = self.editor.change(
                lambda record: own_it(record, what.value or "", step.value or ""))
        except PromiseError as error:
            self.own_it_error.value = str(error)
            self.own_it_error.visible = True
            refresh(self.own_it_error)
            return
        if saved:
            self._owning = False
            self._redraw()
