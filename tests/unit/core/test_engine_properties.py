"""Random event sequences over simulated weeks: the engine's promises hold whatever happens."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ergo.core.events import (
    BreakEnded,
    BreakStarted,
    ConfigReloaded,
    Done,
    Ignored,
    InterruptionEnded,
    InterruptionStarted,
    Pause,
    Resume,
    RoutineFinished,
    RoutineStarted,
    Skipped,
    Snooze,
    WallClockJump,
)
from ergo.core.model import Settings, SnoozeSettings, TimeRange
from ergo.core.schedule import is_working
from ergo.core.state import EngineState
from tests.factories import WEEKDAYS_9_TO_5, reminder, settings
from tests.simulation import Desk

AMS = ZoneInfo("Europe/Amsterdam")
IDS = ("a", "b", "c", "d")
SPLIT_WEEK = ((TimeRange(time(8), time(12)), TimeRange(time(12, 45), time(17, 30))),) * 6 + ((),)
# Mondays of an ordinary week and of the weeks with the spring and autumn switches.
MONDAYS = (datetime(2024, 6, 3), datetime(2024, 3, 25), datetime(2024, 10, 21))

FAST = hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def configs(draw: st.DrawFn) -> tuple[Settings, Settings]:
    """Draw a config and a reload of it (intervals changed, a reminder dropped or added)."""
    week = draw(st.sampled_from([WEEKDAYS_9_TO_5, SPLIT_WEEK]))
    gap = timedelta(seconds=draw(st.sampled_from([30, 120, 300])))
    snooze = SnoozeSettings(
        max_per_day=draw(st.sampled_from([None, 2, 6])),
        max_per_reminder=draw(st.sampled_from([None, 1, 3])),
    )

    def reminders() -> tuple:
        count = draw(st.integers(1, len(IDS)))
        return tuple(
            reminder(
                rid,
                draw(st.sampled_from([3, 10, 25, 30, 45, 60, 600])),
                draw(st.sampled_from(["posture", "movement"])),
                reset_after=timedelta(minutes=draw(st.sampled_from([1, 5, 15]))),
                routine="stretch" if rid == "a" else None,
            )
            for rid in IDS[:count]
        )

    return (
        settings(reminders(), week, "Europe/Amsterdam", gap, snooze),
        settings(reminders(), week, "Europe/Amsterdam", gap, snooze),
    )


ACTIONS = st.one_of(
    st.just(("wait",)),
    st.tuples(
        st.just("snooze"),
        st.sampled_from([None, *IDS]),
        st.sampled_from([5, 10, 20, 30, "rest_of_day"]),
    ),
    st.tuples(
        st.just("pause"), st.sampled_from([None, "next_working_day", "for 30m", "until +90m"])
    ),
    st.just(("resume",)),
    st.tuples(st.just("answer"), st.sampled_from([Done, Skipped, Ignored]), st.sampled_from(IDS)),
    st.tuples(st.just("away"), st.sampled_from(["idle", "locked"]), st.integers(0, 600)),
    st.tuples(st.just("back"), st.sampled_from(["idle", "locked"])),
    st.just(("routine",)),
    st.tuples(st.just("routine done"), st.booleans()),
    st.tuples(st.just("suspend"), st.integers(1, 20 * 3600)),
    st.just(("reload",)),
    st.tuples(st.just("interrupted"), st.sampled_from(["meeting", "fullscreen"])),
    st.tuples(st.just("free"), st.sampled_from(["meeting", "fullscreen"])),
)
STEPS = st.lists(
    st.tuples(
        st.one_of(st.integers(0, 300), st.integers(0, 3600), st.integers(0, 30 * 3600)), ACTIONS
    ),
    min_size=1,
    max_size=40,
)
# Mostly within working hours, where snoozes are allowed.
STARTS = st.tuples(
    st.sampled_from(MONDAYS), st.integers(0, 6), st.integers(8 * 60 + 50, 17 * 60 + 40)
)


def event_for(action: tuple, at: datetime, configs: list[Settings]):
    match action:
        case ("snooze", rid, "rest_of_day"):
            return Snooze(rid, "rest_of_day")
        case ("snooze", rid, minutes):
            return Snooze(rid, timedelta(minutes=minutes))
        case ("pause", None):
            return Pause(None)
        case ("pause", "next_working_day"):
            return Pause("next_working_day")
        case ("pause", "for 30m"):
            return Pause(timedelta(minutes=30))
        case ("pause", "until +90m"):
            return Pause(at + timedelta(minutes=90))
        case ("resume",):
            return Resume()
        case ("answer", kind, rid):
            return kind((rid,))
        case ("away", kind, lag):
            return BreakStarted(kind, since=at - timedelta(seconds=lag))
        case ("back", kind):
            return BreakEnded(kind)
        case ("routine",):
            return RoutineStarted("stretch")
        case ("routine done", completed):
            return RoutineFinished("stretch", completed)
        case ("suspend", seconds):
            return WallClockJump(at, at + timedelta(seconds=seconds))
        case ("interrupted", reason):
            return InterruptionStarted(reason)
        case ("free", reason):
            return InterruptionEnded(reason)
        case ("reload",):
            configs.reverse()
            return ConfigReloaded(configs[0])
    return None


class Run:
    """One random sequence through the engine, with what the user asked for written down."""

    def __init__(self, pair: tuple[Settings, Settings], start: datetime, steps: list) -> None:
        self.configs = list(pair)
        self.desk = Desk(self.configs[0], start, answer=False)
        self.pauses: list[tuple[datetime, datetime | None]] = []
        # (reminder or None for all, since, until, how many notifications came before).
        self.snoozes: list[tuple[str | None, datetime, datetime, int]] = []
        self.jump_ends: list[datetime] = []
        # When an interruption was active: (start, end or None).
        self.interrupted: list[tuple[datetime, datetime | None]] = []
        for gap, action in steps:
            self.step(self.desk.now + timedelta(seconds=gap), action)
        self.desk.run_until(self.desk.now + timedelta(days=1))

    def step(self, at: datetime, action: tuple) -> None:
        event = event_for(action, at, self.configs)
        if event is None:
            self.desk.run_until(at)
            return
        if isinstance(event, WallClockJump):
            self.desk.run_until(at)
            at = event.after
            self.jump_ends.append(at)
        outcome = self.desk.send(event, at)
        assert len(outcome.notify) <= 1
        now = self.desk.now
        if isinstance(event, Pause | Resume) and outcome.refused is None:
            self.pauses = [(s, e if e is not None and e <= now else now) for s, e in self.pauses]
            if isinstance(event, Pause):
                self.pauses.append((now, outcome.view.paused_until))
            else:
                # Resuming ends every snooze as well.
                self.snoozes = [
                    (rid, since, min(end, now), n) for rid, since, end, n in self.snoozes
                ]
        if isinstance(event, Snooze) and outcome.refused is None:
            if event.reminder_id is None:
                until = outcome.view.snoozed_until
            else:
                until = next(
                    r.snoozed_until for r in outcome.view.reminders if r.id == event.reminder_id
                )
            # A new snooze replaces the one it overrides (the same reminder, or all):
            # the user's latest choice counts, even when it ends sooner.
            self.snoozes = [
                (rid, since, min(end, now) if rid == event.reminder_id else end, n)
                for rid, since, end, n in self.snoozes
            ]
            self.snoozes.append((event.reminder_id, now, until, len(self.desk.fired)))
        if isinstance(event, InterruptionStarted | InterruptionEnded):
            active = bool(outcome.state.interruptions)
            if active and (not self.interrupted or self.interrupted[-1][1] is not None):
                self.interrupted.append((now, None))
            elif not active and self.interrupted and self.interrupted[-1][1] is None:
                self.interrupted[-1] = (self.interrupted[-1][0], now)
        if isinstance(event, ConfigReloaded):
            kept = set(outcome.state.reminders)
            self.snoozes = [s for s in self.snoozes if s[0] is None or s[0] in kept]
        # Persist and restore at this point, and go on from the restored state. Active
        # interruptions are not saved (the detectors report them again after a restart),
        # so they are carried over by hand.
        state = self.desk.state
        restored = EngineState.from_dict(json.loads(json.dumps(state.to_dict())))
        assert restored == replace(state, interruptions={}, grace_until=None)
        restored = replace(restored, interruptions=state.interruptions,
                           grace_until=state.grace_until)
        self.desk.outcome = replace(self.desk.outcome, state=restored)


def start_time(start: tuple[datetime, int, int]) -> datetime:
    monday, days, minutes = start
    return monday.replace(tzinfo=AMS) + timedelta(days=days, minutes=minutes)


@FAST
@given(configs(), STARTS, STEPS)
def test_nothing_fires_outside_working_hours_while_paused_or_before_a_snooze_ends(
    pair, start, steps
):
    run = Run(pair, start_time(start), steps)
    hours = pair[0].work_hours
    for index, firing in enumerate(run.desk.fired):
        assert is_working(hours, firing.at, AMS), firing
        for since, until in run.pauses:
            assert not (since <= firing.at and (until is None or firing.at < until)), firing
        # A notification at the very instant of a snooze, shown before it, is allowed.
        for rid, since, until, before in run.snoozes:
            if index >= before and (rid is None or rid in firing.reminder_ids):
                assert not since <= firing.at < until, (firing, rid, since, until)


@FAST
@given(configs(), STARTS, STEPS)
def test_no_two_notifications_are_closer_than_min_gap_even_after_a_suspend(pair, start, steps):
    run = Run(pair, start_time(start), steps)
    gap = pair[0].notifications.min_gap
    instants = [firing.at for firing in run.desk.fired]
    assert all(later - earlier >= gap for earlier, later in pairwise(instants))
    for woke in run.jump_ends:
        assert len([t for t in instants if woke <= t < woke + gap]) <= 1
    assert all(len(outcome.notify) <= 1 for outcome in run.desk.outcomes)


@FAST
@given(configs(), STARTS, STEPS)
def test_during_an_interruption_only_quiet_reminders_come_and_never_before_max_defer(
    pair, start, steps
):
    run = Run(pair, start_time(start), steps)
    limit = pair[0].interruptions.max_defer
    for firing in run.desk.fired:
        during = [(s, e) for s, e in run.interrupted if s <= firing.at and (e is None
                                                                              or firing.at < e)]
        if during:
            assert firing.quiet, firing
            assert firing.at >= during[0][0] + limit, firing
        else:
            assert not firing.quiet, firing
