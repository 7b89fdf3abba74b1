"""Giving back the memory the start needed once (repair_app/memory_release.py)."""

from __future__ import annotations

import ctypes
import re
import sys

import pytest

from repair_app.memory_release import release_start_memory


def test_the_regex_cache_is_emptied_and_patterns_in_use_keep_working():
    kept = re.compile(r"kept (pattern) \d+")
    assert re.compile(r"kept (pattern) \d+") is kept  # cached
    release_start_memory()
    assert re.compile(r"kept (pattern) \d+") is not kept  # compiled again: the cache is empty
    assert kept.match("kept pattern 42").group(1) == "pattern"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_on_linux_with_glibc_the_c_heap_is_trimmed():
    assert release_start_memory() is True


@pytest.mark.parametrize("platform", ["android", "ios", "darwin", "win32", "emscripten"])
def test_elsewhere_only_the_cache_is_emptied(platform, monkeypatch):
    def no_cdll(*_args, **_kwargs):
        raise AssertionError("no C library is loaded off Linux")

    monkeypatch.setattr(ctypes, "CDLL", no_cdll)
    kept = re.compile(r"elsewhere \w+")
    assert release_start_memory(platform=platform) is False
    assert re.compile(r"elsewhere \w+") is not kept


@pytest.mark.parametrize("failure", [OSError("libc.so.6: cannot open shared object file"),
                                     AttributeError("malloc_trim")])
def test_a_linux_without_glibc_is_fine(failure, monkeypatch):
    """Android's Python reports "linux" before 3.13, and its bionic libc has no
    ``malloc_trim``; musl has none either."""
    def missing(*_args, **_kwargs):
        raise failure

    monkeypatch.setattr(ctypes, "CDLL", missing)
    assert release_start_memory(platform="linux") is False


def test_a_trim_that_fails_is_not_an_error(monkeypatch):
    class Libc:
        @staticmethod
        def malloc_trim(_pad):
            raise ctypes.ArgumentError("bad argument")

    monkeypatch.setattr(ctypes, "CDLL", lambda *_a, **_k: Libc())
    assert release_start_memory(platform="linux") is False
