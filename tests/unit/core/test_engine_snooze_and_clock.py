"""A snooze holds back only what it names, and a clock set back keeps every wait in
real time."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ergo.core.engine import handle
from ergo.core.events import (
    BreakEnded,
    BreakStarted,
    Done,
    Ignored,
    InterruptionStarted,
    Pause,
    Resume,
    Skipped,
    Snooze,
    Tick,
    Trigger,
    WallClockJump,
)
from ergo.core.model import Text
from ergo.core.state import (
    AwayState,
    EngineState,
    Interruption,
    PauseState,
    ReminderState,
)
from tests.factories import reminder, settings, walk_and_sit
from tests.simulation import Desk

AMS = ZoneInfo("Europe/Amsterdam")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 6, 3, hour, minute, tzinfo=AMS)


def test_snoozing_one_reminder_leaves_the_others_to_fire_on_time():
    desk = Desk(walk_and_sit(), at(9), answer=False)
    desk.run_until(at(9, 45))
    outcome = desk.send(Snooze("sit-upright", timedelta(minutes=20)))
    walk, sit = outcome.view.reminders
    assert (walk.snoozed_until, outcome.view.snoozed_all_until) == (None, None)
    assert sit.snoozed_until == at(10, 5)
    desk.run_until(at(10, 1))
    assert desk.times(since=at(9, 45)) == ["10:00"]
    assert desk.fired[-1].reminder_ids == ("walk",)


def test_snoozing_all_holds_back_every_reminder_until_the_snooze_ends():
    desk = Desk(walk_and_sit(), at(9), answer=False)
    desk.run_until(at(9, 45))
    outcome = desk.send(Snooze(None, timedelta(minutes=20)))
    assert outcome.view.snoozed_until == at(10, 5)
    desk.run_until(at(10, 4))
    assert desk.times(since=at(9, 45)) == []
    desk.run_until(at(10, 6))
    assert desk.times(since=at(9, 45)) == ["10:05"]


def test_a_clock_set_back_moves_every_wait_with_it_but_not_the_end_of_a_pause():
    """Set the clock back an hour: snoozes, the grace period, the time away, the pause's
    start, an interruption's start, the last notification and the hold on a reminder all
    keep their distance to now; a pause until a clock time still ends at that time."""
    now = datetime(2024, 6, 3, 10, 0, tzinfo=UTC)
    hour = timedelta(hours=1)
    before = EngineState(
        as_of=now,
        reminders={
            "walk": ReminderState(snoozed_until=now + timedelta(minutes=10)),
            "sit-upright": ReminderState(),
        },
        pause=PauseState(since=now - timedelta(minutes=20), until=now + hour),
        away=AwayState(now - timedelta(minutes=3), "idle"),
        snoozed_all_until=now + timedelta(minutes=15),
        last_notified=now - timedelta(minutes=30),
        interruptions={"meeting": Interruption(now - timedelta(minutes=5), "a call")},
        grace_until=now + timedelta(minutes=1),
    )
    after = handle(walk_and_sit(), before, WallClockJump(now, now - hour), now - hour).state
    expected = EngineState(
        as_of=now - hour,
        reminders={
            "walk": ReminderState(snoozed_until=now - hour + timedelta(minutes=10)),
            "sit-upright": ReminderState(),
        },
        pause=PauseState(since=now - hour - timedelta(minutes=20), until=now + hour),
        away=AwayState(now - hour - timedelta(minutes=3), "idle"),
        snoozed_all_until=now - hour + timedelta(minutes=15),
        last_notified=now - hour - timedelta(minutes=30),
        interruptions={"meeting": Interruption(now - hour - timedelta(minutes=5), "a call")},
        grace_until=now - hour + timedelta(minutes=1),
    )
    assert after == expected


def test_a_clock_set_back_during_a_snooze_of_all_keeps_its_length_in_real_time():
    desk = Desk(walk_and_sit(), at(9), answer=False)
    desk.run_until(at(9, 31))
    desk.send(Snooze(None, timedelta(minutes=20)))
    outcome = desk.send(WallClockJump(at(9, 41), at(8, 41)), at(8, 41))
    assert outcome.view.snoozed_until == at(8, 51)
    assert desk.send(Tick(), at(8, 50)).notify == ()


def test_a_triggered_reminder_is_shown_at_the_local_time_of_the_working_hours():
    outcome = handle(walk_and_sit(), EngineState(), Trigger("walk"), at(10, 15))
    (firing,) = outcome.notify
    assert (f"{firing.at:%H:%M}", firing.at.utcoffset()) == ("10:15", timedelta(hours=2))


def test_reminders_due_together_come_as_one_notification_in_the_users_language():
    def dutch(rid: str, title: str, message: str):
        return replace(reminder(rid, 30, "posture"),
                       title=Text.of({"en": rid, "nl": title}),
                       message=Text.of({"en": f"Time to {rid}.", "nl": message}))

    cfg = replace(settings(reminders=(dutch("sit", "Rechtop zitten", "Ga rechtop zitten."),
                                      dutch("feet", "Voeten plat", "Zet je voeten plat."))),
                  language="nl")
    desk = Desk(cfg, at(9))
    desk.run_until(at(9, 31))
    (firing,) = desk.fired
    assert (firing.reminder_ids, firing.title, firing.message, firing.quiet) == (
        ("sit", "feet"), "Rechtop zitten · Voeten plat",
        "Ga rechtop zitten.\nZet je voeten plat.", False)


def test_a_snoozed_reminder_triggered_and_done_is_no_longer_snoozed():
    desk = Desk(walk_and_sit(), at(9))
    desk.send(Snooze("walk", timedelta(minutes=20)), at(9, 45))
    outcome = desk.send(Trigger("walk"), at(9, 50))
    walk = outcome.view.reminders[0]
    assert (walk.shown, walk.snoozed_until, walk.next_at) == (True, None, at(10, 50))
    assert desk.outcome.view.status == "active"


def test_a_reminder_held_by_a_call_and_triggered_comes_an_interval_later():
    desk = Desk(settings(reminders=(reminder("walk", 30),)), at(9), answer=False)
    desk.send(InterruptionStarted("meeting"), at(9, 20))
    desk.run_until(at(9, 40))
    assert desk.state.reminders["walk"].held_since == at(9, 30)
    outcome = desk.send(Trigger("walk"))
    assert outcome.view.reminders[0].next_at == at(10, 10)


def test_a_reminder_due_just_after_another_waits_exactly_min_gap():
    desk = Desk(walk_and_sit(), at(9))
    desk.send(Trigger("walk"), at(9, 29))
    # sit-upright is due at 09:30, a minute after the walk: it comes two (min_gap) after,
    # even when something else makes ergo look in between.
    assert desk.send(Tick(), at(9, 30)).notify == ()
    desk.run_until(at(10))
    assert desk.times() == ["09:29", "09:31"]


def test_trigger_of_a_switched_off_reminder_is_refused_with_its_name():
    cfg = settings(reminders=(reminder("walk", 60, enabled=False), reminder("sit", 30)))
    outcome = handle(cfg, EngineState(), Trigger("walk"), at(10))
    assert outcome.notify == ()
    assert str(outcome.refused) == "there is no switched-on reminder 'walk'"


def test_a_snooze_of_a_switched_off_reminder_is_refused_with_its_name():
    cfg = settings(reminders=(reminder("walk", 60, enabled=False), reminder("sit", 30)))
    outcome = handle(cfg, EngineState(), Snooze("walk", timedelta(minutes=5)), at(10))
    assert str(outcome.refused) == "there is no active reminder 'walk'"
    assert outcome.view.snoozes_left_today == 6


def test_a_refused_snooze_names_the_reminder_in_the_users_language():
    walk = replace(reminder("walk", 60), title=Text.of({"en": "Walk", "nl": "Wandelen"}))
    cfg = replace(settings(reminders=(walk,)), language="nl")
    desk = Desk(cfg, at(9))
    for minute in (5, 15, 25):
        assert desk.send(Snooze("walk", timedelta(minutes=5)), at(9, minute)).refused is None
    refused = desk.send(Snooze("walk", timedelta(minutes=5)), at(9, 35)).refused
    assert str(refused) == "'Wandelen' was snoozed 3 times today, the most allowed"


def test_working_time_since_the_last_tick_still_counts_after_the_clock_is_set_back():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9))
    desk.run_until(at(10, 40))
    outcome = desk.send(WallClockJump(at(10, 40), at(9, 40)), at(9, 40))
    assert outcome.state.reminders["walk"].progress == timedelta(minutes=40)
    assert outcome.view.reminders[0].next_at == at(10)


def test_a_reminder_held_back_by_a_call_keeps_its_wait_when_the_clock_is_set_back():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9), answer=False)
    desk.send(InterruptionStarted("meeting", "a call"), at(9, 50))
    desk.run_until(at(10, 5))
    assert desk.state.reminders["walk"].held_since == at(10)
    outcome = desk.send(WallClockJump(at(10, 5), at(9, 5)), at(9, 5))
    assert outcome.state.reminders["walk"].held_since == at(9)


def test_a_snooze_that_outlasts_a_pause_still_holds_when_the_pause_ends():
    desk = Desk(settings(reminders=(reminder("stretch", 5),)), at(9), answer=False)
    desk.run_until(at(9, 45))
    desk.send(Snooze("stretch", timedelta(minutes=20)))
    desk.send(Pause(at(9, 50)), at(9, 46))
    desk.run_until(at(10, 6))
    assert desk.times(since=at(9, 46)) == ["10:05"]


def test_resume_ends_a_snooze_of_one_reminder_and_keeps_the_others_progress():
    desk = Desk(walk_and_sit(), at(9), answer=False)
    desk.run_until(at(9, 45))
    desk.send(Snooze("sit-upright", timedelta(minutes=20)))
    outcome = desk.send(Resume(), at(9, 50))
    assert outcome.refused is None
    walk, sit = outcome.view.reminders
    assert (sit.snoozed_until, walk.next_at) == (None, at(10))


def test_resume_ends_a_snooze_of_all():
    desk = Desk(walk_and_sit(), at(9), answer=False)
    desk.run_until(at(9, 45))
    desk.send(Snooze(None, timedelta(minutes=20)))
    outcome = desk.send(Resume(), at(9, 50))
    assert (outcome.refused, outcome.view.snoozed_all_until) == (None, None)
    assert [f.reminder_ids for f in outcome.notify] == [("sit-upright",)]
    desk.run_until(at(10, 1))
    assert desk.times(since=at(9, 50)) == ["09:50", "10:00"]


def test_resume_during_a_pause_ends_the_pause_and_the_snoozes_with_it():
    desk = Desk(settings(reminders=(reminder("stretch", 5),)), at(9), answer=False)
    desk.run_until(at(9, 45))
    desk.send(Snooze("stretch", timedelta(minutes=20)))
    desk.send(Pause(None), at(9, 46))
    outcome = desk.send(Resume(), at(9, 48))
    assert outcome.refused is None
    (stretch,) = outcome.view.reminders
    # A resumed pause starts every interval afresh: five minutes from now.
    assert (outcome.view.status, stretch.snoozed_until, stretch.next_at) == (
        "active", None, at(9, 53))


def test_resume_when_the_snooze_has_just_ended_is_refused():
    desk = Desk(walk_and_sit(), at(9), answer=False)
    desk.run_until(at(9, 45))
    desk.send(Snooze(None, timedelta(minutes=20)))
    outcome = desk.send(Resume(), at(10, 5))
    assert str(outcome.refused) == "reminders are neither paused nor snoozed"


def test_a_break_exactly_as_long_as_reset_after_restarts_a_movement_reminder():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9), answer=False)
    desk.send(BreakStarted("idle", since=at(9, 30)), at(9, 30))
    outcome = desk.send(BreakEnded("idle"), at(9, 35))
    assert outcome.view.reminders[0].next_at == at(10, 35)


def test_a_long_enough_break_takes_away_a_reminder_still_waiting_for_an_answer():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9), answer=False)
    desk.run_until(at(10, 1))
    assert desk.outcome.view.reminders[0].shown
    desk.send(BreakStarted("idle", since=at(10, 2)), at(10, 2))
    outcome = desk.send(BreakEnded("idle"), at(10, 10))
    assert (outcome.view.reminders[0].shown, outcome.view.status) == (False, "active")


def test_a_snooze_takes_the_reminder_off_the_screen_and_a_zero_snooze_is_refused():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9), answer=False)
    desk.run_until(at(10, 1))
    zero = desk.send(Snooze("walk", timedelta()))
    assert str(zero.refused) == "a snooze must last longer than zero"
    outcome = desk.send(Snooze("walk", timedelta(minutes=5)))
    assert (outcome.view.reminders[0].shown, outcome.view.status) == (False, "snoozed")


def test_a_pause_may_last_exactly_a_year_but_not_end_now():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9))
    assert str(desk.send(Pause(at(9))).refused) == "2024-06-03 09:00 has already passed"
    assert desk.send(Pause(at(9) + timedelta(days=366))).refused is None


ANSWERS = (Done(("walk",)), Skipped(("walk",)), Ignored(("walk",)),
           Snooze("walk", timedelta(minutes=5)), Snooze(None, timedelta(minutes=5)),
           BreakStarted("idle"))


def assert_settled_and_saved(desk: Desk, answer, back: datetime) -> None:
    """Give ``answer`` (a break ends at ``back``): the walk is off the screen and not quiet,
    and the state loads back as it was saved (active interruptions are not saved: their
    detectors report them again after a restart)."""
    outcome = desk.send(answer)
    if isinstance(answer, BreakStarted):
        outcome = desk.send(BreakEnded("idle"), back)
    walk = outcome.state.reminders["walk"]
    assert (walk.shown, walk.quiet) == (False, False), answer
    saved = json.loads(json.dumps(outcome.state.to_dict()))
    assert EngineState.from_dict(saved) == replace(outcome.state, interruptions={}), answer


def test_after_each_answer_the_reminder_is_off_the_screen_and_its_state_survives_a_restart():
    for answer in ANSWERS:
        desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9), answer=False)
        desk.run_until(at(10, 1))
        assert_settled_and_saved(desk, answer, at(10, 10))


def test_after_each_answer_a_reminder_shown_quietly_during_a_call_is_settled():
    for answer in ANSWERS:
        desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9), answer=False)
        desk.send(InterruptionStarted("meeting"), at(9, 40))
        desk.run_until(at(11, 31))
        assert [(f"{f.at:%H:%M}", f.quiet) for f in desk.fired] == [("11:30", True)]
        assert_settled_and_saved(desk, answer, at(11, 40))


def test_resume_when_the_snooze_of_one_reminder_has_just_ended_is_refused():
    desk = Desk(walk_and_sit(), at(9), answer=False)
    desk.send(Snooze("walk", timedelta(minutes=20)), at(9, 45))
    outcome = desk.send(Resume(), at(10, 5))
    assert str(outcome.refused) == "reminders are neither paused nor snoozed"


def test_a_pause_until_a_time_given_in_another_zone_ends_at_that_instant():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9))
    outcome = desk.send(Pause(datetime(2024, 6, 3, 12, tzinfo=UTC)), at(9, 30))
    assert f"{outcome.view.paused_until:%H:%M}" == "14:00"
    assert desk.send(Tick(), at(13, 59)).view.status == "paused"
    assert desk.send(Tick(), at(14)).view.status == "active"


def test_a_longer_pause_keeps_when_the_pause_began_and_survives_a_restart():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9))
    desk.send(Pause(timedelta(minutes=30)), at(9, 30))
    outcome = desk.send(Pause(None), at(9, 45))
    assert outcome.state.pause == PauseState(since=at(9, 30), until=None)
    saved = json.loads(json.dumps(outcome.state.to_dict()))
    assert EngineState.from_dict(saved) == outcome.state


def test_an_answer_naming_a_removed_reminder_first_still_counts_for_the_others():
    desk = Desk(settings(reminders=(reminder("walk", 60),)), at(9), answer=False)
    desk.run_until(at(10, 1))
    outcome = desk.send(Done(("gone", "walk")))
    assert outcome.view.reminders[0].done_today == 1


def test_a_clock_jump_either_way_is_taken_never_refused():
    # The daemon records a forward jump (a suspend) as a natural break only when the
    # engine refused nothing.
    desk = Desk(walk_and_sit(), at(9))
    assert desk.send(WallClockJump(at(9, 10), at(10, 10)), at(10, 10)).refused is None
    assert desk.send(WallClockJump(at(10, 20), at(9, 20)), at(9, 20)).refused is None
