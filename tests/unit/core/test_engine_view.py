"""What the tray shows: its times on the work-hours clock, and the instant a snooze ends.

Work hours 09:00-17:00 in Europe/Amsterdam; the machine's zone varies (``tests/zones.py``),
so a time read on the machine's clock instead shows another hour.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from ergo.core.busy import BusySpan
from ergo.core.events import (
    BreakStarted,
    CalendarChanged,
    ConfigReloaded,
    InterruptionStarted,
    Pause,
    Snooze,
)
from ergo.core.model import InterruptionSettings, SnoozeSettings, Text
from tests.factories import reminder, settings, walk_and_sit
from tests.simulation import Desk
from tests.unit.core.test_engine_snooze_and_clock import at


def clock(instant: datetime | None) -> str | None:
    return None if instant is None else f"{instant:%H:%M}"


def test_every_time_the_tray_shows_is_on_the_work_hours_clock():
    desk = Desk(walk_and_sit(), at(9))
    snoozed = desk.send(Snooze(None, timedelta(minutes=10)), at(9, 10)).view
    assert [clock(t) for t in (snoozed.snoozed_until, snoozed.snoozed_all_until, snoozed.next_at)
            ] == ["09:20", "09:20", "09:30"]
    walk = desk.send(Snooze("walk", timedelta(minutes=20)), at(9, 40)).view.reminders[0]
    assert (clock(walk.snoozed_until), clock(walk.next_at)) == ("10:00", "10:00")
    paused = desk.send(Pause(at(11)), at(9, 45)).view
    assert (clock(paused.paused_until), clock(paused.next_at)) == ("11:00", "11:30")
    desk.send(Pause(timedelta(minutes=1)), at(9, 46))
    away = desk.send(BreakStarted("idle", since=at(10, 5)), at(10, 10)).view
    assert (away.status, clock(away.away_since)) == ("away", "10:05")


def test_the_tray_lists_the_interruptions_oldest_first_on_the_work_hours_clock():
    config = replace(walk_and_sit(), interruptions=InterruptionSettings())
    desk = Desk(config, at(9))
    desk.send(InterruptionStarted("meeting", "microphone in use"), at(9, 10))
    desk.send(CalendarChanged((BusySpan(at(9, 5), at(10), "Planning"),)), at(9, 15))
    view = desk.send(InterruptionStarted("fullscreen", "slides"), at(9, 20)).view
    assert [(i.reason, i.detail, clock(i.since), clock(i.until)) for i in view.interruptions] == [
        ("calendar", "Planning", "09:05", "10:00"),
        ("meeting", "microphone in use", "09:10", None),
        ("fullscreen", "slides", "09:20", None),
    ]


def test_at_the_instant_a_snooze_ends_the_tray_no_longer_shows_it():
    desk = Desk(walk_and_sit(), at(9))
    desk.send(Snooze(None, timedelta(minutes=10)), at(9, 10))
    ended = desk.send(Snooze("walk", timedelta(minutes=10)), at(9, 20)).view
    assert (ended.snoozed_all_until, clock(ended.snoozed_until)) == (None, "09:30")
    view = desk.send(BreakStarted("idle"), at(9, 30)).view
    assert (view.snoozed_until, view.reminders[0].snoozed_until) == (None, None)


def test_the_snoozes_left_today_count_down_to_zero_and_no_further():
    config = replace(walk_and_sit(), snooze=SnoozeSettings(max_per_day=2))
    desk = Desk(config, at(9))
    assert desk.outcome.view.snoozes_left_today == 2
    assert desk.send(Snooze("walk", timedelta(minutes=5)), at(9, 5)).view.snoozes_left_today == 1
    assert desk.send(Snooze(None, timedelta(minutes=5)), at(9, 15)).view.snoozes_left_today == 0
    refused = desk.send(Snooze(None, timedelta(minutes=5)), at(9, 25))
    assert (refused.view.snoozes_left_today, refused.view.snooze_all_allowed) == (0, False)


def test_the_tray_lists_the_switched_on_reminders_by_their_titles_in_the_users_language():
    walk = replace(reminder("walk", 60), title=Text.of({"en": "Walk", "nl": "Wandelen"}))
    config = replace(settings(reminders=(reminder("stretch", 20, enabled=False), walk)),
                     language="nl")
    view = Desk(config, at(9)).outcome.view
    assert [(r.id, r.title) for r in view.reminders] == [("walk", "Wandelen")]


def test_without_a_daily_snooze_limit_the_tray_counts_no_snoozes_left():
    config = replace(walk_and_sit(), snooze=SnoozeSettings(max_per_day=None))
    desk = Desk(config, at(9))
    assert desk.outcome.view.snoozes_left_today is None
    assert desk.send(Snooze("walk", timedelta(minutes=5)), at(9, 5)).view.snoozes_left_today is None


def test_after_a_reload_hours_without_a_zone_are_still_read_on_the_clock_ergo_was_given():
    # 09:10 in Amsterdam is 07:10 UTC, before the working day on a UTC clock.
    config = settings(reminders=walk_and_sit().reminders, timezone=None)
    desk = Desk(config, at(9))
    view = desk.send(ConfigReloaded(config), at(9, 10)).view
    assert (view.status, clock(view.next_at)) == ("active", "09:30")
