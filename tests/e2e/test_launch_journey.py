"""Every way to start Repair serves the page it prints, and only to its owner.

Each start is a real `repair-app` process, as a person would run it, loaded in Chromium:
with a desktop's DISPLAY, with DISPLAY empty, on a headless server, and through the
fallback when the desktop window can't start (a client that can't be downloaded, and one
that exits at once). Without the owner's link, the page is refused and no session starts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import PHONE, open_app, reload, screenshot, start_app
from .test_foundation_journey import complete_welcome


def welcome_then_reload(browser, server, shot: str | None = None) -> None:
    page = open_app(browser, server.url, viewport=PHONE)
    assert page.title() == "Repair"
    assert "key=" not in page.url  # the key became a cookie and left the address bar
    complete_welcome(page)
    if shot:
        screenshot(page, shot)
    reload(page)  # the cookie keeps the owner in
    page.get_by_text(re.compile(r"Week 1 · day 1")).wait_for(timeout=30_000)
    page.context.close()


@pytest.mark.parametrize("display", [":0", "", None], ids=["display", "empty", "headless"])
def test_web_serves_the_page_with_or_without_a_display(browser, tmp_path: Path, display):
    server = start_app(tmp_path / "data", tmp_path / "app.log", display=display)
    try:
        welcome_then_reload(browser, server)
    finally:
        server.stop()


def failing_client(folder: Path) -> Path:
    """A desktop client that can't start (as with a missing system library)."""
    folder.mkdir()
    client = folder / "flet"
    client.write_text("#!/bin/sh\necho 'flet: cannot open display' >&2\nexit 1\n")
    client.chmod(0o755)
    return folder


@pytest.mark.parametrize("failure", ["client exits", "no download"])
def test_a_window_that_cannot_start_falls_back_to_the_page(browser, tmp_path: Path, failure):
    if failure == "client exits":
        env = {"FLET_VIEW_PATH": str(failing_client(tmp_path / "client"))}
    else:  # no client cached (a fresh home) and its download refused at once
        env = {"HOME": str(tmp_path / "home"), "FLET_CLIENT_URL": "http://127.0.0.1:9/none"}
    server = start_app(tmp_path / "data", tmp_path / "app.log", env, web=False)
    try:
        log = server.log()
        assert "Couldn't open Repair's desktop window" in log
        assert "in your browser instead" in log
        welcome_then_reload(browser, server)
    finally:
        server.stop()


def test_without_the_owners_link_nothing_opens(browser, app_server, tmp_path: Path):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        "http://127.0.0.1") else route.abort())
    response = page.goto(app_server.url + "today")
    assert response is not None and response.status == 403
    page.get_by_text("Repair is private").wait_for(timeout=10_000)
    screenshot(page, "launch-refused-phone-light")
    assert page.get_by_role("button").count() == 0

    # a script on the refused page tries Flet's websocket directly: closed, never opened
    outcome = page.evaluate("""url => new Promise(resolve => {
        const socket = new WebSocket(url);
        socket.onopen = () => resolve('opened');
        socket.onclose = () => resolve('closed');
        setTimeout(() => resolve('timeout'), 10000);
    })""", app_server.url.replace("http://", "ws://") + "ws")
    # refused before the handshake, so Flet never made a session (tests/app/test_web_server.py
    # shows the gate never calls the app for it)
    assert outcome == "closed"
    context.close()

    # the owner, in their own browser, opens it and keeps it open across a reload
    welcome_then_reload(browser, app_server, shot="launch-owner-phone-light")

