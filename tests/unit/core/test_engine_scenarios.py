"""Whole days through the engine with a simulated clock (Europe/Amsterdam, 09:00-17:00 Mon-Fri).

Default reminders: sit-upright and feet-flat (posture, 30m), walk (movement,
60m), change-position (movement, 45m); reset_after 5m; min_gap 2m.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ergo.core.events import (
    BreakEnded,
    BreakStarted,
    ConfigReloaded,
    Pause,
    Resume,
    Snooze,
    WallClockJump,
)
from ergo.core.model import SnoozeSettings, TimeRange
from tests.factories import DEFAULT_REMINDERS, reminder, settings
from tests.simulation import Desk

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY = (2024, 6, 3)


def at(hour: int, minute: int = 0, day: tuple[int, int, int] = MONDAY) -> datetime:
    return datetime(*day, hour, minute, tzinfo=AMS)


def fired(desk: Desk) -> list[tuple[str, tuple[str, ...]]]:
    return [(f"{f.at:%H:%M}", f.reminder_ids) for f in desk.fired]


SU, FF, W, CP = "sit-upright", "feet-flat", "walk", "change-position"


def test_a_full_working_day_with_a_lunch_break_fires_only_in_working_time_and_starts_fresh():
    desk = Desk(settings(), at(7))
    desk.send(BreakStarted("locked"), at(12, 30))
    desk.send(BreakEnded("locked"), at(13))
    desk.run_until(at(23, 59))
    assert fired(desk) == [
        ("09:30", (SU, FF)),
        ("09:45", (CP,)),
        ("10:00", (SU, FF, W)),
        ("10:30", (SU, FF, CP)),
        ("11:00", (SU, FF, W)),
        ("11:15", (CP,)),
        ("11:30", (SU, FF)),
        ("12:00", (SU, FF, W, CP)),
        # 12:30 falls on the lunch break; 30 minutes away resets everything.
        ("13:30", (SU, FF)),
        ("13:45", (CP,)),
        ("14:00", (SU, FF, W)),
        ("14:30", (SU, FF, CP)),
        ("15:00", (SU, FF, W)),
        ("15:15", (CP,)),
        ("15:30", (SU, FF)),
        ("16:00", (SU, FF, W, CP)),
        ("16:30", (SU, FF)),
        ("16:45", (CP,)),
    ]
    assert desk.fired[0].title == "Sit upright · Feet flat"
    desk.run_until(at(10, 0, (2024, 6, 4)))
    assert desk.times(since=at(17)) == ["09:30", "09:45"]


def test_a_reminder_left_unfinished_in_the_evening_does_not_fire_at_nine_the_next_morning():
    desk = Desk(settings(reminders=(reminder(W, 60),)), at(16, 30))
    desk.run_until(at(9, 59, (2024, 6, 4)))
    assert desk.times() == []
    assert desk.outcome.view.next_at == at(10, 0, (2024, 6, 4))


def test_a_suspend_from_1150_to_1310_replays_nothing_and_counts_as_a_long_break():
    desk = Desk(settings(), at(8))
    desk.run_until(at(11, 50))
    outcome = desk.send(WallClockJump(at(11, 50), at(13, 10)), at(13, 10))
    assert outcome.notify == ()
    desk.run_until(at(14, 30))
    assert desk.times(since=at(11, 45)) == ["13:40", "13:55", "14:10"]
    assert desk.fired[-1].reminder_ids == (SU, FF, W)


def test_a_short_suspend_pauses_the_movement_clocks_and_restarts_posture():
    desk = Desk(settings(), at(8))
    desk.run_until(at(9, 40))
    desk.send(WallClockJump(at(9, 40), at(9, 42)), at(9, 42))
    desk.run_until(at(10, 30))
    assert desk.times(CP) == ["09:47"]
    assert desk.times(SU) == ["09:30", "10:12"]
    assert desk.times(W) == ["10:02"]


def test_a_screen_locked_four_minutes_only_pauses_movement_reminders():
    desk = Desk(settings(), at(8))
    desk.send(BreakStarted("locked"), at(9, 20))
    assert desk.outcome.view.status == "away"
    desk.send(BreakEnded("locked"), at(9, 24))
    desk.run_until(at(10, 30))
    assert desk.times(CP) == ["09:49"]
    assert desk.times(SU) == ["09:54", "10:24"]
    assert desk.times(W) == ["10:04"]


def test_a_screen_locked_six_minutes_resets_movement_reminders():
    desk = Desk(settings(), at(8))
    desk.send(BreakStarted("locked"), at(9, 20))
    desk.send(BreakEnded("locked"), at(9, 26))
    desk.run_until(at(10, 30))
    assert desk.times(SU) == ["09:56", "10:26"]
    assert desk.times(CP) == ["10:11"]
    assert desk.times(W) == ["10:26"]


def test_an_idle_break_noticed_late_takes_back_the_time_before_it_was_noticed():
    desk = Desk(settings(reminders=(reminder(W, 60),)), at(8))
    desk.send(BreakStarted("idle", since=at(9, 20)), at(9, 23))
    desk.send(BreakEnded("idle"), at(9, 24))
    desk.run_until(at(11))
    assert desk.times(W) == ["10:04"]


def test_a_snooze_chain_is_refused_at_the_per_reminder_limit_and_then_at_the_daily_limit():
    desk = Desk(settings(snooze=SnoozeSettings(max_per_day=4, max_per_reminder=3)), at(8), False)
    desk.run_until(at(10, 1))
    assert desk.fired[-1].reminder_ids == (SU, FF, W)
    for minutes in (5, 10, 5):
        snoozed = desk.send(Snooze(W, timedelta(minutes=minutes)))
        assert snoozed.refused is None
        assert W not in snoozed.view.due
        ends = desk.now + timedelta(minutes=minutes)
        desk.run_until(ends)
        assert desk.fired[-1].at < ends
        desk.run_until(ends + timedelta(minutes=1))
        assert (desk.fired[-1].reminder_ids, desk.fired[-1].at) == ((W,), ends)
    assert desk.times(W) == ["10:00", "10:06", "10:17", "10:23"]
    refused = desk.send(Snooze(W, timedelta(minutes=5)))
    assert str(refused.refused) == "'Walk' was snoozed 3 times today, the most allowed"
    walk_view = next(r for r in refused.view.reminders if r.id == W)
    assert (walk_view.snooze_allowed, walk_view.snooze_refusal) == (False, refused.refused)
    assert desk.send(Snooze(SU, timedelta(minutes=5))).refused is None
    assert desk.outcome.view.snoozes_left_today == 0
    assert not desk.outcome.view.snooze_all_allowed
    assert str(desk.send(Snooze(None, timedelta(minutes=5))).refused) == (
        "all 4 snoozes for today are used; new ones are available from midnight"
    )
    desk.run_until(at(9, 1, (2024, 6, 4)))
    assert desk.outcome.view.snoozes_left_today == 4
    assert desk.outcome.view.snooze_all_allowed


def test_a_snoozed_reminder_never_fires_before_its_snooze_ends_even_after_a_break():
    desk = Desk(settings(reminders=(reminder("stretch", 10),)), at(8), answer=False)
    desk.run_until(at(9, 10) + timedelta(seconds=30))
    desk.send(Snooze("stretch", timedelta(minutes=20)))
    desk.send(BreakStarted("locked"), at(9, 12))
    desk.send(BreakEnded("locked"), at(9, 19))
    desk.run_until(at(9, 40))
    assert desk.times(since=at(9, 11)) == ["09:30"]


def test_snooze_refuses_lengths_beyond_the_longest_offered_and_rest_of_day_when_not_allowed():
    strict = settings(snooze=SnoozeSettings(rest_of_day=False))
    desk = Desk(strict, at(10))
    assert str(desk.send(Snooze(None, timedelta(minutes=30))).refused) == (
        "a snooze may last at most 20m"
    )
    assert str(desk.send(Snooze(W, "rest_of_day")).refused) == (
        "the config does not allow snoozing for the rest of the day"
    )
    assert str(desk.send(Snooze("nope", timedelta(minutes=5))).refused) == (
        "there is no active reminder 'nope'"
    )
    assert desk.outcome.view.snoozes_left_today == 6


def test_snooze_all_for_the_rest_of_the_day_silences_everything_until_tomorrow():
    desk = Desk(settings(), at(8))
    desk.run_until(at(10, 5))
    assert desk.send(Snooze(None, "rest_of_day")).view.status == "snoozed"
    assert desk.outcome.view.snoozed_until == at(17)
    desk.run_until(at(9, 31, (2024, 6, 4)))
    assert desk.times(since=at(10, 5)) == ["09:30"]


def test_pause_until_the_next_working_day_on_a_friday_lasts_until_monday_morning():
    friday = (2024, 6, 7)
    desk = Desk(settings(), at(8, 0, friday))
    desk.run_until(at(14, 0, friday))
    outcome = desk.send(Pause("next_working_day"))
    assert outcome.refused is None
    assert outcome.view.status == "paused"
    assert outcome.view.paused_until == at(9, 0, (2024, 6, 10))
    desk.run_until(at(9, 46, (2024, 6, 10)))
    assert desk.times(since=at(14, 0, friday)) == ["09:30", "09:45"]
    assert desk.fired[-2].at.date().isoformat() == "2024-06-10"


def test_pause_for_a_duration_then_resume_rearms_every_interval_from_the_resume():
    desk = Desk(settings(), at(8))
    desk.send(Pause(timedelta(hours=2)), at(9, 10))
    assert desk.outcome.view.paused_until == at(11, 10)
    desk.send(Pause(None), at(9, 20))
    assert desk.outcome.view.paused_until is None
    assert desk.outcome.next_wake is None
    desk.send(BreakStarted("idle"), at(9, 25))
    assert str(desk.send(Pause(at(9, 0))).refused) == "2024-06-03 09:00 has already passed"
    desk.send(BreakEnded("idle"), at(9, 30))
    resumed = desk.send(Resume(), at(10, 5))
    assert resumed.refused is None
    desk.run_until(at(10, 51))
    assert desk.times() == ["10:35", "10:50"]


def test_a_pause_ending_by_itself_rearms_from_its_end():
    desk = Desk(settings(reminders=(reminder(W, 60),)), at(8))
    desk.send(Pause(at(13, 0)), at(9, 50))
    desk.run_until(at(14, 1))
    assert desk.times() == ["14:00"]


def test_the_spring_forward_day_keeps_real_intervals_and_local_working_hours():
    every_day = ((TimeRange(time(1), time(5)), TimeRange(time(9), time(12))),) * 7
    desk = Desk(settings(reminders=(reminder(W, 60),), week=every_day), at(0, 0, (2024, 3, 31)))
    desk.run_until(at(23, 0, (2024, 3, 31)))
    # 01:00-05:00 holds only three real hours that night: 03:00 CEST follows 01:59 CET.
    # The hour counted up to 05:00 completes at 09:00, when work resumes.
    assert desk.times() == ["03:00", "04:00", "09:00", "10:00", "11:00"]
    instants = [f.at.astimezone(UTC) for f in desk.fired]
    assert instants[1] - instants[0] == timedelta(hours=1)


def test_the_fall_back_day_fires_in_both_two_oclock_hours():
    every_day = ((TimeRange(time(1), time(5)), TimeRange(time(9), time(12))),) * 7
    desk = Desk(settings(reminders=(reminder(W, 60),), week=every_day), at(0, 0, (2024, 10, 27)))
    desk.run_until(at(23, 0, (2024, 10, 27)))
    assert desk.times() == ["02:00", "02:00", "03:00", "04:00", "09:00", "10:00", "11:00"]
    assert [f.at.utcoffset() for f in desk.fired[:2]] == [timedelta(hours=2), timedelta(hours=1)]


def test_a_nine_to_five_day_on_either_dst_switch_fires_at_the_usual_local_times():
    every_day = ((TimeRange(time(9), time(17)),),) * 7
    for day in ((2024, 3, 31), (2024, 10, 27)):
        desk = Desk(settings(reminders=(reminder(W, 120),), week=every_day), at(0, 0, day))
        desk.run_until(at(23, 0, day))
        assert desk.times() == ["11:00", "13:00", "15:00"]


def test_a_reload_mid_day_keeps_progress_changes_one_interval_and_drops_a_removed_reminder():
    desk = Desk(settings(), at(8))
    desk.run_until(at(10, 40))
    changed = tuple(
        reminder(CP, 20, title="Change position") if r.id == CP else r
        for r in DEFAULT_REMINDERS
        if r.id != FF
    )
    outcome = desk.send(ConfigReloaded(settings(reminders=changed)))
    assert [r.id for r in outcome.view.reminders] == [SU, W, CP]
    assert set(outcome.state.reminders) == {SU, W, CP}
    desk.run_until(at(11, 30))
    assert fired(desk)[-4:] == [
        ("10:30", (SU, FF, CP)),
        ("10:50", (CP,)),
        ("11:00", (SU, W)),
        ("11:10", (CP,)),
    ]


def test_a_reload_that_shortens_an_interval_below_its_progress_fires_it_at_once():
    desk = Desk(settings(reminders=(reminder(W, 60), reminder(CP, 45))), at(8))
    desk.run_until(at(9, 40))
    outcome = desk.send(ConfigReloaded(settings(reminders=(reminder(W, 30), reminder(CP, 45)))))
    assert [f.reminder_ids for f in outcome.notify] == [(W,)]
