"""Working-time arithmetic, including both DST switch days in Europe/Amsterdam."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from ergo.core.model import TimeRange, WorkHours
from ergo.core.schedule import (
    add_working_time,
    day_segments,
    is_working,
    next_working_day_start,
    next_working_start,
    segment_at,
    working_time_between,
    zone_of,
)

AMS = ZoneInfo("Europe/Amsterdam")
SPLIT = (TimeRange(time(9), time(12, 30)), TimeRange(time(13), time(17)))
HOURS = WorkHours(week=(SPLIT,) * 5 + ((), ()), timezone="Europe/Amsterdam")
NIGHTS = WorkHours(week=((TimeRange(time(1), time(5)),),) * 7, timezone="Europe/Amsterdam")


def ams(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMS)


def test_range_ends_are_not_working_time_and_starts_are():
    assert is_working(HOURS, ams(2024, 6, 3, 9), AMS)
    assert not is_working(HOURS, ams(2024, 6, 3, 12, 30), AMS)
    assert not is_working(HOURS, ams(2024, 6, 8, 10), AMS)


def test_adding_working_time_skips_the_gap_between_ranges():
    assert add_working_time(HOURS, ams(2024, 6, 3, 12), timedelta(hours=1), AMS) == ams(
        2024, 6, 3, 13, 30
    )


def test_adding_working_time_that_ends_at_a_range_end_gives_the_next_range_start():
    got = add_working_time(HOURS, ams(2024, 6, 3, 12), timedelta(minutes=30), AMS)
    assert got == ams(2024, 6, 3, 13)


def test_adding_more_working_time_than_the_day_has_left_gives_none():
    assert add_working_time(HOURS, ams(2024, 6, 3, 16), timedelta(hours=2), AMS) is None


def test_working_time_between_counts_only_the_ranges_over_several_days():
    got = working_time_between(HOURS, ams(2024, 6, 7, 16), ams(2024, 6, 10, 10), AMS)
    assert got == timedelta(hours=2)


def test_the_next_working_day_after_a_friday_afternoon_is_monday_morning():
    assert next_working_day_start(HOURS, ams(2024, 6, 7, 14), AMS) == ams(2024, 6, 10, 9)
    assert next_working_start(HOURS, ams(2024, 6, 8, 14), AMS) == ams(2024, 6, 10, 9)
    assert next_working_start(HOURS, ams(2024, 6, 3, 12, 45), AMS) == ams(2024, 6, 3, 13)


def test_a_week_without_working_time_has_no_next_start():
    empty = WorkHours(week=((),) * 7, timezone="UTC")
    assert next_working_start(empty, ams(2024, 6, 3, 9), AMS) is None
    assert next_working_day_start(empty, ams(2024, 6, 3, 9), AMS) is None


def test_a_night_range_holds_three_real_hours_on_the_spring_switch_and_five_in_autumn():
    def length(day: date) -> timedelta:
        ((start, end),) = day_segments(NIGHTS, day, AMS)
        return end - start

    assert length(date(2024, 3, 31)) == timedelta(hours=3)
    assert length(date(2024, 10, 27)) == timedelta(hours=5)
    assert length(date(2024, 6, 2)) == timedelta(hours=4)


def test_adding_an_hour_across_the_autumn_switch_lands_in_the_repeated_hour():
    got = add_working_time(NIGHTS, ams(2024, 10, 27, 1, 30), timedelta(hours=1), AMS)
    assert got == datetime(2024, 10, 27, 0, 30, tzinfo=UTC)
    assert got.astimezone(AMS).strftime("%H:%M %Z") == "02:30 CEST"


def test_the_zone_follows_the_work_hours_else_the_callers_now():
    assert zone_of(HOURS, datetime(2024, 6, 3, tzinfo=UTC)) == AMS
    floating = WorkHours(week=HOURS.week)
    assert zone_of(floating, ams(2024, 6, 3)) is AMS
    with pytest.raises(ValueError) as naive:
        zone_of(floating, datetime(2024, 6, 3))
    assert str(naive.value) == "now must carry a time zone when the work hours name none"


def test_working_instants_come_out_in_utc_whatever_zone_they_started_in():
    # A new WorkHours each time, so the ranges are placed anew under this machine's zone.
    hours = WorkHours(week=HOURS.week, timezone="Europe/Amsterdam")
    later = add_working_time(hours, ams(2024, 6, 3, 9, 30), timedelta(hours=1), AMS)
    assert (later, later.tzinfo) == (ams(2024, 6, 3, 10, 30), UTC)
    start, end = segment_at(hours, ams(2024, 6, 3, 10), AMS)
    assert (start, end, start.tzinfo, end.tzinfo) == (
        ams(2024, 6, 3, 9), ams(2024, 6, 3, 12, 30), UTC, UTC)


def test_working_time_until_a_morning_far_east_of_utc_counts_that_morning():
    kiritimati = ZoneInfo("Pacific/Kiritimati")
    hours = WorkHours(week=((TimeRange(time(9), time(17)),),) * 7, timezone="Pacific/Kiritimati")
    # Tuesday 11:00 at UTC+14 is still Monday in UTC and in every zone west of it.
    start = datetime(2024, 6, 3, 9, tzinfo=kiritimati)
    end = datetime(2024, 6, 4, 11, tzinfo=kiritimati)
    assert working_time_between(hours, start, end, kiritimati) == timedelta(hours=10)
