"""Updating just the controls that changed.

A handler that calls ``control.update()`` sends only that control's changes to the
client (and Flet then skips its whole-page auto-update). Controls built in a test have
no page, where ``update()`` would raise; :func:`refresh` skips those.
"""

from __future__ import annotations

import flet as ft


def is_mounted(control: ft.BaseControl) -> bool:
    try:
        return control.page is not None
    except RuntimeError:  # not on a page (yet, or any more)
        return False


def refresh(*controls: ft.BaseControl | None) -> None:
    """``update()`` each control that is on a page; do nothing for the others."""
    for control in controls:
        if control is not None and is_mounted(control):
            control.update()


def own_updates() -> None:
    """Call first in a handler that updates what it changed itself: Flet then skips its
    automatic update of the whole view after the handler (a diff of every control)."""
    ft.context.disable_auto_update()
