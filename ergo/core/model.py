"""The validated settings every part of ergo reads: plain frozen data, no I/O.

The config layer builds a :class:`Settings` from YAML; the engine, the routine
sequencer and the adapters only ever read it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from typing import Literal

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

ReminderKind = Literal["posture", "movement"]
Delivery = Literal["notification", "prompt", "both"]
Urgency = Literal["low", "normal", "critical"]
Side = Literal["left", "right"]


@dataclass(frozen=True)
class Text:
    """A user-facing text in one or more languages.

    ``values`` holds ``(language, text)`` pairs; a text written as a plain string
    in the config is stored once under ``"*"`` and serves every language.
    """

    values: tuple[tuple[str, str], ...]

    @classmethod
    def plain(cls, text: str) -> Text:
        return cls((("*", text),))

    @classmethod
    def of(cls, mapping: dict[str, str]) -> Text:
        return cls(tuple(mapping.items()))

    def get(self, language: str) -> str:
        """Given a language code, return the text in it, else English, else the first one."""
        table = dict(self.values)
        for key in (language, "*", "en"):
            if key in table:
                return table[key]
        return self.values[0][1]


@dataclass(frozen=True)
class TimeRange:
    """A stretch of working time within one day, ``start`` < ``end``."""

    start: time
    end: time


@dataclass(frozen=True)
class WorkHours:
    """When reminders may run.

    ``week`` has seven entries, Monday first; each is the day's working ranges
    in order (empty on a day off). ``timezone`` is an IANA name, or ``None`` to
    follow the zone of the ``now`` the caller passes in.
    """

    week: tuple[tuple[TimeRange, ...], ...]
    timezone: str | None = None


@dataclass(frozen=True)
class Reminder:
    """One reminder, keyed by ``id`` in the config.

    ``kind`` decides what a natural break does: a ``movement`` reminder is reset
    by a break of at least ``reset_after`` (a shorter one pauses its clock); a
    ``posture`` reminder restarts its interval whenever the user comes back.
    """

    id: str
    enabled: bool
    every: timedelta
    title: Text
    message: Text
    kind: ReminderKind = "movement"
    reset_after: timedelta = timedelta(minutes=5)
    routine: str | None = None
    start_routine: bool = False
    delivery: Delivery = "notification"


@dataclass(frozen=True)
class SnoozeSettings:
    """What snooze offers and how much of it a day allows (``None``: no limit)."""

    durations: tuple[timedelta, ...] = (
        timedelta(minutes=5),
        timedelta(minutes=10),
        timedelta(minutes=20),
    )
    max_per_day: int | None = 6
    max_per_reminder: int | None = 3
    rest_of_day: bool = True


@dataclass(frozen=True)
class NotificationSettings:
    """How reminders are shown: pop-up timeout, merge window, prompt lifetime, sound, and
    the urgency the notification server is told (it may style or order pop-ups by it)."""

    timeout: timedelta = timedelta(seconds=20)
    min_gap: timedelta = timedelta(minutes=2)
    prompt_timeout: timedelta = timedelta(minutes=2)
    sound: bool = False
    urgency: Urgency = "normal"


@dataclass(frozen=True)
class IdleSettings:
    """When no input counts as a natural break: ``break_after`` without keyboard or mouse."""

    break_after: timedelta = timedelta(minutes=1)


@dataclass(frozen=True)
class InterruptionSettings:
    """When due reminders wait, and for how long.

    The switches turn the detectors on: microphone or camera in use (``meetings``),
    a focused full-screen window, the desktop's do-not-disturb, and the programs in
    ``apps`` (process names). When the last interruption ends, one merged reminder
    comes after ``grace``; a reminder held back for ``max_defer`` is shown quietly
    (in the tray only).

    ``calendars`` are ICS feeds (URLs or file paths) read every ``calendar_refresh``;
    their busy events hold reminders like a call. ``tentative_busy`` counts
    tentative events as busy; ``calendar_addresses`` are the user's own addresses,
    to find the user's answer among an event's attendees; ``show_titles`` lets
    meeting titles into ergo at all. ``before_long_meeting`` (None: off) brings a
    movement reminder that would come due during a meeting of an hour or more
    forward to that long before it starts.
    """

    meetings: bool = True
    fullscreen: bool = True
    do_not_disturb: bool = True
    apps: tuple[str, ...] = ()
    grace: timedelta = timedelta(minutes=1)
    max_defer: timedelta = timedelta(minutes=90)
    calendars: tuple[str, ...] = ()
    calendar_refresh: timedelta = timedelta(minutes=15)
    calendar_addresses: tuple[str, ...] = ()
    tentative_busy: bool = True
    show_titles: bool = False
    before_long_meeting: timedelta | None = None


@dataclass(frozen=True)
class Step:
    """One exercise of a routine: timed (``duration``) or counted (``reps`` at ``pace``)."""

    id: str
    name: Text
    cues: tuple[Text, ...]
    duration: timedelta | None = None
    reps: int | None = None
    pace: timedelta | None = None
    side: Side | None = None
    illustration: str | None = None
    caution: Text | None = None

    @property
    def length(self) -> timedelta:
        """Return how long the step takes when followed at its own pace."""
        if self.duration is not None:
            return self.duration
        assert self.reps is not None and self.pace is not None
        return self.pace * self.reps


@dataclass(frozen=True)
class Routine:
    """A named, ordered list of steps."""

    id: str
    title: Text
    steps: tuple[Step, ...]

    @property
    def length(self) -> timedelta:
        return sum((step.length for step in self.steps), timedelta())


@dataclass(frozen=True)
class Settings:
    """The effective configuration after merging every layer and applying HR policy.

    ``language`` is a concrete language code: the loader resolves ``auto`` from the
    system locale. ``region`` is a country code such as ``NL`` (``""`` when unknown),
    resolved the same way. ``locked`` holds the dotted key paths the organisation file
    locks, so the UI can grey out what the user may not change.
    """

    language: str
    work_hours: WorkHours
    reminders: tuple[Reminder, ...]
    snooze: SnoozeSettings = field(default_factory=SnoozeSettings)
    notifications: NotificationSettings = field(default_factory=NotificationSettings)
    routines: tuple[Routine, ...] = ()
    idle: IdleSettings = field(default_factory=IdleSettings)
    interruptions: InterruptionSettings = field(default_factory=InterruptionSettings)
    locked: frozenset[str] = frozenset()
    region: str = ""

    def reminder(self, reminder_id: str) -> Reminder | None:
        return next((r for r in self.reminders if r.id == reminder_id), None)

    def routine(self, routine_id: str) -> Routine | None:
        return next((r for r in self.routines if r.id == routine_id), None)
