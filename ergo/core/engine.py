"""The scheduling engine: given the settings, the state, an event and its time, say what to do.

:func:`handle` is pure: no clock, threads or I/O. The daemon's dispatcher
thread is its only caller; it passes ``now`` from the system clock and keeps
the returned state. The rules, each enforced below:

Working time only
    A reminder's interval counts working time only (the ranges in
    ``work_hours``); gaps between a day's ranges pause it. Nothing fires
    outside working time. Every day starts fresh: at its first working
    instant all progress, snoozes and daily counters are cleared, so nothing
    left over from yesterday fires at 09:00.
Natural breaks
    An idle or locked stretch of at least a reminder's ``reset_after`` resets a
    ``movement`` reminder; a shorter one only pauses its clock (the idle time
    before the break was noticed is taken back). A ``posture`` reminder
    restarts its interval whenever the user comes back. Nothing fires while the
    user is away. A reminder the break resets this way counts as no longer
    waiting for an answer: its notification is over. A routine counts as a
    break of its length, and completing it counts as doing the reminders that
    lead to it.
Interruptions
    While a call, a focused full-screen window, do-not-disturb, a listed
    program or a busy block of the calendar is active, due reminders wait
    ("held"; ``Outcome.deferred`` names each reminder the moment it starts to
    wait); one showing when the interruption begins is taken back and waits
    too. When the last one ends, the waiting reminders come as one merged
    notification after ``grace``. A reminder held for ``max_defer`` is shown
    quietly (``Firing.quiet``: the tray only); if still unanswered when the
    interruption ends, it is part of that one notification.
Calendar
    The calendar's busy spans are merged into blocks: meetings less than
    ``grace`` apart count as one. While ``now`` is in a block, the ``calendar``
    interruption is active (since the block's start, until its end), whenever
    ergo learned of the meeting. With ``before_long_meeting``, a movement
    reminder that would come due during a block of an hour or more comes that
    long before the block instead, once it has run at least half its interval
    (someone who just walked is not sent again).
Sleep and clock jumps
    A forward wall-clock jump (suspend, or ergo not running) counts as a break
    of its length. Fires missed during it are never replayed: one call of
    :func:`handle` shows at most one notification, and the next one waits
    ``min_gap``. A backward jump moves the remembered instants back with it.
Merging
    When a reminder fires, every reminder due within ``min_gap`` joins the same
    notification ("Sit upright · Feet flat"), and no notification follows
    another within ``min_gap``.
Snooze
    Per reminder or for all, for one of the offered lengths (at most the
    longest) or the rest of the working day. A snoozed reminder never fires
    before its snooze ends; a reminder snoozed from its notification fires
    again when the snooze ends. ``max_per_day`` counts every snooze (a
    snooze-all counts once), ``max_per_reminder`` counts per reminder; both
    reset at local midnight. A refused snooze changes nothing and says why.
    A new snooze of the same reminder (or of all) replaces the earlier one,
    even when it ends sooner: the latest choice counts. Resuming ends every
    snooze (and the pause, if any); a snoozed reminder that was shown then
    fires again as soon as ``min_gap`` allows.
Pause
    For a duration, until a time, until the next working day, or until
    resumed. Nothing fires while paused. When the pause ends (by resuming or
    by its end time passing) every interval starts again from that moment.
    Resuming when nothing is paused or snoozed is refused.
Reload
    A reminder that survives a reload keeps its progress and snoozes and runs
    on with its new interval (at once if already past it); a new reminder
    starts fresh; a removed or disabled one is forgotten.
Time zones
    Work hours are read in their ``timezone`` (else ``now``'s zone) with
    ``zoneinfo``; intervals are measured in real elapsed time, so a DST switch
    neither shortens nor lengthens them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal

from ergo.core.busy import BusySpan, block_at, blocks, edges_after, next_long_block
from ergo.core.durations import format_duration
from ergo.core.events import (
    BreakEnded,
    BreakStarted,
    CalendarChanged,
    ConfigReloaded,
    Done,
    Event,
    Ignored,
    InterruptionEnded,
    InterruptionStarted,
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
from ergo.core.message import Message
from ergo.core.model import Reminder, Settings
from ergo.core.schedule import (
    add_working_time,
    day_end,
    is_working,
    local_date,
    midnight,
    next_working_day_start,
    next_working_start,
    segment_at,
    working_time_between,
    zone_of,
)
from ergo.core.state import AwayState, EngineState, Interruption, PauseState, ReminderState

Status = Literal["active", "paused", "snoozed", "due", "off_hours", "away"]

_ZERO = timedelta()
# The longest stretch of days without work a week can have, plus one.
_DAYS_AHEAD = 7
#: The interruption a busy block of the calendar stands for.
CALENDAR = "calendar"


@dataclass(frozen=True)
class Firing:
    """One notification: the reminders it shows, in config order, and their joined texts.

    A ``quiet`` one is shown in the tray only (no pop-up): it waited ``max_defer``
    for an interruption to end.
    """

    at: datetime
    reminder_ids: tuple[str, ...]
    title: str
    message: str
    quiet: bool = False


@dataclass(frozen=True)
class ReminderView:
    """What the tray shows about one reminder; times are in the work-hours zone.

    ``next_at`` is when it would fire if nothing else happened first (None
    while the user is away, paused without an end, or when it never fits in a
    working day). ``snooze_refusal`` says why it cannot be snoozed now (a :class:`Message`).
    """

    id: str
    title: str
    next_at: datetime | None
    snoozed_until: datetime | None
    shown: bool
    snooze_allowed: bool
    snooze_refusal: Message | None
    done_today: int
    skipped_today: int
    ignored_today: int


@dataclass(frozen=True)
class InterruptionView:
    """One active interruption; ``since`` and ``until`` (its known end, if any) are in the
    work-hours zone."""

    reason: str
    detail: str
    since: datetime
    until: datetime | None = None


@dataclass(frozen=True)
class TrayView:
    """What the tray shows; times are in the work-hours zone.

    ``status`` is, by precedence: ``paused``, ``off_hours``, ``away`` (on a
    natural break or a routine), ``due`` (a notification waits for an answer;
    ``due`` lists them), ``snoozed`` (a snooze is running; ``snoozed_until``
    is the snooze-all end, else the earliest reminder snooze end), ``active``.
    ``snoozed_all_until`` is the snooze-all end alone (per-reminder snoozes are in
    ``reminders``); ``away_since`` is when the break or routine began.
    ``paused_until`` is None for a pause until resumed. ``snoozes_left_today``
    is None when the day has no limit. ``interruptions`` lists the active
    interruptions, oldest first.
    """

    status: Status
    paused_until: datetime | None
    snoozed_until: datetime | None
    away: str | None
    next_reminder: str | None
    next_at: datetime | None
    due: tuple[str, ...]
    snoozes_left_today: int | None
    snooze_all_allowed: bool
    snooze_all_refusal: Message | None
    reminders: tuple[ReminderView, ...]
    interruptions: tuple[InterruptionView, ...] = ()
    snoozed_all_until: datetime | None = None
    away_since: datetime | None = None


@dataclass(frozen=True)
class Outcome:
    """What :func:`handle` decided.

    ``notify`` holds at most one :class:`Firing`, to show now. ``next_wake`` is
    when to call again with a :class:`Tick` (None: only other events matter).
    ``refused`` says why a snooze, pause or resume was refused, as a :class:`Message`
    for the shell to translate (the state is then unchanged apart from the passing
    of time). ``deferred`` names the reminders that an interruption began to hold
    back in this call.
    """

    state: EngineState
    notify: tuple[Firing, ...]
    next_wake: datetime | None
    view: TrayView
    refused: Message | None = None
    deferred: tuple[str, ...] = ()


def handle(settings: Settings, state: EngineState, event: Event, now: datetime) -> Outcome:
    """Given the settings in force, the state, an event and when it happened, return the outcome.

    ``now`` must be aware unless the work hours name a zone. After a
    :class:`ConfigReloaded` the caller passes the event's settings from then on.
    """
    given = now  # its zone is the work hours' zone when the config names none
    tz = zone_of(settings.work_hours, given)
    now = given.astimezone(UTC)
    refused = None
    state = _synced(settings, state)
    working = is_working(settings.work_hours, now, tz)
    if isinstance(event, WallClockJump):
        state = _jumped(settings, state, event, now, tz)
    else:
        state = _advanced(settings, state, now, tz)
        if isinstance(event, ConfigReloaded):
            settings = event.settings
            tz = zone_of(settings.work_hours, given)
            working = is_working(settings.work_hours, now, tz)
            state = _synced(settings, state)
        else:
            state, refused = _applied(settings, state, event, now, tz, working)
    state = _calendar(settings, state, now)
    state, deferred = _held(settings, state, now, working)
    if isinstance(event, Trigger):
        state, notify, refused = _triggered(settings, state, event.reminder_id, now, tz)
    else:
        state, notify = _fired(settings, state, now, tz, working)
    fire_times = {
        r.id: _fire_time(settings, state, r, now, tz) for r in settings.reminders if r.enabled
    }
    return Outcome(
        state=state,
        notify=notify,
        next_wake=_next_wake(settings, state, fire_times, now, tz),
        view=_view(settings, state, fire_times, now, tz, working),
        refused=refused,
        deferred=deferred,
    )


def _synced(settings: Settings, state: EngineState) -> EngineState:
    """Give every enabled reminder a state (fresh if new) and drop the others."""
    ids = [r.id for r in settings.reminders if r.enabled]
    if list(state.reminders) == ids:
        return state
    return replace(state, reminders={rid: state.reminders.get(rid, ReminderState()) for rid in ids})


def _advanced(settings: Settings, st: EngineState, now: datetime, tz: tzinfo) -> EngineState:
    """Account for the time from ``st.as_of`` to ``now``: new day, pause end, progress."""
    if st.as_of is None:
        return replace(st, as_of=now)
    if now <= st.as_of:
        return st
    start = st.as_of
    reminders = st.reminders
    today = local_date(now, tz)
    snoozed_all_until, snoozes_today = st.snoozed_all_until, st.snoozes_today
    if local_date(st.as_of, tz) != today:
        reminders = {rid: ReminderState() for rid in reminders}
        snoozed_all_until, snoozes_today = None, 0
        start = max(start, midnight(today, tz))
    pause = st.pause
    if pause is not None and pause.until is not None and pause.until <= now:
        reminders = _rearmed(reminders, pause.until)
        start = max(start, pause.until)
        pause = None
    if pause is None and st.away is None:
        gained = working_time_between(settings.work_hours, start, now, tz)
        if gained:
            reminders = {
                rid: replace(rs, progress=rs.progress + gained) for rid, rs in reminders.items()
            }
    return replace(
        st,
        as_of=now,
        reminders=reminders,
        pause=pause,
        snoozed_all_until=snoozed_all_until,
        snoozes_today=snoozes_today,
    )


def _rearmed(reminders: Mapping[str, ReminderState], at: datetime) -> dict[str, ReminderState]:
    """Restart every interval at ``at``, keeping only snoozes that end later."""
    return {
        rid: replace(
            rs,
            progress=_ZERO,
            snoozed_until=rs.snoozed_until
            if rs.snoozed_until is not None and rs.snoozed_until > at
            else None,
        )
        for rid, rs in reminders.items()
    }


def _jumped(
    settings: Settings, st: EngineState, event: WallClockJump, now: datetime, tz: tzinfo
) -> EngineState:
    before = event.before.astimezone(UTC)
    after = min(event.after.astimezone(UTC), now)
    if after < before:
        return _advanced(settings, _shifted(st, after - before), now, tz)
    st = _advanced(settings, st, before, tz)
    if st.away is not None:
        return _advanced(settings, st, now, tz)
    st = _advanced(settings, replace(st, away=AwayState(before, "suspend")), after, tz)
    return _advanced(settings, _came_back(settings, st, after), now, tz)


def _shifted(st: EngineState, by: timedelta) -> EngineState:
    """Move every remembered instant that measures elapsed time by ``by``.

    A pause's end stays put: the user asked for a clock time or a working day.
    """

    def move(instant: datetime | None) -> datetime | None:
        return None if instant is None else instant + by

    return replace(
        st,
        as_of=move(st.as_of),
        last_notified=move(st.last_notified),
        snoozed_all_until=move(st.snoozed_all_until),
        reminders={
            rid: replace(
                rs, snoozed_until=move(rs.snoozed_until), held_since=move(rs.held_since)
            )
            for rid, rs in st.reminders.items()
        },
        away=None if st.away is None else replace(st.away, since=st.away.since + by),
        pause=None if st.pause is None else replace(st.pause, since=st.pause.since + by),
        interruptions={
            reason: replace(i, since=i.since + by) for reason, i in st.interruptions.items()
        },
        grace_until=move(st.grace_until),
    )


def _applied(
    settings: Settings, st: EngineState, event: Event, now: datetime, tz: tzinfo, working: bool
) -> tuple[EngineState, Message | None]:
    match event:
        case Tick():
            return st, None
        case Snooze():
            return _snoozed(settings, st, event, now, tz, working)
        case Pause():
            return _paused(settings, st, event, now, tz)
        case Resume():
            return _resumed(st, now)
        case Done(ids):
            return _answered(st, ids, "done"), None
        case Skipped(ids):
            return _answered(st, ids, "skipped"), None
        case Ignored(ids):
            return _answered(st, ids, "ignored"), None
        case RoutineStarted():
            since = now if st.away is None else st.away.since
            return replace(st, away=AwayState(since, "routine")), None
        case RoutineFinished(routine_id, completed):
            if st.away is not None and st.away.kind == "routine":
                st = _came_back(settings, st, now)
            if completed:
                ids = tuple(r.id for r in settings.reminders if r.routine == routine_id)
                st = _answered(st, ids, "done")
            return st, None
        case BreakStarted(kind, since):
            if st.away is not None:
                return st, None
            since = now if since is None else min(since.astimezone(UTC), now)
            # The user was already gone while the idle threshold ran out: take that time back.
            lag = working_time_between(settings.work_hours, since, now, tz)
            return replace(
                st,
                away=AwayState(since, kind),
                reminders={
                    rid: replace(rs, progress=max(_ZERO, rs.progress - lag))
                    for rid, rs in st.reminders.items()
                },
            ), None
        case InterruptionStarted(reason, detail):
            since = st.interruptions[reason].since if reason in st.interruptions else now
            return _interrupted(settings, st, reason, Interruption(since, detail)), None
        case InterruptionEnded(reason):
            return _uninterrupted(settings, st, reason, now), None
        case CalendarChanged(spans):
            # Merged once here, not at every look: the engine consults them on every call.
            return replace(st, busy=blocks(spans, settings.interruptions.grace)), None
        case Trigger():
            return st, None
        case BreakEnded():
            if st.away is not None and st.away.kind in ("idle", "locked"):
                st = _came_back(settings, st, now)
            return st, None
    raise TypeError(f"not an engine event: {event!r}")


def _interrupted(
    settings: Settings, st: EngineState, reason: str, interruption: Interruption
) -> EngineState:
    """Start (or update) the interruption ``reason``."""
    # A reminder on screen when the interruption begins is taken back and waits
    # with the others: it comes again, merged, once the interruption is over.
    reminders = {
        r.id: replace(rs, shown=False, progress=max(rs.progress, r.every))
        for r in settings.reminders
        if (rs := st.reminders.get(r.id)) is not None and rs.shown and not rs.quiet
    }
    return replace(
        st,
        interruptions={**st.interruptions, reason: interruption},
        reminders={**st.reminders, **reminders},
    )


def _uninterrupted(settings: Settings, st: EngineState, reason: str, now: datetime) -> EngineState:
    """End the interruption ``reason`` and start the grace period after it.

    The grace period is read only once no interruption is left, so the end of the
    last one is what counts.
    """
    if reason not in st.interruptions:
        return st
    left = {key: i for key, i in st.interruptions.items() if key != reason}
    return replace(st, interruptions=left, grace_until=now + settings.interruptions.grace)


def _calendar(settings: Settings, st: EngineState, now: datetime) -> EngineState:
    """Start, update or end the calendar interruption to match the block ``now`` is in."""
    if not st.busy and CALENDAR not in st.interruptions:
        return st
    block = block_at(st.busy, now)
    if block is None:
        return _uninterrupted(settings, st, CALENDAR, now)
    interruption = Interruption(block.start, block.title or "", block.end)
    if st.interruptions.get(CALENDAR) == interruption:
        return st
    return _interrupted(settings, st, CALENDAR, interruption)


def _nudge_block(settings: Settings, st: EngineState, now: datetime) -> BusySpan | None:
    """Return the long block whose ``before_long_meeting`` nudge may come at or after ``now``."""
    lead = settings.interruptions.before_long_meeting
    if lead is None or not st.busy:
        return None
    return next_long_block(st.busy, now)


def _nudged(r: Reminder, rs: ReminderState, block: BusySpan, lead: timedelta,
            due: datetime, at: datetime) -> bool:
    """Whether ``r``, otherwise due at ``due``, is brought forward to ``at`` for ``block``."""
    return (
        r.kind == "movement"
        and block.start - lead <= at < block.start
        and due < block.end
        and due - at <= r.every / 2
        and not rs.quiet
    )


def _came_back(settings: Settings, st: EngineState, now: datetime) -> EngineState:
    """End the break: restart posture reminders, reset movement ones if it was long enough.

    A reset reminder no longer waits for an answer. Snoozes stay: a snoozed
    reminder still waits for its snooze to end.
    """
    assert st.away is not None
    length = now - st.away.since
    reminders = dict(st.reminders)
    for r in settings.reminders:
        if r.id in reminders and (r.kind == "posture" or length >= r.reset_after):
            reminders[r.id] = replace(reminders[r.id], progress=_ZERO, shown=False, quiet=False)
    return replace(st, away=None, reminders=reminders)


def _resumed(st: EngineState, now: datetime) -> tuple[EngineState, Message | None]:
    """End the pause and every snooze; refuse when there is neither."""
    snoozed = (st.snoozed_all_until is not None and st.snoozed_all_until > now) or any(
        rs.snoozed_until is not None and rs.snoozed_until > now for rs in st.reminders.values()
    )
    if st.pause is None and not snoozed:
        return st, Message("reminders are neither paused nor snoozed")
    reminders = _rearmed(st.reminders, now) if st.pause is not None else st.reminders
    reminders = {rid: replace(rs, snoozed_until=None) for rid, rs in reminders.items()}
    return replace(st, pause=None, snoozed_all_until=None, reminders=reminders), None


def _answered(st: EngineState, ids: tuple[str, ...], answer: str) -> EngineState:
    """Record an answer; doing or skipping a reminder restarts its interval now.

    Ids of reminders that no longer exist (removed by a reload) are ignored.
    """
    reminders = dict(st.reminders)
    for rid in ids:
        rs = reminders.get(rid)
        if rs is None:
            continue
        if answer == "done":
            rs = replace(rs, shown=False, quiet=False, progress=_ZERO, done=rs.done + 1)
        elif answer == "skipped":
            rs = replace(rs, shown=False, quiet=False, progress=_ZERO, skipped=rs.skipped + 1)
        else:
            rs = replace(rs, shown=False, quiet=False, ignored=rs.ignored + 1)
        reminders[rid] = rs
    return replace(st, reminders=reminders)


def _snooze_refusal(
    settings: Settings, st: EngineState, reminder_id: str | None, working: bool
) -> Message | None:
    """Return why a snooze of ``reminder_id`` (None: all) is refused now, or None."""
    if st.pause is not None:
        return Message("reminders are paused; resume them first")
    if not working:
        return Message("it is outside working hours, so nothing is due")
    limits = settings.snooze
    if limits.max_per_day is not None and st.snoozes_today >= limits.max_per_day:
        return Message(
            "all {count} snoozes for today are used; new ones are available from midnight",
            count=limits.max_per_day,
        )
    if reminder_id is None:
        return None
    reminder = settings.reminder(reminder_id)
    if reminder is None or reminder_id not in st.reminders:
        return Message("there is no active reminder '{reminder}'", reminder=reminder_id)
    if (
        limits.max_per_reminder is not None
        and st.reminders[reminder_id].snoozes >= limits.max_per_reminder
    ):
        return Message(
            "'{title}' was snoozed {count} times today, the most allowed",
            title=reminder.title.get(settings.language),
            count=limits.max_per_reminder,
        )
    return None


def _snoozed(
    settings: Settings, st: EngineState, event: Snooze, now: datetime, tz: tzinfo, working: bool
) -> tuple[EngineState, Message | None]:
    refusal = _snooze_refusal(settings, st, event.reminder_id, working)
    if refusal is not None:
        return st, refusal
    limits = settings.snooze
    if event.duration == "rest_of_day":
        if not limits.rest_of_day:
            return st, Message("the config does not allow snoozing for the rest of the day")
        until = day_end(settings.work_hours, now, tz)
        assert until is not None  # working now, so today has working ranges
    else:
        if event.duration <= _ZERO:
            return st, Message("a snooze must last longer than zero")
        longest = max(limits.durations, default=None)
        if longest is not None and event.duration > longest:
            return st, Message("a snooze may last at most {longest}",
                               longest=format_duration(longest))
        until = now + event.duration
    reminders = dict(st.reminders)
    targets = [
        r for r in settings.reminders if r.id in reminders and event.reminder_id in (None, r.id)
    ]
    for r in targets:
        rs = reminders[r.id]
        # A reminder snoozed from its notification owes that notification when the snooze ends.
        owed = rs.shown or rs.progress >= r.every
        progress = max(rs.progress, r.every) if owed else rs.progress
        if event.reminder_id is None:
            rs = replace(rs, shown=False, quiet=False, progress=progress)
        else:
            rs = replace(
                rs, shown=False, quiet=False, progress=progress, snoozed_until=until,
                snoozes=rs.snoozes + 1,
            )
        reminders[r.id] = rs
    return replace(
        st,
        reminders=reminders,
        snoozes_today=st.snoozes_today + 1,
        snoozed_all_until=until if event.reminder_id is None else st.snoozed_all_until,
    ), None


#: The longest pause: every instant the engine computes stays far inside what a
#: datetime holds, however long a pause someone asks for.
MAX_PAUSE = timedelta(days=366)
_TOO_LONG_PAUSE = Message("a pause may last at most a year; pause without an end "
                          "and resume when you are back")


def _paused(
    settings: Settings, st: EngineState, event: Pause, now: datetime, tz: tzinfo
) -> tuple[EngineState, Message | None]:
    until = event.until
    end: datetime | None
    if until is None:
        end = None
    elif until == "next_working_day":
        end = next_working_day_start(settings.work_hours, now, tz)
        if end is None:
            return st, Message("the work hours have no working day to pause until")
    elif isinstance(until, timedelta):
        if until <= _ZERO:
            return st, Message("a pause must last longer than zero")
        if until > MAX_PAUSE:
            return st, _TOO_LONG_PAUSE
        end = now + until
    else:
        end = (until if until.tzinfo is not None else until.replace(tzinfo=tz)).astimezone(UTC)
        if end <= now:
            return st, Message("{time} has already passed",
                               time=f"{end.astimezone(tz):%Y-%m-%d %H:%M}")
        if end - now > MAX_PAUSE:
            return st, _TOO_LONG_PAUSE
    since = now if st.pause is None else st.pause.since
    return replace(st, pause=PauseState(since, end)), None


def _held(
    settings: Settings, st: EngineState, now: datetime, working: bool
) -> tuple[EngineState, tuple[str, ...]]:
    """Mark the due reminders an interruption holds back from now on (returning their ids),
    and forget the hold of reminders that are no longer due."""
    holding = (
        bool(st.interruptions)
        and working
        and st.pause is None
        and st.away is None
        and not (st.snoozed_all_until is not None and now < st.snoozed_all_until)
    )
    reminders = dict(st.reminders)
    newly: list[str] = []
    for r in settings.reminders:
        rs = reminders.get(r.id)
        if rs is None:
            continue
        due = rs.progress >= r.every and not (
            rs.snoozed_until is not None and now < rs.snoozed_until
        )
        if holding and due and rs.held_since is None:
            reminders[r.id] = replace(rs, held_since=now)
            newly.append(r.id)
        elif not due and rs.held_since is not None:
            reminders[r.id] = replace(rs, held_since=None)
    if reminders == st.reminders:
        return st, ()
    return replace(st, reminders=reminders), tuple(newly)


def _fired(
    settings: Settings, st: EngineState, now: datetime, tz: tzinfo, working: bool
) -> tuple[EngineState, tuple[Firing, ...]]:
    """Fire the reminders due now, merged with those due within ``min_gap``, if allowed.

    During an interruption only a quiet firing can happen, of every held reminder
    once the first has waited ``max_defer``; in the grace period after it, none.
    """
    gap = settings.notifications.min_gap
    if (
        st.pause is not None
        or st.away is not None
        or (st.snoozed_all_until is not None and now < st.snoozed_all_until)
        or (st.last_notified is not None and now < st.last_notified + gap)
        or not working
    ):
        return st, ()
    if st.interruptions:
        limit = settings.interruptions.max_defer
        held = [
            (r, rs.held_since)
            for r in settings.reminders
            if (rs := st.reminders.get(r.id)) is not None and rs.held_since is not None
        ]
        if not any(since + limit <= now for _, since in held):
            return st, ()
        return _shown(settings, st, [r for r, _ in held], now, tz, quiet=True)
    if st.grace_until is not None and now < st.grace_until:
        return st, ()
    block = _nudge_block(settings, st, now)
    lead = settings.interruptions.before_long_meeting
    ready: list[Reminder] = []
    any_due = False
    for r in settings.reminders:
        rs = st.reminders.get(r.id)
        if rs is None or (rs.snoozed_until is not None and now < rs.snoozed_until):
            continue
        left = r.every - rs.progress
        nudge = False
        if block is not None and lead is not None:
            due = add_working_time(settings.work_hours, now, max(left, _ZERO), tz)
            nudge = due is not None and _nudged(r, rs, block, lead, due, now)
        # A reminder shown quietly during an interruption is owed a real notification.
        if left <= gap or rs.quiet or nudge:
            ready.append(r)
            any_due = any_due or left <= _ZERO or rs.quiet or nudge
    if not any_due:
        return st, ()
    return _shown(settings, st, ready, now, tz)


def _triggered(
    settings: Settings, st: EngineState, reminder_id: str, now: datetime, tz: tzinfo
) -> tuple[EngineState, tuple[Firing, ...], Message | None]:
    """Fire one reminder now on request, past pauses, snoozes, breaks and working hours."""
    reminder = settings.reminder(reminder_id)
    if reminder is None or reminder_id not in st.reminders:
        return st, (), Message("there is no switched-on reminder '{reminder}'",
                               reminder=reminder_id)
    st, firing = _shown(settings, st, [reminder], now, tz)
    return st, firing, None


def _shown(
    settings: Settings,
    st: EngineState,
    ready: list[Reminder],
    now: datetime,
    tz: tzinfo,
    quiet: bool = False,
) -> tuple[EngineState, tuple[Firing, ...]]:
    """Mark ``ready`` as shown (their intervals restart) and return their merged firing."""
    reminders = dict(st.reminders)
    for r in ready:
        reminders[r.id] = replace(
            reminders[r.id],
            progress=_ZERO,
            snoozed_until=None,
            shown=True,
            quiet=quiet,
            held_since=None,
        )
    firing = merged_firing(settings, ready, now.astimezone(tz), quiet)
    return replace(st, reminders=reminders, last_notified=now), (firing,)


def merged_firing(
    settings: Settings, ready: list[Reminder], at: datetime, quiet: bool = False
) -> Firing:
    """Return the one notification that shows ``ready`` together, their texts joined."""
    language = settings.language
    return Firing(
        at=at,
        reminder_ids=tuple(r.id for r in ready),
        title=" · ".join(r.title.get(language) for r in ready),
        message="\n".join(r.message.get(language) for r in ready),
        quiet=quiet,
    )


def _fire_time(
    settings: Settings, st: EngineState, r: Reminder, now: datetime, tz: tzinfo
) -> datetime | None:
    """Return when ``r`` fires if no other event comes first (merges aside), or None."""
    if st.away is not None:
        return None
    hours = settings.work_hours
    rs = st.reminders[r.id]
    if st.pause is not None:
        if st.pause.until is None:
            return None
        origin, progress = max(now, st.pause.until), _ZERO
        floors = [t for t in (rs.snoozed_until, st.snoozed_all_until) if t and t > origin]
    else:
        origin, progress = now, rs.progress
        floors = [t for t in (rs.snoozed_until, st.snoozed_all_until) if t is not None]
        if st.last_notified is not None:
            floors.append(st.last_notified + settings.notifications.min_gap)
        if st.interruptions:
            if rs.held_since is not None:
                floors.append(rs.held_since + settings.interruptions.max_defer)
        elif st.grace_until is not None:
            floors.append(st.grace_until)
    day = local_date(origin, tz)
    if day != local_date(now, tz):
        # The pause ends on a later day, which starts fresh.
        progress, floors = _ZERO, []
    # A quietly shown reminder is owed a notification as soon as nothing holds it.
    owed = rs.quiet and not st.interruptions and st.pause is None
    due = add_working_time(hours, origin, _ZERO if owed else r.every - progress, tz)
    if due is not None:
        latest = max([due, *floors])
        at = latest if is_working(hours, latest, tz) else next_working_start(hours, latest, tz)
        if at is not None and local_date(at, tz) == day:
            return _brought_forward(settings, st, r, due, at, floors, origin, tz)
    start = next_working_day_start(hours, origin, tz)
    # Later days start fresh: no progress, no snoozes, nothing shown before.
    for _ in range(_DAYS_AHEAD):
        if start is None:
            return None
        at = add_working_time(hours, start, r.every, tz)
        if at is not None:
            return at
        start = next_working_day_start(hours, start, tz)
    return None


def _brought_forward(
    settings: Settings,
    st: EngineState,
    r: Reminder,
    due: datetime,
    at: datetime,
    floors: list[datetime],
    origin: datetime,
    tz: tzinfo,
) -> datetime:
    """Return when ``r`` fires given the ``before_long_meeting`` nudge, else ``at``.

    ``origin`` is now, or the end of the pause. Mirrors the test in :func:`_fired`,
    so the wake-up it gives does fire.
    """
    block = _nudge_block(settings, st, origin)
    lead = settings.interruptions.before_long_meeting
    if block is None or lead is None or st.interruptions:
        return at
    early = max([block.start - lead, origin, *floors])
    if (
        early < at
        and is_working(settings.work_hours, early, tz)
        and _nudged(r, st.reminders[r.id], block, lead, due, early)
    ):
        return early
    return at


def _next_wake(
    settings: Settings,
    st: EngineState,
    fire_times: Mapping[str, datetime | None],
    now: datetime,
    tz: tzinfo,
) -> datetime | None:
    """Return the next instant anything changes: a firing, a pause or snooze end, a range edge."""
    candidates = [t for t in fire_times.values() if t is not None]
    if st.pause is not None:
        if st.pause.until is not None:
            candidates.append(st.pause.until)
    elif st.away is None:
        # Range edges and snooze ends change what the tray shows.
        segment = segment_at(settings.work_hours, now, tz)
        edge = segment[1] if segment else next_working_start(settings.work_hours, now, tz)
        if edge is not None:
            candidates.append(edge)
        ends = [st.snoozed_all_until, *(rs.snoozed_until for rs in st.reminders.values())]
        candidates.extend(t for t in ends if t is not None and t > now)
    edge = edges_after(st.busy, now) if st.busy else None
    if edge is not None:
        candidates.append(edge)
    return min(candidates, default=None)


def _view(
    settings: Settings,
    st: EngineState,
    fire_times: Mapping[str, datetime | None],
    now: datetime,
    tz: tzinfo,
    working: bool,
) -> TrayView:
    def local(instant: datetime | None) -> datetime | None:
        return None if instant is None else instant.astimezone(tz)

    due = tuple(rid for rid, rs in st.reminders.items() if rs.shown)
    snoozed_until = st.snoozed_all_until
    if snoozed_until is None or snoozed_until <= now:
        ends = [rs.snoozed_until for rs in st.reminders.values() if rs.snoozed_until]
        snoozed_until = min((t for t in ends if t > now), default=None)
    status: Status
    if st.pause is not None:
        status = "paused"
    elif not working:
        status = "off_hours"
    elif st.away is not None:
        status = "away"
    elif due:
        status = "due"
    elif snoozed_until is not None:
        status = "snoozed"
    else:
        status = "active"
    reminders = []
    for r in settings.reminders:
        rs = st.reminders.get(r.id)
        if rs is None:
            continue
        refusal = _snooze_refusal(settings, st, r.id, working)
        reminders.append(
            ReminderView(
                id=r.id,
                title=r.title.get(settings.language),
                next_at=local(fire_times[r.id]),
                snoozed_until=local(rs.snoozed_until)
                if rs.snoozed_until and rs.snoozed_until > now
                else None,
                shown=rs.shown,
                snooze_allowed=refusal is None,
                snooze_refusal=refusal,
                done_today=rs.done,
                skipped_today=rs.skipped,
                ignored_today=rs.ignored,
            )
        )
    upcoming = min(((t, rid) for rid, t in fire_times.items() if t is not None), default=None)
    max_per_day = settings.snooze.max_per_day
    all_refusal = _snooze_refusal(settings, st, None, working)
    return TrayView(
        status=status,
        paused_until=None if st.pause is None else local(st.pause.until),
        snoozed_until=local(snoozed_until),
        away=None if st.away is None else st.away.kind,
        next_reminder=None if upcoming is None else upcoming[1],
        next_at=None if upcoming is None else local(upcoming[0]),
        due=due,
        snoozes_left_today=None if max_per_day is None else max(0, max_per_day - st.snoozes_today),
        snooze_all_allowed=all_refusal is None,
        snooze_all_refusal=all_refusal,
        reminders=tuple(reminders),
        interruptions=tuple(
            InterruptionView(reason, i.detail, i.since.astimezone(tz), local(i.until))
            for reason, i in sorted(st.interruptions.items(), key=lambda item: item[1].since)
        ),
        snoozed_all_until=local(st.snoozed_all_until)
        if st.snoozed_all_until is not None and st.snoozed_all_until > now
        else None,
        away_since=None if st.away is None else local(st.away.since),
    )
