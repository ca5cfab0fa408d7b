"""ergo's Wayland idle source and wlroots full-screen detector against a fake event stream.

The fake compositor (tests/wayland_fakes.py) speaks the wire format over a
real Unix socket; the tests script its events. Real compositors are in
tests/wayland/.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from ergo.core.events import BreakEnded, BreakStarted
from ergo.desktop.idle_wayland import WaylandIdle
from ergo.desktop.interrupt_wayland import ACTIVATED, FULLSCREEN, FullscreenWlroots
from ergo.ports import DetectorUnavailable, IdleUnavailable
from ergo.runtime.idle_watch import SIGNAL_FALLBACK, IdleWatch
from tests.idle_fakes import Signals, SimClock
from tests.waiting import wait_until
from tests.wayland_fakes import FakeCompositor

MAXIMIZED = 0


@pytest.fixture
def compositor_factory(tmp_path: Path) -> Iterator:
    made: list[FakeCompositor] = []

    def make(**globals_: int) -> FakeCompositor:
        folder = tmp_path / str(len(made))
        folder.mkdir()
        made.append(FakeCompositor(folder, globals_))
        return made[-1]

    yield make
    for compositor in made:
        compositor.close()


def test_ext_idle_notify_is_armed_at_the_break_threshold_and_idled_and_resumed_signal(
    compositor_factory,
):
    compositor = compositor_factory(wl_seat=7, ext_idle_notifier_v1=1, org_kde_kwin_idle=1)
    clock = SimClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    monitor = WaylandIdle(compositor.env, monotonic=clock.monotonic)
    assert monitor.name == "ext-idle-notify"
    signals = Signals()
    monitor.start(90.0, signals)
    try:
        timeout, seat = compositor.wait_for_request("get_idle_notification")
        assert timeout == 90_000
        assert compositor.bound[seat] == "wl_seat"
        assert monitor.idle_seconds() == 0.0
        compositor.idled()
        signals.wait_for("idle")
        assert signals.seen == ["idle"]
        assert monitor.idle_seconds() == 90.0
        clock.advance(30)
        assert monitor.idle_seconds() == 120.0
        compositor.resumed()
        signals.wait_for("input")
        assert signals.seen == ["idle", "input"]
        assert monitor.idle_seconds() == 0.0
        assert monitor.locked() is None
    finally:
        monitor.close()


@pytest.mark.parametrize("protocol, notification, request_name", [
    ("ext_idle_notifier_v1", "ext_idle_notification_v1", "get_idle_notification"),
    ("org_kde_kwin_idle", "org_kde_kwin_idle_timeout", "get_idle_timeout"),
])
def test_a_new_threshold_replaces_the_notification_but_not_during_a_break(
    compositor_factory, protocol, notification, request_name
):
    compositor = compositor_factory(wl_seat=7, **{protocol: 1})
    clock = SimClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    monitor = WaylandIdle(compositor.env, monotonic=clock.monotonic)
    signals = Signals()
    monitor.start(90.0, signals)
    try:
        assert compositor.wait_for_request(request_name)[0] == 90_000
        first = compositor.notification
        monitor.rearm(30.0)
        wait_until(lambda: compositor.notification != first)
        assert compositor.wait_for_request(request_name)[0] == 30_000
        assert [kind for kind, _, _ in compositor.requests].count(f"{notification}#0") == 1
        compositor.idled()
        signals.wait_for("idle")
        assert monitor.idle_seconds() == 30.0
        # Away: the notification that saw the break stays, to say when it ends.
        monitor.rearm(45.0)
        clock.advance(10)
        assert monitor.idle_seconds() == 40.0
        compositor.resumed()
        signals.wait_for("input")
        wait_until(lambda: compositor.wait_for_request(request_name)[0] == 45_000)
        asked = [kind for kind, _, _ in compositor.requests]
        assert asked.count(request_name) == 3 and asked.count(f"{notification}#0") == 2
        assert monitor.idle_seconds() == 0.0
    finally:
        monitor.close()


def test_the_watcher_rearms_the_monitor_when_the_threshold_changes(compositor_factory):
    compositor = compositor_factory(wl_seat=7, ext_idle_notifier_v1=1)
    clock = SimClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    monitor = WaylandIdle(compositor.env, monotonic=clock.monotonic)
    threshold = [60.0]
    watch = IdleWatch(monitor, [].append, clock, lambda: threshold[0])
    watch.start(lambda: None)
    try:
        watch.poll()
        assert compositor.wait_for_request("get_idle_notification")[0] == 60_000
        threshold[0] = 15.0
        watch.poll()
        wait_until(lambda: compositor.wait_for_request("get_idle_notification")[0] == 15_000)
        watch.poll()
        asked = [kind for kind, _, _ in compositor.requests].count("get_idle_notification")
        assert asked == 2
    finally:
        monitor.close()


def test_kde_idle_is_the_fallback_and_takes_its_arguments_in_its_own_order(compositor_factory):
    compositor = compositor_factory(wl_seat=7, org_kde_kwin_idle=1)
    monitor = WaylandIdle(compositor.env)
    assert monitor.name == "kde-idle"
    signals = Signals()
    monitor.start(10.0, signals)
    try:
        timeout, seat = compositor.wait_for_request("get_idle_timeout")
        assert (timeout, compositor.bound[seat]) == (10_000, "wl_seat")
        compositor.idled()
        signals.wait_for("idle")
        assert monitor.idle_seconds() >= 10.0
    finally:
        monitor.close()


def test_a_compositor_without_an_idle_protocol_or_seat_is_refused_with_the_reason(
    compositor_factory,
):
    with pytest.raises(IdleUnavailable, match="neither ext_idle_notifier_v1 nor org_kde"):
        WaylandIdle(compositor_factory(wl_seat=7).env)
    with pytest.raises(IdleUnavailable, match="no seat"):
        WaylandIdle(compositor_factory(ext_idle_notifier_v1=1).env)
    with pytest.raises(IdleUnavailable, match="cannot connect"):
        WaylandIdle({"WAYLAND_DISPLAY": "/nonexistent/wayland-9"})
    with pytest.raises(IdleUnavailable, match="not a Wayland session"):
        WaylandIdle({})


def test_a_compositor_that_goes_away_makes_the_idle_time_unavailable(compositor_factory):
    compositor = compositor_factory(wl_seat=7, ext_idle_notifier_v1=1)
    monitor = WaylandIdle(compositor.env)
    signals = Signals()
    monitor.start(60.0, signals)
    compositor.wait_for_request("get_idle_notification")
    compositor.drop()
    signals.wait_for("input")
    assert signals.seen == ["input"]
    with pytest.raises(IdleUnavailable, match="closed the connection"):
        monitor.idle_seconds()
    monitor.close()
    monitor.close()


@pytest.mark.parametrize("zone", ["UTC", "America/St_Johns", "Asia/Kathmandu"])
def test_the_watcher_starts_a_break_dated_at_the_last_input_and_ends_it_on_resumed(
    compositor_factory, zone
):
    compositor = compositor_factory(wl_seat=7, ext_idle_notifier_v1=1)
    clock = SimClock(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo(zone)))
    monitor = WaylandIdle(compositor.env, monotonic=clock.monotonic)
    events: list[object] = []
    watch = IdleWatch(monitor, events.append, clock, lambda: 60.0)
    woken = threading.Event()
    watch.start(woken.set)
    try:
        assert watch.poll() == SIGNAL_FALLBACK
        compositor.wait_for_request("get_idle_notification")
        clock.advance(75)
        compositor.idled()
        assert woken.wait(3)
        watch.poll()
        assert events == [BreakStarted("idle", since=clock.now() - timedelta(seconds=60))]
        woken.clear()
        clock.advance(200)
        compositor.resumed()
        assert woken.wait(3)
        assert watch.poll() == SIGNAL_FALLBACK
        assert events[1:] == [BreakEnded("idle")]
    finally:
        monitor.close()


def test_only_the_focused_full_screen_window_is_reported_with_its_title(compositor_factory):
    compositor = compositor_factory(zwlr_foreign_toplevel_manager_v1=3)
    detector = FullscreenWlroots(compositor.env)
    try:
        assert compositor.wait_for_request("bind") == ["zwlr_foreign_toplevel_manager_v1", 3]
        video = compositor.toplevel("Film", (FULLSCREEN,))
        editor = compositor.toplevel("notes.txt", (ACTIVATED, MAXIMIZED))
        wait_until(lambda: len(detector._windows) == 2)
        assert detector.check() is None
        compositor.set_states(editor, (MAXIMIZED,))
        compositor.set_states(video, (ACTIVATED, FULLSCREEN))
        assert wait_until(detector.check) == "full-screen window: Film"
        compositor.closed(video)
        wait_until(lambda: detector.check() is None)
        compositor.wait_for_request("?#7")
    finally:
        detector.close()


def test_the_window_detector_needs_the_wlroots_protocol_and_notices_a_lost_compositor(
    compositor_factory,
):
    with pytest.raises(DetectorUnavailable, match="GNOME and KDE do not"):
        FullscreenWlroots(compositor_factory(wl_seat=7, ext_idle_notifier_v1=1).env)
    compositor = compositor_factory(zwlr_foreign_toplevel_manager_v1=3)
    detector = FullscreenWlroots(compositor.env)
    compositor.drop()
    wait_until(lambda: detector._wayland.lost)
    with pytest.raises(DetectorUnavailable, match="window list ended"):
        detector.check()
    detector.close()
