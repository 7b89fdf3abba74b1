"""Settings > Your data in a real browser: export, delete everything, import it back."""

from __future__ import annotations

import json
import re

from .conftest import DESKTOP, field_value, open_app, reload, screenshot, tap, type_into
from .test_foundation_journey import complete_welcome


def test_export_delete_import_brings_the_data_back(browser, app_server, tmp_path):
    page = open_app(browser, app_server.url, viewport=DESKTOP)
    complete_welcome(page, code_word="🍵 שלום tea")
    page.goto(app_server.url + "settings")
    reload(page)

    with page.expect_download(timeout=30_000) as download_info:
        tap(page, page.get_by_role("button", name="Export everything (JSON)"))
    export_path = tmp_path / "export.json"
    download_info.value.save_as(export_path)
    exported = json.loads(export_path.read_text(encoding="utf-8"))
    assert exported["format"] == "repair-export"
    assert exported["main"]["settings"]["1"]["code_word"] == "🍵 שלום tea"

    tap(page, page.get_by_role("button", name="Delete all my data"))
    type_into(page, "Type DELETE to confirm", "DELETE")
    screenshot(page, "your-data-delete-desktop-light")
    tap(page, page.get_by_role("button", name="Delete everything now"))
    page.get_by_text("Three things before we start").wait_for(timeout=30_000)
    assert "welcome" in page.url
    complete_welcome(page, code_word="fresh")

    page.goto(app_server.url + "settings")
    reload(page)
    with page.expect_file_chooser(timeout=30_000) as chooser_info:
        tap(page, page.get_by_role("button", name="Import from a file"))
    chooser_info.value.set_files(str(export_path))
    page.get_by_text(re.compile("This file holds")).wait_for(timeout=30_000)
    screenshot(page, "your-data-import-desktop-light")
    tap(page, page.get_by_role("button", name="Replace my data with this file"))
    page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)

    page.goto(app_server.url + "settings")
    reload(page)
    assert field_value(page, "Code word for a pause") == "🍵 שלום tea"
    settings = json.loads((app_server.data_dir / "main.json").read_text(encoding="utf-8"))
    assert settings["settings"]["1"]["theme"] == "system"  # no stray tap changed the theme
    page.context.close()


def test_a_damaged_file_is_refused_on_screen(browser, app_server, tmp_path):
    page = open_app(browser, app_server.url, viewport=DESKTOP, dark=True)
    complete_welcome(page)
    page.goto(app_server.url + "settings")
    reload(page)
    damaged = tmp_path / "damaged.json"
    damaged.write_text('{"format": "repair-export", "schema": 2, "exported_at": "2026-11-2')
    with page.expect_file_chooser(timeout=30_000) as chooser_info:
        tap(page, page.get_by_role("button", name="Import from a file"))
    chooser_info.value.set_files(str(damaged))
    page.get_by_text(re.compile("Nothing was imported")).wait_for(timeout=30_000)
    screenshot(page, "your-data-refused-desktop-dark")
    assert field_value(page, "Code word for a pause") == "time out"
    page.context.close()
