"""The phone-only features degrade cleanly in a real browser (web mode): no permission
question after the welcome, no permission line in Settings, and the reminders card, its
save and the in-app banner work as before. (The phone paths are unit-tested against
boundary fakes in tests/notify and tests/ui: no phone can run here.)"""

from __future__ import annotations

import re

from .conftest import PHONE, open_app, reload, screenshot, tap
from .test_reminders_journey import banner, complete_welcome, open_settings


def test_web_has_no_permission_question_and_reminders_still_work(browser, app_server):
    page = open_app(browser, app_server.url, viewport=PHONE)
    complete_welcome(page)
    page.wait_for_timeout(1500)  # give a (wrong) dialog time to appear
    assert page.get_by_text("A gentle nudge?").count() == 0
    assert page.get_by_role("button", name="Allow notifications").count() == 0

    open_settings(page, app_server.url)
    assert page.get_by_text(re.compile("^Notifications are")).count() == 0
    assert page.get_by_role("button", name="Open phone settings").count() == 0
    tap(page, page.get_by_role("button", name="Save reminders"))
    page.get_by_text("Reminders saved.").wait_for(timeout=15_000)
    assert page.get_by_text("A gentle nudge?").count() == 0

    tap(page, page.get_by_role("button", name="Send a test notification"))
    banner(page).wait_for(timeout=15_000)
    screenshot(page, "phone-features-on-web-settings")
    reload(page)
    page.get_by_text("Reminders", exact=True).wait_for(timeout=30_000)
    assert "Traceback" not in app_server.log()
    page.context.close()
