"""The plan: a config's notifications over whole days for a user at the desk."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from ergo.core.model import TimeRange
from ergo.core.plan import plan
from tests.factories import reminder, settings

AMS = ZoneInfo("Europe/Amsterdam")
LUNCH = TimeRange(time(12, 30), time(13))


def test_a_week_plan_covers_only_the_working_days_in_time_order():
    fired = plan(settings(reminders=(reminder("walk", 60),)), date(2024, 6, 3), 7)
    days = sorted({at.date() for at, _ in fired})
    assert [d.isoformat() for d in days] == [f"2024-06-0{n}" for n in range(3, 8)]
    assert [f"{at:%H:%M}" for at, _ in fired[:7]] == [f"{h}:00" for h in range(10, 17)]
    assert [at for at, _ in fired] == sorted(at for at, _ in fired)
    assert all(at == firing.at for at, firing in fired)


def test_a_lunch_break_resets_the_reminders_that_would_have_fired_during_it():
    fired = plan(settings(reminders=(reminder("walk", 60),)), date(2024, 6, 3), 1, LUNCH)
    times = [f"{at:%H:%M}" for at, _ in fired]
    assert times == ["10:00", "11:00", "12:00", "14:00", "15:00", "16:00"]


def test_merged_reminders_appear_as_one_entry():
    fired = plan(settings(), date(2024, 6, 3), 1)
    assert fired[0][1].title == "Sit upright · Feet flat"
    gaps = [b[0] - a[0] for a, b in pairwise(fired)]
    assert min(gaps) >= timedelta(minutes=2)


def test_a_config_without_a_zone_is_planned_in_the_given_zone():
    cfg = settings(reminders=(reminder("walk", 60),), timezone=None)
    fixed = timezone(timedelta(hours=3))
    fired = plan(cfg, date(2024, 6, 3), 1, tz=fixed)
    assert fired[0][0] == datetime(2024, 6, 3, 10, 0, tzinfo=fixed)
    with pytest.raises(ValueError, match="plan\\(\\) needs tz"):
        plan(cfg, date(2024, 6, 3), 1)


def test_zero_days_plan_nothing_and_negative_days_are_an_error():
    assert plan(settings(), date(2024, 6, 3), 0) == []
    with pytest.raises(ValueError, match="days must be 0 or more"):
        plan(settings(), date(2024, 6, 3), -1)
