"""Issue 14 (memory): Repair's icons are made from their codes, so Flet's table of every
Material icon name (8,825 names, 1.8 MB of the server's memory) is never loaded (checked
in a fresh interpreter by tests/app/test_startup.py)."""

from __future__ import annotations

import re
from pathlib import Path

import flet as ft

from repair_app.ui.icons import Icons

ROOT = Path(__file__).resolve().parents[2]


def test_every_icon_is_the_one_flet_names_so():
    names = [name for name in vars(Icons) if name.isupper()]
    assert len(names) > 50
    for name in names:
        ours, flets = getattr(Icons, name), getattr(ft.Icons, name)
        assert int(ours) == int(flets), name  # an upgrade that renumbers fails here
        assert type(ours) is type(flets), name


def test_the_app_names_its_icons_only_through_this_module():
    used: set[str] = set()
    for path in (ROOT / "repair_app").rglob("*.py"):
        if path.name == "icons.py" and path.parent.name == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\bft\.Icons\b|\bfrom flet import Icons\b", text), path
        used |= set(re.findall(r"\bIcons\.([A-Z0-9_]+)", text))
    assert used <= set(vars(Icons)), used - set(vars(Icons))
