"""The real-time driver: wakes the dispatcher at the engine's ``next_wake``.

One APScheduler 3 ``BackgroundScheduler`` holds one ``DateTrigger`` job, put
in place again (``replace_existing``) by :meth:`Timer.arm` after every event; there
is no polling loop. A second, slow job checks for wall-clock jumps, because
after a suspend the scheduler's own wait (on the monotonic clock) may end
late. Callbacks run on the scheduler's worker thread and only put events on
the dispatcher's queue, so they never block the tray's thread.
"""

from __future__ import annotations

import contextlib
import queue
from datetime import UTC, datetime, timedelta

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from ergo.core.events import Event, Tick
from ergo.runtime.clock import JumpDetector

_WAKE = "wake"
_WATCH = "clock-watch"


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
        self._watch_every = watch_every
        # A wake-up that comes late (after a suspend) still runs, once.
        self._scheduler = BackgroundScheduler(
            timezone=UTC,
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )

    def start(self) -> None:
        """Start the scheduler thread (and the jump watch when there is a detector)."""
        self._scheduler.start()
        if self._detector is not None:
            self._scheduler.add_job(
                self._watch,
                IntervalTrigger(seconds=self._watch_every.total_seconds(), timezone=UTC),
                id=_WATCH,
            )

    def arm(self, at: datetime | None) -> None:
        """Wake at ``at`` (an aware instant) instead of any earlier arming; None: do not wake."""
        if at is None:
            with contextlib.suppress(JobLookupError):
                self._scheduler.remove_job(_WAKE)
            return
        self._scheduler.add_job(
            self._tick, DateTrigger(run_date=at, timezone=UTC), id=_WAKE, replace_existing=True
        )

    def stop(self) -> None:
        """Stop the scheduler thread without waiting for a running callback."""
        # Removing the jobs first waits for a job run in progress to be filed:
        # shutdown() marks the scheduler stopped before it takes that lock, and
        # the scheduler thread then fails to drop the finished one-off job.
        self._scheduler.remove_all_jobs()
        self._scheduler.shutdown(wait=False)

    def _tick(self) -> None:
        self._watch()
        self._events.put(Tick())

    def _watch(self) -> None:
        jump = self._detector.check() if self._detector is not None else None
        if jump is not None:
            self._events.put(jump)
