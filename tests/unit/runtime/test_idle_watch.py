"""The idle watcher turns idle readings into break events the real engine acts on.

The watcher is stepped by hand on a simulated clock, at exactly the delays it
asks for; its events then go through the engine at the times they were put.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ergo.core.events import BreakEnded, BreakStarted, WallClockJump
from ergo.core.model import IdleSettings
from ergo.runtime.clock import JumpDetector
from ergo.runtime.idle_watch import SIGNAL_FALLBACK, UNAVAILABLE_RETRY, IdleWatch
from tests.factories import reminder, settings
from tests.idle_fakes import ScriptedMonitor, SimClock
from tests.simulation import Desk

AMS = ZoneInfo("Europe/Amsterdam")
START = datetime(2024, 6, 3, 9, 0, tzinfo=AMS)


class Run:
    """A watcher on a scripted monitor, with every event it puts and when."""

    def __init__(self, signals: frozenset = frozenset(), break_after: float = 60.0) -> None:
        self.clock = SimClock(START)
        self.monitor = ScriptedMonitor(self.clock, signals)
        self.put: list[tuple[datetime, object]] = []
        self.detector = JumpDetector(self.clock)
        self.watch = IdleWatch(
            self.monitor,
            lambda event: self.put.append((self.clock.now(), event)),
            self.clock,
            lambda: break_after,
            self.detector,
        )
        self.woken = 0
        self.watch.start(self._wake)
        self.delays: list[float] = []
        self.next_poll = self.clock.monotonic()

    def _wake(self) -> None:
        self.woken += 1

    def poll(self) -> None:
        delay = self.watch.poll()
        self.delays.append(delay)
        self.next_poll = self.clock.monotonic() + delay

    def until(self, moment: datetime, inputs: tuple[datetime, ...] = ()) -> None:
        """Let time pass to ``moment``, polling when the watcher asked; the user gives
        input at each of ``inputs`` (and at no other time)."""
        pending = sorted(inputs)
        while True:
            target = self.clock.now() + timedelta(seconds=self.next_poll - self.clock.monotonic())
            if pending and pending[0] <= min(target, moment):
                self.clock.advance((pending.pop(0) - self.clock.now()).total_seconds())
                self.monitor.touch()
                continue
            if target > moment:
                self.clock.advance((moment - self.clock.now()).total_seconds())
                return
            self.clock.advance(max(0.0, (target - self.clock.now()).total_seconds()))
            self.poll()

    def events(self) -> list[object]:
        return [event for _, event in self.put]


def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
    return START.replace(hour=hour, minute=minute, second=second)


def typing(start: datetime, end: datetime, every: int = 20) -> tuple[datetime, ...]:
    moments, moment = [], start
    while moment <= end:
        moments.append(moment)
        moment += timedelta(seconds=every)
    return tuple(moments)


def through_engine(run: Run, reset_after: timedelta = timedelta(minutes=5)) -> Desk:
    config = replace(
        settings(reminders=(reminder("walk", 60, reset_after=reset_after),)),
        idle=IdleSettings(),
    )
    desk = Desk(config, START)
    for moment, event in run.put:
        desk.send(event, moment)
    return desk


def test_six_minutes_away_from_the_keyboard_resets_the_walk_reminder():
    run = Run()
    run.until(at(9, 50), typing(at(9), at(9, 40)) + typing(at(9, 46), at(9, 50)))
    assert run.events() == [
        BreakStarted("idle", since=at(9, 40)),
        BreakEnded("idle"),
    ]
    ended = run.put[1][0]
    assert at(9, 46) <= ended <= at(9, 46, 15)
    desk = through_engine(run)
    desk.run_until(at(11))
    # Reset at the return (09:46 and a few seconds): the next walk is an hour later.
    assert desk.times("walk") == ["10:46"]


def test_four_minutes_away_only_pauses_the_walk_reminder():
    run = Run()
    run.until(at(9, 50), typing(at(9), at(9, 40)) + typing(at(9, 44), at(9, 50)))
    assert [type(e) for e in run.events()] == [BreakStarted, BreakEnded]
    desk = through_engine(run)
    desk.run_until(at(10, 30))
    assert desk.times("walk") == ["10:04"]


def test_a_pause_shorter_than_break_after_is_no_break():
    run = Run()
    run.until(at(9, 30), typing(at(9), at(9, 10)) + typing(at(9, 10, 50), at(9, 30)))
    assert run.events() == []


def test_while_typing_the_watcher_looks_about_once_a_threshold():
    run = Run()
    run.until(at(10), typing(at(9), at(10), every=5))
    assert len(run.delays) <= 70
    assert all(d >= 1.0 for d in run.delays)


def test_while_away_it_looks_every_2_to_15_seconds_slower_as_the_break_grows():
    run = Run()
    run.until(at(10), typing(at(9), at(9, 1)))
    away = run.delays[2:]
    assert away[0] == 2.0
    assert away[-1] == 15.0
    assert away == sorted(away)


def test_locking_the_screen_starts_a_locked_break_at_the_last_input_and_unlocking_ends_it():
    run = Run()
    run.until(at(9, 10), typing(at(9), at(9, 10)))
    run.monitor.is_locked = True
    run.until(at(9, 20))
    run.monitor.is_locked = False
    run.until(at(9, 20, 30), (at(9, 20, 10),))
    assert run.events() == [BreakStarted("locked", since=at(9, 10)), BreakEnded("locked")]
    assert run.put[1][0] <= at(9, 20, 30)


def test_input_on_the_lock_screen_does_not_end_the_break():
    run = Run()
    run.until(at(9, 10), typing(at(9), at(9, 10)))
    run.monitor.is_locked = True
    run.until(at(9, 30), typing(at(9, 15), at(9, 16)))
    assert run.events() == [BreakStarted("locked", since=at(9, 10))]


def test_a_monitor_with_signals_is_only_looked_at_when_it_signals():
    run = Run(signals=frozenset({"input", "idle"}))
    run.poll()
    assert run.delays == [SIGNAL_FALLBACK]
    run.clock.advance(90)
    run.monitor.notify("idle")
    assert run.woken == 1
    run.poll()
    assert run.events() == [BreakStarted("idle", since=at(9))]
    assert run.delays[-1] == SIGNAL_FALLBACK
    run.clock.advance(400)
    run.monitor.touch()
    run.monitor.notify("input")
    run.poll()
    assert run.events()[-1] == BreakEnded("idle")


def test_a_resume_signal_hands_the_suspend_to_the_engine_at_once_and_only_once():
    run = Run(signals=frozenset({"sleep", "resume"}))
    run.until(at(9, 10), typing(at(9), at(9, 10)))
    run.monitor.notify("sleep")
    run.clock.sleep(3600)
    run.monitor.notify("resume")
    run.poll()
    jumps = [e for e in run.events() if isinstance(e, WallClockJump)]
    assert len(jumps) == 1
    assert jumps[0].after - jumps[0].before >= timedelta(minutes=59)
    assert run.detector.check() is None


def test_a_break_after_a_suspend_starts_no_earlier_than_the_wake_up():
    run = Run(signals=frozenset({"sleep", "resume"}))
    run.until(at(9, 10), typing(at(9), at(9, 10)))
    run.clock.sleep(3600)
    run.monitor.notify("resume")
    woke = run.clock.now()
    run.poll()
    run.until(woke + timedelta(minutes=5))
    started = [e for e in run.events() if isinstance(e, BreakStarted)]
    assert started == [BreakStarted("idle", since=woke)]


def test_an_unreadable_idle_source_is_reported_once_and_retried_slowly(caplog):
    run = Run()
    run.monitor.unavailable = "the X server went away"
    run.poll()
    run.poll()
    assert run.delays == [UNAVAILABLE_RETRY, UNAVAILABLE_RETRY]
    assert caplog.text.count("the X server went away") == 1
    run.monitor.unavailable = None
    run.poll()
    assert run.delays[-1] < UNAVAILABLE_RETRY
