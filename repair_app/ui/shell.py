"""The shell: routes to screens, the responsive navigation, theme and app-wide messages.

Narrow windows (< 600 px) get a bottom navigation bar; wide ones a navigation rail.
Detail routes (``/phases/N``) stack on their list view so back navigation works.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

import flet as ft

from repair_app.context import AppContext
from repair_app.core.clock import local_today
from repair_app.core.lifecycle import came_back, rebuild_on_return
from repair_app.core.pause import PauseSession
from repair_app.core.routes import (
    CHECKIN,
    DRAFTS,
    ENTRY,
    HOME,
    PAUSE,
    RouteMatch,
    pause_return_route,
    redirect_for,
    requested_path,
    resolve_route,
    route_path,
)
from repair_app.ui.events import chain_handler
from repair_app.ui.icons import Icons
from repair_app.ui.navigation import DESTINATIONS, destination_index
from repair_app.ui.pause_controller import PauseController
from repair_app.ui.screen_registry import (  # each imported when first shown
    BeforeYouSendScreen,
    CheckinHistoryScreen,
    CheckinScreen,
    DraftScreen,
    DraftsScreen,
    HistoryScreen,
    PauseHistoryScreen,
    PauseScreen,
    PhaseDetailScreen,
    PhasesScreen,
    ProgressScreen,
    SettingsScreen,
    TodayScreen,
    WelcomeScreen,
)
from repair_app.ui.theme import NARROW_BREAKPOINT, apply_theme
from repair_app.ui.widgets.common import icon_action, page_body
from repair_app.ui.widgets.pause_button import pause_button

log = logging.getLogger(__name__)


class Screen(Protocol):
    title: str

    def build(self) -> list[ft.Control]: ...


class WindowLock(Protocol):
    """The app lock's gate for this window, as the shell sees it (``ui/lock_gate.LockGate``
    is the one). Declared here so the shell never imports the gate that builds it."""

    @property
    def locked(self) -> bool: ...

    def intercept(self, route: str) -> bool:
        """True when ``route`` may not open now: the lock screen is shown instead."""
        ...


TOP_LEVEL_SCREENS = {
    "/today": TodayScreen,
    "/phases": PhasesScreen,
    "/progress": ProgressScreen,
    "/settings": SettingsScreen,
    "/send-check": BeforeYouSendScreen,
}


class Shell:
    def __init__(self, page: ft.Page, ctx: AppContext, lock: WindowLock | None = None) -> None:
        self.page = page
        self.ctx = ctx
        self.lock = lock  # the app lock's gate for this window (ui/lock_gate.py)
        self.narrow = True
        self.current: RouteMatch | None = None
        self._theme: str | None = None  # the theme this window last drew with
        self.shown_day = None  # the local day the current screen was built on
        self._dialog_on: tuple[str, ft.DialogControl] | None = None
        self.pause = PauseController(ctx, run_task=page.run_task)
        self._leaving: list[Callable[[], object]] = []
        self._redirected_to: str | None = None  # drawn at start, before the browser's echo
        self._start_route: str | None = None  # handled by start(), until the next route event

    # -- Navigator ---------------------------------------------------------------------
    def go(self, route: str) -> None:
        log.debug("navigating to %s", route)
        self.page.run_task(self.page.push_route, route)

    def show_message(self, text: str) -> None:
        self.page.show_dialog(ft.SnackBar(ft.Text(text), show_close_icon=True))

    def show_dialog(self, dialog: ft.DialogControl) -> None:
        self.page.show_dialog(dialog)

    def close_dialog(self) -> None:
        self.page.pop_dialog()

    def show_dialog_on(self, route: str, dialog: ft.DialogControl) -> None:
        if self.current is not None and self.current.route == route:
            self.show_dialog(dialog)
        else:
            self._dialog_on = (route, dialog)

    def apply_theme(self, theme_name: str) -> None:
        apply_theme(self.page, theme_name)
        self._theme = theme_name
        self.page.update()

    def refresh(self) -> None:
        self.render(self.page.route)

    def before_leaving(self, save: Callable[[], object]) -> None:
        self._leaving.append(save)

    def _leave_screen(self) -> None:
        """Save what the screens on show asked to keep, before anything replaces them."""
        saves, self._leaving = self._leaving, []
        for save in saves:
            try:
                save()
            except Exception:  # one failing save must not stop the next screen
                log.exception("saving before leaving a screen failed")

    # -- lifecycle ---------------------------------------------------------------------
    def start(self) -> None:
        page = self.page
        page.title = "Repair"
        self._theme = self.ctx.settings.theme
        apply_theme(page, self._theme)
        # Chained after what the window's gate set before start (it counts a route change
        # as activity): an event handler assigned after the first update is one more
        # update, and Flet's client redraws the whole page for it.
        page.on_route_change = chain_handler(page.on_route_change, self._route_changed)
        page.on_view_pop = self._view_popped
        page.on_resize = self._resized
        page.on_app_lifecycle_state_change = chain_handler(
            page.on_app_lifecycle_state_change, self._lifecycle)
        self.narrow = (page.width or 0) < NARROW_BREAKPOINT
        self.pause.time_up_signals.append(self.pause_time_up)
        self._start_route = page.route or "/"  # the route the client registered with
        if self.ctx.settings.onboarded and self.pause.needs_attention() \
                and not (page.route or "").startswith(PAUSE):
            self.go(PAUSE)  # a running pause, or one that ended while the app was closed
        else:
            self.render(page.route, at_start=True)
        self.pause.watch()
        for notice in self.ctx.notices:
            self.show_notice(notice)

    def show_new_store_notices(self) -> None:
        """A month file opened later (History, Progress) may have been found damaged and
        restored from a backup: say so once, like the notices at start."""
        notices = self.ctx.store.notices
        while notices:
            self.show_notice(notices.pop(0))

    def show_notice(self, text: str) -> None:
        dialog = ft.AlertDialog(
            title=ft.Text("About your data"),
            content=ft.Text(text),
            actions=[ft.TextButton("OK", on_click=lambda _e: self.page.pop_dialog())],
        )
        self.page.show_dialog(dialog)

    def pause_time_up(self, session: PauseSession) -> None:
        """The in-app "time is up" cue: a quiet banner, unless the pause screen is showing
        (it turns into the return screen by itself)."""
        if route_path(self.page.route) == PAUSE:
            return

        def open_pause(_e: ft.Event) -> None:
            self.page.pop_dialog()
            self.go(PAUSE)

        self.page.show_dialog(ft.Banner(
            leading=ft.Icon(Icons.SPA_OUTLINED, color=ft.Colors.PRIMARY),
            content=ft.Text("Your pause is over. Take one more slow breath, then come back "
                            "when you're ready."),
            actions=[ft.TextButton("Open", on_click=open_pause),
                     ft.TextButton("Later", on_click=lambda _e: self.page.pop_dialog())],
        ))

    def _lifecycle(self, e: ft.AppLifecycleStateChangeEvent) -> None:
        state = getattr(getattr(e, "state", None), "value", str(getattr(e, "state", "")))
        if came_back(state):
            self.resumed()

    def resumed(self) -> None:
        """Back on screen after Python was suspended: the pause countdown from the stored
        end, and Today (or Progress) rebuilt if the day changed while away. Behind the
        lock nothing is rebuilt now; the gate does it on unlocking (needs_rebuild)."""
        platform = getattr(self.page, "platform", None)
        if platform is not None and platform.is_mobile():
            # Only where Python was suspended: on desktop a window regaining focus must not
            # undo the correction of a wall clock changed while the pause ran.
            try:
                self.pause.resumed()
            except Exception:  # the pause screen's own ticker still corrects itself
                log.exception("re-reading the pause on resume failed")
        if self.lock is not None and self.lock.locked:
            return
        if self.needs_rebuild():
            self.render(self.page.route)

    def needs_rebuild(self) -> bool:
        """By the screen on show (its own route): Today opened at "/" is still Today."""
        shown = self.current.route if self.current is not None else self.page.route
        return rebuild_on_return(shown, self.shown_day, local_today(self.ctx.clock))

    def _resized(self, e: ft.PageResizeEvent) -> None:
        narrow = e.width < NARROW_BREAKPOINT
        if narrow != self.narrow:
            self.narrow = narrow
            self.render(self.page.route)

    def _route_changed(self, e: ft.RouteChangeEvent) -> None:
        start_route, self._start_route = self._start_route, None
        if start_route is not None and route_path(e.route) == route_path(start_route):
            # Flet's client can report the route it registered with once more, after
            # start() has handled it and sent the browser on (to the pause, say). Handling
            # it again would send the browser on a second time, over the screen the first
            # navigation shows.
            log.debug("the client repeated the start route %s: already handled", e.route)
            return
        self.render(e.route)

    def _view_popped(self, e: ft.ViewPopEvent) -> None:
        log.debug("the client popped the view %s", getattr(e, "route", None))
        if len(self.page.views) > 1:
            self.go(self.page.views[-2].route or "/today")

    # -- building ----------------------------------------------------------------------
    def render(self, route: str | None, *, at_start: bool = False) -> None:
        log.debug("drawing the route %s%s", route, " (at start)" if at_start else "")
        match = resolve_route(route, onboarded=self.ctx.settings.onboarded,
                              phase_count=len(self.ctx.program.phases))
        requested = requested_path(route)
        echo, self._redirected_to = self._redirected_to, None
        if echo is not None and match.route == requested == echo and self.current == match:
            return  # the browser's echo of the redirect drawn at start: already shown
        self._leave_screen()
        target = redirect_for(route, match)  # never from "/": it is home's own address
        if target is not None:
            self.go(target)
            if not at_start:
                return
            # At start, draw the screen the browser is being sent to at once: waiting
            # for its echo would cost a round trip and a page transition.
            self._redirected_to = target
        if self.lock is not None and self.lock.intercept(match.route):
            return  # locked: the lock screen is shown instead
        self._follow_theme()
        self.current = match
        self.shown_day = local_today(self.ctx.clock)
        # What Flet's client shows while the app starts: a page of its own, "/".
        boot = self.page.views[0].route if at_start and len(self.page.views) == 1 else None
        try:
            views = self.build_views(match)
        except Exception as error:  # a screen failed to build: say so, keep navigation alive
            log.exception("building %s failed", match.route)
            views = [self.failure_view(match, error)]
        if boot is not None and len(views) == 1:
            # The first screen takes that page's place rather than arriving as a new page:
            # Flutter keys its pages by route, and a new one slides or zooms in for 0.3 s,
            # redrawing the whole screen every frame (docs/benchmarks.md, stop 26). The
            # next screen shown replaces this one under its own route.
            views[0].route = boot
        elif requested == ENTRY and len(views) == 1:
            views[0].route = ENTRY  # home, back at "/": its page is named by the address
        self.page.views.clear()
        self.page.views.extend(views)
        self.page.update()
        self.show_new_store_notices()
        if self._dialog_on is not None and self._dialog_on[0] == match.route:
            dialog, self._dialog_on = self._dialog_on[1], None
            self.show_dialog(dialog)

    def _follow_theme(self) -> None:
        """Another window (or process) may have changed the theme: draw with the latest."""
        theme = self.ctx.settings.theme
        if theme != self._theme:
            apply_theme(self.page, theme)
            self._theme = theme

    def failure_view(self, match: RouteMatch, error: Exception) -> ft.View:
        body = page_body([
            ft.Icon(Icons.ERROR_OUTLINE, color=ft.Colors.ERROR, size=40),
            ft.Text("This screen couldn't be shown", theme_style=ft.TextThemeStyle.TITLE_LARGE),
            ft.Text("Nothing you saved is affected. Try another screen, or restart Repair. "
                    f"Details: {error.__class__.__name__}: {error}", selectable=True),
            ft.Row([ft.FilledButton("Go to Today", on_click=lambda _e: self.go("/today"))]),
        ])
        return ft.View(route=match.route, controls=[body], padding=0,
                       appbar=ft.AppBar(title=ft.Text("Repair")))

    def build_views(self, match: RouteMatch) -> list[ft.View]:
        if match.name == "welcome":
            screen = WelcomeScreen(self.ctx, self)
            return [ft.View(route=match.route, controls=[page_body(screen.build())], padding=0)]
        if self.lock is not None and self.lock.locked:
            # Only the pause may open while locked (intercept() let it through), alone:
            # nothing private is built beneath it, and no past pauses are listed.
            view = self.stacked_view(PAUSE, PauseScreen(self.ctx, self, self.pause, locked=True))
            view.appbar.leading = icon_action(Icons.LOCK_OUTLINE, "Back to the lock screen",
                                              lambda _e: self.go("/today"))
            return [view]
        if match.name in ("pause", "pause_history"):
            views = self.views_under_pause()
            views.append(self.stacked_view(PAUSE, PauseScreen(self.ctx, self, self.pause)))
            if match.name == "pause_history":
                views.append(self.stacked_view(
                    match.route, PauseHistoryScreen(self.ctx, self, self.pause)))
            self.add_back_buttons(views)
            return views
        top = TOP_LEVEL_SCREENS[match.top_level](self.ctx, self)
        views = [self.top_level_view(match.top_level, top)]
        if match.name == "phase" and match.phase is not None:
            views.append(self.stacked_view(match.route,
                                           PhaseDetailScreen(self.ctx, self, match.phase)))
        if match.name == "history":
            views.append(self.stacked_view(match.route, HistoryScreen(self.ctx, self)))
        if match.name in ("drafts", "draft"):
            views.append(self.stacked_view(DRAFTS, DraftsScreen(self.ctx, self)))
        if match.name == "draft" and match.draft is not None:
            views.append(self.stacked_view(match.route,
                                           DraftScreen(self.ctx, self, match.draft)))
        if match.name in ("checkin", "checkin-history"):
            views.append(self.stacked_view(CHECKIN, CheckinScreen(self.ctx, self)))
        if match.name == "checkin-history":
            views.append(self.stacked_view(match.route, CheckinHistoryScreen(self.ctx, self)))
        self.add_back_buttons(views)
        return views

    def add_back_buttons(self, views: list[ft.View]) -> None:
        for below, view in zip(views, views[1:], strict=False):
            self.add_back_button(view, below.route or HOME)

    def add_back_button(self, view: ft.View, back_to: str) -> None:
        """A 48x48 "Back" (Flutter's implied one is 40x40 on the web) to the view below."""
        if view.appbar is not None and view.appbar.leading is None:
            view.appbar.leading = icon_action(Icons.ARROW_BACK, "Back",
                                              lambda _e: self.go(back_to))

    def views_under_pause(self) -> list[ft.View]:
        """The screen the pause was started from stays beneath it (rebuilt from what was
        saved), so back and "finish" return there."""
        under = resolve_route(self.pause.return_route, onboarded=True,
                              phase_count=len(self.ctx.program.phases))
        return self.build_views(under)

    def start_pause(self) -> None:
        """The Pause button: remember where the user is, then start (or show) the pause."""
        self.pause.return_route = pause_return_route(
            self.page.route, phase_count=len(self.ctx.program.phases))
        self.pause.start_and_show(self)

    def stacked_view(self, route: str, screen: Screen) -> ft.View:
        """A screen above a destination: an app bar with a back arrow, no navigation; the
        Pause button on every one but the pause itself."""
        with_pause = route != PAUSE and not (self.lock is not None and self.lock.locked)
        return ft.View(route=route, padding=0, appbar=ft.AppBar(title=ft.Text(screen.title)),
                       controls=[page_body(screen.build())],
                       floating_action_button=self.pause_button() if with_pause else None)

    def top_level_view(self, route: str, screen: Screen) -> ft.View:
        index = destination_index(route)
        body = page_body(screen.build())
        appbar = ft.AppBar(title=ft.Text(screen.title))
        if self.narrow:
            return ft.View(
                route=route,
                appbar=appbar,
                controls=[body],
                padding=0,
                floating_action_button=self.pause_button(),
                navigation_bar=ft.NavigationBar(
                    selected_index=index,
                    on_change=self._destination_chosen,
                    destinations=[
                        ft.NavigationBarDestination(icon=d.icon, selected_icon=d.selected_icon,
                                                    label=d.label)
                        for d in DESTINATIONS
                    ],
                ),
            )
        rail = ft.NavigationRail(
            selected_index=index,
            on_change=self._destination_chosen,
            label_type=ft.NavigationRailLabelType.ALL,
            min_width=88,
            group_alignment=-0.9,
            leading=ft.Container(ft.Icon(Icons.SPA_OUTLINED, color=ft.Colors.PRIMARY),
                                 padding=ft.Padding.only(top=12, bottom=12)),
            destinations=[
                ft.NavigationRailDestination(icon=d.icon, selected_icon=d.selected_icon,
                                             label=d.label)
                for d in DESTINATIONS
            ],
        )
        return ft.View(
            route=route,
            appbar=appbar,
            padding=0,
            floating_action_button=self.pause_button(),
            controls=[ft.Row([rail, ft.VerticalDivider(width=1), body], expand=True,
                             spacing=0, vertical_alignment=ft.CrossAxisAlignment.STRETCH)],
        )

    def pause_button(self) -> ft.FloatingActionButton:
        """One tap from every screen where conflict happens starts the pause (no dialog
        first); while one runs, it says so and opens it."""
        return pause_button(self.pause, lambda _e: self.start_pause())

    def _destination_chosen(self, e: ft.Event) -> None:
        index = int(e.control.selected_index or 0)
        self.go(DESTINATIONS[index].route)
