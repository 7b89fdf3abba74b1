"""Serve first, prepare meanwhile.

A browser needs a second or two to load Flutter's engine before it opens the session
that calls the app's ``main``; a bare Flet app's Python sits idle all that time. Repair
uses it: the web server starts at once, and as soon as it answers requests (so the two
don't share the interpreter while the server starts) a background thread imports the app,
opens the store and builds the first screen once (so the store holds the recent months
and every module the first frame needs is loaded). The session's ``main`` waits for that
thread without blocking the server's event loop, then shows the first screen from memory.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)

Main = Callable[[Any], None]


def prepared(build: Callable[[], Main], *,
             first: Callable[[], object] | None = None) -> Callable[[Any], Awaitable[None]]:
    """An async Flet entry point that runs ``build`` (which returns the real, synchronous
    ``main`` and may prepare it) on a background thread started now, after ``first``
    (e.g. waiting for the server to answer), and calls the real ``main`` once it is
    ready. An error in ``build`` is raised in every session (Flet then shows it)."""
    done = threading.Event()
    result: list[Main] = []
    error: list[BaseException] = []

    def run() -> None:
        try:
            if first is not None:
                first()
            result.append(build())
        except BaseException as exc:  # reported to the session that needs it
            log.exception("preparing the app failed")
            error.append(exc)
        finally:
            done.set()

    threading.Thread(target=run, name="repair-prepare", daemon=True).start()

    async def main(page: Any) -> None:
        if not done.is_set():
            await asyncio.get_running_loop().run_in_executor(None, done.wait)
        if error:
            raise error[0]
        result[0](page)

    main.ready = done  # type: ignore[attr-defined]  # for tests
    return main
