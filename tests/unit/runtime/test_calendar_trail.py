"""The support trail's lines about calendar blocks: when they hold and release, never titles."""

from __future__ import annotations

from ergo.core.engine import handle
from ergo.core.events import CalendarChanged, Tick
from ergo.runtime.trail import trail_lines
from tests.factories import reminder
from tests.unit.core.test_engine_calendar import W, desk_for, span


def test_the_support_trail_says_when_a_block_holds_and_releases_without_its_title():
    desk, at = desk_for("Europe/Amsterdam", (reminder(W, 60),))
    before = desk.state
    event = CalendarChanged((span(at(9, 50), at(10, 30), "Salary talk with Bo"),))
    started = handle(desk.settings, before, event, at(10))
    assert trail_lines(event, before, started, at(10)) == [
        "interruption started: calendar until 2024-06-03T10:30+02:00", "held walk: calendar"]
    ended = handle(desk.settings, started.state, Tick(), at(10, 30))
    assert trail_lines(Tick(), started.state, ended, at(10, 30)) == [
        "interruption ended: calendar"]
