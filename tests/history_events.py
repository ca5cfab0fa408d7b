"""Helpers for history tests: build stored events at explicit local times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from ergo.history.store import StoredEvent

AMSTERDAM_WINTER = timezone(timedelta(hours=1))


def at(day: date, clock: str, zone: timezone = AMSTERDAM_WINTER) -> datetime:
    """Given a day and "HH:MM", return that aware local time."""
    return datetime.combine(day, time.fromisoformat(clock), tzinfo=zone)


def event(kind: str, day: date, clock: str, reminder: str | None = None, **detail: Any):
    """Given a kind, a day and "HH:MM", return the StoredEvent the recorder would store."""
    return StoredEvent.of(kind, at(day, clock), reminder, **detail)
