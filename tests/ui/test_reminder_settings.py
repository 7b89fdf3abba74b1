"""Settings → Reminders as a control tree: defaults, refusal of bad times, saving, the test."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta

import flet as ft

from repair_app.core.reminders import ReminderKind, TrialResult, message_for
from repair_app.ui.screens.settings import SettingsScreen

from .helpers import all_text, change, click, find, find_all


@dataclass
class FakeReminders:
    access: object = None  # no phone: nothing to allow (web and desktop)
    changes: int = 0
    tests: list[TrialResult] = field(default_factory=list)

    def changed(self) -> None:
        self.changes += 1

    def send_test(self, discreet: bool | None = None) -> TrialResult:
        self.discreet_asked = discreet
        result = TrialResult(message_for(ReminderKind.MORNING, discreet=discreet is not False),
                             "in-app",
                             {"desktop": "no desktop session was found"})
        self.tests.append(result)
        return result

    def describe_next(self) -> str:
        return "Next: the evening check, today at 21:00."


def test_defaults_of_the_issue(onboarded_ctx, nav):
    tree = SettingsScreen(onboarded_ctx, nav).build()
    assert find(tree, ft.TextField, label="Morning reminder time").value == "07:45"
    assert find(tree, ft.TextField, label="Evening check time").value == "21:00"
    assert find(tree, ft.TextField, label="Weekly check-in time").value == "19:00"
    assert find(tree, ft.Dropdown, label="Check-in day").value == "6"
    for label in ("Morning reminder", "Evening check", "Weekly check-in",
                  "Discreet notifications"):
        assert find(tree, ft.Switch, label=label).value is True
    assert "Repair — a moment for you" in all_text(tree)


def test_bad_times_are_refused_and_nothing_is_saved(onboarded_ctx, nav):
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    find(tree, ft.TextField, label="Evening check time").value = "25:00"
    find(tree, ft.TextField, label="Weekly check-in time").value = "🙂"
    find(tree, ft.Switch, label="Morning reminder").value = False
    click(screen.reminders.save_button)
    assert find(tree, ft.TextField, label="Evening check time").error
    assert find(tree, ft.TextField, label="Weekly check-in time").error
    saved = onboarded_ctx.reload_settings()
    assert saved.morning_reminder and saved.evening_time == time(21)
    assert nav.messages == []


def test_saving_reminders_wakes_the_loop(onboarded_ctx, nav):
    onboarded_ctx.reminders = reminders = FakeReminders()
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    find(tree, ft.TextField, label="Morning reminder time").value = "6:5"
    find(tree, ft.Switch, label="Evening check").value = False
    find(tree, ft.Dropdown, label="Check-in day").value = "2"
    find(tree, ft.Switch, label="Discreet notifications").value = False
    click(screen.reminders.save_button)
    saved = onboarded_ctx.reload_settings()
    assert (saved.morning_time, saved.evening_reminder, saved.weekly_day,
            saved.discreet_notifications) == (time(6, 5), False, 2, False)
    assert find(tree, ft.TextField, label="Morning reminder time").value == "06:05"
    assert nav.messages == ["Reminders saved."]
    assert reminders.changes == 1


def test_the_morning_time_has_one_field_in_settings(onboarded_ctx, nav):
    """One setting, one place: the program card no longer carries a second morning field,
    and saving it leaves the morning time alone."""
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    morning_fields = [f for f in find_all(tree, ft.TextField)
                      if "morning" in (f.label or "").lower()]
    assert [f.label for f in morning_fields] == ["Morning reminder time"]
    assert morning_fields[0] in find_all(screen.reminders.card(), ft.TextField)
    find(tree, ft.TextField, label="Code word for a pause").value = "time out"
    click(screen.save_button)
    saved = onboarded_ctx.reload_settings()
    assert (saved.code_word, saved.morning_time) == ("time out", time(7, 45))


def test_test_button_reports_in_plain_words(onboarded_ctx, nav):
    onboarded_ctx.reminders = reminders = FakeReminders()
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    click(find(tree, ft.OutlinedButton, content="Send a test notification"))
    assert len(reminders.tests) == 1
    assert screen.reminders.test_result.visible
    assert "no desktop session was found" in screen.reminders.test_text.value
    assert "Next: the evening check" in all_text(tree)


def test_a_reminder_not_yet_relevant_says_when_it_begins(onboarded_ctx, nav):
    """Week 2: the weekly check-in reminder waits for phase 4 and says so; the others
    are already relevant and carry no such line."""
    screen = SettingsScreen(onboarded_ctx, nav)
    text = all_text(screen.build())
    assert "Begins in week 4, on Mon 7 Dec, when Phase 4 starts." in text
    assert text.count("Begins in week") == 1
    onboarded_ctx.clock.set_wall(onboarded_ctx.clock.now() + timedelta(days=14))  # week 4
    assert "Begins in week" not in all_text(SettingsScreen(onboarded_ctx, nav).build())


def test_the_test_notification_follows_the_discreet_switch_as_shown(onboarded_ctx, nav):
    """Issue 18, item 13: the test ignored an unsaved change of the Discreet switch."""
    fake = FakeReminders()
    onboarded_ctx.reminders = fake
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    switch = find(tree, ft.Switch, label="Discreet notifications")
    assert switch.value is True
    switch.value = False  # not saved
    click(find(tree, ft.OutlinedButton, content="Send a test notification"))
    assert fake.discreet_asked is False


def test_an_edited_code_word_is_kept_when_leaving_settings(onboarded_ctx, nav):
    """Issue 18, item 13: an edited code word was lost on a tab switch."""
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    change(find(tree, ft.TextField, label="Code word for a pause"), "red balloon")
    nav.leave()
    assert onboarded_ctx.settings.code_word == "red balloon"
    assert any("saved" in m.lower() for m in nav.messages)


def test_a_bad_edit_left_behind_is_not_saved_and_says_so(onboarded_ctx, nav):
    screen = SettingsScreen(onboarded_ctx, nav)
    tree = screen.build()
    change(find(tree, ft.TextField, label="Program start date"), "31/02")
    nav.leave()
    assert onboarded_ctx.settings.program_start.isoformat() == "2026-11-16"
    assert any("wasn't saved" in m for m in nav.messages)


def test_leaving_unchanged_settings_says_nothing(onboarded_ctx, nav):
    SettingsScreen(onboarded_ctx, nav).build()
    nav.leave()
    assert nav.messages == []
