"""The notifier chain falls through failing adapters and records which one delivered."""

from __future__ import annotations

import subprocess
import warnings

from repair_app.core.reminders import ReminderKind, message_for
from repair_app.notify.base import NotifierChain, NotifierUnavailable
from repair_app.notify.desktop import PlyerNotifier, linux_probe
from repair_app.notify.in_app import InAppNotifier

from .conftest import RecordingNotifier, RecordingSink, unavailable

MESSAGE = message_for(ReminderKind.MORNING, discreet=True, key="morning:2026-11-23")


def plyer_without_backend(**_kwargs):
    """What plyer does on a Linux box with neither dbus-python nor notify-send."""
    warnings.warn("notify-send not found.", stacklevel=1)
    raise NotImplementedError("No usable implementation found!")


def test_plyer_raising_falls_through_to_the_in_app_banner():
    sink = RecordingSink()
    desktop = PlyerNotifier(notify=plyer_without_backend, probe=lambda: None)
    delivery = NotifierChain([desktop, InAppNotifier([sink])]).deliver(MESSAGE)
    assert delivery.via == "in-app"
    assert sink.shown == [MESSAGE]
    assert "no notification backend" in delivery.problems["desktop"]
    assert "notify-send not found" in delivery.problems["desktop"]


def test_plyer_silent_is_detected_by_the_probe_and_falls_through():
    calls = []
    desktop = PlyerNotifier(notify=lambda **kw: calls.append(kw),  # returns, shows nothing
                            probe=lambda: "no notification service is running on this desktop")
    sink = RecordingSink()
    delivery = NotifierChain([desktop, InAppNotifier([sink])]).deliver(MESSAGE)
    assert calls == []  # not even tried: it would have been silent
    assert delivery.via == "in-app"
    assert delivery.problems == {"desktop": "no notification service is running on this desktop"}


def test_plyer_working_delivers_with_the_discreet_words():
    calls = []
    delivery = NotifierChain([PlyerNotifier(notify=lambda **kw: calls.append(kw),
                                            probe=lambda: None),
                              InAppNotifier([RecordingSink()])]).deliver(MESSAGE)
    assert delivery.via == "desktop" and delivery.problems == {}
    assert calls == [{"title": "Repair", "message": "A moment for you", "app_name": "Repair",
                      "timeout": 10}]


def test_mobile_unavailable_then_desktop_raising_then_banner():
    phone = RecordingNotifier(name="phone", fail_with=NotifierUnavailable(
        "notifications for Repair are turned off in the phone's settings"))
    desktop = RecordingNotifier(fail_with=RuntimeError("dbus exploded"))
    sink = RecordingSink()
    delivery = NotifierChain([phone, desktop, InAppNotifier([sink])]).deliver(MESSAGE)
    assert delivery.via == "in-app"
    assert set(delivery.problems) == {"phone", "desktop"}
    assert delivery.problems["desktop"] == "RuntimeError: dbus exploded"


def test_nothing_can_show_it_reports_every_reason_and_never_raises():
    delivery = NotifierChain([unavailable(), InAppNotifier([])]).deliver(MESSAGE)
    assert not delivery.delivered and delivery.via is None
    assert delivery.problems["in-app"] == "Repair isn't open in any window"


def test_in_app_shows_in_every_open_window_and_forgets_closed_ones():
    open_a, open_b, closed = RecordingSink(), RecordingSink(), RecordingSink(alive=False)
    in_app = InAppNotifier([open_a, closed, open_b])
    in_app.deliver(MESSAGE)
    assert open_a.shown == open_b.shown == [MESSAGE]
    assert in_app.open_windows == 2
    in_app.detach(open_a)
    in_app.detach(open_b)
    try:
        in_app.deliver(MESSAGE)
    except NotifierUnavailable as error:
        assert "isn't open" in str(error)
    else:
        raise AssertionError("expected NotifierUnavailable")


def test_plyer_missing_library_is_unavailable_not_a_crash():
    def missing(**_kw):
        raise ImportError("No module named 'pyobjus'")

    delivery = NotifierChain([PlyerNotifier(notify=missing, probe=lambda: None)]).deliver(MESSAGE)
    assert "pyobjus" in delivery.problems["desktop"]


# -- the Linux probe ------------------------------------------------------------------------

def completed(code: int):
    return subprocess.CompletedProcess(args=[], returncode=code, stdout=b"", stderr=b"")


def test_probe_without_a_session_bus(tmp_path):
    assert linux_probe(environ={}, uid=999_999) == "no desktop session was found"


def test_probe_asks_the_bus_for_a_notification_service():
    seen = []

    def run(command, **kwargs):
        seen.append((command, kwargs["env"]["DBUS_SESSION_BUS_ADDRESS"]))
        return completed(1)

    env = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/bus"}
    problem = linux_probe(environ=env, which=lambda name: f"/usr/bin/{name}", run=run)
    assert problem == "no notification service is running on this desktop"
    assert seen[0][0][:2] == ["gdbus", "call"]
    assert "org.freedesktop.Notifications.GetServerInformation" in seen[0][0]
    assert linux_probe(environ=env, which=lambda n: f"/usr/bin/{n}",
                       run=lambda *a, **k: completed(0)) is None


def test_probe_falls_back_to_dbus_send_and_survives_a_hang():
    def hang(command, **kwargs):
        assert command[0] == "dbus-send"
        raise subprocess.TimeoutExpired(command, 3)

    env = {"DBUS_SESSION_BUS_ADDRESS": "unix:path=/tmp/bus"}
    which = {"dbus-send": "/usr/bin/dbus-send"}.get
    assert linux_probe(environ=env, which=which, run=hang) == (
        "the desktop's notification service did not answer")
    assert linux_probe(environ=env, which=lambda _n: None, run=hang) is None  # can't ask


def test_real_plyer_on_this_machine_falls_through_without_a_crash():
    """Whatever this machine has (here: no session bus, no backend), nothing raises."""
    sink = RecordingSink()
    delivery = NotifierChain([PlyerNotifier(), InAppNotifier([sink])]).deliver(MESSAGE)
    assert delivery.delivered
    if delivery.via == "in-app":
        assert delivery.problems["desktop"]


def test_pause_over_goes_to_the_os_notifiers_only_and_discreetly(store, clock):
    from repair_app.notify.service import ReminderService

    desktop = RecordingNotifier()
    service = ReminderService(store, clock, desktop=desktop)
    delivery = service.notify_pause_over(discreet=True)
    assert delivery.delivered
    assert [(m.title, m.body, m.route) for m in desktop.shown] == [
        ("Repair", "A moment for you", "/pause")]


def test_pause_over_never_raises_when_no_os_notifier_works(store, clock):
    from repair_app.notify.service import ReminderService

    service = ReminderService(store, clock, desktop=unavailable("no backend"))
    delivery = service.notify_pause_over(discreet=False)
    assert not delivery.delivered  # the pause screen's own banner still says it
