"""Fakes for the idle watcher: a settable clock, a scripted idle monitor, and a collector
of monitor signals."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from ergo.ports import IdleSignal, IdleUnavailable


class SimClock:
    """Wall and monotonic time that move only when told; ``sleep`` moves the wall clock
    alone, as a suspend does on Linux."""

    def __init__(self, start: datetime) -> None:
        self.wall = start
        self.mono = 1000.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds

    def sleep(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)


class ScriptedMonitor:
    """An idle monitor whose input and lock the test sets; idle time follows the clock."""

    name = "scripted"

    def __init__(self, clock: SimClock, signals: frozenset[IdleSignal] = frozenset()) -> None:
        self.clock = clock
        self.signals = signals
        self.last_input = clock.monotonic()
        self.is_locked: bool | None = False
        self.unavailable: str | None = None
        self.notify: Callable[[IdleSignal], None] | None = None
        self.reads = 0

    def start(self, break_after: float, notify: Callable[[IdleSignal], None]) -> None:
        self.notify = notify

    def touch(self) -> None:
        """The user types or moves the mouse now."""
        self.last_input = self.clock.monotonic()

    def idle_seconds(self) -> float:
        self.reads += 1
        if self.unavailable:
            raise IdleUnavailable(self.unavailable)
        return self.clock.monotonic() - self.last_input

    def locked(self) -> bool | None:
        return self.is_locked

    def close(self) -> None:
        self.notify = None


class Signals:
    """Collects a monitor's signals (they arrive on its receiver thread)."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self._event = threading.Event()

    def __call__(self, signal: str) -> None:
        self.seen.append(signal)
        self._event.set()

    def wait_for(self, signal: str, timeout: float = 3.0) -> None:
        deadline = time.monotonic() + timeout
        while signal not in self.seen:
            assert time.monotonic() < deadline, f"no {signal!r} signal; got {self.seen}"
            self._event.wait(0.05)
            self._event.clear()
