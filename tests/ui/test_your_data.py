"""Settings > Your data, on the control tree: import checks, typed delete confirmation."""

from __future__ import annotations

import flet as ft

from repair_app.core.export_format import bundle_to_json
from repair_app.store import DocumentRepository
from repair_app.ui.widgets.your_data import YourDataSection

from .helpers import all_text, change, click, find_all, run_async


def test_a_damaged_file_is_refused_and_nothing_is_offered(onboarded_ctx, nav):
    section = YourDataSection(onboarded_ctx, nav)
    section.build()
    section.offer_import(b'{"format": "repair-export", "sche')
    assert not section.import_panel.visible
    assert section.status.visible
    assert section.status.value.startswith("Nothing was imported. This file is damaged")
    assert onboarded_ctx.reload_settings().onboarded


def test_a_good_file_is_offered_then_replaces_everything(onboarded_ctx, nav):
    section = YourDataSection(onboarded_ctx, nav)
    section.build()
    raw = bundle_to_json(section.bundle())
    onboarded_ctx.save_settings(onboarded_ctx.settings.with_changes(code_word="changed"))
    DocumentRepository(onboarded_ctx.store, "journal").save({"text": "later"})

    section.offer_import(raw)
    assert section.import_panel.visible
    assert "record" in section.import_summary.value
    click(section.confirm_import_button)

    assert onboarded_ctx.settings.code_word == "pause"
    assert DocumentRepository(onboarded_ctx.store, "journal").load() is None
    assert nav.routes == ["/today"]
    assert nav.messages[-1].startswith("Imported. Your previous data was kept in")


def test_cancel_import_changes_nothing(onboarded_ctx, nav):
    section = YourDataSection(onboarded_ctx, nav)
    section.build()
    raw = bundle_to_json(section.bundle())
    onboarded_ctx.save_settings(onboarded_ctx.settings.with_changes(code_word="changed"))
    section.offer_import(raw)
    section.cancel_import()
    assert not section.import_panel.visible
    assert onboarded_ctx.reload_settings().code_word == "changed"


def test_delete_needs_the_typed_word(onboarded_ctx, nav):
    section = YourDataSection(onboarded_ctx, nav)
    tree = section.build()
    assert not section.delete_panel.visible
    click(section.delete_button)
    assert section.delete_panel.visible
    assert "can't be undone" in all_text(tree)
    assert section.confirm_delete_button.disabled
    change(section.delete_field, "delete")
    assert section.confirm_delete_button.disabled
    change(section.delete_field, "DELETE")
    assert not section.confirm_delete_button.disabled
    click(section.confirm_delete_button)
    assert not onboarded_ctx.settings.onboarded
    assert nav.routes == ["/welcome"]
    assert nav.messages == ["All your data was deleted."]


def test_every_button_in_the_section_has_words(onboarded_ctx, nav):
    section = YourDataSection(onboarded_ctx, nav)
    section.build()
    for button in (section.export_json_button, section.export_csv_button,
                   section.import_button, section.delete_button):
        assert isinstance(button.content, str) and button.content
        assert button.height >= 48
    assert isinstance(section.delete_field, ft.TextField) and section.delete_field.label


def test_the_folder_path_is_shown_only_on_request_and_can_be_copied(onboarded_ctx, nav):
    copied: list[str] = []

    async def copy(text: str) -> None:
        copied.append(text)

    section = YourDataSection(onboarded_ctx, nav, copy_text=copy)
    card = section.build()
    path = str(onboarded_ctx.data_dir)
    assert path not in all_text(card)  # no raw folder path until asked for
    assert section.folder_button.content == "Show where it's kept"
    click(section.folder_button)
    assert path in all_text(card)
    named = [s for s in find_all(card, ft.Semantics) if s.label == f"Data folder: {path}"]
    assert len(named) == 1 and named[0].exclude_semantics  # one named stop, not a text box
    copy_button = next(b for b in find_all(card, ft.TextButton)
                       if b.content == "Copy the folder's location")
    assert copy_button.height >= 48
    run_async(copy_button.on_click(ft.Event(name="click", control=copy_button)))
    assert copied == [path]
    assert nav.messages == ["Copied the folder's location."]
    assert section.folder_button.content == "Hide where it's kept"
    click(section.folder_button)
    assert path not in all_text(card)


def test_a_failed_copy_says_so_and_leaves_the_path_on_screen(onboarded_ctx, nav):
    async def broken(_text: str) -> None:
        raise RuntimeError("no clipboard")

    section = YourDataSection(onboarded_ctx, nav, copy_text=broken)
    card = section.build()
    click(section.folder_button)
    copy_button = next(b for b in find_all(card, ft.TextButton)
                       if b.content == "Copy the folder's location")
    run_async(copy_button.on_click(ft.Event(name="click", control=copy_button)))
    assert nav.messages == ["Couldn't copy it. You can select the text above instead."]
    assert str(onboarded_ctx.data_dir) in all_text(card)
