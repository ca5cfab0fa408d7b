"""The system clock (the only place ergo reads the wall clock) and wall-clock jump detection.

A suspend stops the monotonic clock on Linux and macOS while the wall clock
keeps going; setting the clock moves the wall clock alone. Comparing how far
each has moved between two looks tells both apart from ordinary time passing.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

import tzlocal

from ergo.core.events import WallClockJump


def local_zone() -> tzinfo:
    """Return the machine's time zone (an IANA zone where the system names one)."""
    return tzlocal.get_localzone()


class Clock(Protocol):
    """Wall and monotonic time. Any thread may call it; it never blocks."""

    def now(self) -> datetime: ...

    def monotonic(self) -> float: ...


class SystemClock:
    """The real clock: aware local wall time and ``time.monotonic`` seconds."""

    def now(self) -> datetime:
        return datetime.now(local_zone())

    def monotonic(self) -> float:
        return time.monotonic()


class JumpDetector:
    """Turns a wall-clock jump beyond ``tolerance`` into a :class:`WallClockJump`.

    :meth:`check` may be called from any thread (the timer's callbacks and the
    dispatcher); it compares the wall and monotonic time elapsed since the last
    check and never blocks beyond a short lock.
    """

    def __init__(self, clock: Clock, tolerance: timedelta = timedelta(seconds=30)) -> None:
        self._clock = clock
        self._tolerance = tolerance
        self._lock = threading.Lock()
        self._wall, self._mono = self._read()

    def _read(self) -> tuple[datetime, float]:
        # In UTC: two local times in one zone subtract as wall times, so a DST
        # switch would look like an hour's jump.
        return self._clock.now().astimezone(UTC), self._clock.monotonic()

    def check(self) -> WallClockJump | None:
        """Return the jump since the last check, or None when both clocks agree."""
        with self._lock:
            wall, mono = self._read()
            drift = (wall - self._wall) - timedelta(seconds=mono - self._mono)
            self._wall, self._mono = wall, mono
        if abs(drift) <= self._tolerance:
            return None
        return WallClockJump(before=wall - drift, after=wall)
