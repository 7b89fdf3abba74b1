"""The flet-secure-storage adapter against a boundary fake written from the package's
source, and the kept-key format."""

from __future__ import annotations

import asyncio
import inspect
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from repair_app.core.biometric_unlock import KEPT_KEY_NAME, kept_key_text, parse_kept_key
from repair_app.key_keeper import KeyKeeper

from . import fake_flet_secure_storage as fake


@dataclass
class FakePlatform:
    value: str


@dataclass
class FakePage:
    platform: FakePlatform
    web: bool = False


def run(coroutine):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def keeper(platform: str = "ios") -> KeyKeeper:
    kept = KeyKeeper.for_page(FakePage(FakePlatform(platform)), module=fake)
    assert kept is not None
    return kept


@pytest.mark.parametrize(("platform", "web"), [("android", True), ("ios", True),
                                               ("linux", False), ("windows", False),
                                               ("macos", False)])
def test_not_on_web_or_desktop(platform, web):
    assert KeyKeeper.for_page(FakePage(FakePlatform(platform), web=web), module=fake) is None


def test_keep_read_forget_with_this_device_only_options():
    kept = keeper()
    text = kept_key_text(b"k" * 32, b"i" * 8)
    assert run(kept.keep(text)) is True
    assert run(kept.read()) == text
    name, args = kept.service.calls[0]
    assert name == "set" and args["key"] == KEPT_KEY_NAME
    assert args["ios"].accessibility is fake.KeychainAccessibility.UNLOCKED_THIS_DEVICE
    assert args["ios"].synchronizable is False  # never to iCloud
    run(kept.forget())
    assert run(kept.read()) is None


def test_a_failing_keystore_reads_as_nothing_kept():
    kept = keeper("android")
    kept.service.fail = True
    assert run(kept.keep("v1:x:y")) is False
    assert run(kept.read()) is None
    run(kept.forget())  # no raise


def test_kept_key_format():
    key, key_id = bytes(range(32)), bytes(range(8))
    assert parse_kept_key(kept_key_text(key, key_id)) == (key, key_id)
    for bad in (None, 7, "", "v1:", "v2:AAAA:AAAA", "v1:not base64!:AAAA", "v1:AAAA:AAAA",
                "v1:" + "A" * 44 + ":" + "A" * 12 + ":x", "v1:é:é"):
        assert parse_kept_key(bad) is None


def test_the_fake_matches_the_real_package():
    import flet_secure_storage as real

    assert {m.value for m in real.KeychainAccessibility} == \
        {m.value for m in fake.KeychainAccessibility}
    for method in ("get", "set", "remove", "contains_key"):
        real_params = list(inspect.signature(getattr(real.SecureStorage, method)).parameters)
        fake_params = list(inspect.signature(getattr(fake.SecureStorage, method)).parameters)
        assert real_params == fake_params, method
    for name in ("IOSOptions", "AndroidOptions"):
        fake_fields = set(getattr(fake, name).__dataclass_fields__)
        assert fake_fields <= set(getattr(real, name).__dataclass_fields__)
