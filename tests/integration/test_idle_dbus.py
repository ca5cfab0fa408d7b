"""The D-Bus idle, lock, sleep and do-not-disturb adapters against services on a private bus.

The services (tests/dbus_services.py) speak the real protocol over a real
dbus-daemon: method calls, properties and signals go through the bus exactly
as with GNOME, KDE, logind or a notification server.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ergo.core.model import InterruptionSettings
from ergo.desktop.idle_dbus import FREEDESKTOP_SCREENSAVER, Logind, MutterIdle, ScreenSaver
from ergo.desktop.interrupt_dbus import DunstPaused, NotificationsInhibited
from ergo.desktop.select import select_idle, select_interruptions
from ergo.ports import DetectorUnavailable, IdleUnavailable
from tests.dbus_services import (
    NOTIFICATIONS_INTERFACE,
    SCREENSAVER_INTERFACE,
    SESSION,
    SESSION_PATH,
    FakeLogind,
    FakeMutter,
    FakeNotifications,
    FakeScreenSaver,
    start_bus,
)
from tests.idle_fakes import Signals
from tests.missing import unavailable

if shutil.which("dbus-daemon") is None:
    unavailable("dbus-daemon is missing (see .ci/run)", module=True)


@pytest.fixture
def buses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """A private session bus and a private system bus, in this process's environment."""
    session, session_address = start_bus(tmp_path, "session")
    system, system_address = start_bus(tmp_path, "system")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_address)
    monkeypatch.setenv("DBUS_SYSTEM_BUS_ADDRESS", system_address)
    yield session_address, system_address
    for process in (session, system):
        process.kill()
        process.wait()


def test_mutter_reports_idle_time_and_signals_the_threshold_and_the_return(buses):
    mutter = FakeMutter(buses[0]).start()
    monitor = MutterIdle()
    signals = Signals()
    monitor.start(60.0, signals)
    try:
        assert list(mutter.idle_watches.values()) == [60_000]
        mutter.go_idle(61_500)
        signals.wait_for("idle")
        assert monitor.idle_seconds() == 61.5
        # Reading past the threshold arms a user-active watch, once.
        monitor.idle_seconds()
        assert len(mutter.active_watches) == 1
        mutter.input()
        signals.wait_for("input")
        assert monitor.idle_seconds() == 0.0
        assert monitor.locked() is None
    finally:
        monitor.close()
        mutter.stop()


def test_a_new_threshold_moves_mutters_idle_watch(buses):
    mutter = FakeMutter(buses[0]).start()
    monitor = MutterIdle()
    signals = Signals()
    monitor.start(60.0, signals)
    try:
        monitor.rearm(20.0)
        assert list(mutter.idle_watches.values()) == [20_000]
        mutter.go_idle(21_000)
        signals.wait_for("idle")
        assert signals.seen == ["idle"]
    finally:
        monitor.close()
        mutter.stop()


def test_the_freedesktop_screensaver_gives_idle_milliseconds_and_lock_changes(buses):
    saver = FakeScreenSaver(buses[0]).start()
    monitor = ScreenSaver(FREEDESKTOP_SCREENSAVER)
    signals = Signals()
    monitor.start(60.0, signals)
    try:
        saver.idle_ms = 12_345
        assert monitor.idle_seconds() == 12.345
        assert monitor.locked() is False
        saver.lock(True)
        signals.wait_for("lock")
        assert monitor.locked() is True
    finally:
        monitor.close()
        saver.stop()


def test_logind_gives_the_session_lock_and_idle_hints_and_sleep_signals(buses):
    logind = FakeLogind(buses[1]).start()
    monitor = Logind({"XDG_SESSION_ID": "2"})
    signals = Signals()
    monitor.start(60.0, signals)
    try:
        assert monitor.locked() is False
        assert monitor.idle_seconds() == 0.0
        logind.set_session("LockedHint", True)
        signals.wait_for("lock")
        assert monitor.locked() is True
        since = int((time.monotonic() - 300) * 1e6)
        logind.objects[SESSION_PATH][(SESSION, "IdleSinceHintMonotonic")] = ("t", since)
        logind.set_session("IdleHint", True)
        signals.wait_for("idle")
        assert 299 < monitor.idle_seconds() < 310
        logind.sleep(True)
        signals.wait_for("sleep")
        logind.sleep(False)
        signals.wait_for("resume")
    finally:
        monitor.close()
        logind.stop()


def test_logind_without_a_session_for_ergo_still_reports_sleep(buses):
    logind = FakeLogind(buses[1]).start()
    try:
        monitor = Logind({"XDG_SESSION_ID": "99"})
        assert monitor.session is None
        assert monitor.signals == {"sleep", "resume"}
        assert monitor.locked() is None
        with pytest.raises(IdleUnavailable, match="no logind session"):
            monitor.idle_seconds()
        monitor.close()
    finally:
        logind.stop()


def test_selection_combines_mutter_idle_with_logind_lock_and_sleep(buses, monkeypatch):
    mutter = FakeMutter(buses[0]).start()
    logind = FakeLogind(buses[1]).start()
    try:
        choice = select_idle(env={"XDG_SESSION_ID": "2"}, platform="linux")
        monitor = choice.adapter
        assert monitor.name == "mutter + logind"
        assert monitor.signals == {"input", "idle", "lock", "sleep", "resume"}
        assert {r.name for r in choice.rejected} == {"lock screensaver", "lock gnome-screensaver"}
        assert all("nothing provides" in r.reason for r in choice.rejected)
        assert choice.limits == ()
        logind.set_session("LockedHint", True)
        assert monitor.locked() is True
        monitor.close()
    finally:
        mutter.stop()
        logind.stop()


def test_selection_lists_a_reason_for_every_source_it_could_not_use(buses):
    choice = select_idle(env={}, platform="linux")
    assert choice.adapter.name == "none"
    reasons = {r.name: r.reason for r in choice.rejected}
    assert reasons["idle mutter"] == (
        "nothing provides org.gnome.Mutter.IdleMonitor on the session bus")
    assert reasons["idle x11"] == "no X display (DISPLAY is not set)"
    assert "org.freedesktop.login1" in reasons["sleep logind"]
    assert any("no idle time" in limit for limit in choice.limits)
    with pytest.raises(IdleUnavailable):
        choice.adapter.idle_seconds()


def test_do_not_disturb_follows_the_notification_servers_inhibited_property(buses):
    server = FakeNotifications(buses[0]).start()
    try:
        detector = NotificationsInhibited()
        assert detector.check() is None
        server.set(NOTIFICATIONS_INTERFACE, "Inhibited", True)
        assert detector.check() == "do not disturb is on"
        detector.close()
    finally:
        server.stop()


def test_a_server_without_the_inhibited_property_is_named_in_the_reason(buses):
    server = FakeNotifications(buses[0], inhibited_property=False).start()
    try:
        with pytest.raises(DetectorUnavailable, match="fake-notifyd has no Inhibited property"):
            NotificationsInhibited()
        detectors = select_interruptions(
            InterruptionSettings(meetings=False, fullscreen=False), env={}, platform="linux")
        assert detectors.active == ()
        assert dict(detectors.unavailable)["dunst-paused"].startswith(
            "fake-notifyd has no paused property")
        assert detectors.off == ("meetings", "fullscreen")
    finally:
        server.stop()


def test_without_a_notification_server_do_not_disturb_cannot_be_read(buses):
    with pytest.raises(DetectorUnavailable, match="no notification server is running"):
        DunstPaused()


def test_on_kde_wayland_idle_comes_from_the_compositor_and_the_lock_from_the_screensaver(
    buses, tmp_path
):
    from tests.wayland_fakes import FakeCompositor

    saver = FakeScreenSaver(buses[0])
    # KWin on Wayland answers GetSessionIdleTime with an error but GetActive works.
    del saver.methods[(SCREENSAVER_INTERFACE, "GetSessionIdleTime")]
    saver.start()
    compositor = FakeCompositor(tmp_path, {"wl_seat": 7, "ext_idle_notifier_v1": 1})
    try:
        choice = select_idle(env=compositor.env, platform="linux")
        monitor = choice.adapter
        assert monitor.name == "ext-idle-notify + screensaver"
        assert monitor.signals == {"input", "idle", "lock"}
        assert "lock screensaver" not in {r.name for r in choice.rejected}
        saver.lock(True)
        assert monitor.locked() is True
        monitor.close()
        forced = select_idle(env={**compositor.env, "ERGO_IDLE": "screensaver"},
                             platform="linux")
        reasons = {r.name: r.reason for r in forced.rejected}
        assert "GetSessionIdleTime" in reasons["idle screensaver"]
        assert forced.adapter.name == "none + screensaver"
        forced.adapter.close()
    finally:
        saver.stop()
        compositor.close()
