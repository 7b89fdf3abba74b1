"""How `repair-app` starts, as a pure function of platform, display and flags."""

from __future__ import annotations

import pytest

from repair_app.core.launch import LaunchMode, has_display, plan_launch

WITH_X = {"DISPLAY": ":0"}
WITH_WAYLAND = {"WAYLAND_DISPLAY": "wayland-0"}
EMPTY_DISPLAY = {"DISPLAY": ""}
HEADLESS: dict[str, str] = {}


@pytest.mark.parametrize(("platform", "environ", "expected"), [
    ("linux", WITH_X, True),
    ("linux", WITH_WAYLAND, True),
    ("linux", EMPTY_DISPLAY, False),
    ("linux", HEADLESS, False),
    ("freebsd14", WITH_X, True),
    ("freebsd14", HEADLESS, False),
    ("darwin", HEADLESS, True),
    ("win32", HEADLESS, True),
])
def test_display(platform, environ, expected) -> None:
    assert has_display(platform, environ) is expected


@pytest.mark.parametrize("platform,environ", [
    ("linux", WITH_X), ("linux", WITH_WAYLAND), ("darwin", HEADLESS), ("win32", HEADLESS)])
def test_a_desktop_opens_a_window(platform, environ) -> None:
    plan = plan_launch(platform=platform, environ=environ, web=False, no_browser=False)
    assert plan.mode is LaunchMode.WINDOW


@pytest.mark.parametrize("platform,environ", [
    ("linux", WITH_X), ("linux", EMPTY_DISPLAY), ("linux", HEADLESS), ("darwin", HEADLESS),
    ("win32", HEADLESS)])
def test_web_flag_always_serves_the_web_app(platform, environ) -> None:
    plan = plan_launch(platform=platform, environ=environ, web=True, no_browser=False)
    assert plan.mode is LaunchMode.WEB


@pytest.mark.parametrize("environ", [EMPTY_DISPLAY, HEADLESS])
def test_headless_linux_serves_and_never_opens_a_browser(environ) -> None:
    for web in (False, True):
        plan = plan_launch(platform="linux", environ=environ, web=web, no_browser=False)
        assert plan.mode is LaunchMode.WEB and plan.open_browser is False


@pytest.mark.parametrize("platform,environ", [
    ("linux", WITH_X), ("darwin", HEADLESS), ("win32", HEADLESS)])
def test_web_on_a_desktop_opens_the_browser_unless_told_not_to(platform, environ) -> None:
    assert plan_launch(platform=platform, environ=environ, web=True,
                       no_browser=False).open_browser is True
    assert plan_launch(platform=platform, environ=environ, web=True,
                       no_browser=True).open_browser is False


@pytest.mark.parametrize("no_browser", [False, True])
def test_a_window_that_fails_falls_back_to_the_browser(no_browser) -> None:
    plan = plan_launch(platform="linux", environ=WITH_X, web=False, no_browser=no_browser)
    fallback = plan.fallback()
    assert fallback.mode is LaunchMode.WEB
    assert fallback.open_browser is (not no_browser)
    assert "could not start" in fallback.reason
