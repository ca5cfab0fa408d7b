"""The idle monitor of last resort: no input source, so no natural breaks are seen.

ergo then runs on wall-clock time alone; sleep and resume are still noticed by
the timer's wall-clock versus monotonic-clock comparison.
"""

from __future__ import annotations

from collections.abc import Callable

from ergo.ports import IdleSignal, IdleUnavailable


class NoIdle:
    """Always unavailable; ``reason`` says why no real source could be used."""

    name = "none"
    signals: frozenset[IdleSignal] = frozenset()

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def start(self, break_after: float, notify: Callable[[IdleSignal], None]) -> None:
        """Nothing to start."""

    def idle_seconds(self) -> float:
        raise IdleUnavailable(self.reason)

    def locked(self) -> bool | None:
        return None

    def close(self) -> None:
        """Nothing to release."""
