"""Phone notifications (Android, iOS) through the optional ``flet-notifications`` package.

The phone's OS scheduler shows them, so they fire with Repair closed: the next
``HORIZON_DAYS`` days of reminders are *armed* ahead (one-shot notifications with stable
ids), again on every start, on every settings change and as days pass. Install with
``pip install "repair-app[mobile]"``; a build without the package simply has no phone
adapter (the chain falls through to the in-app banner).

The package's boundary used here (flet-notifications 0.1.x): ``LocalNotifications`` (an
``ft.Service``) with async ``request_permissions()``, ``can_schedule_exact_notifications()``,
``cancel_pending()``, ``schedule(id=, when=, title=, body=, payload=, schedule_mode=,
time_zone=, channel_id=)``, ``show(id=, title=, body=, payload=, channel_id=)``, the
``AndroidScheduleMode`` enum, ``NotificationError``, and ``on_tap`` events carrying ``payload``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from repair_app.core.reminders import (
    KIND_NUMBER,
    TODAY_ROUTE,
    Occurrence,
    ReminderKind,
    ReminderMessage,
)

from .base import NotifierUnavailable

log = logging.getLogger(__name__)

CHANNEL_ID = "repair-reminders"
HORIZON_DAYS = 14  # 2 daily reminders x 14 days + 2 weekly = 30 pending (iOS allows 64)
TEST_NOTIFICATION_ID = 1
CALL_TIMEOUT = 30.0


def payload_for(message: ReminderMessage) -> str:
    return json.dumps({"route": message.route, "key": message.key}, separators=(",", ":"))


def route_of_payload(payload: str | None) -> str:
    """Where a tapped notification should open; anything odd opens Today."""
    try:
        route = json.loads(payload or "").get("route")
    except (ValueError, AttributeError):
        return TODAY_ROUTE
    return route if isinstance(route, str) and route.startswith("/") else TODAY_ROUTE


def notification_id_for(message: ReminderMessage) -> int:
    try:
        kind, day = message.key.split(":", 1)
        parsed = date.fromisoformat(day)
        number = KIND_NUMBER[ReminderKind(kind)]
    except (ValueError, KeyError):
        return TEST_NOTIFICATION_ID
    return (parsed.year * 10000 + parsed.month * 100 + parsed.day) * 10 + number


def import_flet_notifications() -> Any | None:
    try:
        import flet_notifications
    except ImportError:
        return None
    return flet_notifications


class PhoneNotifications:
    """Notifier ("phone") and OS scheduler for one phone session."""

    name = "phone"

    def __init__(self, module: Any, service: Any, loop: asyncio.AbstractEventLoop) -> None:
        self.module = module
        self.service = service
        self.loop = loop
        self._permitted: bool | None = None

    @classmethod
    def for_page(cls, page: Any, open_route: Callable[[str], None],
                 module: Any | None = None) -> PhoneNotifications | None:
        """The phone adapter when running as an Android/iOS app with the package, else None."""
        platform = str(getattr(getattr(page, "platform", None), "value", "") or "")
        if getattr(page, "web", False) or platform not in ("android", "ios"):
            return None
        module = module or import_flet_notifications()
        if module is None:
            return None
        service = module.LocalNotifications(app_name="Repair")
        service.on_tap = lambda e: open_route(route_of_payload(getattr(e, "payload", "")))
        return cls(module, service, page.loop)

    # -- async, on the page's loop -------------------------------------------------------

    async def ensure_permission(self) -> bool:
        if self._permitted is None:
            try:
                self._permitted = bool(await self.service.request_permissions())
            except self.module.NotificationError:
                log.warning("notification permission request failed", exc_info=True)
                self._permitted = False
        return self._permitted

    async def arm(self, plan: Sequence[tuple[Occurrence, ReminderMessage]],
                  zone_name: str | None) -> dict[str, str]:
        """Replace every pending notification by ``plan``; returns the armed ones
        (occurrence key -> due instant) so the loop knows the OS will show them."""
        if not await self.ensure_permission():
            await self.service.cancel_pending()
            return {}
        try:
            exact = bool(await self.service.can_schedule_exact_notifications())
        except self.module.NotificationError:
            exact = False
        mode = (self.module.AndroidScheduleMode.EXACT_ALLOW_WHILE_IDLE if exact
                else self.module.AndroidScheduleMode.INEXACT_ALLOW_WHILE_IDLE)
        await self.service.cancel_pending()
        armed: dict[str, str] = {}
        for occurrence, message in plan:
            try:
                await self.service.schedule(
                    id=occurrence.notification_id, when=occurrence.due, title=message.title,
                    body=message.body, payload=payload_for(message), schedule_mode=mode,
                    time_zone=zone_name, channel_id=CHANNEL_ID)
            except self.module.NotificationError:
                log.warning("scheduling %s failed", occurrence.key, exc_info=True)
                continue
            armed[occurrence.key] = occurrence.due.isoformat()
        return armed

    async def show_now(self, message: ReminderMessage) -> None:
        if not await self.ensure_permission():
            raise NotifierUnavailable(
                "notifications for Repair are turned off in the phone's settings")
        try:
            await self.service.show(id=notification_id_for(message), title=message.title,
                                    body=message.body, payload=payload_for(message),
                                    channel_id=CHANNEL_ID)
        except self.module.NotificationError as error:
            raise NotifierUnavailable(f"the phone refused the notification ({error})") \
                from error

    # -- from worker threads -------------------------------------------------------------

    def run(self, coroutine, timeout: float = CALL_TIMEOUT):
        """Run one of the async calls above on the page's loop and wait for it."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is self.loop:
            coroutine.close()
            raise RuntimeError("PhoneNotifications.run must be called from a worker thread")
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def deliver(self, message: ReminderMessage) -> None:
        self.run(self.show_now(message))
