"""The in-app banner: shown in every open Repair window or browser tab."""

from __future__ import annotations

import logging
import threading

from repair_app.core.reminders import BannerSink, ReminderMessage

from .base import NotifierUnavailable

log = logging.getLogger(__name__)


class InAppNotifier:
    name = "in-app"

    def __init__(self, sinks: list[BannerSink] | None = None) -> None:
        self._sinks: list[BannerSink] = list(sinks or [])
        self._guard = threading.Lock()

    def attach(self, sink: BannerSink) -> None:
        with self._guard:
            if sink not in self._sinks:
                self._sinks.append(sink)

    def detach(self, sink: BannerSink) -> None:
        with self._guard:
            if sink in self._sinks:
                self._sinks.remove(sink)

    @property
    def open_windows(self) -> int:
        with self._guard:
            return len(self._sinks)

    def deliver(self, message: ReminderMessage) -> None:
        with self._guard:
            sinks = list(self._sinks)
        if not sinks:
            raise NotifierUnavailable("Repair isn't open in any window")
        shown = 0
        for sink in sinks:
            try:
                ok = sink.show_banner(message)
            except Exception:  # a closed tab or a dead session: forget it
                log.info("dropping a banner sink that failed", exc_info=True)
                ok = False
            if ok:
                shown += 1
            else:
                self.detach(sink)
        if not shown:
            raise NotifierUnavailable("no open Repair window could show it")
