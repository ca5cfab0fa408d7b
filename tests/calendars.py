"""ICS files in the shapes Outlook, Google and Nextcloud publish, written by the tests.

Each function returns the bytes of one feed, with CRLF line ends as the real
services send. The week of 2024-06-03 (a Monday) is the week the tests look at.
"""

from __future__ import annotations

from datetime import UTC, datetime

USER = "ana@example.org"


def _ics(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def outlook() -> bytes:
    """Microsoft 365 "publish calendar": Windows zone names with their VTIMEZONE.

    A daily stand-up 09:00-09:15 (Amsterdam time) Mon-Fri with Wednesday's moved to
    09:30 and Thursday's cancelled; a free and a tentative event; an all-day one.
    """
    return _ics(
        "BEGIN:VCALENDAR",
        "METHOD:PUBLISH",
        "PRODID:Microsoft Exchange Server 2010",
        "VERSION:2.0",
        "X-WR-CALNAME:Calendar",
        "BEGIN:VTIMEZONE",
        "TZID:W. Europe Standard Time",
        "BEGIN:STANDARD",
        "DTSTART:16010101T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010101T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:standup-1",
        "SUMMARY:Stand-up",
        "DTSTART;TZID=W. Europe Standard Time:20240603T090000",
        "DTEND;TZID=W. Europe Standard Time:20240603T091500",
        "RRULE:FREQ=DAILY;UNTIL=20240607T070000Z;INTERVAL=1;BYDAY=MO,TU,WE,TH,FR",
        "EXDATE;TZID=W. Europe Standard Time:20240606T090000",
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        "DTSTAMP:20240601T120000Z",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:standup-1",
        "RECURRENCE-ID;TZID=W. Europe Standard Time:20240605T090000",
        "SUMMARY:Stand-up (moved)",
        "DTSTART;TZID=W. Europe Standard Time:20240605T093000",
        "DTEND;TZID=W. Europe Standard Time:20240605T094500",
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY",
        "DTSTAMP:20240601T120000Z",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:focus-1",
        "SUMMARY:Focus time",
        "DTSTART;TZID=W. Europe Standard Time:20240603T130000",
        "DTEND;TZID=W. Europe Standard Time:20240603T150000",
        "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
        "DTSTAMP:20240601T120000Z",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:maybe-1",
        "SUMMARY:Maybe lunch talk",
        "DTSTART;TZID=W. Europe Standard Time:20240604T120000",
        "DTEND;TZID=W. Europe Standard Time:20240604T130000",
        "X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE",
        "DTSTAMP:20240601T120000Z",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:holiday-1",
        "SUMMARY:Whit Monday",
        "DTSTART;VALUE=DATE:20240603",
        "DTEND;VALUE=DATE:20240604",
        "X-MICROSOFT-CDO-ALLDAYEVENT:TRUE",
        "X-MICROSOFT-CDO-BUSYSTATUS:FREE",
        "DTSTAMP:20240601T120000Z",
        "END:VEVENT",
        "END:VCALENDAR",
    )


def outlook_without_vtimezone() -> bytes:
    """An Outlook event naming its Windows zone with no VTIMEZONE (some exports do)."""
    return _ics(
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:Microsoft Exchange Server 2010",
        "BEGIN:VEVENT",
        "UID:ny-1",
        "SUMMARY:New York sync",
        "DTSTART;TZID=Eastern Standard Time:20240603T100000",
        "DTEND;TZID=Eastern Standard Time:20240603T110000",
        "DTSTAMP:20240601T120000Z",
        "END:VEVENT",
        "END:VCALENDAR",
    )


def google() -> bytes:
    """Google's secret iCal address: UTC times, X-WR-CALNAME is the owner's address.

    A weekly 1:1 on Mondays 10:00-11:00 UTC with the 10th excluded; one meeting the
    user declined, one not answered yet, one accepted; an all-day event.
    """
    attendee = "ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={};CN={}:mailto:{}"
    return _ics(
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{USER}",
        "X-WR-TIMEZONE:Europe/Amsterdam",
        "BEGIN:VEVENT",
        "DTSTART:20240603T100000Z",
        "DTEND:20240603T110000Z",
        "RRULE:FREQ=WEEKLY;BYDAY=MO",
        "EXDATE:20240610T100000Z",
        "DTSTAMP:20240601T120000Z",
        "ORGANIZER;CN=Bo:mailto:bo@example.org",
        attendee.format("ACCEPTED", "Ana", USER),
        attendee.format("ACCEPTED", "Bo", "bo@example.org"),
        "UID:one-on-one@google.com",
        "SUMMARY:1:1 Ana / Bo",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART:20240604T140000Z",
        "DTEND:20240604T150000Z",
        "DTSTAMP:20240601T120000Z",
        "ORGANIZER;CN=Cy:mailto:cy@example.org",
        attendee.format("DECLINED", "Ana", USER),
        "UID:declined@google.com",
        "SUMMARY:All-hands",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART:20240605T140000Z",
        "DTEND:20240605T143000Z",
        "DTSTAMP:20240601T120000Z",
        "ORGANIZER;CN=Cy:mailto:cy@example.org",
        attendee.format("NEEDS-ACTION", "Ana", USER),
        "UID:unanswered@google.com",
        "SUMMARY:Budget review",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20240606",
        "DTEND;VALUE=DATE:20240607",
        "DTSTAMP:20240601T120000Z",
        "UID:birthday@google.com",
        "SUMMARY:Bo's birthday",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "END:VCALENDAR",
    )


def nextcloud() -> bytes:
    """A Nextcloud (Sabre/DAV) export: IANA zones, STATUS, TRANSP, floating times."""
    return _ics(
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Sabre//Sabre VObject 4.5.0//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Work",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Amsterdam",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "TZNAME:CEST",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "TZNAME:CET",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "UID:review@nextcloud",
        "DTSTAMP:20240601T120000Z",
        "SUMMARY:Design review",
        "DTSTART;TZID=Europe/Amsterdam:20240603T140000",
        "DTEND;TZID=Europe/Amsterdam:20240603T153000",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:tentative@nextcloud",
        "DTSTAMP:20240601T120000Z",
        "SUMMARY:Perhaps a demo",
        "DTSTART;TZID=Europe/Amsterdam:20240604T090000",
        "DURATION:PT45M",
        "STATUS:TENTATIVE",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:cancelled@nextcloud",
        "DTSTAMP:20240601T120000Z",
        "SUMMARY:Cancelled retro",
        "DTSTART;TZID=Europe/Amsterdam:20240604T150000",
        "DTEND;TZID=Europe/Amsterdam:20240604T160000",
        "STATUS:CANCELLED",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:free@nextcloud",
        "DTSTAMP:20240601T120000Z",
        "SUMMARY:Reading time",
        "DTSTART;TZID=Europe/Amsterdam:20240605T100000",
        "DTEND;TZID=Europe/Amsterdam:20240605T120000",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:floating@nextcloud",
        "DTSTAMP:20240601T120000Z",
        "SUMMARY:Floating chat",
        "DTSTART:20240606T160000",
        "DTEND:20240606T163000",
        "END:VEVENT",
        "END:VCALENDAR",
    )


def one_event(start: datetime, end: datetime, title: str = "Quarterly planning") -> bytes:
    """A feed with one busy event (both instants aware), as the desktop test serves it."""
    stamp = "%Y%m%dT%H%M%SZ"
    return _ics(
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ergo tests//EN",
        "BEGIN:VEVENT",
        "UID:now@ergo-tests",
        f"DTSTAMP:{start.astimezone(UTC).strftime(stamp)}",
        f"DTSTART:{start.astimezone(UTC).strftime(stamp)}",
        f"DTEND:{end.astimezone(UTC).strftime(stamp)}",
        f"SUMMARY:{title}",
        "END:VEVENT",
        "END:VCALENDAR",
    )

