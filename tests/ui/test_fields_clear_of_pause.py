"""A text field taking focus is scrolled clear of the Pause button floating over the
screen: Flutter's default 20 px left the field's end (a passcode's "Show passcode" eye, on
a 320 px phone) under the button. The browser check is tests/e2e/test_calm_words_journey."""

from __future__ import annotations

import ast
from pathlib import Path

from repair_app.ui.widgets.common import FIELD_SCROLL_PADDING, PAUSE_CLEARANCE

UI = Path(__file__).resolve().parents[2] / "repair_app" / "ui"


def text_field_calls() -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "TextField"):
                found.append((f"{path.relative_to(UI)}:{node.lineno}", node))
    return found


def test_every_text_field_scrolls_clear_of_the_pause_button():
    calls = text_field_calls()
    assert len(calls) >= 15  # the walk finds the app's fields
    missing = [where for where, call in calls
               if not any(k.arg == "scroll_padding" for k in call.keywords)]
    assert not missing, f"text fields that can stop under the Pause button: {missing}"
    assert FIELD_SCROLL_PADDING.bottom == PAUSE_CLEARANCE >= 16 + 56 + 8

