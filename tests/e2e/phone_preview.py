"""Run Repair in web mode as if it were the phone app, for looking at the phone-only
screens in a real browser: the permission question, Settings' notification line, the
fingerprint switch and the lock screen's fingerprint button.

The phone's side is the boundary fakes of tests/notify and tests/device (written from the
packages' source), so this shows OUR screens with a phone's answers; it proves nothing
about the phone's side itself. Environment: PREVIEW_NOTIFICATIONS_ENABLED (0/1),
PREVIEW_EXACT_ALARMS (0/1), PREVIEW_PERMISSION_ANSWER (0/1), PREVIEW_ENROLLED ("" or
"fingerprint", "face").

    python tests/e2e/phone_preview.py --web --port 8551 --data-dir /tmp/x
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from device import fake_flet_local_auth, fake_flet_secure_storage  # noqa: E402
from notify import fake_flet_notifications  # noqa: E402

import repair_app.device_auth as device_auth  # noqa: E402
import repair_app.key_keeper as key_keeper  # noqa: E402
import repair_app.notify.mobile as mobile  # noqa: E402
from repair_app.__main__ import main  # noqa: E402


def flag(name: str, default: str) -> bool:
    return os.environ.get(name, default) == "1"


#: The phone's own settings: one per phone, not one per window. A reload opens a new
#: session with a new LocalNotifications; it must find what the OS dialog was answered
#: (a per-session flag read a "yes" as turned off again, and Settings said "blocked"
#: whenever the new session's look at the phone came before the test read the line).
PHONE = {"enabled": flag("PREVIEW_NOTIFICATIONS_ENABLED", "0"),
         "exact": flag("PREVIEW_EXACT_ALARMS", "1")}


class PreviewNotifications(fake_flet_notifications.LocalNotifications):
    def __init__(self, **kwargs) -> None:
        phone = dict(PHONE)
        super().__init__(**kwargs)  # sets its own defaults: the phone keeps its own
        PHONE.update(phone)
        self.answer = flag("PREVIEW_PERMISSION_ANSWER", "1")

    enabled = property(lambda self: PHONE["enabled"],
                       lambda self, value: PHONE.__setitem__("enabled", value))
    exact = property(lambda self: PHONE["exact"],
                     lambda self, value: PHONE.__setitem__("exact", value))


class PreviewAuth(fake_flet_local_auth.LocalAuthentication):
    def __init__(self) -> None:
        super().__init__()
        names = [n for n in os.environ.get("PREVIEW_ENROLLED", "fingerprint").split(",") if n]
        self.enrolled = [fake_flet_local_auth.BiometricType(n) for n in names]


notifications_module = SimpleNamespace(
    LocalNotifications=PreviewNotifications,
    AndroidScheduleMode=fake_flet_notifications.AndroidScheduleMode,
    NotificationError=fake_flet_notifications.NotificationError)
auth_module = SimpleNamespace(**{n: getattr(fake_flet_local_auth, n)
                                 for n in dir(fake_flet_local_auth) if not n.startswith("_")})
auth_module.LocalAuthentication = PreviewAuth


def as_phone(page):
    return SimpleNamespace(platform=SimpleNamespace(value="android"), web=False,
                           loop=page.loop)


def patch(cls, module) -> None:
    original = cls.for_page.__func__

    def for_page(klass, page, *args, **kwargs):
        kwargs["module"] = module
        return original(klass, as_phone(page), *args, **kwargs)

    cls.for_page = classmethod(for_page)


patch(mobile.PhoneNotifications, notifications_module)
patch(device_auth.DeviceAuth, auth_module)
patch(key_keeper.KeyKeeper, fake_flet_secure_storage)

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
