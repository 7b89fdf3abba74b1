"""Notification permission rules: status, when to ask, what Settings says, exact alarms."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from repair_app.core.notification_access import (
    AccessAction,
    AccessRecord,
    AccessStatus,
    AskMoment,
    PhoneFacts,
    access_notice,
    access_status,
    may_ask,
    schedule_exactly,
)

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
NEVER = AccessRecord()
ONE_NO = NEVER.answered(False, NOW)
TWO_NOS = ONE_NO.answered(False, NOW)
YES = NEVER.answered(True, NOW)


@pytest.mark.parametrize("platform", ["", "linux", "macos", "windows", "web"])
def test_web_and_desktop_have_nothing_to_grant(platform):
    facts = PhoneFacts(platform=platform, enabled=True, exact_alarms=True)
    assert access_status(facts, NEVER) is AccessStatus.UNSUPPORTED
    assert access_notice(facts, TWO_NOS) is None
    for moment in AskMoment:
        assert not may_ask(access_status(facts, NEVER), moment, reminders_on=True)


@pytest.mark.parametrize(("platform", "enabled", "record", "status"), [
    ("android", True, NEVER, AccessStatus.GRANTED),  # Android 12 and older: on by default
    ("android", None, NEVER, AccessStatus.NOT_ASKED),  # the phone couldn't be asked yet
    ("android", False, NEVER, AccessStatus.NOT_ASKED),
    ("android", False, ONE_NO, AccessStatus.DENIED),  # Android shows its dialog once more
    ("android", False, TWO_NOS, AccessStatus.BLOCKED),  # ... and then never again
    ("ios", False, ONE_NO, AccessStatus.BLOCKED),  # iOS asks exactly once
    ("ios", None, ONE_NO, AccessStatus.BLOCKED),
    ("ios", True, ONE_NO, AccessStatus.GRANTED),  # turned on later in the phone's settings
    ("android", False, YES, AccessStatus.BLOCKED),  # a yes, turned off in settings later
    ("ios", False, YES, AccessStatus.BLOCKED),
    ("android", None, YES, AccessStatus.GRANTED),  # unknown: the last yes stands
])
def test_status(platform, enabled, record, status):
    assert access_status(PhoneFacts(platform, enabled, True), record) is status


def test_never_asked_at_start_or_on_coming_back():
    for status in AccessStatus:
        for moment in (AskMoment.COLD_START, AskMoment.RESUME):
            assert not may_ask(status, moment, reminders_on=True)


def test_natural_moments_ask_once_and_only_with_a_reminder_on():
    for moment in (AskMoment.WELCOME_FINISHED, AskMoment.REMINDER_TURNED_ON):
        assert may_ask(AccessStatus.NOT_ASKED, moment, reminders_on=True)
        assert not may_ask(AccessStatus.NOT_ASKED, moment, reminders_on=False)
        for status in (AccessStatus.GRANTED, AccessStatus.DENIED, AccessStatus.BLOCKED,
                       AccessStatus.UNSUPPORTED):
            assert not may_ask(status, moment, reminders_on=True)  # a no is respected


def test_the_settings_button_asks_while_the_os_still_would():
    button = AskMoment.SETTINGS_BUTTON
    assert may_ask(AccessStatus.NOT_ASKED, button, reminders_on=False)
    assert may_ask(AccessStatus.DENIED, button, reminders_on=False)
    assert not may_ask(AccessStatus.BLOCKED, button, reminders_on=True)
    assert not may_ask(AccessStatus.GRANTED, button, reminders_on=True)


def test_what_settings_says():
    granted = access_notice(PhoneFacts("android", True, True), YES)
    assert granted.status is AccessStatus.GRANTED and granted.actions == ()
    assert "even when Repair is closed" in granted.text and not granted.late

    late = access_notice(PhoneFacts("android", True, False), YES)
    assert late.late and "a few minutes late" in late.text
    assert late.actions == (AccessAction.ALLOW_EXACT,)

    ios = access_notice(PhoneFacts("ios", True, False), YES)  # no exact-alarm gate on iOS
    assert not ios.late and ios.actions == ()

    denied = access_notice(PhoneFacts("android", False, True), ONE_NO)
    assert denied.actions == (AccessAction.ASK, AccessAction.OPEN_SETTINGS)
    assert "banner while it's open" in denied.text

    blocked = access_notice(PhoneFacts("android", False, True), TWO_NOS)
    assert blocked.actions == (AccessAction.OPEN_SETTINGS,)
    assert "phone's settings" in blocked.text

    fresh = access_notice(PhoneFacts("ios", False, True), NEVER)
    assert fresh.actions == (AccessAction.ASK,)


@pytest.mark.parametrize(("exact", "expected"), [(True, True), (False, False), (None, False)])
def test_exact_only_when_the_phone_says_so(exact, expected):
    assert schedule_exactly(PhoneFacts("android", True, exact)) is expected


def test_record_round_trip_and_bad_documents():
    assert AccessRecord.from_document(TWO_NOS.to_document()) == TWO_NOS
    assert TWO_NOS.asked == 2 and TWO_NOS.refusals == 2 and TWO_NOS.last_answer == "refused"
    assert YES.answered(False, NOW).refusals == 1
    for bad in (None, [], "x", {"asked": "2", "refusals": -1, "last_answer": "maybe"},
                {"asked": True, "refusals": 1.5, "answered_at": 7}):
        record = AccessRecord.from_document(bad)
        assert record.asked == 0 and record.refusals == 0 and record.last_answer == ""
    assert AccessRecord.from_document({"refusals": 10**9}).refusals == 1000
