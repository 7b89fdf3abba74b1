"""Make the web app's icons (manifest, home screen, maskable) from assets/icon.png.

Run once after changing the icon: `python scripts/make_web_icons.py` (needs Pillow, which
is not a runtime dependency). Writes assets/icons/, which web mode serves in place of
Flet's own icons.
"""

from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "assets" / "icon.png"
TARGET = ROOT / "assets" / "icons"


def main() -> None:
    icon = Image.open(SOURCE).convert("RGBA")
    background = icon.getpixel((icon.width // 2, icon.height // 20))  # the green tile
    TARGET.mkdir(exist_ok=True)
    for size in (192, 512):
        icon.resize((size, size), Image.LANCZOS).save(TARGET / f"icon-{size}.png")
        # Maskable and Apple icons are cropped by the OS: fill the whole square, so the
        # rounded corners never show through as white.
        full = Image.new("RGBA", icon.size, background)
        full.alpha_composite(icon)
        full = full.resize((size, size), Image.LANCZOS)
        full.save(TARGET / f"icon-maskable-{size}.png")
        if size == 192:
            full.convert("RGB").save(TARGET / "apple-touch-icon-192.png")


if __name__ == "__main__":
    main()
