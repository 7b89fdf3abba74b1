"""Keep what is being typed without writing to disk on every keystroke.

A change is saved at once if the last save was at least ``every`` seconds ago (by the
Clock's monotonic time). Otherwise one save is scheduled for ``every`` seconds later (on
the page's loop, when the caller passes ``later``), and the field losing focus or a step
change saves at once (:meth:`Autosave.flush`). So a crash loses at most the last couple
of seconds of typing, and a phone doesn't write its storage forty times a minute.

Handlers may run on Flet's worker threads while the scheduled save runs on the loop: a
lock makes each save take the latest state, and a change made during a save keeps the
state unsaved until it is written too.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any

from repair_app.core.clock import Clock

AUTOSAVE_SECONDS = 2.0

#: Runs a coroutine function later on the page's loop (``page.run_task``).
Later = Callable[[Callable[[], Awaitable[None]]], Any]


class Autosave:
    def __init__(self, clock: Clock, save: Callable[[], bool],
                 every: float = AUTOSAVE_SECONDS) -> None:
        self._clock = clock
        self._save = save  # saves the latest state; False when it failed (and said so)
        self._every = every
        self._lock = threading.Lock()
        self._last: float | None = None
        self._changes = 0
        self._saved = 0
        self._pending = False

    @property
    def dirty(self) -> bool:
        return self._changes != self._saved

    def mark(self) -> None:
        """Something changed that the next flush must write."""
        self._changes += 1

    def forget(self) -> None:
        """What changed was saved another way (or deliberately dropped)."""
        self._saved = self._changes

    def changed(self, later: Later | None = None) -> None:
        self.mark()
        now = self._clock.monotonic()
        if self._last is None or now - self._last >= self._every:
            self.flush()
        elif later is not None and not self._pending:
            self._pending = True
            later(self._flush_soon)

    async def _flush_soon(self) -> None:
        await asyncio.sleep(self._every)
        self._pending = False
        self.flush()

    def flush(self) -> bool:
        """Save now if anything changed; False if the save failed."""
        with self._lock:
            target = self._changes
            if target == self._saved:
                return True
            self._last = self._clock.monotonic()
            if not self._save():
                return False
            self._saved = max(self._saved, target)
            return True


def later_for(control: Any) -> Later | None:
    """The page's ``run_task`` for a control on a page; None outside one (tests)."""
    try:
        page = control.page
    except RuntimeError:  # not on a page
        return None
    return page.run_task if page is not None else None
