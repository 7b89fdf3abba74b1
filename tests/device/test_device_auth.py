"""The flet-local-auth adapter against a boundary fake written from the package's source:
success, cancel, not enrolled, unsupported, and no adapter at all on web and desktop."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest

from repair_app.core.biometric_unlock import BiometricOutcome
from repair_app.device_auth import USE_PASSCODE, DeviceAuth

from . import fake_flet_local_auth as fake


@dataclass
class FakePlatform:
    value: str


@dataclass
class FakePage:
    platform: FakePlatform
    web: bool = False


def run(coroutine):
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # playwright's loop may run on this thread
        return pool.submit(asyncio.run, coroutine).result()


def auth_for(platform: str = "android") -> DeviceAuth:
    auth = DeviceAuth.for_page(FakePage(FakePlatform(platform)), module=fake)
    assert auth is not None
    return auth


@pytest.mark.parametrize(("platform", "web"), [("android", True), ("ios", True),
                                               ("linux", False), ("windows", False),
                                               ("macos", False)])
def test_never_built_on_web_or_desktop(platform, web):
    """flet-local-auth raises FletUnsupportedPlatformException on web and Linux: the
    service is not even created there."""
    fake.LocalAuthentication.instances.clear()
    assert DeviceAuth.for_page(FakePage(FakePlatform(platform), web=web), module=fake) is None
    assert fake.LocalAuthentication.instances == []


def test_no_adapter_without_the_package(monkeypatch):
    monkeypatch.setattr("repair_app.device_auth.import_flet_local_auth", lambda: None)
    assert DeviceAuth.for_page(FakePage(FakePlatform("ios"))) is None


def test_refresh_reads_what_the_phone_has():
    auth = auth_for()
    auth.service.enrolled = [fake.BiometricType.FACE, fake.BiometricType.FINGERPRINT]
    facts = run(auth.refresh())
    assert facts.usable and facts.enrolled == ("face", "fingerprint")
    auth.service.supported = False
    facts = run(auth.refresh())
    assert not facts.usable and facts.enrolled == ()
    assert auth.service.calls[-1] == ("is_device_supported", {})  # no list asked then


def test_refresh_failure_reads_as_none():
    auth = auth_for()

    async def broken():
        raise TimeoutError("Timeout waiting for invokeMethod")

    auth.service.is_device_supported = broken
    assert not run(auth.refresh()).usable


def test_success_asks_for_biometrics_only_with_use_passcode_as_cancel():
    auth = auth_for()
    assert run(auth.authenticate("Open Repair")) is BiometricOutcome.SUCCESS
    name, args = auth.service.calls[-1]
    assert name == "authenticate" and args["reason"] == "Open Repair"
    assert args["biometric_only"] is True  # the phone's PIN is not a way in
    assert args["android_messages"].cancel_button == USE_PASSCODE
    assert args["ios_messages"].cancel_button == USE_PASSCODE


@pytest.mark.parametrize(("answer", "outcome"), [
    (False, BiometricOutcome.CANCELLED),
    (fake.LocalAuthErrorCode.USER_CANCELED, BiometricOutcome.CANCELLED),
    (fake.LocalAuthErrorCode.USER_REQUESTED_FALLBACK, BiometricOutcome.CANCELLED),
    (fake.LocalAuthErrorCode.NO_BIOMETRICS_ENROLLED, BiometricOutcome.NOT_ENROLLED),
    (fake.LocalAuthErrorCode.NO_BIOMETRIC_HARDWARE, BiometricOutcome.UNSUPPORTED),
    (fake.LocalAuthErrorCode.BIOMETRIC_LOCKOUT, BiometricOutcome.LOCKED_OUT),
    (fake.LocalAuthErrorCode.UNKNOWN_ERROR, BiometricOutcome.FAILED),
])
def test_answers(answer, outcome):
    auth = auth_for("ios")
    auth.service.answer = answer
    assert run(auth.authenticate("Open Repair")) is outcome


def test_the_fake_matches_the_real_package():
    """The fake's names, enum values and authenticate() keywords are the package's."""
    import inspect

    import flet_local_auth as real

    for enum in ("BiometricType", "LocalAuthErrorCode"):
        assert {m.value for m in getattr(real, enum)} == {m.value for m in getattr(fake, enum)}
    real_params = inspect.signature(real.LocalAuthentication.authenticate).parameters
    fake_params = inspect.signature(fake.LocalAuthentication.authenticate).parameters
    assert list(real_params) == list(fake_params)
    for name in ("AndroidAuthMessages", "IOSAuthMessages"):
        real_fields = set(getattr(real, name).__dataclass_fields__)
        assert real_fields == set(getattr(fake, name).__dataclass_fields__)
