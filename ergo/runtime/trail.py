"""The support trail: one short log line for every decision the engine takes.

IT asks "why didn't it remind me at 10:00?"; the answer is in the log, under the
logger ``ergo.trail`` (``grep ergo.trail ergo.log``). :func:`trail_lines` turns
one event and the engine's outcome into those lines: a reminder fired (merged
with others, or quietly in the tray), held back (and why), answered (and how),
a snooze or pause refused (and why), a pause, a break, a routine, a clock jump.
Config reloads and backend switches are logged where they happen.

The lines carry reminder ids, reasons and times, never titles, messages or
window names, which can be personal. Pure: called on the dispatcher thread.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ergo.core import events as ev
from ergo.core.durations import format_duration
from ergo.core.engine import CALENDAR, Outcome
from ergo.core.state import EngineState

_ANSWERS = {ev.Done: "done", ev.Skipped: "skipped"}


def trail_lines(event: object, before: EngineState, outcome: Outcome, now: datetime) -> list[str]:
    """Given an event, the state before it and the engine's outcome at ``now``, return
    the trail's lines for it, oldest decision first (none for a plain tick)."""
    lines = _event_lines(event, before, outcome, now)
    lines += _calendar_lines(before, outcome, now)
    if outcome.deferred:
        reasons = ", ".join(sorted(outcome.state.interruptions)) or "an interruption"
        lines.append(f"held {'+'.join(outcome.deferred)}: {reasons}")
    for firing in outcome.notify:
        how = " (quiet: waited max_defer)" if firing.quiet else ""
        merged = " (merged)" if len(firing.reminder_ids) > 1 else ""
        lines.append(f"fired {'+'.join(firing.reminder_ids)}{merged}{how}")
    return lines


def _event_lines(event: object, before: EngineState, outcome: Outcome, now: datetime) -> list[str]:
    refused = outcome.refused
    match event:
        case ev.Done(ids) | ev.Skipped(ids):
            return [f"answered {'+'.join(ids)}: {_ANSWERS[type(event)]}"]
        case ev.Ignored(ids, shown):
            return [f"answered {'+'.join(ids)}: {'ignored' if shown else 'not shown'}"]
        case ev.Snooze(reminder, duration):
            what = reminder or "all"
            if refused is not None:
                return [f"snooze refused {what}: {refused}"]
            length = duration if isinstance(duration, str) else format_duration(duration)
            return [f"answered {what}: snoozed {length}"]
        case ev.Pause():
            if refused is not None:
                return [f"pause refused: {refused}"]
            until = outcome.state.pause.until if outcome.state.pause else None
            return [f"paused until {_time(until, now)}" if until else "paused until resumed"]
        case ev.Resume():
            return [f"resume refused: {refused}"] if refused is not None else ["resumed"]
        case ev.Trigger(reminder):
            return [f"triggered {reminder}"]
        case ev.BreakStarted(kind) if before.away is None and outcome.state.away is not None:
            return [f"break started ({kind})"]
        case ev.BreakEnded(kind) if before.away is not None and outcome.state.away is None:
            return [f"break ended ({kind}) after {_length(now - before.away.since)}"]
        case ev.RoutineStarted(routine):
            return [f"routine started {routine}"]
        case ev.RoutineFinished(routine, completed):
            return [f"routine {'completed' if completed else 'stopped'} {routine}"]
        case ev.WallClockJump(old, new):
            return [f"clock jump {_time(old, now)} -> {_time(new, now)} ({_signed(new - old)})"]
        case ev.InterruptionStarted(reason):
            return [f"interruption started: {reason}"]
        case ev.InterruptionEnded(reason):
            return [f"interruption ended: {reason}"]
    return []


def _calendar_lines(before: EngineState, outcome: Outcome, now: datetime) -> list[str]:
    """Say when a calendar block starts or stops holding reminders (never its title)."""
    was = before.interruptions.get(CALENDAR)
    block = outcome.state.interruptions.get(CALENDAR)
    if block is not None and (was is None or was.until != block.until):
        assert block.until is not None
        return [f"interruption started: calendar until {_time(block.until, now)}"]
    if was is not None and block is None:
        return ["interruption ended: calendar"]
    return []


def _time(instant: datetime, now: datetime) -> str:
    """Return ``instant`` in ``now``'s zone, to the minute, with its UTC offset."""
    return instant.astimezone(now.tzinfo).isoformat(timespec="minutes")


def _length(span: timedelta) -> str:
    return format_duration(timedelta(seconds=max(0, round(span.total_seconds()))))


def _signed(span: timedelta) -> str:
    return ("-" if span < timedelta() else "+") + _length(abs(span))
