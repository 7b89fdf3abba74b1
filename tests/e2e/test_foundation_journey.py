"""First run in a real browser: welcome -> Today, every phase, reload keeps settings,
the shell adapts between phone and desktop, and screenshots in light and dark."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .conftest import (
    DESKTOP,
    PHONE,
    field_value,
    go_to_destination,
    open_app,
    reload,
    screenshot,
    tap,
    type_into,
)

# The README's screenshots: refreshed by these journeys when REPAIR_README_IMAGES=1
# (a plain test run leaves the work tree as it found it; the shots are always in
# test-output/screenshots).
README_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"


def keep_for_readme(shot: Path, name: str) -> None:
    if os.environ.get("REPAIR_README_IMAGES") != "1":
        return
    README_IMAGES.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, README_IMAGES / name)


def complete_welcome(page, code_word: str = "time out") -> None:
    page.get_by_text("Three things before we start").wait_for(timeout=30_000)
    type_into(page, "Code word for a pause", code_word)
    tap(page, page.get_by_role("button", name="Start my program"))
    page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)


def test_welcome_then_today_then_every_phase(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    screenshot(page, "welcome-phone-light")
    complete_welcome(page)
    assert page.url.endswith("/today")
    page.mouse.move(1, 1)  # off the tab bar: no hover tooltip in the README's picture
    keep_for_readme(screenshot(page, "today-phone-light"), "today-phone.png")

    go_to_destination(page, "Phases")
    page.get_by_text("The four phases").wait_for()
    for number in (1, 2, 3, 4):
        tap(page, page.get_by_role("button", name=re.compile(f"Phase {number}: ")).first)
        page.get_by_text(re.compile(f"^Phase {number}: ")).first.wait_for(timeout=15_000)
        assert page.url.endswith(f"/phases/{number}")
        if number == 1:
            screenshot(page, "phase1-phone-light")
        page.go_back()
        page.get_by_text("The four phases").wait_for()

    # reload: settings are kept, the welcome is not shown again
    page.goto(app_server.url + "settings")
    reload(page)
    assert field_value(page, "Code word for a pause") == "time out"
    assert "welcome" not in page.url
    screenshot(page, "settings-phone-light")
    page.context.close()


@pytest.mark.parametrize(("viewport", "dark", "label"), [
    (DESKTOP, False, "desktop-light"), (DESKTOP, True, "desktop-dark"), (PHONE, True, "phone-dark"),
])
def test_screens_at_each_size_and_theme(browser, app_server, viewport, dark, label):
    page = open_app(browser, app_server.url, viewport=viewport, dark=dark)
    complete_welcome(page)
    today = screenshot(page, f"today-{label}")
    if label == "desktop-light":
        keep_for_readme(today, "today-desktop.png")
    for route, text in (("phases/1", "Phase 1: "), ("phases", "The four phases"),
                        ("progress", "Where you are"), ("phases/4", "Phase 4: ")):
        page.goto(app_server.url + route)
        reload(page)
        page.get_by_text(re.compile("^" + re.escape(text))).first.wait_for(timeout=30_000)
        screenshot(page, f"{route.replace('/', '')}-{label}")
    page.context.close()
