"""The checklist of one day: a checkbox per active item, grouped by phase, with notes.

A tap saves at once and updates only the tapped row and the "n of m" line; the item
linked to the promise is not tapped here, it follows the promise card.
"""

from __future__ import annotations

from collections.abc import Sequence

import flet as ft

from repair_app.core.checklist import ActiveItem, done_count, item_done, set_item, set_item_note
from repair_app.core.content import Program
from repair_app.core.day import DayRecord
from repair_app.core.entry_text import NOTE_LIMIT, EntryError
from repair_app.ui.day_editor import DayEditor
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, icon_action
from repair_app.ui.widgets.live import own_updates, refresh

LINKED_HINT = "Follows your answer on the promise card."


class ItemRow:
    """One checklist item: the checkbox tile and, for items that take one, a note."""

    def __init__(self, owner: DayChecklist, item: ActiveItem, record: DayRecord) -> None:
        self.owner = owner
        self.item = item
        editable = owner.editor.editable
        done = item_done(record, item)
        # The row's hint is read after the label (merged, the subtitle would come first).
        spoken = (f"{item.item.label}. {LINKED_HINT}" if item.linked_to_promise
                  else item.item.label)
        self.checkbox = ft.Checkbox(value=done, semantics_label=spoken,
                                    on_change=self.toggled,
                                    disabled=not editable or item.linked_to_promise)
        subtitle = ft.Semantics(exclude_semantics=True, content=ft.Text(
            LINKED_HINT, theme_style=ft.TextThemeStyle.BODY_SMALL,
            color=ft.Colors.ON_SURFACE_VARIANT)) if item.linked_to_promise else None
        self.tile = ft.ListTile(
            leading=self.checkbox,
            title=ft.Semantics(exclude_semantics=True, content=ft.Text(
                item.item.label, theme_style=ft.TextThemeStyle.BODY_LARGE)),
            subtitle=subtitle,
            toggle_inputs=editable and not item.linked_to_promise,
            content_padding=ft.Padding.only(left=0, right=4),
            min_height=48,
            horizontal_spacing=8,
        )
        self.note_field: ft.TextField | None = None
        self.note_box: ft.Control | None = None
        if item.takes_note:
            self.note_box = self._note_box(record, editable, done)

    def _note_box(self, record: DayRecord, editable: bool, done: bool) -> ft.Control:
        note = record.note(self.item.id)
        if not editable:
            return ft.Container(
                ft.Text(note, italic=True), visible=bool(note),
                padding=ft.Padding.only(left=48, bottom=8))
        self.note_field = ft.TextField(scroll_padding=FIELD_SCROLL_PADDING,
                                       error_max_lines=3,
            label=self.item.item.note_label, value=note, multiline=True, min_lines=1,
            max_lines=4, expand=True, on_blur=self.save_note, on_submit=self.save_note,
            helper=f"Up to {NOTE_LIMIT} characters.", helper_max_lines=2,
        )
        return ft.Row(
            [ft.Container(width=32), self.note_field,
             icon_action(Icons.CHECK, f"Save: {self.item.item.note_label}", self.save_note)],
            vertical_alignment=ft.CrossAxisAlignment.START, visible=done or bool(note))

    def controls(self) -> list[ft.Control]:
        # One stop for a screen reader: the row and its checkbox merge into one checkbox
        # node, the size of the row (the title's text is the checkbox's own label).
        row = ft.MergeSemantics(content=self.tile)
        return [row] + ([self.note_box] if self.note_box is not None else [])

    # -- handlers ------------------------------------------------------------------------
    def toggled(self, e: ft.Event | None = None) -> None:
        own_updates()
        value = bool(self.checkbox.value)
        if self.owner.editor.change(lambda record: set_item(record, self.item, value)):
            if self.note_box is not None and value and not self.note_box.visible:
                self.note_box.visible = True
                refresh(self.note_box)
            return
        self.checkbox.value = not value  # not saved: show the truth again
        refresh(self.checkbox)

    def save_note(self, e: ft.Event | None = None) -> None:
        own_updates()
        field = self.note_field
        if field is None:
            return
        text = field.value or ""
        if text.strip() == self.owner.editor.record.note(self.item.id) and not field.error:
            return
        try:
            saved = self.owner.editor.change(
                lambda record: set_item_note(record, self.item, text))
        except EntryError as error:
            field.error = str(error)
            refresh(field)
            return
        if saved:
            field.error = None
            field.helper = "Saved."
            refresh(field)

    # -- outside changes -----------------------------------------------------------------
    def show(self, record: DayRecord) -> None:
        done = item_done(record, self.item)
        if self.checkbox.value != done:
            self.checkbox.value = done
            refresh(self.checkbox)


class DayChecklist:
    """The checklist card body for one day."""

    def __init__(self, editor: DayEditor, items: Sequence[ActiveItem], program: Program,
                 nav: Navigator, *, today: bool = True) -> None:
        self.editor = editor
        self.items = tuple(items)
        self.program = program
        self.nav = nav
        self.today = today
        self.rows = [ItemRow(self, item, editor.record) for item in self.items]
        self.summary = ft.Text(self._summary_text(editor.record),
                               theme_style=ft.TextThemeStyle.LABEL_LARGE,
                               color=ft.Colors.ON_SURFACE_VARIANT)
        editor.listen(self.record_changed)

    def row(self, item_id: str) -> ItemRow:
        for row in self.rows:
            if row.item.id == item_id:
                return row
        raise KeyError(item_id)

    def _summary_text(self, record: DayRecord) -> str:
        return f"{done_count(record, self.items)} of {len(self.items)} done" + (
            " today" if self.today else "")

    def record_changed(self, record: DayRecord) -> None:
        text = self._summary_text(record)
        if self.summary.value != text:
            self.summary.value = text
            refresh(self.summary)
        for row in self.rows:
            row.show(record)

    def controls(self) -> list[ft.Control]:
        controls: list[ft.Control] = [self.summary]
        phase_shown = None
        for row in self.rows:
            if row.item.phase != phase_shown:
                phase_shown = row.item.phase
                controls.append(self._phase_header(phase_shown))
            controls.extend(row.controls())
        return controls

    def _phase_header(self, number: int) -> ft.Control:
        phase = self.program.phase(number)
        return ft.Row(
            [ft.Text(f"Phase {number}: {phase.name}", theme_style=ft.TextThemeStyle.TITLE_SMALL,
                     color=ft.Colors.PRIMARY, weight=ft.FontWeight.W_600, expand=True),
             icon_action(Icons.MENU_BOOK_OUTLINED, f"Read phase {number}",
                         lambda _e, n=number: self.nav.go(f"/phases/{n}"))],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )
