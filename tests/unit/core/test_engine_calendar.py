"""Busy time from the calendar through the engine, with a simulated clock, in several zones.

Work hours 09:00-17:00 in the zone under test; min_gap 2m, grace 1m, max_defer 90m.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from ergo.core.busy import BusySpan, blocks
from ergo.core.events import (
    CalendarChanged,
    InterruptionEnded,
    InterruptionStarted,
    Pause,
    Snooze,
    Tick,
    Trigger,
)
from ergo.core.model import InterruptionSettings
from ergo.core.plan import plan
from tests.factories import reminder, settings
from tests.simulation import Desk

ZONES = ("Europe/Amsterdam", "America/New_York", "Asia/Kolkata")
W, SU = "walk", "sit-upright"


def desk_for(zone: str, reminders: tuple, **interruptions: object) -> tuple[Desk, object]:
    tz = ZoneInfo(zone)

    def at(hour: int, minute: int = 0, second: int = 0) -> datetime:
        return datetime(2024, 6, 3, hour, minute, second, tzinfo=tz)

    config = replace(
        settings(reminders=reminders, timezone=zone),
        interruptions=InterruptionSettings(**interruptions),
    )
    return Desk(config, at(8, 30)), at


def span(start: datetime, end: datetime, title: str | None = None) -> BusySpan:
    return BusySpan(start, end, title)


@pytest.mark.parametrize("zone", ZONES)
def test_a_morning_of_meetings_gives_exactly_one_reminder_after_each_block(zone):
    desk, at = desk_for(zone, (reminder(SU, 20, kind="posture"),))
    desk.send(CalendarChanged((
        span(at(9, 15), at(10)),
        span(at(10), at(10, 30)),  # back to back
        span(at(10, 30, 30), at(10, 45)),  # 30 s apart: less than the grace, still one block
        span(at(11, 30), at(12)),
    )), at(8, 45))
    desk.run_until(at(12, 10))
    # The first reminder is due at 09:20, inside the first block: it waits.
    assert desk.times() == ["10:46", "11:06", "11:26", "12:01"]
    assert [ids for o in desk.outcomes for ids in o.deferred] == [SU, SU]


@pytest.mark.parametrize("zone", ZONES)
def test_during_a_block_status_names_the_meeting_and_its_end(zone):
    desk, at = desk_for(zone, (reminder(W, 60),))
    desk.send(CalendarChanged((span(at(10), at(11), "Planning"),)), at(9))
    view = desk.send(CalendarChanged(desk.state.busy), at(10, 15)).view
    [busy] = view.interruptions
    assert (busy.reason, busy.detail, busy.since, busy.until) == (
        "calendar", "Planning", at(10), at(11))
    assert busy.until.tzinfo == ZoneInfo(zone)


def test_a_meeting_without_a_title_shows_no_detail():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),))
    view = desk.send(CalendarChanged((span(at(10), at(11)),)), at(10, 15)).view
    assert [(i.reason, i.detail) for i in view.interruptions] == [("calendar", "")]


def test_a_reminder_triggered_during_a_meeting_stays_on_screen():
    tz = ZoneInfo("Europe/Amsterdam")

    def at(hour: int, minute: int = 0) -> datetime:
        return datetime(2024, 6, 3, hour, minute, tzinfo=tz)

    desk = Desk(settings(reminders=(reminder(W, 60),)), at(9), answer=False)
    desk.send(CalendarChanged((span(at(10), at(11)),)), at(9, 30))
    assert desk.send(Trigger(W), at(10, 15)).notify != ()
    assert desk.send(Tick(), at(10, 20)).view.due == (W,)


@pytest.mark.parametrize("zone", ZONES)
def test_a_walk_comes_early_before_a_long_meeting_and_counts_as_the_walk(zone):
    desk, at = desk_for(zone, (reminder(W, 60),), before_long_meeting=timedelta(minutes=5))
    desk.send(CalendarChanged((span(at(10, 45), at(12)),)), at(9))
    desk.run_until(at(10, 30))
    assert desk.outcome.view.next_at == at(10, 40)
    desk.run_until(at(13, 30))
    # 10:40 instead of 11:00 (inside the meeting); the next one is due at 11:40, in the
    # meeting, so it waits for its end.
    assert desk.times() == ["10:00", "10:40", "12:01", "13:01"]


@pytest.mark.parametrize("zone", ZONES)
def test_without_the_option_or_before_a_short_meeting_nothing_comes_early(zone):
    off, at = desk_for(zone, (reminder(W, 60),))
    off.send(CalendarChanged((span(at(10, 45), at(12)),)), at(9))
    off.run_until(at(12, 30))
    assert off.times() == ["10:00", "12:01"]
    short, at = desk_for(zone, (reminder(W, 60),), before_long_meeting=timedelta(minutes=5))
    short.send(CalendarChanged((span(at(10, 45), at(11, 30)),)), at(9))
    short.run_until(at(12, 30))
    assert short.times() == ["10:00", "11:31"]


def test_a_walk_done_exactly_half_its_interval_ago_comes_early():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),),
                        before_long_meeting=timedelta(minutes=5))
    # The walk comes at 10:00; at 10:30, five minutes before the meeting, it has run 30.
    desk.send(CalendarChanged((span(at(10, 35), at(11, 45)),)), at(9))
    desk.run_until(at(12, 30))
    assert desk.times() == ["10:00", "10:30", "11:46"]


def test_no_nudge_for_a_walk_that_comes_due_as_the_meeting_ends():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 150),),
                        before_long_meeting=timedelta(minutes=5))
    # Due at 11:30, the meeting's end: it need not come before the meeting.
    desk.send(CalendarChanged((span(at(10, 30), at(11, 30)),)), at(9))
    desk.run_until(at(12))
    assert desk.times() == ["11:31"]


@pytest.mark.parametrize("zone", ZONES)
def test_during_a_pause_the_tray_shows_the_walk_early_before_the_next_long_meeting(zone):
    desk, at = desk_for(zone, (reminder(W, 60),), before_long_meeting=timedelta(minutes=5))
    desk.send(CalendarChanged((span(at(9, 20), at(10, 20)), span(at(11, 20), at(12, 30)))),
              at(9))
    paused = desk.send(Pause(at(10, 30)), at(9, 5))
    # The walk restarts at 10:30 and is due at 11:30, in the second meeting (the first
    # is over before the pause): it comes at 11:15.
    assert paused.view.next_at == at(11, 15)
    desk.run_until(at(13))
    assert desk.times() == ["11:15", "12:31"]


def test_no_nudge_while_a_call_lasts_into_the_time_before_the_meeting():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),),
                        before_long_meeting=timedelta(minutes=5))
    desk.send(CalendarChanged((span(at(10, 45), at(12)),)), at(9))
    during = desk.send(InterruptionStarted("meeting", "microphone in use"), at(10, 30))
    assert during.view.next_at == at(11)
    desk.send(InterruptionEnded("meeting"), at(10, 50))
    desk.run_until(at(12, 30))
    assert desk.times() == ["10:00", "12:01"]


def test_a_snooze_ending_as_the_meeting_starts_leaves_no_time_for_the_nudge():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),),
                        before_long_meeting=timedelta(minutes=5))
    desk.send(CalendarChanged((span(at(10, 45), at(12)),)), at(9))
    snoozed = desk.send(Snooze(W, timedelta(minutes=15)), at(10, 30))
    # Not 10:45: at the meeting's first instant it is too late to go before it.
    assert snoozed.view.next_at == at(11)
    desk.run_until(at(12, 30))
    assert desk.times() == ["10:00", "12:01"]


def test_no_nudge_for_a_walk_done_less_than_half_its_interval_ago():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),),
                        before_long_meeting=timedelta(minutes=5))
    # The walk comes at 10:00; the meeting starts at 10:25, when it has run 25 minutes.
    desk.send(CalendarChanged((span(at(10, 25), at(11, 30)),)), at(9))
    desk.run_until(at(12))
    assert desk.times() == ["10:00", "11:31"]


def test_the_nudge_does_not_come_inside_another_block_or_its_grace():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),),
                        before_long_meeting=timedelta(minutes=5))
    desk.send(CalendarChanged((span(at(9, 50), at(10, 42)), span(at(10, 45), at(12)))), at(9))
    desk.run_until(at(12, 30))
    assert desk.times() == ["10:43", "12:01"]


@pytest.mark.parametrize("zone", ZONES)
def test_a_reminder_due_at_the_first_instant_of_a_meeting_waits_for_its_end(zone):
    desk, at = desk_for(zone, (reminder(W, 60),))
    desk.send(CalendarChanged((span(at(10), at(10, 30), "Stand-up"),)), at(9))
    outcome = desk.send(Tick(), at(10))
    [busy] = outcome.view.interruptions
    assert (busy.reason, busy.since, outcome.notify, outcome.deferred) == (
        "calendar", at(10), (), (W,))
    desk.run_until(at(11))
    assert desk.times() == ["10:31"]


@pytest.mark.parametrize("zone", ZONES)
def test_a_meeting_learned_of_halfway_through_holds_from_then_on(zone):
    desk, at = desk_for(zone, (reminder(W, 60),))
    learned = desk.send(CalendarChanged((span(at(9, 30), at(10, 30)),)), at(9, 55))
    assert learned.view.interruptions[0].since == at(9, 30)
    desk.run_until(at(11))
    assert [(f"{o.view.interruptions[0].since:%H:%M}", o.deferred)
            for o in desk.outcomes if o.deferred] == [("09:30", (W,))]
    assert desk.times() == ["10:31"]


def test_a_reminder_on_screen_when_the_meeting_is_learned_of_is_taken_back():
    tz = ZoneInfo("Europe/Amsterdam")
    config = settings(reminders=(reminder(W, 60),))
    desk = Desk(config, datetime(2024, 6, 3, 9, tzinfo=tz), answer=False)
    desk.run_until(datetime(2024, 6, 3, 10, 5, tzinfo=tz))
    assert desk.outcome.view.due == (W,)
    meeting = span(datetime(2024, 6, 3, 10, tzinfo=tz), datetime(2024, 6, 3, 11, tzinfo=tz))
    outcome = desk.send(CalendarChanged((meeting,)))
    assert outcome.view.due == ()
    desk.run_until(datetime(2024, 6, 3, 11, 30, tzinfo=tz))
    assert desk.times() == ["10:00", "11:01"]


def test_a_cancelled_meeting_ends_the_hold_after_the_grace():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),))
    desk.send(CalendarChanged((span(at(9, 30), at(11)),)), at(9))
    desk.send(CalendarChanged(()), at(10, 20))
    assert desk.outcome.view.interruptions == ()
    desk.run_until(at(11))
    assert desk.times() == ["10:21"]


def test_a_block_longer_than_max_defer_shows_the_held_reminder_quietly():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),))
    desk.send(CalendarChanged((span(at(9, 30), at(12)),)), at(9))
    desk.run_until(at(12, 45))
    assert [(f"{f.at:%H:%M}", f.quiet) for f in desk.fired] == [
        ("11:30", True), ("12:30", False)]


def test_a_call_inside_a_block_keeps_the_hold_until_both_are_over():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),))
    desk.send(CalendarChanged((span(at(9, 30), at(10, 30)),)), at(9))
    desk.send(InterruptionStarted("meeting", "microphone in use"), at(10, 20))
    desk.run_until(at(10, 45))
    assert desk.times() == []
    desk.send(InterruptionEnded("meeting"), at(10, 50))
    desk.run_until(at(11))
    assert desk.times() == ["10:51"]


def test_blocks_merge_spans_closer_than_the_gap_in_any_order():
    tz = ZoneInfo("Asia/Kolkata")
    a = span(datetime(2024, 6, 3, 9, tzinfo=tz), datetime(2024, 6, 3, 10, tzinfo=tz), "A")
    b = span(datetime(2024, 6, 3, 10, 0, 59, tzinfo=tz), datetime(2024, 6, 3, 11, tzinfo=tz))
    c = span(datetime(2024, 6, 3, 11, 1, tzinfo=tz), datetime(2024, 6, 3, 12, tzinfo=tz))
    inner = span(datetime(2024, 6, 3, 9, 10, tzinfo=tz), datetime(2024, 6, 3, 9, 20, tzinfo=tz))
    merged = blocks((c, inner, b, a), timedelta(minutes=1))
    assert merged == (span(a.start, b.end, "A"), c)


def test_the_plan_holds_reminders_during_the_calendars_meetings():
    tz = ZoneInfo("Europe/Amsterdam")
    meeting = span(datetime(2024, 6, 3, 10, 30, tzinfo=tz), datetime(2024, 6, 3, 11, 30, tzinfo=tz))
    fired = plan(settings(reminders=(reminder(W, 60),)), date(2024, 6, 3), 1, busy=(meeting,))
    assert [f"{at:%H:%M}" for at, _ in fired] == [
        "10:00", "11:31", "12:31", "13:31", "14:31", "15:31", "16:31"]


def test_the_saved_state_holds_no_meeting_not_even_with_titles():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),))
    desk.send(CalendarChanged((span(at(9, 30), at(11), "Salary talk with Bo"),)), at(10))
    assert desk.state.interruptions["calendar"].detail == "Salary talk with Bo"
    saved = repr(desk.state.to_dict())
    assert "Salary" not in saved and "calendar" not in saved



@st.composite
def days_of_meetings(draw: st.DrawFn):
    zone = draw(st.sampled_from(ZONES))
    lead = draw(st.sampled_from([None, 5, 15]))
    reminders = tuple(
        reminder(rid, draw(st.sampled_from([10, 25, 45, 60])),
                 draw(st.sampled_from(["posture", "movement"])))
        for rid in ("a", "b", "c")[: draw(st.integers(1, 3))]
    )
    desk, at = desk_for(zone, reminders,
                        before_long_meeting=None if lead is None else timedelta(minutes=lead))
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = at(8) + timedelta(minutes=draw(st.integers(0, 10 * 60)))
        spans.append(span(start, start + timedelta(minutes=draw(st.integers(1, 150)))))
    learned = at(8) + timedelta(minutes=draw(st.integers(0, 9 * 60)))
    return desk, at, tuple(spans), learned


@hypothesis_settings(max_examples=60, deadline=None)
@given(days_of_meetings())
def test_no_pop_up_comes_inside_a_block_or_its_grace_and_every_wake_is_ahead(day):
    desk, at, spans, learned = day
    desk.send(CalendarChanged(spans), learned)
    desk.run_until(at(18))  # the simulation checks that each wake-up lies ahead
    grace = desk.settings.interruptions.grace
    for block in blocks(spans, grace):
        for firing in desk.fired:
            if not firing.quiet and firing.at >= learned:
                assert not block.start <= firing.at < block.end + grace, (block, firing)
