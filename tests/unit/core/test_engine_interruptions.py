"""Interruptions through the engine with a simulated clock (Europe/Amsterdam, 09:00-17:00).

Default reminders: sit-upright and feet-flat (posture, 30m), walk (movement,
60m), change-position (movement, 45m); min_gap 2m; grace 1m; max_defer 90m.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ergo.core.events import (
    BreakEnded,
    BreakStarted,
    Done,
    InterruptionEnded,
    InterruptionStarted,
    Pause,
    Resume,
    Snooze,
)
from ergo.core.model import InterruptionSettings
from tests.factories import reminder, settings
from tests.simulation import Desk

AMS = ZoneInfo("Europe/Amsterdam")
SU, FF, W, CP = "sit-upright", "feet-flat", "walk", "change-position"


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, 3, hour, minute, tzinfo=AMS)


def fired(desk: Desk, since: datetime | None = None) -> list[tuple[str, tuple[str, ...], bool]]:
    return [
        (f"{f.at:%H:%M}", f.reminder_ids, f.quiet)
        for f in desk.fired
        if since is None or f.at >= since
    ]


def deferred(desk: Desk) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (f"{o.view.interruptions[0].since:%H:%M}", o.deferred) for o in desk.outcomes if o.deferred
    ]


def walk_only(**interruptions: object):
    return replace(
        settings(reminders=(reminder(W, 60),)),
        interruptions=InterruptionSettings(**interruptions),
    )


def test_a_45_minute_call_defers_the_due_reminders_then_exactly_one_merged_reminder_follows():
    desk = Desk(settings(), at(8))
    desk.send(InterruptionStarted("meeting", "microphone in use"), at(9, 40))
    desk.send(InterruptionEnded("meeting"), at(10, 25))
    desk.run_until(at(11, 30))
    assert fired(desk) == [
        ("09:30", (SU, FF), False),
        # Nothing during the call; one notification a minute (the grace) after it.
        ("10:26", (SU, FF, W, CP), False),
        ("10:56", (SU, FF), False),
        ("11:11", (CP,), False),
        ("11:26", (SU, FF, W), False),
    ]
    held = [ids for o in desk.outcomes for ids in o.deferred]
    assert held == [CP, SU, FF, W]


def test_a_walk_reminder_due_during_a_call_waits_for_its_end_and_is_named_as_deferred():
    desk = Desk(walk_only(), at(9))
    desk.send(InterruptionStarted("meeting", "microphone in use"), at(9, 40))
    during = desk.send(InterruptionStarted("meeting", "camera in use"), at(9, 50))
    assert [(i.reason, i.detail, f"{i.since:%H:%M}") for i in during.view.interruptions] == [
        ("meeting", "camera in use", "09:40")
    ]
    desk.run_until(at(10, 24))
    assert deferred(desk) == [("09:40", (W,))]
    assert desk.outcome.view.next_at == at(11, 30)
    desk.send(InterruptionEnded("meeting"), at(10, 25))
    assert desk.outcome.view.next_at == at(10, 26)
    desk.run_until(at(12))
    assert fired(desk) == [("10:26", (W,), False), ("11:26", (W,), False)]


def test_a_reminder_held_past_max_defer_is_shown_quietly_and_once_more_after_the_call():
    desk = Desk(walk_only(), at(9), answer=False)
    desk.send(InterruptionStarted("meeting"), at(9, 40))
    desk.run_until(at(11, 45))
    assert fired(desk) == [("11:30", (W,), True)]
    assert desk.outcome.view.status == "due"
    desk.send(InterruptionEnded("meeting"), at(11, 50))
    desk.run_until(at(12))
    assert fired(desk, since=at(11, 31)) == [("11:51", (W,), False)]


def test_a_reminder_on_screen_when_a_call_begins_comes_again_right_after_it():
    desk = Desk(walk_only(), at(9), answer=False)
    desk.run_until(at(10, 5))
    outcome = desk.send(InterruptionStarted("meeting", "microphone in use"))
    assert (outcome.view.reminders[0].shown, outcome.view.due) == (False, ())
    desk.send(InterruptionEnded("meeting"), at(10, 20))
    desk.run_until(at(10, 30))
    assert fired(desk) == [("10:00", (W,), False), ("10:21", (W,), False)]


def test_a_long_break_during_a_call_settles_the_quietly_shown_walk():
    desk = Desk(walk_only(), at(9), answer=False)
    desk.send(InterruptionStarted("meeting"), at(9, 40))
    desk.run_until(at(11, 31))
    desk.send(BreakStarted("idle", since=at(11, 35)), at(11, 35))
    desk.send(BreakEnded("idle"), at(11, 45))
    desk.send(InterruptionEnded("meeting"), at(11, 50))
    desk.run_until(at(13))
    # The walk was taken during the break: the next one is an interval after it.
    assert fired(desk) == [("11:30", (W,), True), ("12:45", (W,), False)]


def test_a_quiet_reminder_answered_in_the_tray_is_not_shown_again_after_the_call():
    desk = Desk(walk_only(), at(9), answer=False)
    desk.send(InterruptionStarted("fullscreen"), at(9, 40))
    desk.run_until(at(11, 31))
    desk.send(Done((W,)), at(11, 35))
    desk.send(InterruptionEnded("fullscreen"), at(11, 50))
    desk.run_until(at(12, 30))
    assert fired(desk) == [("11:30", (W,), True)]


def test_reminders_wait_until_every_interruption_has_ended():
    desk = Desk(walk_only(grace=timedelta(0)), at(9))
    desk.send(InterruptionStarted("meeting"), at(9, 50))
    desk.send(InterruptionStarted("dnd"), at(9, 55))
    desk.send(InterruptionEnded("meeting"), at(10, 10))
    desk.run_until(at(10, 19))
    assert fired(desk) == []
    desk.send(InterruptionEnded("dnd"), at(10, 20))
    assert fired(desk) == [("10:20", (W,), False)]


def test_max_defer_counts_from_when_the_reminder_began_to_wait():
    desk = Desk(walk_only(max_defer=timedelta(minutes=30)), at(9), answer=False)
    desk.send(InterruptionStarted("app", "obs is running"), at(9, 10))
    desk.run_until(at(10, 45))
    assert fired(desk) == [("10:30", (W,), True)]


def test_an_interruption_that_ends_while_nothing_is_due_changes_nothing():
    desk = Desk(walk_only(), at(9))
    desk.send(InterruptionStarted("meeting"), at(9, 10))
    desk.send(InterruptionEnded("meeting"), at(9, 30))
    desk.run_until(at(11, 1))
    assert fired(desk) == [("10:00", (W,), False), ("11:00", (W,), False)]


def test_an_end_without_a_start_is_ignored():
    desk = Desk(walk_only(), at(9))
    outcome = desk.send(InterruptionEnded("dnd"), at(9, 30))
    assert outcome.state.grace_until is None
    desk.run_until(at(10, 1))
    assert fired(desk) == [("10:00", (W,), False)]


def test_a_pause_during_a_call_forgets_the_hold_and_resuming_restarts_the_interval():
    desk = Desk(walk_only(), at(9))
    desk.send(InterruptionStarted("meeting"), at(9, 40))
    desk.run_until(at(10, 5))
    desk.send(Pause(None), at(10, 10))
    desk.send(Resume(), at(10, 20))
    assert all(rs.held_since is None for rs in desk.state.reminders.values())
    desk.send(InterruptionEnded("meeting"), at(10, 30))
    desk.run_until(at(11, 21))
    assert fired(desk) == [("11:20", (W,), False)]


def test_during_a_call_a_snoozed_reminder_starts_to_wait_the_instant_its_snooze_ends():
    for target in (W, None):
        desk = Desk(walk_only(), at(9))
        desk.send(InterruptionStarted("meeting"), at(9, 50))
        desk.send(Snooze(target, timedelta(minutes=10)), at(9, 55))
        desk.run_until(at(10, 30))
        assert deferred(desk) == [("09:50", (W,))], target
        assert desk.state.reminders[W].held_since == at(10, 5), target


def test_a_switched_off_reminder_listed_first_does_not_stop_the_others_from_waiting():
    config = replace(
        settings(reminders=(reminder("stretch", 20, enabled=False), reminder(W, 60))),
        interruptions=InterruptionSettings(),
    )
    desk = Desk(config, at(9))
    desk.send(InterruptionStarted("meeting"), at(9, 40))
    desk.run_until(at(10, 30))
    assert deferred(desk) == [("09:40", (W,))]
