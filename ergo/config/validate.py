"""Turning merged config data into :class:`ergo.core.model.Settings`, or every problem at once.

First the data is checked against the description in ``schema.py`` (types,
unknown keys, required keys). Then each top-level section with no type problems
is built by its builder in :data:`BUILDERS`, which also checks what a schema
cannot: a day that ends before it starts, a break outside working hours, a
reminder naming a routine that does not exist. Each problem is reported at the
file:line:col of the value behind it, whichever layer that value came from.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ergo.config import schema
from ergo.config.merge import LAYERS, Merged
from ergo.config.problems import ConfigError, KeyPath, Mark, closest, problem
from ergo.core.durations import parse_duration
from ergo.core.model import (
    WEEKDAYS,
    IdleSettings,
    InterruptionSettings,
    NotificationSettings,
    Reminder,
    Routine,
    Settings,
    SnoozeSettings,
    Step,
    Text,
    TimeRange,
    WorkHours,
)

POSTURE_REMINDERS = ("sit-upright", "feet-flat")

Report = Callable[[KeyPath | list[KeyPath], str], None]
"""Called with a problem's key path (or several: the one set in the highest layer is used)."""


def build_settings(merged: Merged, locked: frozenset[str] = frozenset()) -> Settings:
    """Given merged config data, return Settings; raise ConfigError listing every problem."""
    found: list[tuple[Mark | None, KeyPath, str]] = []

    def layer(path: KeyPath) -> int:
        origin = merged.origin(path)
        # Merged data made without origins (as the tests make it) has no layer to prefer.
        return LAYERS.index(origin.layer) if origin else -1

    def report(path: KeyPath | list[KeyPath], message: str) -> None:
        if isinstance(path, list):
            path = max(path, key=layer)
        origin = merged.origin(path)
        found.append((origin.mark if origin else None, path, message))

    data = merged.data
    settings_spec = schema.Record(schema.SECTIONS, required=tuple(schema.SECTIONS))
    typed = schema.check(settings_spec, data)
    for path, message in typed:
        report(path, message)
    broken = {path[0] for path, _ in typed if path}
    if typed and any(not path for path, _ in typed):
        broken = set(schema.SECTIONS)
    values: dict[str, Any] = {}
    for section, builder in BUILDERS.items():
        if section not in broken and section in data:
            values.update(builder(data[section], data, report))
    if found:
        found.sort(key=lambda item: (str(item[0].source), item[0].line, item[0].col)
                   if item[0] else ("", 0, 0))
        raise ConfigError(list(dict.fromkeys(problem(*item) for item in found)))
    return Settings(**values, locked=locked)


def _text(value: str | dict[str, str]) -> Text:
    return Text.plain(value) if isinstance(value, str) else Text.of(value)


def _clock(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def _language(value: str, data: dict[str, Any], report: Report) -> dict[str, Any]:
    return {"language": value}


def _region(value: str, data: dict[str, Any], report: Report) -> dict[str, Any]:
    return {"region": value}


def _work_hours(value: dict[str, Any], data: dict[str, Any], report: Report) -> dict[str, Any]:
    zone = value.get("timezone", "auto")
    if zone != "auto":
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            near = closest(zone, available_timezones())
            fix = (f"did you mean {near!r}?" if near
                   else "write auto or a name such as Europe/Amsterdam")
            report(("work_hours", "timezone"), f"{zone!r} is not a known time zone; {fix}")
    days = set(value["days"])
    per_day = value.get("per_day", {})
    week: list[tuple[TimeRange, ...]] = []
    for day in WEEKDAYS:
        override = per_day.get(day, {})
        at: KeyPath = ("work_hours", "per_day", day) if day in per_day else ("work_hours",)
        if override == "off" or day not in days:
            if isinstance(override, dict) and override:
                report(at, f"{day} is not in work_hours.days; add it to days or remove this entry")
            week.append(())
            continue
        hours = {**value, **override}
        inherited = bool(override) and "breaks" not in override
        week.append(_day(hours, at, report, inherited))
    return {"work_hours": WorkHours(tuple(week), None if zone == "auto" else zone)}


def _day(
    hours: dict[str, Any], at: KeyPath, report: Report, inherited: bool
) -> tuple[TimeRange, ...]:
    """Return the day's working ranges: start to end minus the breaks.

    On a day with its own hours but the general breaks (``inherited``), a break
    wholly outside that day is dropped: a short Friday simply has no lunch break.
    """
    start, end = _clock(hours["start"]), _clock(hours["end"])
    if end <= start:
        report([(*at, "start"), (*at, "end")],
               f"the day ends ({hours['end']}) before it starts ({hours['start']}); "
               "make end later than start")
        return ()
    ranges = []
    cursor = start
    for index, text in sorted(enumerate(hours.get("breaks", [])), key=lambda item: item[1]):
        first, last = (_clock(part) for part in text.split("-"))
        where = (*at, "breaks", index) if not inherited else ("work_hours", "breaks", index)
        if inherited and (last <= start or first >= end):
            continue
        if not start <= first < last <= end:
            report(where, f"the break {text} is not inside the working day "
                   f"{hours['start']}-{hours['end']}; move it inside, with its end after its start")
            continue
        if first < cursor:
            report(where, f"the break {text} overlaps another break; merge them into one")
            continue
        if first > cursor:
            ranges.append(TimeRange(cursor, first))
        cursor = last
    if cursor < end:
        ranges.append(TimeRange(cursor, end))
    return tuple(ranges)


def _reminders(value: dict[str, Any], data: dict[str, Any], report: Report) -> dict[str, Any]:
    routines = data["routines"] if isinstance(data.get("routines"), dict) else {}
    reminders = []
    for reminder_id, item in value.items():
        routine = item.get("routine")
        if routine == schema.NO_ROUTINE:
            routine = None
        if routine is not None and routine not in routines:
            near = closest(routine, routines)
            fix = f"did you mean {near!r}?" if near else "name a routine under routines:"
            report(("reminders", reminder_id, "routine"), f"there is no routine {routine!r}; {fix}")
        default_kind = "posture" if reminder_id in POSTURE_REMINDERS else "movement"
        reminders.append(Reminder(
            id=reminder_id,
            enabled=item.get("enabled", True),
            every=parse_duration(item["every"]),
            title=_text(item["title"]),
            message=_text(item["message"]),
            kind=item.get("kind", default_kind),
            reset_after=parse_duration(item.get("reset_after", "5m")),
            routine=routine,
            start_routine=item.get("start_routine", False),
            delivery=item.get("delivery", "notification"),
        ))
    return {"reminders": tuple(reminders)}


def _snooze(value: dict[str, Any], data: dict[str, Any], report: Report) -> dict[str, Any]:
    defaults = SnoozeSettings()
    return {"snooze": SnoozeSettings(
        durations=tuple(parse_duration(d) for d in value["durations"])
        if "durations" in value else defaults.durations,
        max_per_day=value.get("max_per_day", defaults.max_per_day),
        max_per_reminder=value.get("max_per_reminder", defaults.max_per_reminder),
        rest_of_day=value.get("rest_of_day", defaults.rest_of_day),
    )}


def _notifications(value: dict[str, Any], data: dict[str, Any], report: Report) -> dict[str, Any]:
    defaults = NotificationSettings()

    def duration(key: str) -> Any:
        return parse_duration(value[key]) if key in value else getattr(defaults, key)

    return {"notifications": NotificationSettings(
        timeout=duration("timeout"),
        min_gap=duration("min_gap"),
        prompt_timeout=duration("prompt_timeout"),
        sound=value.get("sound", defaults.sound),
        urgency=value.get("urgency", defaults.urgency),
    )}


def _idle(value: dict[str, Any], data: dict[str, Any], report: Report) -> dict[str, Any]:
    defaults = IdleSettings()
    return {"idle": IdleSettings(
        break_after=parse_duration(value["break_after"]) if "break_after" in value
        else defaults.break_after,
    )}


def _interruptions(value: dict[str, Any], data: dict[str, Any], report: Report) -> dict[str, Any]:
    defaults = InterruptionSettings()

    def duration(key: str) -> Any:
        return parse_duration(value[key]) if key in value else getattr(defaults, key)

    apps = []
    for index, name in enumerate(value.get("apps", [])):
        if not name.strip() or "/" in name or "\\" in name:
            report(("interruptions", "apps", index),
                   f"{name!r} is not a process name; write the program's name without a "
                   "folder, for example zoom or Teams.exe")
        else:
            apps.append(name.strip())
    refresh = duration("calendar_refresh")
    if refresh < MIN_CALENDAR_REFRESH:
        report(("interruptions", "calendar_refresh"),
               f"{value['calendar_refresh']!r} is too often to read a calendar; "
               "write 1m or longer, for example 15m")
    lead = duration("before_long_meeting") if "before_long_meeting" in value else None
    return {"interruptions": InterruptionSettings(
        meetings=value.get("meetings", defaults.meetings),
        fullscreen=value.get("fullscreen", defaults.fullscreen),
        do_not_disturb=value.get("do_not_disturb", defaults.do_not_disturb),
        apps=tuple(apps),
        grace=duration("grace"),
        max_defer=duration("max_defer"),
        calendars=_calendars(value.get("calendars", []), report),
        calendar_refresh=refresh,
        calendar_addresses=_addresses(value.get("calendar_addresses", []), report),
        tentative_busy=value.get("tentative_busy", defaults.tentative_busy),
        show_titles=value.get("show_titles", defaults.show_titles),
        before_long_meeting=lead or None,
    )}


#: Reading a calendar more often than this only loads its server.
MIN_CALENDAR_REFRESH = timedelta(minutes=1)
# Plain http is accepted only to this machine: elsewhere it would send the feed's
# secret address across the network in the clear.
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})


def _addresses(entries: list[str], report: Report) -> tuple[str, ...]:
    addresses = []
    for index, entry in enumerate(entries):
        address = entry.strip().removeprefix("mailto:")
        if "@" not in address or " " in address:
            report(("interruptions", "calendar_addresses", index),
                   f"{entry!r} is not an e-mail address; write it as in your calendar, for "
                   "example ana@example.org")
        else:
            addresses.append(address)
    return tuple(addresses)


def _calendars(entries: list[str], report: Report) -> tuple[str, ...]:
    """Check each calendar source (a URL or a path); return them with webcal:// as https://.

    The messages never repeat the address: it is a secret.
    """
    sources = []
    for index, entry in enumerate(entries):
        source = entry.strip()
        scheme, separator, rest = source.partition("://")
        scheme = scheme.lower()
        if not separator:
            sources.append(source)
        elif scheme in ("webcal", "webcals"):
            sources.append("https://" + rest)
        elif scheme == "https" or (scheme == "http" and urlsplit(source).hostname in _LOOPBACK):
            sources.append(source)
        elif scheme == "http":
            report(("interruptions", "calendars", index),
                   "a calendar address must start with https:// so its secret address is "
                   "not sent in the clear; most services offer https")
        else:
            report(("interruptions", "calendars", index),
                   f"{scheme}:// is not a calendar address ergo can read; give an https:// "
                   "address or a path to an .ics file")
    return tuple(sources)


def _routines(value: dict[str, Any], data: dict[str, Any], report: Report) -> dict[str, Any]:
    routines = []
    for routine_id, item in value.items():
        if routine_id == schema.NO_ROUTINE:
            report(("routines", routine_id), f"{schema.NO_ROUTINE!r} is how a reminder says it "
                   "offers no routine; give this routine another id")
        steps = []
        seen: set[str] = set()
        for index, step in enumerate(item["steps"]):
            at = ("routines", routine_id, "steps", index)
            if step["id"] in seen:
                report((*at, "id"), f"step id {step['id']!r} is used twice in this routine; "
                       "give each step its own id")
            seen.add(step["id"])
            timed, counted = "duration" in step, "reps" in step or "pace" in step
            if timed == counted or (counted and not ("reps" in step and "pace" in step)):
                report(at, "give either duration, or reps together with pace; "
                       "for example duration: 30s, or reps: 8 and pace: 4s")
                continue
            steps.append(Step(
                id=step["id"],
                name=_text(step["name"]),
                cues=tuple(_text(cue) for cue in step["cues"]),
                duration=parse_duration(step["duration"]) if timed else None,
                reps=step.get("reps"),
                pace=parse_duration(step["pace"]) if counted else None,
                side=step.get("side"),
                illustration=step.get("illustration"),
                caution=_text(step["caution"]) if "caution" in step else None,
            ))
        routines.append(Routine(routine_id, _text(item["title"]), tuple(steps)))
    return {"routines": tuple(routines)}


Builder = Callable[[Any, dict[str, Any], Report], dict[str, Any]]

BUILDERS: dict[str, Builder] = {
    "language": _language,
    "region": _region,
    "work_hours": _work_hours,
    "reminders": _reminders,
    "snooze": _snooze,
    "notifications": _notifications,
    "idle": _idle,
    "interruptions": _interruptions,
    "routines": _routines,
}
