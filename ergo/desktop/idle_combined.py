"""One idle monitor made of up to three sources: idle time, lock state, sleep signals.

On Linux these often come from different places (X11 idle time, logind's lock
hint and sleep signal), so selection picks the best source for each role and
this class presents them as one :class:`ergo.ports.IdleMonitor`. Each source's
signals are passed on only for the roles it fills.
"""

from __future__ import annotations

from collections.abc import Callable

from ergo.ports import IdleMonitor, IdleSignal

IDLE_SIGNALS: frozenset[IdleSignal] = frozenset({"input", "idle"})
LOCK_SIGNALS: frozenset[IdleSignal] = frozenset({"lock"})
SLEEP_SIGNALS: frozenset[IdleSignal] = frozenset({"sleep", "resume"})


class CombinedMonitor:
    """Idle time from ``idle``, lock state from ``lock`` (else ``idle``), sleep from ``sleep``."""

    def __init__(
        self, idle: IdleMonitor, lock: IdleMonitor | None = None, sleep: IdleMonitor | None = None
    ) -> None:
        self.idle, self.lock, self.sleep = idle, lock, sleep
        roles: dict[int, tuple[IdleMonitor, set[IdleSignal]]] = {}
        for part, wanted in ((idle, IDLE_SIGNALS), (lock, LOCK_SIGNALS), (sleep, SLEEP_SIGNALS)):
            if part is not None:
                roles.setdefault(id(part), (part, set()))[1].update(wanted & part.signals)
        self._parts = list(roles.values())
        self.signals: frozenset[IdleSignal] = frozenset(
            signal for _, wanted in self._parts for signal in wanted
        )
        names = list(dict.fromkeys(part.name for part, _ in self._parts))
        self.name = " + ".join(names)

    def start(self, break_after: float, notify: Callable[[IdleSignal], None]) -> None:
        for part, wanted in self._parts:
            part.start(break_after, _filtered(notify, frozenset(wanted)))

    def rearm(self, break_after: float) -> None:
        """Pass a new threshold to the idle source, when it arms one."""
        rearm = getattr(self.idle, "rearm", None)
        if rearm is not None:
            rearm(break_after)

    def idle_seconds(self) -> float:
        return self.idle.idle_seconds()

    def locked(self) -> bool | None:
        return (self.lock or self.idle).locked()

    def close(self) -> None:
        for part, _ in self._parts:
            part.close()


def _filtered(
    notify: Callable[[IdleSignal], None], wanted: frozenset[IdleSignal]
) -> Callable[[IdleSignal], None]:
    def forward(signal: IdleSignal) -> None:
        if signal in wanted:
            notify(signal)

    return forward
