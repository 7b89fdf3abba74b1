"""A stand-in for the ``flet_notifications`` package (0.1.4), faked at its boundary.

Same names, same method signatures (copied from the package's LocalNotifications, so an
argument it doesn't take fails here too), same enum values and error type; instead of
talking to the Dart side it records every call.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum
from typing import Any


class AndroidScheduleMode(str, Enum):  # noqa: UP042 (as the package declares it)
    ALARM_CLOCK = "alarmClock"
    EXACT = "exact"
    EXACT_ALLOW_WHILE_IDLE = "exactAllowWhileIdle"
    INEXACT = "inexact"
    INEXACT_ALLOW_WHILE_IDLE = "inexactAllowWhileIdle"


class GroupAlertBehavior(str, Enum):  # noqa: UP042
    ALL = "all"
    SUMMARY = "summary"
    CHILDREN = "children"


class NotificationError(Exception):
    def __init__(self, code: str, message: str = "") -> None:
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}" if message else code)


@dataclass
class NotificationEvent:
    id: int = 0
    action_id: str = ""
    payload: str = ""
    input: str = ""
    response_type: str = "tap"


class LocalNotifications:
    """Records calls. The phone's side is steered by attributes:

    ``enabled`` (what ``are_notifications_enabled`` answers), ``answer`` (what the person
    taps in the OS dialog: it becomes ``enabled``), ``exact`` (exact alarms allowed),
    ``fail_schedule_ids``. The fields are those of the real ``@ft.control`` dataclass;
    ``request_*_permission`` default to True as there."""

    instances: list[LocalNotifications] = []

    def __init__(self, *, default_icon: str | None = None,
                 request_alert_permission: bool = True, request_sound_permission: bool = True,
                 request_badge_permission: bool = True,
                 request_critical_permission: bool = False, app_name: str | None = None,
                 app_user_model_id: str | None = None, windows_guid: str | None = None,
                 on_tap=None, on_action=None, on_dismissed=None) -> None:
        self.default_icon = default_icon
        self.request_alert_permission = request_alert_permission
        self.request_sound_permission = request_sound_permission
        self.request_badge_permission = request_badge_permission
        self.request_critical_permission = request_critical_permission
        self.app_name = app_name
        self.on_tap = on_tap
        self.on_action = on_action
        self.on_dismissed = on_dismissed
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.enabled = True
        self.answer = True
        self.exact = True
        self.fail_schedule_ids: set[int] = set()
        self.updates = 0
        LocalNotifications.instances.append(self)

    def update(self) -> None:  # ft.BaseControl.update: sends changed fields to the phone
        self.updates += 1
        self.calls.append(("update", {"request_alert_permission": self.request_alert_permission,
                                      "request_sound_permission": self.request_sound_permission,
                                      "request_badge_permission":
                                          self.request_badge_permission}))

    async def request_permissions(self) -> bool:
        self.calls.append(("request_permissions", {}))
        self.enabled = self.answer
        return self.answer

    async def are_notifications_enabled(self) -> bool:
        self.calls.append(("are_notifications_enabled", {}))
        return self.enabled

    async def can_schedule_exact_notifications(self) -> bool:
        self.calls.append(("can_schedule_exact_notifications", {}))
        return self.exact

    async def request_exact_alarm_permission(self) -> bool:
        self.calls.append(("request_exact_alarm_permission", {}))
        return self.exact

    async def open_app_notification_settings(self) -> None:
        self.calls.append(("open_app_notification_settings", {}))

    async def cancel_pending(self) -> None:
        self.calls.append(("cancel_pending", {}))

    async def cancel(self, id: int, tag: str | None = None) -> None:
        self.calls.append(("cancel", {"id": id, "tag": tag}))

    async def show(self, id: int, title: str | None = None, body: str | None = None,
                   payload: str = "", actions: list | None = None, style: Any = None,
                   show_progress: bool = False, max_progress: int = 0, progress: int = 0,
                   indeterminate: bool = False, group_key: str | None = None,
                   set_as_group_summary: bool = False,
                   group_alert_behavior: GroupAlertBehavior = GroupAlertBehavior.ALL,
                   channel_id: str | None = None, options: Any = None) -> None:
        self.calls.append(("show", {"id": id, "title": title, "body": body,
                                    "payload": payload, "channel_id": channel_id}))

    async def schedule(self, id: int, when: datetime | timedelta, title: str | None = None,
                       body: str | None = None, payload: str = "", actions: list | None = None,
                       match_components: Any = None, options: Any = None,
                       schedule_mode: AndroidScheduleMode =
                       AndroidScheduleMode.EXACT_ALLOW_WHILE_IDLE,
                       time_zone: str | None = None, style: Any = None,
                       show_progress: bool = False, max_progress: int = 0, progress: int = 0,
                       indeterminate: bool = False, group_key: str | None = None,
                       set_as_group_summary: bool = False,
                       group_alert_behavior: GroupAlertBehavior = GroupAlertBehavior.ALL,
                       channel_id: str | None = None) -> None:
        if id in self.fail_schedule_ids:
            raise NotificationError("schedule_failed", "exact alarms not permitted")
        self.calls.append(("schedule", {"id": id, "when": when, "title": title, "body": body,
                                        "payload": payload, "schedule_mode": schedule_mode,
                                        "time_zone": time_zone, "channel_id": channel_id,
                                        "match_components": match_components}))
