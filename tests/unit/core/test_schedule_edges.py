"""Working-time arithmetic at the edges of a range, a day and the week."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from ergo.core.model import TimeRange, WorkHours
from ergo.core.schedule import (
    add_working_time,
    day_end,
    day_segments,
    midnight,
    next_working_day_start,
    next_working_start,
    working_time_between,
)
from tests.unit.core.test_schedule import AMS, HOURS, ams


def test_the_next_working_start_at_a_range_start_is_that_start_and_just_after_the_next():
    assert next_working_start(HOURS, ams(2024, 6, 3, 9), AMS) == ams(2024, 6, 3, 9)
    assert next_working_start(HOURS, ams(2024, 6, 3, 9, 1), AMS) == ams(2024, 6, 3, 13)
    assert next_working_start(HOURS, ams(2024, 6, 7, 17), AMS) == ams(2024, 6, 10, 9)


def test_the_next_working_day_starts_on_a_later_date_even_before_todays_start():
    assert next_working_day_start(HOURS, ams(2024, 6, 3, 7), AMS) == ams(2024, 6, 4, 9)
    assert next_working_day_start(HOURS, ams(2024, 6, 8, 7), AMS) == ams(2024, 6, 10, 9)


def test_adding_no_working_time_gives_the_start_itself_even_outside_working_hours():
    evening = ams(2024, 6, 3, 20)
    assert add_working_time(HOURS, evening, timedelta(), AMS) == evening
    assert add_working_time(HOURS, evening, -timedelta(minutes=5), AMS) == evening
    assert add_working_time(HOURS, evening, timedelta(minutes=5), AMS) is None


def test_adding_working_time_from_a_break_counts_from_the_end_of_the_break():
    got = add_working_time(HOURS, ams(2024, 6, 3, 12, 40), timedelta(minutes=10), AMS)
    assert got == ams(2024, 6, 3, 13, 10)


def test_adding_working_time_that_fills_the_day_exactly_gives_none():
    assert add_working_time(HOURS, ams(2024, 6, 3, 16), timedelta(hours=1), AMS) is None
    got = add_working_time(HOURS, ams(2024, 6, 3, 16), timedelta(minutes=59), AMS)
    assert got == ams(2024, 6, 3, 16, 59)


def test_working_time_between_counts_partial_ranges_and_nothing_backwards():
    got = working_time_between(HOURS, ams(2024, 6, 3, 12), ams(2024, 6, 3, 13, 30), AMS)
    assert got == timedelta(hours=1)
    assert working_time_between(HOURS, ams(2024, 6, 3, 14), ams(2024, 6, 3, 10), AMS) == (
        timedelta())
    got = working_time_between(HOURS, ams(2024, 6, 3, 9), ams(2024, 6, 3, 17), AMS)
    assert got == timedelta(hours=7, minutes=30)


def test_the_day_ends_at_the_end_of_its_last_range_and_a_day_off_has_no_end():
    assert day_end(HOURS, ams(2024, 6, 3, 8), AMS) == ams(2024, 6, 3, 17)
    # Late in the afternoon it is already the next day east of Amsterdam.
    assert day_end(HOURS, ams(2024, 6, 3, 16), AMS) == ams(2024, 6, 3, 17)
    assert day_end(HOURS, ams(2024, 6, 8, 12), AMS) is None


def test_midnight_is_the_first_instant_of_the_local_day_in_utc():
    got = midnight(ams(2024, 6, 3, 15).date(), AMS)
    assert (got, got.tzinfo) == (datetime(2024, 6, 2, 22, tzinfo=UTC), UTC)


def test_segments_are_utc_instants_and_an_empty_range_is_left_out():
    hours = WorkHours(week=((TimeRange(time(9), time(9)), TimeRange(time(10), time(11))),) * 7)
    (segment,) = day_segments(hours, ams(2024, 6, 3).date(), AMS)
    assert segment == (datetime(2024, 6, 3, 8, tzinfo=UTC), datetime(2024, 6, 3, 9, tzinfo=UTC))
    assert segment[0].tzinfo is UTC


def test_two_work_hours_with_the_same_day_each_get_their_own_segments():
    early = WorkHours(week=((TimeRange(time(7), time(8)),),) * 7)
    late = WorkHours(week=((TimeRange(time(20), time(21)),),) * 7)
    day = ams(2024, 6, 3).date()
    assert day_segments(early, day, AMS)[0][0] == ams(2024, 6, 3, 7)
    assert day_segments(late, day, AMS)[0][0] == ams(2024, 6, 3, 20)
    assert day_segments(early, day, AMS)[0][0] == ams(2024, 6, 3, 7)


def test_with_one_working_day_a_week_the_next_working_day_is_a_week_later():
    mondays = WorkHours(week=((TimeRange(time(9), time(12)),),) + ((),) * 6)
    assert next_working_day_start(mondays, ams(2024, 6, 3, 10), AMS) == ams(2024, 6, 10, 9)
    assert next_working_start(mondays, ams(2024, 6, 3, 10), AMS) == ams(2024, 6, 10, 9)
