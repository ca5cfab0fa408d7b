"""The real-time driver, on APScheduler's triggers, with sub-second delays."""

from __future__ import annotations

import queue
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from ergo.core.events import Tick, WallClockJump
from ergo.runtime.clock import JumpDetector, SystemClock
from ergo.runtime.timer import Timer


class MovableClock(SystemClock):
    """The system clock with a wall-clock offset the test can change (a clock being set)."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return super().now() + self.offset


@pytest.fixture
def events():
    return queue.Queue()


@pytest.fixture
def timer(events):
    timer = Timer(events)
    timer.start()
    yield timer
    timer.stop()


def soon(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


def test_an_armed_timer_puts_one_tick_on_the_queue_when_the_time_comes(timer, events):
    started = time.monotonic()
    timer.arm(soon(0.2))
    assert isinstance(events.get(timeout=2), Tick)
    assert time.monotonic() - started >= 0.15
    with pytest.raises(queue.Empty):
        events.get(timeout=0.3)


def test_arming_again_replaces_the_earlier_wake_up(timer, events):
    timer.arm(soon(0.2))
    timer.arm(soon(0.5))
    with pytest.raises(queue.Empty):
        events.get(timeout=0.35)
    assert isinstance(events.get(timeout=2), Tick)
    with pytest.raises(queue.Empty):
        events.get(timeout=0.3)


def test_arming_with_none_cancels_the_wake_up(timer, events):
    timer.arm(soon(0.2))
    timer.arm(None)
    timer.arm(None)
    with pytest.raises(queue.Empty):
        events.get(timeout=0.5)


def test_a_wake_up_already_in_the_past_fires_at_once(timer, events):
    timer.arm(soon(-5))
    assert isinstance(events.get(timeout=1), Tick)


def test_the_system_clock_gives_aware_local_time():
    now = SystemClock().now()
    assert now.tzinfo is not None
    assert abs(now - datetime.now(UTC)) < timedelta(seconds=1)


def test_the_jump_detector_stays_quiet_while_both_clocks_agree():
    detector = JumpDetector(SystemClock(), tolerance=timedelta(seconds=1))
    time.sleep(0.05)  # time passes on both clocks alike
    assert detector.check() is None


def test_a_clock_set_forward_becomes_a_wall_clock_jump():
    clock = MovableClock()
    detector = JumpDetector(clock, tolerance=timedelta(seconds=5))
    clock.offset = timedelta(hours=1)
    jump = detector.check()
    assert isinstance(jump, WallClockJump)
    assert abs(jump.after - jump.before - timedelta(hours=1)) <= timedelta(seconds=1)
    assert detector.check() is None


def test_a_clock_set_back_becomes_a_backward_jump():
    clock = MovableClock()
    detector = JumpDetector(clock, tolerance=timedelta(seconds=5))
    clock.offset = timedelta(minutes=-10)
    jump = detector.check()
    assert jump is not None and jump.after < jump.before


def test_the_timer_reports_a_jump_before_its_tick(events):
    clock = MovableClock()
    timer = Timer(events, JumpDetector(clock, tolerance=timedelta(seconds=5)))
    timer.start()
    try:
        clock.offset = timedelta(minutes=30)
        timer.arm(soon(0.1))
        assert isinstance(events.get(timeout=2), WallClockJump)
        assert isinstance(events.get(timeout=2), Tick)
    finally:
        timer.stop()


def test_the_clock_watch_reports_a_jump_between_ticks(events):
    clock = MovableClock()
    timer = Timer(
        events, JumpDetector(clock, tolerance=timedelta(seconds=5)), timedelta(seconds=0.2)
    )
    timer.start()
    try:
        clock.offset = timedelta(minutes=30)
        assert isinstance(events.get(timeout=2), WallClockJump)
    finally:
        timer.stop()


def test_the_timer_and_its_jump_watch_run_on_one_thread_of_their_own(events):
    before = set(threading.enumerate())
    timer = Timer(events, JumpDetector(SystemClock()), timedelta(seconds=0.05))
    timer.start()
    try:
        timer.arm(soon(0.05))
        assert isinstance(events.get(timeout=2), Tick)
        time.sleep(0.2)  # several jump checks run meanwhile
        started = [t.name for t in set(threading.enumerate()) - before]
        assert started == ["ergo-timer"]
    finally:
        timer.stop()
