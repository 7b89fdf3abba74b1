"""A half-written message survives a tab switch and a pause; the pause returns to where
the user was (issue 18, item 2). Driven through the shell on a stand-in page."""

from __future__ import annotations

import flet as ft

from repair_app.core.routes import DRAFTS, PAUSE, SEND_CHECK
from repair_app.store.draft_repository import UnsentMessageRepository
from repair_app.ui.screens.before_you_send import BeforeYouSendScreen
from repair_app.ui.shell import Shell

from .fake_page import FakePage
from .helpers import change, click, find, find_all

WORDS = "I'm sorry about tonight. I want to"


def message_field(view: ft.View) -> ft.TextField:
    return find(view.controls, ft.TextField, label="Your message")


def follow(page: FakePage) -> None:
    """Let the client act on the routes the shell pushed."""
    while page.tasks:
        handler, args = page.tasks.pop(0)
        if getattr(handler, "__name__", "") == "push_route":
            page.go_to(*args)


def open_shell(ctx, route: str = SEND_CHECK) -> tuple[FakePage, Shell]:
    page = FakePage(route=route)
    shell = Shell(page, ctx)
    shell.start()
    return page, shell


def test_a_tab_switch_keeps_the_half_written_message(onboarded_ctx):
    page, shell = open_shell(onboarded_ctx)
    change(message_field(page.top), WORDS)  # typed just now: no timed save yet
    shell.go("/progress")
    follow(page)
    shell.go(SEND_CHECK)
    follow(page)
    assert message_field(page.top).value == WORDS


def test_pause_keeps_the_message_and_returns_to_it(onboarded_ctx):
    page, shell = open_shell(onboarded_ctx)
    change(message_field(page.top), WORDS)
    click(page.top.floating_action_button)
    follow(page)
    assert [v.route for v in page.views] == [SEND_CHECK, PAUSE]
    assert shell.pause.return_route == SEND_CHECK
    shell.pause.end_early()
    shell.render(PAUSE)
    skip = find(page.top.controls, ft.TextButton, content="Skip")
    click(skip)
    follow(page)
    assert page.route == SEND_CHECK
    assert message_field(page.top).value == WORDS


def test_holding_the_message_clears_the_field_for_the_next_one(onboarded_ctx, nav):
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    screen.build()
    change(screen.editor.field, WORDS)
    screen.hold()
    assert nav.routes == [DRAFTS]
    assert UnsentMessageRepository(onboarded_ctx.store).load() == ""
    assert BeforeYouSendScreen(onboarded_ctx, nav).editor.field.value == ""


def test_an_emptied_field_stays_empty(onboarded_ctx, nav):
    UnsentMessageRepository(onboarded_ctx.store).save(WORDS, onboarded_ctx.clock.now())
    screen = BeforeYouSendScreen(onboarded_ctx, nav)
    assert screen.editor.field.value == WORDS
    change(screen.editor.field, "")
    screen.editor.field.on_blur(ft.Event(name="blur", control=screen.editor.field))
    assert BeforeYouSendScreen(onboarded_ctx, nav).editor.field.value == ""


def test_the_pause_button_is_on_every_screen_where_conflict_happens(onboarded_ctx):
    for route in ("/today", "/send-check", "/phases/2", "/today/history", "/checkin",
                  DRAFTS, "/pause/history", "/progress", "/settings"):
        page, _shell = open_shell(onboarded_ctx, route)
        assert page.top.route.split("?")[0] == route
        buttons = find_all(page.top.floating_action_button, ft.FloatingActionButton)
        assert buttons, f"no Pause button on {route}"


def test_while_a_pause_runs_the_button_says_so_and_opens_it(onboarded_ctx):
    page, shell = open_shell(onboarded_ctx, "/checkin")
    shell.pause.start()
    onboarded_ctx.clock.advance(seconds=94)
    shell.render("/checkin")
    button = page.top.floating_action_button
    assert button.content == "Pause · 18:26"
    click(button)
    follow(page)
    assert page.route == PAUSE and shell.pause.return_route == "/checkin"
    assert [v.route for v in page.views] == ["/today", "/checkin", PAUSE]


def test_the_return_screen_offers_another_pause(onboarded_ctx):
    page, shell = open_shell(onboarded_ctx, "/today/history")
    click(page.top.floating_action_button)
    follow(page)
    shell.pause.end_early()
    shell.render(PAUSE)
    again = find(page.top.controls, ft.OutlinedButton, content="Start another pause")
    click(again)
    assert shell.pause.current().running


def test_keystrokes_that_arrive_after_leaving_are_kept_and_shown(onboarded_ctx):
    page, shell = open_shell(onboarded_ctx)
    old_field = message_field(page.top)
    change(old_field, "I'm sorry")
    shell.go("/progress")
    follow(page)
    shell.go(SEND_CHECK)
    follow(page)
    change(old_field, WORDS)  # the last keystrokes, handled late
    follow(page)
    assert UnsentMessageRepository(onboarded_ctx.store).load() == WORDS
    assert message_field(page.top).value == WORDS
