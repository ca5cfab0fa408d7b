"""The idle watcher: turns idle time, lock state, sleep and interruptions into engine events.

One thread (``ergo-idle``) looks at the idle monitor and the interruption
detectors and puts events on the dispatcher's queue; it never touches the
engine. Each part says when it next needs a look, and the thread sleeps until
the earliest, or until a monitor's signal wakes it.

Natural breaks (:class:`IdleWatch`)
    No input for ``idle.break_after`` (default one minute), or a locked screen,
    starts a break: ``BreakStarted(kind, since=<the last input>)``. The
    threshold is short on purpose, not the smallest ``reset_after``: the engine
    pauses the movement clocks during a break shorter than ``reset_after`` and
    takes back the time between the last input and the event, and nothing
    pops up to an empty chair. A break of ``reset_after`` or more still
    resets a movement reminder, because ``since`` is the last input, not the
    moment the threshold passed. The first input (or the unlock) ends it:
    ``BreakEnded(kind)``.

    Polling is slow: while the user is active the next look is when the idle
    time could first reach the threshold (at most ``break_after`` away);
    while away, every 2 to 15 seconds, slower the longer the break has lasted
    (the return is the only thing to catch). A monitor that signals input and
    idle (GNOME's Mutter) is only looked at when it signals, and every
    :data:`SIGNAL_FALLBACK` seconds in case a signal was lost. Such a monitor
    arms its signal at the threshold; when a config reload changes it (the
    daemon then wakes the watcher), the watcher calls the monitor's ``rearm``.

Sleep
    A ``sleep``/``resume`` signal (logind's ``PrepareForSleep``) makes the
    watcher ask the shared :class:`~ergo.runtime.clock.JumpDetector` at once on
    waking, so the suspend reaches the engine as a ``WallClockJump`` of its
    length right away instead of at the timer's next clock check (which
    remains the way on systems without the signal). The detector hands each
    jump out once, so it is never counted twice.

Interruptions (:class:`InterruptionWatch`)
    Every :data:`INTERRUPTION_EVERY` seconds each detector is asked; a reason
    that becomes active gives ``InterruptionStarted(reason, detail)`` (again
    when its detail changes), one that clears gives ``InterruptionEnded``.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from ergo.core.events import (
    BreakEnded,
    BreakKind,
    BreakStarted,
    InterruptionEnded,
    InterruptionStarted,
)
from ergo.core.model import InterruptionSettings
from ergo.desktop.select import Detectors
from ergo.ports import DetectorUnavailable, IdleMonitor, IdleSignal, IdleUnavailable
from ergo.runtime.clock import Clock, JumpDetector

log = logging.getLogger(__name__)

#: Seconds between looks at a monitor whose signals cover what is being waited for.
SIGNAL_FALLBACK = 300.0
#: Seconds between looks while the idle source is unavailable.
UNAVAILABLE_RETRY = 300.0
#: Seconds between looks at the interruption detectors.
INTERRUPTION_EVERY = 15.0
#: New input must come this much after the break's last input to end the break
#: (readings of the idle time jitter by a few milliseconds).
_INPUT_SLACK = 1.0


class Poller(Protocol):
    """One part of the watcher: :meth:`poll` looks once and returns the seconds until
    it wants to look again."""

    def poll(self) -> float: ...


class IdleWatch:
    """Reads ``monitor`` and puts break events on ``put``; see the module docstring.

    ``break_after`` returns the current threshold in seconds (it follows config
    reloads). ``detector`` is shared with the timer. :meth:`signal` is the
    monitor's ``notify`` callback; everything else runs on the watcher thread.
    """

    def __init__(
        self,
        monitor: IdleMonitor,
        put: Callable[[object], None],
        clock: Clock,
        break_after: Callable[[], float],
        detector: JumpDetector | None = None,
    ) -> None:
        self.monitor = monitor
        self._put = put
        self._clock = clock
        self._break_after = break_after
        self._detector = detector
        self._wake: Callable[[], None] = lambda: None
        self._lock = threading.Lock()
        self._signals: set[IdleSignal] = set()
        self.away: BreakKind | None = None
        self._break_input = 0.0
        self._resumed_at: datetime | None = None
        self._unavailable: str | None = None
        self._started = False
        # The threshold the monitor's signals were armed at.
        self._armed = 0.0
        # What the monitor reports by itself, once its signals are running.
        self._signalled: frozenset[IdleSignal] = frozenset()

    def start(self, wake: Callable[[], None]) -> None:
        """Give the callback that makes the watcher thread look now (any thread)."""
        self._wake = wake

    def signal(self, signal: IdleSignal) -> None:
        """Note a monitor signal and wake the watcher. Any thread; never blocks long."""
        with self._lock:
            self._signals.add(signal)
        self._wake()

    def poll(self) -> float:
        if not self._started:
            self._started = True
            self._armed = self._break_after()
            try:
                self.monitor.start(self._armed, self.signal)
                self._signalled = self.monitor.signals
            except IdleUnavailable as error:
                log.warning("the idle source sends no signals (%s); it is polled instead", error)
        elif self._signalled:
            self._follow_threshold()
        with self._lock:
            signals, self._signals = self._signals, set()
        if "resume" in signals and self._detector is not None:
            jump = self._detector.check()
            if jump is not None:
                self._put(jump)
                self._resumed_at = jump.after
        try:
            idle = self.monitor.idle_seconds()
            locked = bool(self.monitor.locked())
        except IdleUnavailable as error:
            if self._unavailable != str(error):
                log.warning("cannot read the idle time (%s); natural breaks are not noticed "
                            "until it comes back", error)
            self._unavailable = str(error)
            return UNAVAILABLE_RETRY
        if self._unavailable is not None:
            log.info("the idle time can be read again")
            self._unavailable = None
        return self._step(idle, locked)

    def _follow_threshold(self) -> None:
        threshold = self._break_after()
        rearm = getattr(self.monitor, "rearm", None)
        if threshold == self._armed or rearm is None:
            return
        self._armed = threshold
        try:
            rearm(threshold)
        except IdleUnavailable as error:
            log.warning("the idle source cannot move its signal to the new idle.break_after "
                        "(%s); breaks are noticed at the old one", error)

    def _step(self, idle: float, locked: bool) -> float:
        threshold = self._break_after()
        last_input = self._clock.monotonic() - idle
        signalled = self._signalled
        if self.away is None:
            if locked or idle >= threshold:
                self._begin("locked" if locked else "idle", idle, last_input)
                return self._away_delay(idle)
            if {"input", "idle"} <= signalled:
                return SIGNAL_FALLBACK
            return max(1.0, threshold - idle)
        returned = last_input > self._break_input + _INPUT_SLACK or (
            self.away == "locked" and not locked
        )
        if locked or not returned:
            return self._away_delay(idle)
        self._put(BreakEnded(self.away))
        self.away = None
        return SIGNAL_FALLBACK if {"input", "idle"} <= signalled else threshold

    def _begin(self, kind: BreakKind, idle: float, last_input: float) -> None:
        since = self._clock.now() - timedelta(seconds=idle)
        if self._resumed_at is not None and since < self._resumed_at:
            # The time asleep already reached the engine as a wall-clock jump.
            since = self._resumed_at
        self.away = kind
        self._break_input = last_input
        self._put(BreakStarted(kind, since=since))

    def _away_delay(self, idle: float) -> float:
        if "input" in self._signalled:
            return SIGNAL_FALLBACK
        # The longer the break, the less a few seconds' delay in noticing the return matters.
        return min(15.0, max(2.0, idle / 30))


class InterruptionWatch:
    """Asks the detectors and puts interruption events on ``put``.

    ``settings`` returns the current interruption settings; when the switches
    or the app list change (a config reload), ``select`` builds new detectors.
    Runs on the watcher thread only.
    """

    def __init__(
        self,
        put: Callable[[object], None],
        settings: Callable[[], InterruptionSettings],
        select: Callable[[InterruptionSettings], Detectors],
        every: float = INTERRUPTION_EVERY,
    ) -> None:
        self._put = put
        self._settings = settings
        self._select = select
        self._every = every
        self._chosen_for: tuple | None = None
        self.detectors = Detectors(())
        self.active: dict[str, str] = {}
        self._broken: set[str] = set()

    def poll(self) -> float:
        current = self._settings()
        key = (current.meetings, current.fullscreen, current.do_not_disturb, current.apps)
        if key != self._chosen_for:
            self.detectors.close()
            self.detectors = self._select(current)
            self._chosen_for = key
            self._broken.clear()
            for line in self.detectors.describe():
                log.info("%s", line)
        found: dict[str, str] = {}
        for detector in self.detectors.active:
            if detector.name in self._broken:
                continue
            try:
                detail = detector.check()
            except DetectorUnavailable as error:
                log.warning("interruption detector %s stopped working (%s); it is left out "
                            "until ergo restarts or the config changes", detector.name, error)
                self._broken.add(detector.name)
                continue
            if detail is not None and detector.reason not in found:
                found[detector.reason] = detail
        for reason, detail in found.items():
            if self.active.get(reason) != detail:
                self._put(InterruptionStarted(reason, detail))  # type: ignore[arg-type]
        for reason in self.active.keys() - found.keys():
            self._put(InterruptionEnded(reason))  # type: ignore[arg-type]
        self.active = found
        return self._every if self.detectors.active else SIGNAL_FALLBACK

    def close(self) -> None:
        self.detectors.close()


class WatchThread:
    """Runs pollers on one thread (``ergo-idle``), each when it asked to be looked at again.

    :meth:`wake` makes the given poller (default: all) look now; any thread.
    """

    def __init__(self, pollers: Sequence[Poller]) -> None:
        self._pollers = list(pollers)
        self._due = [0.0] * len(self._pollers)
        self._woken = threading.Event()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="ergo-idle", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self, poller: Poller | None = None) -> None:
        with self._lock:
            for index, candidate in enumerate(self._pollers):
                if poller is None or candidate is poller:
                    self._due[index] = 0.0
        self._woken.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stopping.set()
        self._woken.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._woken.clear()
            now = time.monotonic()
            for index, poller in enumerate(self._pollers):
                with self._lock:
                    if self._due[index] > now:
                        continue
                    # A wake during the look sets this back to 0 and is not lost.
                    self._due[index] = float("inf")
                try:
                    delay = poller.poll()
                except Exception:
                    # A broken source must not end the watcher; look again later.
                    log.exception("the idle watcher failed")
                    delay = UNAVAILABLE_RETRY
                with self._lock:
                    self._due[index] = min(self._due[index], time.monotonic() + delay)
            with self._lock:
                wait = max(0.0, min(self._due) - time.monotonic())
            self._woken.wait(wait)
