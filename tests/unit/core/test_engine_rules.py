"""Single rules of the engine: answers, routines, clock jumps, the tray view, zones."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from ergo.core.engine import handle
from ergo.core.events import (
    BreakEnded,
    BreakStarted,
    Done,
    Ignored,
    Pause,
    Resume,
    RoutineFinished,
    RoutineStarted,
    Skipped,
    Snooze,
    Tick,
    Trigger,
    WallClockJump,
)
from ergo.core.model import TimeRange
from ergo.core.state import EngineState
from tests.factories import reminder, settings, walk_and_sit
from tests.simulation import Desk

AMS = ZoneInfo("Europe/Amsterdam")


def at(hour: int, minute: int = 0, day: int = 3) -> datetime:
    return datetime(2024, 6, day, hour, minute, tzinfo=AMS)


def test_done_and_skipped_restart_the_interval_while_ignored_keeps_it():
    for answer, next_walk in ((Done, "11:10"), (Skipped, "11:10"), (Ignored, "11:00")):
        desk = Desk(settings(reminders=(reminder("walk", 60),)), at(8), answer=False)
        desk.run_until(at(10, 10))
        assert desk.outcome.view.status == "due"
        outcome = desk.send(answer(("walk",)))
        assert outcome.view.status != "paused"
        view = outcome.view.reminders[0]
        assert f"{view.next_at:%H:%M}" == next_walk
        counts = (view.done_today, view.skipped_today, view.ignored_today)
        assert counts == (answer is Done, answer is Skipped, answer is Ignored)


def test_an_answer_for_a_reminder_removed_meanwhile_is_ignored():
    desk = Desk(walk_and_sit(), at(9))
    assert desk.send(Done(("gone",))).state == desk.state


def test_a_completed_routine_counts_as_doing_its_reminder_and_as_a_break():
    cfg = settings(
        reminders=(reminder("walk", 60, routine="lumbar"), reminder("sit-upright", 30, "posture"))
    )
    desk = Desk(cfg, at(8))
    desk.run_until(at(9, 50))
    assert desk.send(RoutineStarted("lumbar")).view.status == "away"
    assert desk.send(Tick(), at(9, 55)).notify == ()
    outcome = desk.send(RoutineFinished("lumbar"), at(9, 58))
    walk, sit = outcome.view.reminders
    assert walk.done_today == 1
    assert (f"{walk.next_at:%H:%M}", f"{sit.next_at:%H:%M}") == ("10:58", "10:28")


def test_a_routine_stopped_early_is_a_break_but_not_a_done_reminder():
    cfg = settings(reminders=(reminder("walk", 60, routine="lumbar"),))
    desk = Desk(cfg, at(8))
    desk.send(RoutineStarted("lumbar"), at(9, 50))
    outcome = desk.send(RoutineFinished("lumbar", completed=False), at(9, 52))
    assert outcome.view.reminders[0].done_today == 0
    assert f"{outcome.view.reminders[0].next_at:%H:%M}" == "10:02"


def test_a_natural_break_does_not_end_a_routine_and_a_second_break_start_is_ignored():
    desk = Desk(walk_and_sit(), at(8))
    desk.send(RoutineStarted("lumbar"), at(9, 50))
    assert desk.send(BreakEnded("idle"), at(9, 51)).view.away == "routine"
    desk.send(BreakStarted("locked"), at(10, 30))
    assert desk.send(BreakStarted("idle"), at(10, 31)).state.away.kind == "routine"


def test_a_clock_set_back_keeps_snoozes_and_the_gap_in_real_time():
    desk = Desk(walk_and_sit(), at(8), answer=False)
    desk.run_until(at(9, 31))
    desk.send(Snooze("sit-upright", timedelta(minutes=10)))
    outcome = desk.send(WallClockJump(at(9, 31), at(8, 31)), at(8, 31))
    assert outcome.state.reminders["sit-upright"].snoozed_until == at(8, 41).astimezone(UTC)
    assert outcome.state.last_notified == at(8, 30).astimezone(UTC)


def test_a_clock_jump_while_the_screen_is_locked_keeps_the_break_going():
    desk = Desk(walk_and_sit(), at(8))
    desk.send(BreakStarted("locked"), at(9, 10))
    outcome = desk.send(WallClockJump(at(9, 12), at(9, 40)), at(9, 40))
    assert outcome.view.status == "away"
    back = desk.send(BreakEnded("locked"), at(9, 41))
    assert [f"{r.next_at:%H:%M}" for r in back.view.reminders] == ["10:41", "10:11"]


def test_resume_without_a_pause_is_refused_and_pause_edges_are_checked():
    desk = Desk(walk_and_sit(), at(9))
    assert str(desk.send(Resume()).refused) == "reminders are neither paused nor snoozed"
    assert str(desk.send(Pause(timedelta(0))).refused) == "a pause must last longer than zero"
    weekendless = settings(week=((),) * 7)
    idle = handle(weekendless, EngineState(), Pause("next_working_day"), at(9))
    assert str(idle.refused) == "the work hours have no working day to pause until"


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "America/Adak"])
def test_a_pause_longer_than_a_year_is_refused_and_changes_nothing(zone: str):
    now = datetime(2024, 6, 3, 9, 0, tzinfo=ZoneInfo(zone))
    desk = Desk(walk_and_sit(), now)
    for pause in (timedelta(hours=69_890_000), timedelta(days=367),
                  now + timedelta(days=400), datetime(9999, 12, 31, tzinfo=UTC)):
        outcome = desk.send(Pause(pause), now)
        assert str(outcome.refused).startswith("a pause may last at most a year")
        assert outcome.view.status != "paused"
    assert desk.send(Pause(timedelta(days=366)), now).view.status == "paused"


def test_a_naive_pause_end_is_read_in_the_work_hours_zone():
    desk = Desk(walk_and_sit(), at(9))
    outcome = desk.send(Pause(datetime(2024, 6, 3, 14, 0)))
    assert outcome.view.paused_until == at(14)
    assert outcome.next_wake == at(14)


def test_snooze_is_refused_while_paused_and_outside_working_hours():
    desk = Desk(walk_and_sit(), at(8))
    assert str(desk.send(Snooze(None, timedelta(minutes=5))).refused) == (
        "it is outside working hours, so nothing is due"
    )
    desk.send(Pause(None), at(10))
    assert str(desk.send(Snooze("walk", timedelta(minutes=5))).refused) == (
        "reminders are paused; resume them first"
    )
    assert desk.outcome.view.reminders[0].snooze_allowed is False


def test_a_snooze_of_a_reminder_not_yet_due_only_keeps_it_from_firing_earlier():
    desk = Desk(walk_and_sit(), at(8))
    desk.run_until(at(9, 55))
    desk.send(Snooze("walk", timedelta(minutes=20)))
    desk.run_until(at(10, 30))
    assert desk.times("walk") == ["10:15"]


def test_the_view_names_the_next_reminder_and_the_status_follows_the_working_day():
    desk = Desk(walk_and_sit(), at(8))
    assert desk.outcome.view.status == "off_hours"
    view = desk.outcome.view
    assert (view.next_reminder, view.next_at) == ("sit-upright", at(9, 30))
    assert desk.outcome.next_wake == at(9)
    assert desk.send(Tick(), at(9)).view.status == "active"
    assert desk.send(Tick(), at(17)).view.status == "off_hours"


def test_without_a_zone_in_the_config_the_zone_of_now_is_used():
    cfg = settings(reminders=(reminder("walk", 60),), timezone=None)
    tokyo = ZoneInfo("Asia/Tokyo")
    outcome = handle(cfg, EngineState(), Tick(), datetime(2024, 6, 3, 9, 30, tzinfo=tokyo))
    assert outcome.view.next_at == datetime(2024, 6, 3, 10, 30, tzinfo=tokyo)
    fixed = timezone(timedelta(hours=-5))
    outcome = handle(cfg, EngineState(), Tick(), datetime(2024, 6, 3, 16, 30, tzinfo=fixed))
    assert outcome.view.next_at == datetime(2024, 6, 4, 10, 0, tzinfo=fixed)


def test_a_naive_now_without_a_zone_in_the_config_is_an_error():
    cfg = settings(timezone=None)
    with pytest.raises(ValueError, match="now must carry a time zone"):
        handle(cfg, EngineState(), Tick(), datetime(2024, 6, 3, 9))


def test_a_disabled_reminder_never_fires_and_has_no_state():
    cfg = settings(reminders=(reminder("walk", 60, enabled=False), reminder("sit", 30)))
    desk = Desk(cfg, at(8))
    desk.run_until(at(12))
    assert list(desk.state.reminders) == ["sit"]
    assert all(f.reminder_ids == ("sit",) for f in desk.fired)


def test_trigger_fires_one_reminder_now_even_while_paused_and_after_hours():
    desk = Desk(walk_and_sit(), at(9))
    desk.send(Pause(None))
    outcome = desk.send(Trigger("walk"))
    assert [f.reminder_ids for f in outcome.notify] == [("walk",)]
    late = handle(walk_and_sit(), EngineState(), Trigger("sit-upright"), at(22))
    assert [f.reminder_ids for f in late.notify] == [("sit-upright",)]
    assert late.view.due == ("sit-upright",)


def test_trigger_of_an_unknown_reminder_is_refused_and_fires_nothing():
    outcome = handle(walk_and_sit(), EngineState(), Trigger("nap"), at(10))
    assert outcome.notify == ()
    assert "nap" in str(outcome.refused)


def test_a_routine_begun_during_an_idle_break_counts_the_break_from_its_start():
    desk = Desk(walk_and_sit(), at(9))
    desk.send(BreakStarted("idle", since=at(9, 40)), at(9, 45))
    routine = desk.send(RoutineStarted("lumbar"), at(9, 46)).view
    assert (routine.away, f"{routine.away_since:%H:%M}") == ("routine", "09:40")
    # Ten minutes away in all restart the walk, though the routine itself took four.
    back = desk.send(RoutineFinished("lumbar", completed=False), at(9, 50)).view
    assert [f"{r.next_at:%H:%M}" for r in back.reminders] == ["10:50", "10:20"]


def test_a_reminder_due_exactly_min_gap_after_another_joins_its_notification():
    desk = Desk(settings(reminders=(reminder("walk", 32), reminder("sit-upright", 30, "posture"))),
                at(9))
    desk.run_until(at(9, 45))
    assert [(f"{f.at:%H:%M}", f.reminder_ids) for f in desk.fired] == [
        ("09:30", ("walk", "sit-upright"))]


def test_a_routine_ending_that_the_engine_never_saw_start_still_counts_as_done():
    cfg = settings(reminders=(reminder("walk", 60, routine="lumbar"),))
    desk = Desk(cfg, at(9))
    outcome = desk.send(RoutineFinished("lumbar"), at(9, 30))
    assert (outcome.view.status, outcome.view.reminders[0].done_today) == ("active", 1)
    assert f"{outcome.view.reminders[0].next_at:%H:%M}" == "10:30"


def test_something_that_is_not_an_event_is_refused_naming_it():
    with pytest.raises(TypeError) as refused:
        handle(walk_and_sit(), EngineState(), "tick", at(9))  # type: ignore[arg-type]
    assert str(refused.value) == "not an engine event: 'tick'"


def test_a_state_from_yesterday_morning_counts_only_todays_working_time():
    # ergo last ran on Monday at 11:00 and is back on Tuesday at 09:30, with nothing between.
    cfg = settings(reminders=(reminder("walk", 60),))
    monday = Desk(cfg, at(11, day=3)).state
    outcome = handle(cfg, monday, Tick(), at(9, 30, day=4))
    assert (outcome.notify, outcome.view.reminders[0].next_at) == ((), at(10, day=4))


def test_a_snooze_of_all_running_past_midnight_ends_with_the_day():
    all_day = ((TimeRange(time(0), time(23, 59)),),) * 7
    desk = Desk(settings(reminders=(reminder("walk", 60),), week=all_day), at(23, 30))
    desk.send(Snooze(None, timedelta(minutes=20)), at(23, 50))
    view = desk.send(Tick(), at(0, 5, day=4)).view
    assert (view.status, view.snoozed_until, view.snoozed_all_until) == ("active", None, None)


def test_a_reminder_too_long_for_the_next_short_days_comes_on_the_first_day_it_fits():
    full, short = (TimeRange(time(9), time(17)),), (TimeRange(time(9), time(11)),)
    week = (full, full, full, full, (TimeRange(time(9), time(12)),), short, ())
    cfg = settings(reminders=(reminder("walk", 240),), week=week)
    # Friday has three working hours, Saturday two: four fit first on Monday.
    outcome = handle(cfg, EngineState(), Tick(), at(11, day=7))
    assert outcome.view.reminders[0].next_at == at(13, day=10)


def test_a_snooze_past_the_end_of_the_day_moves_the_reminder_to_a_fresh_tomorrow():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9))
    desk.send(Trigger("walk"), at(15, 50))
    snoozed = desk.send(Snooze("walk", timedelta(minutes=20)), at(16, 45))
    # Due at 16:50, snoozed until 17:05, after work: tomorrow starts fresh at 09:00.
    assert snoozed.view.reminders[0].next_at == at(10, day=4)
