"""Read an ICS calendar into busy spans: the time the user is really in meetings.

Called on the calendar feed's thread (and by ``ergo plan``). Uses icalendar to
read the file and recurring-ical-events to expand repeating events with their
exceptions (RRULE, RDATE, EXDATE, RECURRENCE-ID). Both resolve the zones
Outlook writes by their Windows names ("W. Europe Standard Time") through
CLDR's windowsZones table, which icalendar ships.

An event is busy unless any of these says otherwise:

* it is all-day (a DTSTART that is a date, Outlook's
  X-MICROSOFT-CDO-ALLDAYEVENT, or a day or longer): a holiday, a trip or a
  reminder, not a meeting;
* it is cancelled (STATUS:CANCELLED), free (TRANSP:TRANSPARENT), or Outlook
  marks it free or working elsewhere (X-MICROSOFT-CDO-BUSYSTATUS);
* the user declined it.

It is tentative when STATUS is TENTATIVE, Outlook's busy status is TENTATIVE,
or the user's answer is TENTATIVE or not given yet (NEEDS-ACTION); tentative
events count as busy only with ``tentative_busy``.

The user's answer is the PARTSTAT of the ATTENDEE whose address is one of the
``addresses`` configured (``interruptions.calendar_addresses``), or, when none
is, the address Google names a primary calendar by (X-WR-CALNAME). An event
the user organises is the user's own and counts as accepted. Without a match
the event counts as the feed's owner's: published Outlook and Nextcloud feeds
already leave out or mark free what their owner declined.

Times without a zone ("floating") are read in the calendar's X-WR-TIMEZONE,
else in ``zone``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ergo.core.busy import BusySpan

_FREE_STATUSES = frozenset({"FREE", "WORKINGELSEWHERE"})
_TENTATIVE_ANSWERS = frozenset({"TENTATIVE", "NEEDS-ACTION"})


class CalendarError(ValueError):
    """The data is not a calendar ergo can read; the message says why, for people."""


@dataclass(frozen=True)
class Busy:
    """What one calendar holds in a window: its busy spans and how many events it had there."""

    spans: tuple[BusySpan, ...]
    events: int


def busy_spans(
    data: bytes,
    start: datetime,
    end: datetime,
    zone: tzinfo,
    *,
    tentative_busy: bool = True,
    addresses: Iterable[str] = (),
    titles: bool = False,
) -> Busy:
    """Given ICS data and a window (aware ``start`` < ``end``), return the busy time in it.

    ``titles`` keeps each event's SUMMARY; without it no title leaves this function.
    Raise :class:`CalendarError` when the data is not a calendar.
    """
    import icalendar
    import recurring_ical_events  # type: ignore[import-untyped]

    try:
        calendar = icalendar.Calendar.from_ical(data)
        if calendar.name != "VCALENDAR":
            raise CalendarError(f"not a calendar: the file holds a {calendar.name}")
        occurrences = list(recurring_ical_events.of(calendar).between(start, end))
    except CalendarError:
        raise
    except Exception as error:  # icalendar raises ValueError, KeyError and more on bad data
        raise CalendarError(f"not a calendar ergo can read ({error})") from error
    floating = _calendar_zone(calendar) or zone
    mine = {_address(a) for a in addresses}
    owner = _address(str(calendar.get("X-WR-CALNAME", "")))
    if not mine and "@" in owner:
        mine = {owner}
    spans = []
    events = 0
    for event in occurrences:
        if event.name != "VEVENT":
            continue
        events += 1
        span = _span(event, floating, titles)
        if span is None or span.end <= start or span.start >= end:
            continue
        answer = _answer(event, mine)
        if answer == "free" or (answer == "tentative" and not tentative_busy):
            continue
        spans.append(span)
    return Busy(tuple(sorted(spans, key=lambda s: (s.start, s.end))), events)


def _calendar_zone(calendar: Any) -> tzinfo | None:
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _address(value: str) -> str:
    value = value.strip().lower()
    return value[len("mailto:"):] if value.startswith("mailto:") else value


def _span(event: Any, floating: tzinfo, titles: bool) -> BusySpan | None:
    """Return the event's time as a span, or None when it is all-day or has no length."""
    if "DTSTART" not in event:
        return None
    begin = event["DTSTART"].dt
    if not isinstance(begin, datetime):
        return None
    if str(event.get("X-MICROSOFT-CDO-ALLDAYEVENT", "")).upper() == "TRUE":
        return None
    if "DTEND" in event:
        finish = event["DTEND"].dt
    elif "DURATION" in event:
        finish = begin + event["DURATION"].dt
    else:
        return None
    if isinstance(finish, date) and not isinstance(finish, datetime):
        return None
    begin, finish = _aware(begin, floating), _aware(finish, floating)
    if finish <= begin or finish - begin >= timedelta(days=1):
        return None
    title = (str(event.get("SUMMARY", "")).strip() or None) if titles else None
    return BusySpan(begin, finish, title)


def _aware(instant: datetime, floating: tzinfo) -> datetime:
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=floating)


def _answer(event: Any, mine: set[str]) -> str:
    """Return ``busy``, ``tentative`` or ``free`` for the user."""
    status = str(event.get("STATUS", "")).upper()
    if status == "CANCELLED" or str(event.get("TRANSP", "")).upper() == "TRANSPARENT":
        return "free"
    outlook = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    if outlook in _FREE_STATUSES:
        return "free"
    tentative = status == "TENTATIVE" or outlook == "TENTATIVE"
    if mine and _address(str(event.get("ORGANIZER", ""))) not in mine:
        attendees = event.get("ATTENDEE", [])
        if not isinstance(attendees, list):
            attendees = [attendees]
        for attendee in attendees:
            if _address(str(attendee)) in mine:
                answer = str(attendee.params.get("PARTSTAT", "NEEDS-ACTION")).upper()
                if answer == "DECLINED":
                    return "free"
                tentative = tentative or answer in _TENTATIVE_ANSWERS
    return "tentative" if tentative else "busy"
