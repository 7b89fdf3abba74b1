"""Fingerprint / face unlock rules: outcomes of the phone's answers, when it is offered."""

from __future__ import annotations

import pytest

from repair_app.core.biometric_unlock import (
    ERROR_OUTCOMES,
    BiometricFacts,
    BiometricOutcome,
    biometric_label,
    can_turn_on,
    message_after,
    message_when_turning_on,
    offered_on_lock_screen,
    outcome_of_error,
    unlock_button_label,
)

FINGER = BiometricFacts("android", True, ("fingerprint",))


def test_every_error_code_of_the_package_has_an_outcome():
    import flet_local_auth  # the real package: its codes, not our guess of them

    codes = {code.value for code in flet_local_auth.LocalAuthErrorCode}
    assert codes == set(ERROR_OUTCOMES)
    assert outcome_of_error("somethingNew") is BiometricOutcome.FAILED


@pytest.mark.parametrize(("code", "outcome"), [
    ("userCanceled", BiometricOutcome.CANCELLED),
    ("userRequestedFallback", BiometricOutcome.CANCELLED),
    ("systemCanceled", BiometricOutcome.CANCELLED),
    ("noBiometricsEnrolled", BiometricOutcome.NOT_ENROLLED),
    ("noCredentialsSet", BiometricOutcome.NOT_ENROLLED),
    ("noBiometricHardware", BiometricOutcome.UNSUPPORTED),
    ("biometricLockout", BiometricOutcome.LOCKED_OUT),
    ("temporaryLockout", BiometricOutcome.LOCKED_OUT),
    ("deviceError", BiometricOutcome.FAILED),
])
def test_outcomes(code, outcome):
    assert outcome_of_error(code) is outcome


def test_cancel_says_nothing_and_the_others_point_to_the_passcode():
    assert message_after(BiometricOutcome.CANCELLED) == ""
    assert message_after(BiometricOutcome.SUCCESS) == ""
    for outcome in (BiometricOutcome.NOT_ENROLLED, BiometricOutcome.UNSUPPORTED,
                    BiometricOutcome.LOCKED_OUT, BiometricOutcome.FAILED):
        assert "passcode" in message_after(outcome)
        assert message_when_turning_on(outcome)


@pytest.mark.parametrize(("facts", "usable"), [
    (FINGER, True),
    (BiometricFacts("ios", True, ("face",)), True),
    (BiometricFacts("android", True, ()), False),  # nothing enrolled
    (BiometricFacts("android", False, ("fingerprint",)), False),  # not supported
    (BiometricFacts("linux", True, ("fingerprint",)), False),
    (BiometricFacts("", True, ("fingerprint",)), False),  # web / no package
])
def test_usable(facts, usable):
    assert facts.usable is usable


def test_labels():
    assert biometric_label(["fingerprint"]) == "fingerprint"
    assert biometric_label(["face"]) == "face"
    assert biometric_label(["face", "fingerprint"]) == "fingerprint or face"
    assert biometric_label(["strong", "weak"]) == "fingerprint or face"  # Android classes
    assert unlock_button_label(BiometricFacts("ios", True, ("face",))) == "Unlock with face"


def test_offered_on_the_lock_screen():
    assert offered_on_lock_screen(FINGER, turned_on=True, encrypted=False, key_kept=False)
    assert not offered_on_lock_screen(FINGER, turned_on=False, encrypted=False,
                                      key_kept=False)
    assert not offered_on_lock_screen(FINGER, turned_on=True, encrypted=True, key_kept=False)
    assert offered_on_lock_screen(FINGER, turned_on=True, encrypted=True, key_kept=True)
    assert not offered_on_lock_screen(BiometricFacts("android", True, ()), turned_on=True,
                                      encrypted=False, key_kept=False)


def test_why_it_cannot_be_turned_on():
    assert can_turn_on(FINGER, lock_on=True) is None
    assert "phone app" in can_turn_on(BiometricFacts(), lock_on=True)
    assert "can't" in can_turn_on(BiometricFacts("android", False, ()), lock_on=True)
    assert "Set up" in can_turn_on(BiometricFacts("android", True, ()), lock_on=True)
    assert "app lock first" in can_turn_on(FINGER, lock_on=False)
    assert "encrypted" in can_turn_on(FINGER, lock_on=True, encrypted=True)
    assert can_turn_on(FINGER, lock_on=True, encrypted=True, key_kept=True) is None
