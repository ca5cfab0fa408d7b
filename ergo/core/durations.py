"""Durations written the way people write them: ``45s``, ``20m``, ``1h``, ``1h30m``."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from ergo.core.message import Message

_PART = re.compile(r"(\d+)\s*([hms])")
_WHOLE = re.compile(r"\s*(?:\d+\s*[hms]\s*)+")
_UNITS = {"h": 3600, "m": 60, "s": 1}


class DurationError(ValueError):
    """Text that is not a duration; ``message`` says why and how to write it."""

    def __init__(self, message: Message) -> None:
        self.message = message
        super().__init__(str(message))


def parse_duration(text: object) -> timedelta:
    """Given ``"1h30m"``-style text, return the duration.

    Raise DurationError (a ValueError) with a hint when the text is not of that
    form (a bare number, an unknown unit, a repeated unit), or is not text at all
    (the config hands over whatever YAML value it read).
    """
    if not isinstance(text, str) or not _WHOLE.fullmatch(text.strip().lower()):
        raise DurationError(Message(
            "'{text}' is not a duration; write a number with a unit, "
            "for example 45s, 20m, 1h or 1h30m",
            text=str(text),
        ))
    seen: set[str] = set()
    seconds = 0
    for amount, unit in _PART.findall(text.lower()):
        if unit in seen:
            raise DurationError(Message(
                "'{text}' gives the unit '{unit}' twice; write for example 1h30m",
                text=text, unit=unit,
            ))
        seen.add(unit)
        seconds += int(amount) * _UNITS[unit]
    try:
        return timedelta(seconds=seconds)
    except OverflowError:
        raise DurationError(Message(
            "'{text}' is far too long; write for example 1h or 1h30m", text=text
        )) from None


def format_duration(value: timedelta) -> str:
    """Given a duration, return it in the form :func:`parse_duration` reads (``1h30m``)."""
    total = int(value.total_seconds())
    if total == 0:
        return "0s"
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    parts = [f"{n}{u}" for n, u in ((hours, "h"), (minutes, "m"), (seconds, "s")) if n]
    return "".join(parts)


def clock_time(instant: datetime) -> str:
    """Return an instant as the user reads it on a clock (``14:05``), rounded to the
    nearest minute, half a minute up: the tray and ``ergo status`` both use this, so
    they never disagree by a minute."""
    rounded = instant.replace(second=0, microsecond=0)
    if instant.second >= 30:
        rounded += timedelta(minutes=1)
    return rounded.strftime("%H:%M")
