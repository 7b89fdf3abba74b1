"""Keep what is being typed without writing to disk on every keystroke.

A change is saved at once if the last save was at least ``every`` seconds ago (by the
Clock's monotonic time), otherwise it waits for the next change, the field losing focus,
or a step change, which call :meth:`Autosave.flush`. So a crash loses at most the last
couple of seconds of typing, and a phone doesn't write its storage forty times a minute.
"""

from __future__ import annotations

from collections.abc import Callable

from repair_app.core.clock import Clock

AUTOSAVE_SECONDS = 2.0


class Autosave:
    def __init__(self, clock: Clock, save: Callable[[], bool], every: float = AUTOSAVE_SECONDS):
        self._clock = clock
        self._save = save  # returns False when the save failed (it has told the user)
        self._every = every
        self._last: float | None = None
        self.dirty = False

    def changed(self) -> None:
        self.dirty = True
        now = self._clock.monotonic()
        if self._last is None or now - self._last >= self._every:
            self.flush()

    def flush(self) -> bool:
        """Save now if anything changed; False if the save failed."""
        if not self.dirty:
            return True
        self._last = self._clock.monotonic()
        if self._save():
            self.dirty = False
            return True
        return False
