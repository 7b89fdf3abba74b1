"""Phone notifications (Android, iOS) through the optional ``flet-notifications`` package.

The phone's OS scheduler shows them, so they fire with Repair closed: the next
``HORIZON_DAYS`` days of reminders are *armed* ahead (one-shot notifications with stable
ids), again on every start, on every settings change and as days pass. The package is
in Repair's dependencies (pyproject.toml), so `flet build apk|ipa` ships it; where it is
missing or its Dart side isn't there (web, desktop), there is simply no phone adapter and
the chain falls through to the in-app banner.

The package's boundary used here (flet-notifications 0.1.x): ``LocalNotifications`` (an
``ft.Service``) with async ``request_permissions()``, ``are_notifications_enabled()``,
``can_schedule_exact_notifications()``, ``request_exact_alarm_permission()``,
``open_app_notification_settings()``, ``cancel_pending()``, ``schedule(id=, when=,
title=, body=, payload=, schedule_mode=, time_zone=, channel_id=)``, ``show(id=, title=,
body=, payload=, channel_id=)``, the ``AndroidScheduleMode`` enum, ``NotificationError``,
and ``on_tap`` events carrying ``payload``. Permission is asked only when
``core.notification_access`` says so (never here, never at start).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from repair_app.core.notification_access import PhoneFacts, schedule_exactly
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
    """Notifier ("phone") and OS scheduler for one phone session.

    It never asks for permission by itself: :meth:`request` is called only at the moments
    ``core.notification_access`` allows (``notify.access``). On iOS the package would
    otherwise ask while it starts (``request_*_permission`` default to True), so it is
    created with them off and they are turned on just before :meth:`request`."""

    name = "phone"

    def __init__(self, module: Any, service: Any, loop: asyncio.AbstractEventLoop,
                 platform: str = "android") -> None:
        self.module = module
        self.service = service
        self.loop = loop
        self.platform = platform

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
        # Handlers and flags go in at construction: the service registers with the page
        # then, and a field set afterwards would need an update to reach the phone.
        service = module.LocalNotifications(
            app_name="Repair", request_alert_permission=False,
            request_sound_permission=False, request_badge_permission=False,
            on_tap=lambda e: open_route(route_of_payload(getattr(e, "payload", ""))))
        return cls(module, service, page.loop, platform)

    # -- async, on the page's loop -------------------------------------------------------

    async def _flag(self, method: str) -> bool | None:
        try:
            return bool(await getattr(self.service, method)())
        except self.module.NotificationError:
            log.warning("%s failed", method, exc_info=True)
            return None

    async def probe(self) -> PhoneFacts:
        """What the phone allows now, without showing anything."""
        return PhoneFacts(platform=self.platform,
                          enabled=await self._flag("are_notifications_enabled"),
                          exact_alarms=await self._flag("can_schedule_exact_notifications"))

    async def request(self) -> bool:
        """Show the OS dialog (Android 13+, iOS); True if notifications are allowed."""
        if self.platform == "ios":
            self.service.request_alert_permission = True
            self.service.request_sound_permission = True
            self.service.request_badge_permission = True
            self.service.update()  # the Dart side reads them when it asks
        return bool(await self._flag("request_permissions"))

    async def open_settings(self) -> None:
        try:
            await self.service.open_app_notification_settings()
        except self.module.NotificationError:
            log.warning("opening the notification settings failed", exc_info=True)

    async def request_exact(self) -> bool:
        """Android 12+: open the "Alarms & reminders" screen for Repair."""
        return bool(await self._flag("request_exact_alarm_permission"))

    async def arm(self, plan: Sequence[tuple[Occurrence, ReminderMessage]],
                  zone_name: str | None) -> dict[str, str]:
        """Replace every pending notification by ``plan``; returns the armed ones
        (occurrence key -> due instant) so the loop knows the OS will show them.
        Without permission nothing is armed (the app's loop and banner take over);
        without exact alarms they are armed inexactly (may be a few minutes late)."""
        facts = await self.probe()
        if not facts.enabled:
            await self.service.cancel_pending()
            return {}
        mode = (self.module.AndroidScheduleMode.EXACT_ALLOW_WHILE_IDLE
                if schedule_exactly(facts)
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
        if not await self._flag("are_notifications_enabled"):
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
