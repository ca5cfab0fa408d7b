"""What a config would fire and when: the engine run over whole days with a simulated clock.

Used by ``ergo plan`` so HR can preview a config before rolling it out. Pure:
it drives :func:`ergo.core.engine.handle` with :class:`~ergo.core.events.Tick`
events at each ``next_wake`` and answers every notification as done at once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from ergo.core.busy import BusySpan
from ergo.core.engine import Firing, Outcome, handle
from ergo.core.events import BreakEnded, BreakStarted, CalendarChanged, Done, Event, Tick
from ergo.core.model import Settings, TimeRange
from ergo.core.schedule import day_segments, midnight
from ergo.core.state import EngineState


def plan(
    settings: Settings,
    start_date: date,
    days: int,
    lunch: TimeRange | None = None,
    tz: tzinfo | None = None,
    busy: tuple[BusySpan, ...] = (),
) -> list[tuple[datetime, Firing]]:
    """Given a config, a first day and a number of days, return every notification in order.

    Assumes the user sits at the desk all day and does each reminder when it
    is shown; ``lunch`` adds a break away from the desk on each working day,
    and ``busy`` (from the user's calendar) holds reminders as meetings do.
    Times are in the work-hours zone, or ``tz`` when the config names none.
    Raise ValueError when neither gives a zone or ``days`` is negative.
    """
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days}")
    if settings.work_hours.timezone is not None:
        zone: tzinfo = ZoneInfo(settings.work_hours.timezone)
    elif tz is not None:
        zone = tz
    else:
        raise ValueError("the work hours name no time zone, so plan() needs tz")
    end = midnight(start_date + timedelta(days=days), zone)
    breaks = _lunch_events(settings, start_date, days, lunch, zone)
    now = midnight(start_date, zone).astimezone(zone)
    first: Event = CalendarChanged(busy) if busy else Tick()
    outcome = handle(settings, EngineState(), first, now)
    fired: list[tuple[datetime, Firing]] = []
    while True:
        event: Event = Tick()
        at = outcome.next_wake
        if breaks and (at is None or breaks[0][0] <= at):
            at, event = breaks.pop(0)
        if at is None or at >= end:
            return fired
        if at <= now:
            raise RuntimeError(f"the engine asked to wake at {at}, not after {now}")
        now = at.astimezone(zone)
        outcome = _answered(settings, handle(settings, outcome.state, event, now), now, fired)


def _answered(
    settings: Settings, outcome: Outcome, now: datetime, fired: list[tuple[datetime, Firing]]
) -> Outcome:
    for firing in outcome.notify:
        fired.append((firing.at, firing))
        outcome = handle(settings, outcome.state, Done(firing.reminder_ids), now)
    return outcome


def _lunch_events(
    settings: Settings, start_date: date, days: int, lunch: TimeRange | None, zone: tzinfo
) -> list[tuple[datetime, Event]]:
    """Return the lunch break's start and end on every working day, in time order."""
    if lunch is None:
        return []
    events: list[tuple[datetime, Event]] = []
    for offset in range(days):
        day = start_date + timedelta(days=offset)
        if day_segments(settings.work_hours, day, zone):
            start = datetime.combine(day, lunch.start, zone)
            events.append((start, BreakStarted("locked")))
            events.append((datetime.combine(day, lunch.end, zone), BreakEnded("locked")))
    return events
