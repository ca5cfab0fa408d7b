"""The real-time driver: wakes the dispatcher at the engine's ``next_wake``.

APScheduler 3's triggers say when to fire, and one thread of ergo's own (``ergo-timer``)
waits for the nearest instant on a condition variable that :meth:`Timer.arm` notifies:
no scheduler thread, no thread pool, no polling loop. The wake-up is one ``DateTrigger``,
replaced by every :meth:`Timer.arm`; a second, slow ``IntervalTrigger`` checks for
wall-clock jumps, because after a suspend the wait (on the monotonic clock) may end
late. A wake-up that comes late still fires, once, and a jump check that was due
several times while the machine slept runs once (as APScheduler's ``coalesce``).
The timer thread only puts events on the dispatcher's queue, so it never blocks the
tray's thread.
"""

from __future__ import annotations

import queue
import threading
from datetime import UTC, datetime, timedelta

from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ergo.core.events import Event, Tick
from ergo.runtime.clock import JumpDetector


class Timer:
    """Puts a :class:`Tick` on ``events`` at the armed instant.

    When ``detector`` is given, a wall-clock jump is put on the queue before
    the tick, and also noticed every ``watch_every`` between ticks.
    ``start``, ``arm`` and ``stop`` may be called from any thread; none blocks.
    """

    def __init__(
        self,
        events: queue.Queue[Event],
        detector: JumpDetector | None = None,
        watch_every: timedelta = timedelta(seconds=60),
    ) -> None:
        self._events = events
        self._detector = detector
        self._watch = (IntervalTrigger(seconds=watch_every.total_seconds(), timezone=UTC)
                       if detector is not None else None)
        self._wake: DateTrigger | None = None
        self._changed = threading.Condition()
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="ergo-timer", daemon=True)

    def start(self) -> None:
        """Start the timer thread (which also runs the jump watch when there is a detector)."""
        self._thread.start()

    def arm(self, at: datetime | None) -> None:
        """Wake at ``at`` (an aware instant) instead of any earlier arming; None: do not wake."""
        with self._changed:
            self._wake = None if at is None else DateTrigger(run_date=at, timezone=UTC)
            self._changed.notify()

    def stop(self) -> None:
        """Stop the timer thread without waiting for it."""
        with self._changed:
            self._stopped = True
            self._changed.notify()

    def _run(self) -> None:
        watch_at = self._next_watch(datetime.now(UTC))
        with self._changed:
            while not self._stopped:
                now = datetime.now(UTC)
                wake_at = self._wake.get_next_fire_time(None, now) if self._wake else None
                if wake_at is not None and wake_at <= now:
                    self._wake = None
                    self._check_clock()
                    self._events.put(Tick())
                    continue
                if watch_at is not None and watch_at <= now:
                    self._check_clock()
                    watch_at = self._next_watch(now)
                    continue
                due = [at for at in (wake_at, watch_at) if at is not None]
                self._changed.wait((min(due) - now).total_seconds() if due else None)

    def _next_watch(self, now: datetime) -> datetime | None:
        # From ``now`` rather than from the last run: checks missed in a suspend run once.
        return self._watch.get_next_fire_time(None, now) if self._watch is not None else None

    def _check_clock(self) -> None:
        jump = self._detector.check() if self._detector is not None else None
        if jump is not None:
            self._events.put(jump)
