"""Giving the operating system back the memory that starting up needed only once.

Checking the rule files and building the phrase indexes compiles several hundred regular
expressions. The indexes keep the patterns they use; the rest stay in ``re``'s cache, and
what was freed stays in the C heap, counted in the server's resident memory (issue 14's
memory target). Called once, after the warm-up. Best effort: where the C library has no
``malloc_trim`` (Android, iOS, macOS, Windows) only the cache is emptied.
"""

from __future__ import annotations

import logging
import re
import sys

log = logging.getLogger(__name__)


def release_start_memory(*, platform: str = sys.platform) -> bool:
    """Empty ``re``'s pattern cache and ask glibc to return free heap pages to the OS.
    True if the C library was asked (glibc on Linux), False if only the cache was emptied."""
    re.purge()  # patterns still in use are held by whoever compiled them
    if not platform.startswith("linux"):
        return False
    try:
        import ctypes

        trim = ctypes.CDLL("libc.so.6").malloc_trim  # glibc; absent on Android's bionic
    except (OSError, AttributeError, ImportError):
        return False
    try:
        trim(0)
    except Exception:  # never worth failing for
        log.debug("malloc_trim failed", exc_info=True)
        return False
    return True
