"""The assets folder for web mode: the app's assets plus offline fallback fonts.

Flutter's web engine fetches fonts for emoji and for scripts its default font lacks
(Hebrew, Arabic, …) from ``<fontFallbackBaseUrl>/<family>/<version>/<file>.woff2``;
Flet's ``no_cdn`` points that at ``assets/fonts/`` on our own server. We lay out the
bundled fonts (``repair_app/ui/web_fonts``) under exactly those names, in a cache folder,
using hard links so the large emoji font is stored once. The names belong to the
flet-web 1.0.5 engine; ``tests/unit/test_web_assets.py`` fails if an upgrade changes them.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

from repair_app import __version__

FONTS_DIR = Path(__file__).with_name("ui") / "web_fonts"
EMOJI_PARTS = 12  # the engine splits Noto Color Emoji into 12 requests; one full font serves all

FALLBACK_FONTS: dict[str, str] = {
    **{f"notocoloremoji/v32/Yq6P-KqIXTD0t4D9z1ESnKM3-HpFabsE4tq3luCC7p-aXxcn.{n}.woff2":
       "NotoColorEmoji.woff2" for n in range(EMOJI_PARTS)},
    "notosanshebrew/v46/or3HQ7v33eiDljA1IufXTtVf7V6RvEEdhQlk0LlGxCyaeNKYZC0sqk3xXGiXd4qtpyJltutR2g"
    ".woff2": "NotoSansHebrew.woff2",
    "notosansarabic/v28/nwpxtLGrOAZMl5nJ_wfgRg3DrWFZWsnVBJ_sS6tlqHHFlhQ5l3sQWIHPqzCfyGyvvnCBFQLaig"
    ".woff2": "NotoSansArabic.woff2",
}


def assets_fingerprint(app_assets: Path) -> str:
    """Changes whenever a file in the app's assets is added, removed or resized."""
    digest = hashlib.sha256()
    if app_assets.is_dir():
        for path in sorted(p for p in app_assets.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(app_assets).as_posix()}:{path.stat().st_size}\n"
                          .encode())
    return digest.hexdigest()[:12]


def prepare_web_assets(app_assets: Path, cache_dir: Path) -> Path:
    """Build (once per app version) and return the assets folder to serve in web mode.

    Falls back to ``app_assets`` alone if anything goes wrong: missing fonts only mean
    empty boxes for emoji, never a failed start.
    """
    target = cache_dir / f"web-assets-{__version__}-{assets_fingerprint(app_assets)}"
    marker = target / ".complete"
    if marker.exists():
        return target
    try:
        building = cache_dir / f".web-assets-{os.getpid()}"
        shutil.rmtree(building, ignore_errors=True)
        if app_assets.is_dir():
            shutil.copytree(app_assets, building)
        store = building / "fonts-store"
        store.mkdir(parents=True, exist_ok=True)
        for name in set(FALLBACK_FONTS.values()):
            shutil.copyfile(FONTS_DIR / name, store / name)
        for relative, name in FALLBACK_FONTS.items():
            path = building / "assets" / "fonts" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(store / name, path)
            except OSError:
                shutil.copyfile(store / name, path)
        (building / ".complete").write_text(__version__)
        shutil.rmtree(target, ignore_errors=True)
        os.replace(building, target)
    except OSError:
        return app_assets
    return target
