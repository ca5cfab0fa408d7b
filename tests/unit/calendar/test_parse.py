"""Reading ICS feeds in the shapes Outlook, Google and Nextcloud publish into busy spans."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from ergo.calendar.parse import CalendarError, busy_spans
from tests import calendars

AMS = ZoneInfo("Europe/Amsterdam")
WEEK = (datetime(2024, 6, 3, tzinfo=AMS), datetime(2024, 6, 10, tzinfo=AMS))


def local(data: bytes, zone=AMS, **options) -> list[tuple[str, str, str | None]]:
    busy = busy_spans(data, *WEEK, zone, **options)
    return [(f"{s.start.astimezone(zone):%a %H:%M}", f"{s.end.astimezone(zone):%H:%M}", s.title)
            for s in busy.spans]


def test_outlook_recurrence_with_a_moved_and_a_cancelled_day_in_a_windows_zone():
    assert local(calendars.outlook(), titles=True) == [
        ("Mon 09:00", "09:15", "Stand-up"),
        ("Tue 09:00", "09:15", "Stand-up"),
        ("Tue 12:00", "13:00", "Maybe lunch talk"),  # tentative counts by default
        ("Wed 09:30", "09:45", "Stand-up (moved)"),
        ("Fri 09:00", "09:15", "Stand-up"),
    ]


def test_every_span_is_aware_and_the_windows_zone_means_amsterdam_time():
    [first, *_] = busy_spans(calendars.outlook(), *WEEK, UTC).spans
    assert first.start == datetime(2024, 6, 3, 7, tzinfo=UTC)
    assert first.end - first.start == timedelta(minutes=15)


def test_a_windows_zone_name_without_its_vtimezone_is_still_understood():
    [span] = busy_spans(calendars.outlook_without_vtimezone(), *WEEK, UTC).spans
    assert span.start == datetime(2024, 6, 3, 14, tzinfo=UTC)


def test_tentative_events_can_be_left_out():
    assert [s[0] for s in local(calendars.outlook(), tentative_busy=False)] == [
        "Mon 09:00", "Tue 09:00", "Wed 09:30", "Fri 09:00"]


def test_titles_stay_out_unless_asked_for():
    busy = busy_spans(calendars.outlook(), *WEEK, AMS)
    assert busy.spans and all(s.title is None for s in busy.spans)


def test_google_declined_events_are_free_and_unanswered_ones_tentative():
    # The owner's address comes from X-WR-CALNAME; the weekly 1:1 skips the 10th.
    assert local(calendars.google(), titles=True) == [
        ("Mon 12:00", "13:00", "1:1 Ana / Bo"),
        ("Wed 16:00", "16:30", "Budget review"),
    ]
    assert [s[2] for s in local(calendars.google(), titles=True, tentative_busy=False)] == [
        "1:1 Ana / Bo"]


def test_a_configured_address_decides_whose_answer_counts():
    # As someone else, Ana's declined all-hands is busy: nobody declined it for them.
    other = local(calendars.google(), titles=True, addresses=["MAILTO:Bo@Example.org"])
    assert ("Tue 16:00", "17:00", "All-hands") in other
    assert busy_spans(calendars.google(), *WEEK, AMS, addresses=[calendars.USER]).events == 4


def test_nextcloud_status_transparency_duration_and_floating_times():
    assert local(calendars.nextcloud(), titles=True) == [
        ("Mon 14:00", "15:30", "Design review"),
        ("Tue 09:00", "09:45", "Perhaps a demo"),
        ("Thu 16:00", "16:30", "Floating chat"),
    ]


def test_floating_times_follow_the_given_zone_when_the_calendar_names_none():
    tokyo = ZoneInfo("Asia/Tokyo")
    spans = busy_spans(calendars.nextcloud(), *WEEK, tokyo).spans
    assert spans[-1].start == datetime(2024, 6, 6, 16, tzinfo=tokyo)


def test_only_the_window_is_expanded():
    day = (datetime(2024, 6, 5, tzinfo=AMS), datetime(2024, 6, 6, tzinfo=AMS))
    spans = busy_spans(calendars.outlook(), *day, AMS).spans
    assert [(s.start.astimezone(AMS).hour, s.start.astimezone(AMS).minute) for s in spans] == [
        (9, 30)]


@pytest.mark.parametrize("data", [b"", b"not a calendar", b"BEGIN:VEVENT\r\nEND:VEVENT\r\n",
                                  b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:nonsense\r\n"
                                  b"END:VEVENT\r\nEND:VCALENDAR\r\n"])
def test_what_is_not_a_calendar_is_a_clear_error(data):
    with pytest.raises(CalendarError, match="calendar"):
        busy_spans(data, *WEEK, AMS)
