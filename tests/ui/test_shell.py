"""The shell against a stand-in page: routes to views, redirects, notices, a failing screen."""

from __future__ import annotations

import flet as ft
import pytest

from repair_app.ui.shell import Shell

from .fake_page import FakePage
from .helpers import all_text


def test_phase_route_stacks_on_the_list_for_back_navigation(onboarded_ctx):
    page = FakePage(route="/phases/2")
    shell = Shell(page, onboarded_ctx)
    shell.render("/phases/2")
    assert [view.route for view in page.views] == ["/phases", "/phases/2"]
    assert "Phase 2: " in all_text(page.views[-1].controls)


def test_unknown_routes_are_redirected(onboarded_ctx):
    page = FakePage()
    Shell(page, onboarded_ctx).render("/nowhere")
    assert [args for _handler, args in page.tasks] == [("/today",)] and page.views == []


@pytest.mark.parametrize(("context_fixture", "title"),
                         [("onboarded_ctx", "Today"), ("ctx", None)])
def test_the_entry_address_shows_home_where_it_stands(request, context_fixture, title):
    """Issue 14: "/" is home's own address (Today; the welcome before the program starts).
    Sending the browser on from it cost a round trip after the first screen and two more
    frames of the whole screen before its first tap could be taken."""
    page = FakePage(route="/today")
    shell = Shell(page, request.getfixturevalue(context_fixture))
    page.route = "/"
    shell.render("/")
    assert page.tasks == []
    assert title is None or page.views[0].appbar.title.value == title
    assert shell.current.name == ("today" if title else "welcome")


@pytest.mark.parametrize(("context_fixture", "target"),
                         [("onboarded_ctx", "/today"), ("ctx", "/welcome")])
def test_at_start_the_redirected_screen_is_drawn_at_once_and_its_echo_is_not_rebuilt(
        request, context_fixture, target):
    """Issue 14: an old or mistyped link is sent on to the screen it resolves to, and that
    screen is in the very first update, instead of after the browser's round trip and a
    page transition. The browser's echo of the redirect doesn't build it twice; a later
    visit to the same route does."""
    page = FakePage(route="/nowhere?from=bookmark")
    Shell(page, request.getfixturevalue(context_fixture)).start()
    assert (target,) in [args for _handler, args in page.tasks]
    assert [view.route for view in page.views] == [target]
    first = page.views[0]
    page.go_to(target)  # the browser's echo
    assert page.views[0] is first
    page.go_to(target)  # a real visit
    assert page.views[0] is not first and page.views[0].route == target


@pytest.mark.parametrize(("context_fixture", "target", "title"),
                         [("onboarded_ctx", "/today", "Today"), ("ctx", "/welcome", None)])
def test_the_first_screen_takes_the_place_of_the_page_flet_shows_while_starting(
        request, context_fixture, target, title):
    """Flet's client shows a page of its own, "/", until the first update, and keys its
    pages by route: a first screen under another route would come in as a new page, with
    the platform's 0.3 s slide or zoom. It comes under "/" instead, the address stays "/"
    (home's own), and the next screen shown has its own route."""
    page = FakePage(route="/?key=launch-key", views=[ft.View(route="/")])
    Shell(page, request.getfixturevalue(context_fixture)).start()
    assert page.tasks == []  # no navigation: nothing more to draw after the first update
    assert [view.route for view in page.views] == ["/"]
    assert title is None or page.views[0].appbar.title.value == title
    first = page.views[0]
    page.go_to("/")  # the client repeating the route it registered with
    assert page.views[0] is first
    page.go_to(target)  # a real visit
    assert [view.route for view in page.views] == [target]


def test_the_gate_and_the_shell_set_every_route_handler_before_the_first_update(
        onboarded_ctx):
    """An event handler assigned after the first update is one more update of the page,
    and Flet's client redraws the whole page for it. The gate's handler (a route change
    counts as activity) is set before the shell starts; the shell chains its own."""
    order = []
    page = FakePage(route="/today")
    page.on_route_change = lambda _e: order.append("gate")
    shell = Shell(page, onboarded_ctx)
    shell.render = lambda route, **_kw: order.append(("shell", route))
    shell.start()
    updates, handler = page.updates, page.on_route_change
    page.go_to("/progress")
    assert order[-2:] == ["gate", ("shell", "/progress")]
    assert page.updates == updates and page.on_route_change is handler


def test_a_first_screen_with_a_screen_above_it_keeps_its_routes(onboarded_ctx):
    page = FakePage(route="/phases/2", views=[ft.View(route="/")])
    Shell(page, onboarded_ctx).start()
    assert [view.route for view in page.views] == ["/phases", "/phases/2"]


def test_narrow_and_wide_navigation(onboarded_ctx):
    page = FakePage(width=390)
    shell = Shell(page, onboarded_ctx)
    shell.render("/today")
    assert isinstance(page.views[0].navigation_bar, ft.NavigationBar)
    shell.narrow = False
    shell.render("/today")
    assert page.views[0].navigation_bar is None
    assert isinstance(page.views[0].controls[0].controls[0], ft.NavigationRail)


def test_store_notices_found_later_are_shown_once(onboarded_ctx):
    page = FakePage()
    shell = Shell(page, onboarded_ctx)
    onboarded_ctx.store.notices.append("Your data file for March 2026 was damaged …")
    shell.render("/progress")
    shell.render("/today")
    shown = [d for d in page.dialogs if isinstance(d, ft.AlertDialog)]
    assert len(shown) == 1
    assert "March 2026" in shown[0].content.value


def test_a_screen_that_fails_shows_a_message_not_a_blank_page(onboarded_ctx, monkeypatch):
    from repair_app.ui import shell as shell_module

    class Broken:
        title = "Broken"

        def __init__(self, *_args):
            raise RuntimeError("boom")

    monkeypatch.setitem(shell_module.TOP_LEVEL_SCREENS, "/progress", Broken)
    page = FakePage()
    Shell(page, onboarded_ctx).render("/progress")
    text = all_text(page.views[0].controls)
    assert "This screen couldn't be shown" in text and "boom" in text


def test_a_window_follows_settings_another_window_saved(onboarded_ctx):
    """Issue 15 (7): the next screen a window draws uses the latest saved settings."""
    from repair_app.context import AppContext

    page = FakePage(route="/today")
    shell = Shell(page, onboarded_ctx)
    shell.render("/today")
    assert page.theme_mode == ft.ThemeMode.SYSTEM or page.theme_mode is None
    other = AppContext(store=onboarded_ctx.store, clock=onboarded_ctx.clock,
                       program=onboarded_ctx.program, data_dir=onboarded_ctx.data_dir)
    other.save_settings(other.settings.with_changes(theme="dark"))
    shell.render("/settings")
    assert page.theme_mode == ft.ThemeMode.DARK


def test_a_dialog_for_the_next_screen_waits_for_it(onboarded_ctx):
    page = FakePage(route="/settings")
    shell = Shell(page, onboarded_ctx)
    shell.render("/settings")
    dialog = ft.AlertDialog(title=ft.Text("A gentle nudge?"))
    shell.show_dialog_on("/today", dialog)
    assert page.dialogs == []  # not on the screen that is about to go
    shell.render("/phases")
    assert page.dialogs == []
    shell.render("/today")
    assert page.dialogs == [dialog]
    shell.render("/today")
    assert page.dialogs == [dialog]  # once
    shell.show_dialog_on("/today", dialog)  # already there: at once
    assert page.dialogs == [dialog, dialog]


def test_resume_rereads_the_pause_on_a_phone_only(onboarded_ctx):
    """A phone slept (wall clock on, monotonic stopped): the countdown follows the stored
    end. On desktop a focus change leaves the monotonic truth alone."""
    from datetime import timedelta

    def resumed_countdown(platform):
        page = FakePage(route="/settings", platform=platform, web=False)
        shell = Shell(page, onboarded_ctx)
        shell.start()
        shell.pause.start()
        clock = onboarded_ctx.clock
        clock.set_wall(clock.now() + timedelta(minutes=5))  # monotonic stood still
        page.on_app_lifecycle_state_change(ft.AppLifecycleStateChangeEvent(
            name="app_lifecycle_state_change", control=None,
            state=ft.AppLifecycleState.RESUME))
        left = shell.pause.countdown.remaining(clock)
        shell.pause.end_early()
        shell.pause.dismiss()
        return left

    assert resumed_countdown(ft.PagePlatform.ANDROID) == 15 * 60
    assert resumed_countdown(ft.PagePlatform.LINUX) == 20 * 60


def test_the_pause_and_past_pauses_have_a_named_48px_back_to_the_screen_below(onboarded_ctx):
    """Flutter's implied back arrow is 40x40 and unnamed on the web (the a11y walk)."""
    from repair_app.ui.widgets.common import icon_action_button

    page = FakePage(route="/phases/2")
    shell = Shell(page, onboarded_ctx)
    shell.render("/phases/2")
    shell.start_pause()
    shell.render("/pause/history")
    routes = [view.route for view in page.views]
    assert routes[-2:] == ["/pause", "/pause/history"]
    for view in page.views[1:]:
        leading = view.appbar.leading
        assert leading is not None and leading.content.label == "Back", view.route
        assert icon_action_button(leading).width == 48


def test_the_theme_is_drawn_at_once_not_cross_faded(onboarded_ctx):
    """Issue 14: Flutter cross-fades a new theme for 200 ms by default; at start that is
    a fifth of a second of frames from its default theme to ours before Today settles
    (a switch in Settings is instant too)."""
    page = FakePage(route="/today")
    Shell(page, onboarded_ctx).start()
    assert page.theme_animation_style == ft.AnimationStyle.no_animation()
    assert page.theme_animation_style.duration.in_milliseconds == 0


def test_each_route_drawn_and_each_navigation_is_logged_for_debugging(onboarded_ctx, caplog):
    """At REPAIR_LOG=debug a journey can be read back from the log: what the browser asked
    for, where the app sent it, and which view the client popped."""
    caplog.set_level("DEBUG", logger="repair_app.ui.shell")
    page = FakePage()
    shell = Shell(page, onboarded_ctx)
    shell.render("/nowhere")
    shell.render("/pause")
    messages = [r.getMessage() for r in caplog.records if r.name == "repair_app.ui.shell"]
    assert messages[:3] == ["drawing the route /nowhere", "navigating to /today",
                            "drawing the route /pause"]


def test_the_clients_repeat_of_the_start_route_does_not_send_the_browser_on_twice(
        onboarded_ctx):
    """A pause that ended while Repair was closed: start() sends the browser from "/" to
    the pause. Flet's client may report "/" once more after that; drawing it again would
    send the browser on to Today, over the pause's return screen (a journey failed so)."""
    def navigations():
        return [args[0] for _handler, args in page.tasks
                if len(args) == 1 and str(args[0]).startswith("/")]

    page = FakePage(route="/?key=launch-key")
    shell = Shell(page, onboarded_ctx)
    shell.pause.start()
    shell.start()
    assert navigations() == ["/pause"]
    page.go_to("/")  # the client's repeat of the route it registered with
    assert navigations() == ["/pause"] and page.views == []
    page.go_to("/pause")  # the browser arrives
    assert page.views[-1].route == "/pause"
    page.go_to("/")  # later, a real visit to "/" shows home, as always
    assert navigations() == ["/pause"] and page.views[-1].route == "/"
    assert page.views[-1].appbar.title.value == "Today"


def test_resizing_redraws_the_screen_the_app_started_on(onboarded_ctx):
    """Only a route event can be the client's repeat: a resize before any navigation still
    redraws (here from the phone's bar to the desktop's rail)."""
    page = FakePage(route="/today")
    shell = Shell(page, onboarded_ctx)
    shell.start()
    first = page.views[0]
    page.on_resize(ft.PageResizeEvent(name="resize", control=None, width=1280, height=800))
    assert page.views[0] is not first and shell.narrow is False
