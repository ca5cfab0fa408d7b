"""Working-time arithmetic: which instants are working time and how working time adds up.

Pure and stdlib-only. Instants may come in any zone and come out in UTC. The
working ranges of a day are placed in the work-hours zone with ``zoneinfo``, so
the DST days come out right: a range from 09:00 to 17:00 is eight real hours on
both switch days. All arithmetic is done on UTC instants, because Python
subtracts two datetimes that share a tzinfo as wall-clock times.

A range is half-open: at its end time work is over. A local time that does not
exist (skipped by a spring-forward switch) is read with the offset in force
before the switch, as zoneinfo does; a range left empty by that is dropped.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from ergo.core.model import WorkHours

Segment = tuple[datetime, datetime]

# A week of work hours repeats, so looking eight days ahead finds any working range.
_HORIZON_DAYS = 8


def zone_of(work_hours: WorkHours, now: datetime) -> tzinfo:
    """Given the work hours and an aware ``now``, return the zone the hours are read in.

    Raise ValueError if ``now`` is naive and the work hours name no zone.
    """
    if work_hours.timezone is not None:
        return ZoneInfo(work_hours.timezone)
    if now.tzinfo is None:
        raise ValueError("now must carry a time zone when the work hours name none")
    return now.tzinfo


def local_date(instant: datetime, tz: tzinfo) -> date:
    """Return the calendar date of ``instant`` in the zone ``tz``."""
    return instant.astimezone(tz).date()


def midnight(day: date, tz: tzinfo) -> datetime:
    """Return the first instant of ``day`` in the zone ``tz``, in UTC."""
    return datetime.combine(day, time(), tz).astimezone(UTC)


# Memo of day_segments keyed by the WorkHours object's identity: hashing the
# nested tuples of a WorkHours on every lookup cost more than the lookup saved.
# Each entry keeps its WorkHours alive, so an id is never reused while cached:
# the entry found under an id is that object's.
_SEGMENTS: dict[tuple[int, date, tzinfo], tuple[WorkHours, tuple[Segment, ...]]] = {}
_SEGMENTS_MAX = 4096


def day_segments(work_hours: WorkHours, day: date, tz: tzinfo) -> tuple[Segment, ...]:
    """Return the working ranges of ``day`` as (start, end) UTC instants, in order."""
    key = (id(work_hours), day, tz)
    hit = _SEGMENTS.get(key)
    if hit is not None:
        return hit[1]
    segments = []
    for span in work_hours.week[day.weekday()]:
        start = datetime.combine(day, span.start, tz).astimezone(UTC)
        end = datetime.combine(day, span.end, tz).astimezone(UTC)
        if start < end:
            segments.append((start, end))
    if len(_SEGMENTS) >= _SEGMENTS_MAX:
        _SEGMENTS.clear()
    _SEGMENTS[key] = (work_hours, tuple(segments))
    return tuple(segments)


def segment_at(work_hours: WorkHours, instant: datetime, tz: tzinfo) -> Segment | None:
    """Return the working range that contains ``instant``, or None outside working time."""
    for start, end in day_segments(work_hours, local_date(instant, tz), tz):
        if start <= instant < end:
            return start, end
    return None


def is_working(work_hours: WorkHours, instant: datetime, tz: tzinfo) -> bool:
    """Return whether ``instant`` falls inside working time."""
    return segment_at(work_hours, instant, tz) is not None


def day_end(work_hours: WorkHours, instant: datetime, tz: tzinfo) -> datetime | None:
    """Return when the last working range of ``instant``'s day ends (None on a day off)."""
    segments = day_segments(work_hours, local_date(instant, tz), tz)
    return segments[-1][1] if segments else None


def next_working_start(work_hours: WorkHours, instant: datetime, tz: tzinfo) -> datetime | None:
    """Return the start of the first working range at or after ``instant``.

    None when the week has no working time at all.
    """
    day = local_date(instant, tz)
    for offset in range(_HORIZON_DAYS):
        for start, _ in day_segments(work_hours, day + timedelta(days=offset), tz):
            if start >= instant:
                return start
    return None


def next_working_day_start(work_hours: WorkHours, instant: datetime, tz: tzinfo) -> datetime | None:
    """Return the start of the first working range on a later date than ``instant``'s.

    On a Friday (or a Saturday) with a Monday-to-Friday week this is Monday's
    start. None when the week has no working time at all.
    """
    day = local_date(instant, tz)
    # The seven days after it hold every weekday once.
    for offset in range(1, _HORIZON_DAYS):
        segments = day_segments(work_hours, day + timedelta(days=offset), tz)
        if segments:
            return segments[0][0]
    return None


def working_time_between(
    work_hours: WorkHours, start: datetime, end: datetime, tz: tzinfo
) -> timedelta:
    """Return how much working time lies between ``start`` and ``end`` (zero if end <= start)."""
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    total = timedelta()
    day, last = local_date(start, tz), local_date(end, tz)
    while day <= last:
        for seg_start, seg_end in day_segments(work_hours, day, tz):
            low, high = max(seg_start, start), min(seg_end, end)
            if high > low:
                total += high - low
        day += timedelta(days=1)
    return total


def add_working_time(
    work_hours: WorkHours, start: datetime, amount: timedelta, tz: tzinfo
) -> datetime | None:
    """Return the working instant at which ``amount`` of working time has passed since ``start``.

    Counts within ``start``'s day only, because intervals start fresh every
    working day: None when the day has no more than ``amount`` left. An amount
    of zero or less returns ``start`` itself. When the amount runs out exactly
    at the end of a range, the result is the start of the next range.
    """
    start = start.astimezone(UTC)
    if amount <= timedelta():
        return start
    left = amount
    for seg_start, seg_end in day_segments(work_hours, local_date(start, tz), tz):
        low = max(seg_start, start)
        if seg_end <= low:
            continue
        if low + left < seg_end:
            return low + left
        left -= seg_end - low
    return None
