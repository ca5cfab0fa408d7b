"""The engine's memory between events: plain data the daemon persists and restores.

:class:`EngineState` is what :func:`ergo.core.engine.handle` takes and returns.
``to_dict`` gives a JSON-safe dict with a ``version``; ``from_dict`` reads it
back and raises ValueError naming the bad field, so a damaged state file is
reported instead of crashing the daemon. All instants are stored in UTC.

Active interruptions, the grace period after them and the calendar's busy spans
are not saved: they are live facts that the detectors and the calendar feed
report again when the daemon starts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from ergo.core.busy import BusySpan

STATE_VERSION = 1
# Bounds keep every instant the engine computes from a saved state (an instant plus
# an interval, a pause, a snooze) far inside what a datetime holds; they also
# reject NaN and infinity. No real progress, pause or snooze comes near them.
_MAX_SECONDS = 10 * 366 * 86400
_FIRST_YEAR = 2000
_LAST_YEAR = 2999

AwayKind = Literal["idle", "locked", "routine", "suspend"]
AWAY_KINDS: tuple[str, ...] = ("idle", "locked", "routine", "suspend")


@dataclass(frozen=True)
class ReminderState:
    """One reminder's progress today.

    ``progress`` is the working time counted towards its next firing;
    ``snoozed_until`` is when its snooze ends; ``shown`` is True while a
    notification for it waits for an answer (``quiet``: shown in the tray only,
    after waiting ``max_defer``); ``held_since`` is when an interruption
    began to hold it back, while it does; the counters are for today.
    """

    progress: timedelta = timedelta()
    snoozed_until: datetime | None = None
    shown: bool = False
    quiet: bool = False
    held_since: datetime | None = None
    snoozes: int = 0
    done: int = 0
    skipped: int = 0
    ignored: int = 0


@dataclass(frozen=True)
class PauseState:
    """A pause that began at ``since`` and ends at ``until`` (``None``: when resumed)."""

    since: datetime
    until: datetime | None


@dataclass(frozen=True)
class AwayState:
    """The user is away from the desk since ``since`` (a natural break or a routine)."""

    since: datetime
    kind: AwayKind


@dataclass(frozen=True)
class Interruption:
    """An interruption active since ``since``; ``detail`` says what, for people.

    ``until`` is when it is known to end (a calendar block), else None.
    """

    since: datetime
    detail: str = ""
    until: datetime | None = None


@dataclass(frozen=True)
class EngineState:
    """Everything the engine remembers; ``as_of`` is the last instant it accounted for.

    ``reminders`` maps each enabled reminder's id to its state.
    ``snoozes_today`` counts every snooze taken today (one per snooze-all).
    ``interruptions`` maps each active interruption reason to its details;
    ``grace_until`` is the end of the grace period after the last one ended.
    ``busy`` is the calendar's busy time, merged into blocks with the ``grace`` in force
    when it arrived (see :mod:`ergo.core.busy`).
    """

    as_of: datetime | None = None
    reminders: Mapping[str, ReminderState] = field(default_factory=dict)
    pause: PauseState | None = None
    away: AwayState | None = None
    snoozed_all_until: datetime | None = None
    snoozes_today: int = 0
    last_notified: datetime | None = None
    interruptions: Mapping[str, Interruption] = field(default_factory=dict)
    grace_until: datetime | None = None
    busy: tuple[BusySpan, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the state as JSON-safe data (strings, numbers, booleans, None, dicts)."""
        return {
            "version": STATE_VERSION,
            "as_of": _instant_out(self.as_of),
            "reminders": {
                rid: {
                    "progress": _seconds_out(rs.progress),
                    "snoozed_until": _instant_out(rs.snoozed_until),
                    "shown": rs.shown,
                    "quiet": rs.quiet,
                    "held_since": _instant_out(rs.held_since),
                    "snoozes": rs.snoozes,
                    "done": rs.done,
                    "skipped": rs.skipped,
                    "ignored": rs.ignored,
                }
                for rid, rs in self.reminders.items()
            },
            "pause": None
            if self.pause is None
            else {"since": _instant_out(self.pause.since), "until": _instant_out(self.pause.until)},
            "away": None
            if self.away is None
            else {"since": _instant_out(self.away.since), "kind": self.away.kind},
            "snoozed_all_until": _instant_out(self.snoozed_all_until),
            "snoozes_today": self.snoozes_today,
            "last_notified": _instant_out(self.last_notified),
        }

    @classmethod
    def from_dict(cls, data: object) -> EngineState:
        """Given data from :meth:`to_dict`, return the state.

        Raise ValueError naming the field (``state.reminders.walk.progress: ...``)
        when the data is not a state this version of ergo wrote.
        """
        top = _mapping(data, "state")
        version = top.get("version")
        if version != STATE_VERSION:
            raise ValueError(
                f"state.version: expected {STATE_VERSION}, got {version!r}; "
                "the state was written by another version of ergo"
            )
        reminders = {}
        for rid, raw in _mapping(top.get("reminders"), "state.reminders").items():
            where = f"state.reminders.{rid}"
            entry = _mapping(raw, where)
            reminders[str(rid)] = ReminderState(
                progress=_seconds_in(entry.get("progress"), f"{where}.progress"),
                snoozed_until=_instant_in(entry.get("snoozed_until"), f"{where}.snoozed_until"),
                shown=_bool_in(entry.get("shown"), f"{where}.shown"),
                # Absent in states written before interruptions existed.
                quiet=_bool_in(entry.get("quiet", False), f"{where}.quiet"),
                held_since=_instant_in(entry.get("held_since"), f"{where}.held_since"),
                snoozes=_count_in(entry.get("snoozes"), f"{where}.snoozes"),
                done=_count_in(entry.get("done"), f"{where}.done"),
                skipped=_count_in(entry.get("skipped"), f"{where}.skipped"),
                ignored=_count_in(entry.get("ignored"), f"{where}.ignored"),
            )
        pause = None
        if top.get("pause") is not None:
            raw = _mapping(top["pause"], "state.pause")
            pause = PauseState(
                since=_required_instant(raw.get("since"), "state.pause.since"),
                until=_instant_in(raw.get("until"), "state.pause.until"),
            )
        away = None
        if top.get("away") is not None:
            raw = _mapping(top["away"], "state.away")
            kind = raw.get("kind")
            if kind not in AWAY_KINDS:
                raise ValueError(f"state.away.kind: expected one of {AWAY_KINDS}, got {kind!r}")
            since = _required_instant(raw.get("since"), "state.away.since")
            away = AwayState(since=since, kind=kind)
        return cls(
            as_of=_instant_in(top.get("as_of"), "state.as_of"),
            reminders=reminders,
            pause=pause,
            away=away,
            snoozed_all_until=_instant_in(top.get("snoozed_all_until"), "state.snoozed_all_until"),
            snoozes_today=_count_in(top.get("snoozes_today"), "state.snoozes_today"),
            last_notified=_instant_in(top.get("last_notified"), "state.last_notified"),
        )


def _instant_out(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _seconds_out(value: timedelta) -> int | float:
    seconds = value.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected a mapping, got {type(value).__name__}")
    return value


def _instant_in(value: object, where: str) -> datetime | None:
    if value is None:
        return None
    return _required_instant(value, where)


def _required_instant(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise ValueError(f"{where}: expected an ISO 8601 time, got {value!r}")
    try:
        instant = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{where}: {value!r} is not an ISO 8601 time") from None
    if instant.tzinfo is None:
        raise ValueError(f"{where}: {value!r} has no UTC offset")
    if not _FIRST_YEAR <= instant.year <= _LAST_YEAR:
        raise ValueError(f"{where}: {value!r} is outside the years {_FIRST_YEAR}-{_LAST_YEAR}")
    try:
        return instant.astimezone(UTC)
    except OverflowError:
        raise ValueError(f"{where}: {value!r} is out of range") from None


def _seconds_in(value: object, where: str) -> timedelta:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not 0 <= value <= _MAX_SECONDS
    ):
        raise ValueError(f"{where}: expected a number of seconds >= 0, got {value!r}")
    return timedelta(seconds=value)


def _count_in(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{where}: expected a whole number >= 0, got {value!r}")
    return value


def _bool_in(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"{where}: expected true or false, got {value!r}")
    return value
