"""Notification permission on a phone: what the OS says, what Repair asked, and the asking.

The rules (when to ask, what Settings says) are in ``repair_app.core.notification_access``;
this is the thin part that talks to the phone adapter and keeps the answer in the store
(table ``notification_access``), so a refusal is still respected after a restart.

All ``async`` methods run on the page's event loop (Flet handlers can await them).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from repair_app.core.clock import Clock
from repair_app.core.notification_access import (
    AccessAction,
    AccessNotice,
    AccessRecord,
    AccessStatus,
    AskMoment,
    PhoneFacts,
    access_notice,
    access_status,
    may_ask,
)
from repair_app.store import DocumentRepository, Store, StoreWriteError

if TYPE_CHECKING:
    from .mobile import PhoneNotifications

log = logging.getLogger(__name__)

ACCESS_TABLE = "notification_access"

Listener = Callable[[], None]


class NotificationAccess:
    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self.phone: PhoneNotifications | None = None
        self.facts = PhoneFacts()
        self.listeners: list[Listener] = []
        #: Called after an answer or a change seen on return (re-arm the reminders).
        self.on_change: Callable[[], None] | None = None
        self._documents = DocumentRepository(store, ACCESS_TABLE)

    # -- reading -----------------------------------------------------------------------------

    @property
    def record(self) -> AccessRecord:
        try:
            return AccessRecord.from_document(self._documents.load())
        except Exception:  # an unreadable table reads as "never asked"
            log.warning("reading the notification answer failed", exc_info=True)
            return AccessRecord()

    def status(self) -> AccessStatus:
        return access_status(self.facts, self.record)

    def notice(self) -> AccessNotice | None:
        return access_notice(self.facts, self.record)

    def would_ask(self, moment: AskMoment, *, reminders_on: bool) -> bool:
        """Whether the UI should offer to ask now (then call :meth:`ask`)."""
        return self.phone is not None and may_ask(self.status(), moment,
                                                  reminders_on=reminders_on)

    # -- talking to the phone --------------------------------------------------------------

    def attach(self, phone: PhoneNotifications) -> None:
        self.phone = phone
        self.facts = PhoneFacts(platform=phone.platform)

    async def refresh(self) -> AccessNotice | None:
        """Ask the phone (no dialog) what is allowed now: at start, on coming back to the
        app (the person may have changed it in the phone's settings), after answers."""
        phone = self.phone
        if phone is None:
            return None
        before = self.facts
        self.facts = await phone.probe()
        if self.facts != before:
            self._changed()
        return self.notice()

    async def ask(self, moment: AskMoment, *, reminders_on: bool = True) -> AccessNotice | None:
        """Show the OS dialog if the rules allow it now, keep the answer, re-arm."""
        phone = self.phone
        if phone is None or not may_ask(self.status(), moment, reminders_on=reminders_on):
            return self.notice()
        granted = await phone.request()
        try:
            self._documents.save(self.record.answered(granted, self.clock.now()).to_document())
        except StoreWriteError:  # the OS keeps the answer anyway; only our count is lost
            log.warning("couldn't keep the notification answer", exc_info=True)
        self.facts = await phone.probe()
        self._changed()
        return self.notice()

    async def act(self, action: AccessAction) -> AccessNotice | None:
        """A button from the Settings notice."""
        phone = self.phone
        if phone is None:
            return None
        if action is AccessAction.ASK:
            return await self.ask(AskMoment.SETTINGS_BUTTON)
        if action is AccessAction.OPEN_SETTINGS:
            await phone.open_settings()
        elif action is AccessAction.ALLOW_EXACT:
            await phone.request_exact()
        return await self.refresh()  # often unchanged until the person comes back

    def _changed(self) -> None:
        if self.on_change is not None:
            try:
                self.on_change()
            except Exception:
                log.warning("re-arming after a permission change failed", exc_info=True)
        for listener in list(self.listeners):
            try:
                listener()
            except Exception:  # a Settings card no longer on screen: forget it
                self.listeners.remove(listener)
