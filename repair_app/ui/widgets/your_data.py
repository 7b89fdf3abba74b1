"""Settings > Your data: export everything, import an export, delete everything."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import flet as ft

from repair_app.context import AppContext
from repair_app.core.export_format import (
    DELETE_CONFIRMATION,
    ExportBundle,
    ExportError,
    bundle_to_json,
    check_file_size,
    csv_zip_bytes,
    export_file_name,
    is_delete_confirmed,
    parse_bundle_bytes,
)
from repair_app.store import CURRENT_SCHEMA, IdentityCodec, StoreWriteError
from repair_app.store.data_transfer import (
    delete_all_data,
    export_bundle,
    import_bundle,
    read_safety_copy,
)
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import Navigator
from repair_app.ui.widgets.common import (
    FIELD_SCROLL_PADDING,
    card,
    heading,
    paragraph,
    update_if_mounted,
)
from repair_app.ui.widgets.live import own_updates, refresh

SHOW_FOLDER = "Show where it's kept"
HIDE_FOLDER = "Hide where it's kept"
CopyText = Callable[[str], Awaitable[None]]


async def copy_to_clipboard(text: str) -> None:
    await ft.Clipboard().set(text)


class YourDataSection:
    """Export and import buttons, and deletion behind a typed confirmation."""

    def __init__(self, ctx: AppContext, nav: Navigator,
                 copy_text: CopyText = copy_to_clipboard) -> None:
        self.ctx = ctx
        self.nav = nav
        self.copy_text = copy_text
        # The folder's path is for the few who need it: shown on request. The area stays on
        # the page, empty while hidden (a control made visible later isn't redrawn alone).
        self.folder_button = ft.TextButton(SHOW_FOLDER, icon=Icons.FOLDER_OUTLINED,
                                           height=48, on_click=self.toggle_folder)
        self.folder_area = ft.Column(spacing=4, tight=True)
        self.picker: ft.FilePicker | None = None
        self.pending_import: ExportBundle | None = None
        # Not selectable: Flutter turns selectable text into an unnamed text box.
        self.status = ft.Text("", visible=False)
        self.export_json_button = ft.OutlinedButton(
            "Export everything (JSON)", icon=Icons.DOWNLOAD, on_click=self.export_json,
            height=48)
        self.export_csv_button = ft.OutlinedButton(
            "Export for spreadsheets (CSV)", icon=Icons.TABLE_VIEW, on_click=self.export_csv,
            height=48)
        self.import_button = ft.OutlinedButton(
            "Import from a file", icon=Icons.UPLOAD_FILE, on_click=self.choose_import,
            height=48)
        self.import_summary = ft.Text("")
        self.confirm_import_button = ft.FilledButton(
            "Replace my data with this file", on_click=self.confirm_import, height=48)
        self.import_panel = ft.Container(
            visible=False,
            padding=12,
            border_radius=12,
            bgcolor=ft.Colors.SECONDARY_CONTAINER,
            content=ft.Column([
                self.import_summary,
                ft.Row([self.confirm_import_button,
                        ft.TextButton("Cancel import", on_click=self.cancel_import,
                                      height=48)], wrap=True),
            ]),
        )
        self.delete_button = ft.TextButton(
            "Delete all my data", icon=Icons.DELETE_FOREVER, on_click=self.ask_delete,
            style=ft.ButtonStyle(color=ft.Colors.ERROR), height=48)
        self.delete_field = ft.TextField(
            scroll_padding=FIELD_SCROLL_PADDING,
            label=f"Type {DELETE_CONFIRMATION} to confirm", on_change=self.delete_typed,
            max_length=20)
        self.confirm_delete_button = ft.FilledButton(
            "Delete everything now", disabled=True, on_click=self.confirm_delete,
            style=ft.ButtonStyle(bgcolor=ft.Colors.ERROR, color=ft.Colors.ON_ERROR), height=48)
        self.delete_panel = ft.Container(
            visible=False,
            padding=12,
            border_radius=12,
            border=ft.Border.all(1, ft.Colors.ERROR),
            content=ft.Column([
                paragraph("This removes everything Repair has kept: your promises, checklist, "
                          "notes, pauses and drafts, and all backups. It can't be undone. "
                          "Export first if you might want any of it."),
                self.delete_field,
                ft.Row([self.confirm_delete_button,
                        ft.TextButton("Keep my data", on_click=self.cancel_delete, height=48)],
                       wrap=True),
            ]),
        )

    # -- export ----------------------------------------------------------------------------
    def bundle(self) -> ExportBundle:
        return export_bundle(self.ctx.store, self.ctx.clock.now())

    async def export_json(self, _e: ft.Event | None = None) -> None:
        await self._save(bundle_to_json(self.bundle()), "json")

    async def export_csv(self, _e: ft.Event | None = None) -> None:
        await self._save(csv_zip_bytes(self.bundle()), "zip")

    async def _save(self, data: bytes, extension: str) -> None:
        name = export_file_name(self.ctx.clock.now(), extension)
        try:
            path = await self._picker().save_file(dialog_title="Save your Repair export",
                                                  file_name=name, src_bytes=data)
        except Exception as error:  # no file dialog on this platform
            self.say(f"Couldn't save the file here ({error}).")
            return
        if path and not self._is_web():
            # Desktop dialogs return a path and leave the writing to us.
            try:
                with open(path, "wb") as handle:
                    handle.write(data)
            except OSError as error:
                self.say(f"Couldn't write {path}: {error.strerror or error}.")
                return
        self.say(f"Your export was saved as {path or name}. It isn't encrypted: keep it "
                 "somewhere private.")

    # -- import ----------------------------------------------------------------------------
    async def choose_import(self, _e: ft.Event | None = None) -> None:
        files = await self._picker().pick_files(
            dialog_title="Choose a Repair export", file_type=ft.FilePickerFileType.CUSTOM,
            allowed_extensions=["json"], with_data=True)
        if not files:
            return
        chosen = files[0]
        try:
            check_file_size(chosen.size or 0)  # before reading a huge file into memory
        except ExportError as error:
            self.say(f"Nothing was imported. {error}")
            return
        raw = chosen.bytes
        if raw is None and chosen.path:
            try:
                with open(chosen.path, "rb") as handle:
                    raw = handle.read()
            except OSError as error:
                self.say(f"Couldn't read that file: {error.strerror or error}.")
                return
        self.offer_import(raw or b"")

    def offer_import(self, raw: bytes) -> None:
        """Check a file and, if it is a good export, ask before replacing anything."""
        try:
            bundle = parse_bundle_bytes(read_safety_copy(self.ctx.store, raw),
                                        current_schema=CURRENT_SCHEMA)
        except ExportError as error:
            self.pending_import = None
            self.import_panel.visible = False
            self.say(f"Nothing was imported. {error}")
            return
        self.pending_import = bundle
        count = bundle.record_count()
        self.import_summary.value = (
            f"This file holds {count} record{'s' if count != 1 else ''}, exported "
            f"{bundle.exported_at[:16].replace('T', ' at ')}. Importing replaces everything "
            "in Repair now; a copy of your current data is saved first.")
        self.import_panel.visible = True
        self.status.visible = False
        update_if_mounted(self.import_panel, self.status)

    def confirm_import(self, _e: ft.Event | None = None) -> None:
        if self.pending_import is None:
            return
        try:
            copy = import_bundle(self.ctx.store, self.pending_import, self.ctx.clock.now())
        except StoreWriteError as error:
            self.say(str(error))
            return
        self.pending_import = None
        settings = self.ctx.reload_settings()
        self.nav.apply_theme(settings.theme)
        sealed = not isinstance(self.ctx.store.codec, IdentityCodec)
        self.nav.show_message(
            f"Imported. Your previous data was kept in {copy}"
            + (" (encrypted like your journal; import it here to go back)." if sealed else "."))
        self.nav.go("/today")

    def cancel_import(self, _e: ft.Event | None = None) -> None:
        self.pending_import = None
        self.import_panel.visible = False
        update_if_mounted(self.import_panel)

    # -- delete ----------------------------------------------------------------------------
    def ask_delete(self, _e: ft.Event | None = None) -> None:
        self.delete_panel.visible = True
        self.delete_field.value = ""
        self.confirm_delete_button.disabled = True
        update_if_mounted(self.delete_panel)

    def delete_typed(self, _e: ft.Event | None = None) -> None:
        self.confirm_delete_button.disabled = not is_delete_confirmed(self.delete_field.value or "")
        update_if_mounted(self.confirm_delete_button)

    def cancel_delete(self, _e: ft.Event | None = None) -> None:
        self.delete_panel.visible = False
        update_if_mounted(self.delete_panel)

    def confirm_delete(self, _e: ft.Event | None = None) -> None:
        if not is_delete_confirmed(self.delete_field.value or ""):
            return
        try:
            delete_all_data(self.ctx.store)
        except OSError as error:
            self.say(f"Couldn't delete everything: {error.strerror or error}.")
            return
        settings = self.ctx.reload_settings()
        self.nav.apply_theme(settings.theme)
        self.nav.show_message("All your data was deleted.")
        self.nav.go("/welcome")

    # -- drawing ---------------------------------------------------------------------------
    def say(self, text: str) -> None:
        """Tell the user what happened: inline under the buttons, and in a snack bar in
        case the section is scrolled out of view."""
        self.status.value = text
        self.status.visible = True
        update_if_mounted(self.status)
        self.nav.show_message(text)

    def _picker(self) -> ft.FilePicker:
        if self.picker is None:
            self.picker = ft.FilePicker()
        return self.picker

    def _is_web(self) -> bool:
        try:
            return bool(self.status.page.web)
        except RuntimeError:
            return False

    @property
    def showing_folder(self) -> bool:
        return bool(self.folder_area.controls)

    def toggle_folder(self, _e: ft.Event | None = None) -> None:
        own_updates()
        showing = not self.showing_folder
        self.folder_area.controls = [
            # Selectable text is an unnamed text box to a screen reader: name it.
            ft.Semantics(label=f"Data folder: {self.ctx.data_dir}", exclude_semantics=True,
                         content=ft.Text(str(self.ctx.data_dir), selectable=True,
                                         theme_style=ft.TextThemeStyle.BODY_SMALL)),
            ft.Row([ft.TextButton("Copy the folder's location", icon=Icons.COPY,
                                  height=48, on_click=self.copy_folder)]),
        ] if showing else []
        self.folder_button.content = HIDE_FOLDER if showing else SHOW_FOLDER
        refresh(self.folder_area, self.folder_button)

    async def copy_folder(self, _e: ft.Event | None = None) -> None:
        try:
            await self.copy_text(str(self.ctx.data_dir))
        except Exception:  # noqa: BLE001 - any clipboard failure: the path stays on screen
            self.nav.show_message("Couldn't copy it. You can select the text above instead.")
            return
        self.nav.show_message("Copied the folder's location.")

    def build(self) -> ft.Control:
        return card([
            heading("Your data", level=2),
            paragraph("Everything stays on this device, in a folder only Repair uses. A "
                      "backup is kept for each of the last seven days.", muted=True),
            ft.Column([ft.Row([self.folder_button]), self.folder_area], spacing=4, tight=True),
            ft.Row([self.export_json_button, self.export_csv_button, self.import_button],
                   wrap=True),
            self.import_panel,
            self.status,
            ft.Row([self.delete_button]),
            self.delete_panel,
        ])
