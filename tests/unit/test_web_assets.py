"""The offline fallback fonts for web mode are laid out under the names the engine asks for."""

from __future__ import annotations

import re
from pathlib import Path

import flet_web

from repair_app.web_assets import FALLBACK_FONTS, FONTS_DIR, prepare_web_assets


def test_the_engine_still_asks_for_these_font_files():
    engine = (Path(flet_web.__file__).parent / "web" / "main.dart.js").read_text(errors="ignore")
    for relative in FALLBACK_FONTS:
        family, version, file_name = relative.split("/")
        stem = re.sub(r"\.\d+\.woff2$", "", file_name).removesuffix(".woff2")
        assert f"{family}/{version}/{stem}" in engine, f"flet-web no longer uses {relative}"


def test_prepared_folder_holds_app_assets_and_every_font(tmp_path):
    app_assets = tmp_path / "assets"
    app_assets.mkdir()
    (app_assets / "icon.png").write_bytes(b"png")
    served = prepare_web_assets(app_assets, tmp_path / "cache")
    assert (served / "icon.png").read_bytes() == b"png"
    for relative, name in FALLBACK_FONTS.items():
        served_font = served / "assets" / "fonts" / relative
        assert served_font.read_bytes()[:4] == b"wOF2"
        assert served_font.stat().st_size == (FONTS_DIR / name).stat().st_size
    assert prepare_web_assets(app_assets, tmp_path / "cache") == served  # built once


def test_a_cache_that_cannot_be_written_falls_back_to_the_app_assets(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder should be")
    assert prepare_web_assets(tmp_path / "assets", blocked) == tmp_path / "assets"
