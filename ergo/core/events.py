"""What can happen to the engine: the inputs of :func:`ergo.core.engine.handle`.

Plain frozen dataclasses, created by any thread (the timer, the idle watcher, the
control server, the tray) and put on the dispatcher's queue; only the dispatcher
thread passes them to the engine, together with the time they happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from ergo.core.busy import BusySpan
from ergo.core.model import Settings

BreakKind = Literal["idle", "locked"]
#: Why reminders wait: a call (microphone or camera in use), a focused full-screen
#: window, the desktop's do-not-disturb, or a program from ``interruptions.apps``.
#: ``calendar`` (a busy event in the user's calendar) is not an event of its own:
#: the engine derives it from :class:`CalendarChanged`.
InterruptionReason = Literal["meeting", "fullscreen", "dnd", "app"]
INTERRUPTION_REASONS: tuple[str, ...] = ("meeting", "fullscreen", "dnd", "app")


@dataclass(frozen=True)
class Tick:
    """Time has passed: the timer reached the engine's ``next_wake``."""


@dataclass(frozen=True)
class Snooze:
    """Put off one reminder (``reminder_id``) or all of them (``None``).

    ``duration`` is how long, or ``"rest_of_day"`` for the end of today's work.
    """

    reminder_id: str | None
    duration: timedelta | Literal["rest_of_day"]


@dataclass(frozen=True)
class Pause:
    """Stop all reminders until ``until``.

    ``until`` is an instant (a naive one is read in the work-hours zone), a
    duration from now, ``"next_working_day"`` (the start of the first working
    range on a later date), or ``None`` for "until resumed".
    """

    until: datetime | timedelta | Literal["next_working_day"] | None = None


@dataclass(frozen=True)
class Resume:
    """End a pause now."""


@dataclass(frozen=True)
class Done:
    """The user did these reminders (answered a notification or said so in the tray)."""

    reminder_ids: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    """The user declined these reminders this time."""

    reminder_ids: tuple[str, ...]


@dataclass(frozen=True)
class Ignored:
    """The notification for these reminders timed out without an answer, or (``shown``
    False) the prompt for them could not be shown; either way they come again later."""

    reminder_ids: tuple[str, ...]
    shown: bool = True


@dataclass(frozen=True)
class RoutineStarted:
    """The user started the guided routine ``routine_id``."""

    routine_id: str


@dataclass(frozen=True)
class RoutineFinished:
    """The routine ended; ``completed`` is False when the user stopped it early."""

    routine_id: str
    completed: bool = True


@dataclass(frozen=True)
class BreakStarted:
    """The user left the desk: no input (``idle``) or the screen was locked.

    ``since`` is when the break really began (the last input, before the idle
    threshold passed); ``None`` means at the event's time.
    """

    kind: BreakKind
    since: datetime | None = None


@dataclass(frozen=True)
class BreakEnded:
    """The user is back (input again, or the screen unlocked)."""

    kind: BreakKind


@dataclass(frozen=True)
class WallClockJump:
    """The wall clock moved from ``before`` to ``after`` without ergo seeing the time pass.

    Forward: the machine slept (or ergo was not running, or the clock was set
    ahead); it counts as a break of that length. Backward: the clock was set back.
    """

    before: datetime
    after: datetime


@dataclass(frozen=True)
class InterruptionStarted:
    """Something the user should not be disturbed in began (or its ``detail`` changed).

    ``detail`` says what, for ``ergo status`` ("microphone in use by zoom").
    """

    reason: InterruptionReason
    detail: str = ""


@dataclass(frozen=True)
class InterruptionEnded:
    """The interruption of this kind is over."""

    reason: InterruptionReason


@dataclass(frozen=True)
class CalendarChanged:
    """The calendar feeds were read: ``spans`` is all the busy time they hold now.

    It replaces what came before, so a cancelled meeting stops holding reminders.
    """

    spans: tuple[BusySpan, ...]


@dataclass(frozen=True)
class Trigger:
    """Show ``reminder_id`` now, whatever the schedule says (``ergo trigger``, for demos)."""

    reminder_id: str


@dataclass(frozen=True)
class ConfigReloaded:
    """The configuration was reloaded; ``settings`` is the new effective one."""

    settings: Settings


Event = (
    Tick
    | Snooze
    | Pause
    | Resume
    | Done
    | Skipped
    | Ignored
    | RoutineStarted
    | RoutineFinished
    | BreakStarted
    | BreakEnded
    | WallClockJump
    | InterruptionStarted
    | InterruptionEnded
    | CalendarChanged
    | Trigger
    | ConfigReloaded
)
