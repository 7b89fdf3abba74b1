"""Before you send in a real browser: check a blaming message, hold it until morning,
find it in Drafts after a reload, delete it; a ready draft; screenshots at each size."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from pathlib import Path

import pytest

from repair_app.content import default_program
from repair_app.context import AppContext
from repair_app.core.clock import FakeClock
from repair_app.core.drafts import Draft
from repair_app.core.settings import Settings
from repair_app.store import Store
from repair_app.store.draft_repository import DraftRepository
from repair_app.system_clock import SystemClock

from .conftest import (
    DESKTOP,
    PHONE,
    go_to_destination,
    open_app,
    reload,
    screenshot,
    start_app,
    tap,
    type_into,
)
from .test_foundation_journey import complete_welcome

BLAMING = "You always do this. It's your fault and everyone agrees. Answer me??"
READY_TEXT = "I only did it because you stopped talking to me. Do you still love me?"


def check_message(page, text: str) -> None:
    page.get_by_role("textbox", name="Your message").wait_for(timeout=30_000)
    type_into(page, "Your message", text)
    tap(page, page.get_by_role("button", name="Check message"))


def test_check_hold_reload_delete(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    complete_welcome(page)
    go_to_destination(page, "Message")
    page.get_by_text("Checked here, never sent").wait_for(timeout=30_000)
    assert page.url.endswith("/send-check")
    screenshot(page, "send-check-empty-phone-light")

    check_message(page, BLAMING)
    page.get_by_text("Wait — don't send this now").wait_for(timeout=30_000)
    for label in ("Blame and criticism", "Pressure to answer", "Bringing in judges"):
        page.get_by_text(label).first.wait_for()
    screenshot(page, "send-check-result-phone-light")

    tap(page, page.get_by_role("button", name="Hold until morning").first)
    # Mid-morning (the journeys' local time, local_time.py): the next morning is tomorrow's.
    page.get_by_text(re.compile(r"until tomorrow at 08:00")).first.wait_for(timeout=30_000)
    assert page.url.endswith("/send-check/drafts")
    page.get_by_text(BLAMING).wait_for()
    screenshot(page, "drafts-phone-light")

    reload(page)
    page.get_by_text(BLAMING).wait_for(timeout=30_000)
    assert BLAMING in (app_server.data_dir / "main.json").read_text("utf-8")

    tap(page, page.get_by_role("button", name=re.compile("^Delete draft")).first)
    tap(page, page.get_by_role("button", name="Delete for good"))
    page.get_by_text("No drafts").wait_for(timeout=30_000)
    assert BLAMING not in (app_server.data_dir / "main.json").read_text("utf-8")
    reload(page)
    page.get_by_text("No drafts").wait_for(timeout=30_000)
    page.context.close()


def _data_with_a_ready_draft(data_dir: Path) -> None:
    """A store as the app would leave it: onboarded, one draft whose morning has come."""
    now = SystemClock().now()
    clock = FakeClock(now - timedelta(days=1))
    with Store.open(data_dir, clock) as store:
        ctx = AppContext(store=store, clock=clock, program=default_program(), data_dir=data_dir)
        ctx.save_settings(Settings(onboarded=True, program_start=date.today() - timedelta(days=9),
                                   morning_time=time(8, 0)))
        repo = DraftRepository(store)
        yesterday = now - timedelta(days=1)
        repo.add(Draft(READY_TEXT, yesterday, yesterday, now - timedelta(hours=1)))
        repo.add(Draft("Could we talk on Sunday? I'd like to understand how you see it.",
                       now, now, now + timedelta(hours=20)))


@pytest.mark.parametrize(("viewport", "dark", "label"), [
    (PHONE, False, "phone-light"), (PHONE, True, "phone-dark"),
    (DESKTOP, False, "desktop-light"), (DESKTOP, True, "desktop-dark"),
])
def test_ready_draft_and_screens_at_each_size(browser, tmp_path, viewport, dark, label):
    data_dir = tmp_path / "data"
    _data_with_a_ready_draft(data_dir)
    server = start_app(data_dir, tmp_path / "app.log")
    try:
        page = open_app(browser, server.url + "send-check", viewport=viewport, dark=dark)
        page.get_by_text("A message you held is ready to re-read").wait_for(timeout=30_000)
        check_message(page, "I notice I've missed our walks. Could we go on Sunday?")
        page.get_by_text("Looks kind and clear").wait_for(timeout=30_000)
        page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
        page.mouse.wheel(0, 450)
        screenshot(page, f"send-check-clear-{label}")
        check_message(page, BLAMING)
        page.get_by_text("Wait — don't send this now").wait_for(timeout=30_000)
        page.mouse.wheel(0, 700)
        screenshot(page, f"send-check-findings-{label}")

        page.goto(server.url + "send-check/drafts")
        reload(page)
        page.get_by_text("Ready to re-read").first.wait_for(timeout=30_000)
        screenshot(page, f"drafts-{label}")
        tap(page, page.get_by_role("button", name=re.compile("^Re-read")).first)
        page.get_by_text("Read it once more, slowly").wait_for(timeout=30_000)
        assert re.search(r"/send-check/drafts/1$", page.url)
        screenshot(page, f"draft-ready-{label}")
        tap(page, page.get_by_role("button", name="Let it go").first)
        page.get_by_text("Let it go? The draft is deleted for good.").wait_for()
        screenshot(page, f"draft-let-go-{label}")
        tap(page, page.get_by_role("button", name="Let it go").last)
        page.get_by_text("Deleted for good.", exact=True).wait_for(timeout=30_000)
        page.wait_for_url(re.compile(r"/send-check/drafts$"), timeout=30_000)
        assert READY_TEXT not in (data_dir / "main.json").read_text("utf-8")
        page.context.close()
    finally:
        server.stop()


def test_today_still_works_with_the_new_destination(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    complete_welcome(page)
    for label, text in (("Message", "Checked here, never sent"), ("Phases", "The four phases"),
                        ("Today", "Today's checklist")):
        go_to_destination(page, label)
        page.get_by_text(text).first.wait_for(timeout=30_000)
    page.context.close()


#: Caught by the learned layer only: no rule phrase in it (checked in the test).
LEARNED_ONLY = "i can't sleep, i cry every night, you did this to me"
TRAP = "I always love our Sunday walks."


@pytest.mark.parametrize(("viewport", "dark", "label"), [
    (PHONE, False, "phone-light"), (DESKTOP, True, "desktop-dark"),
])
def test_the_learned_layer_names_its_kind_and_words(browser, tmp_path, viewport, dark, label):
    from datetime import datetime

    from repair_app.content.message_rules import default_message_rules
    from repair_app.core.message_check import analyze

    noon = datetime(2026, 11, 23, 12, 0)
    found = analyze(LEARNED_ONLY, noon, default_message_rules())
    assert found and {f.source for f in found} == {"learned"}
    assert analyze(TRAP, noon, default_message_rules()) == []
    _data_with_a_ready_draft(tmp_path / "data")
    server = start_app(tmp_path / "data", tmp_path / "app.log")
    try:
        page = open_app(browser, server.url + "send-check", viewport=viewport, dark=dark)
        check_message(page, LEARNED_ONLY)
        page.get_by_text("Consider rewording").wait_for(timeout=30_000)
        page.get_by_text(found[0].label).first.wait_for()
        quote = LEARNED_ONLY[found[0].start:found[0].end]
        page.get_by_text(re.compile(re.escape(f"“{quote}”"))).first.wait_for()
        page.mouse.move(viewport["width"] / 2, viewport["height"] / 2)
        page.mouse.wheel(0, 450)
        screenshot(page, f"send-check-learned-{label}")
        check_message(page, TRAP)
        page.get_by_text("Looks kind and clear").wait_for(timeout=30_000)
        page.context.close()
    finally:
        server.stop()
