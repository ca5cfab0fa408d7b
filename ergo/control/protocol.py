"""The control protocol between ``ergo`` commands and the running daemon: pure data.

Every message is one UTF-8 JSON object of at most :data:`MAX_MESSAGE_BYTES`,
carrying the protocol version ``"v"``. Nothing is ever pickled.

A request names a command and its arguments::

    {"v": 1, "cmd": "snooze", "args": {"duration": "10m", "reminder": null}}

The commands and their arguments:

=========  ==================================================================
status     ``{}``
snooze     ``{"duration": "10m" | "rest_of_day", "reminder": id | null}``
pause      ``{"for": "20m"}`` | ``{"until": "HH:MM"}`` | ``{"tomorrow": true}``
           | ``{}`` (until resumed)
resume     ``{}``
trigger    ``{"reminder": id}``
reload     ``{}``
stop       ``{}``
routine    ``{"name": id | null}``
=========  ==================================================================

A response either carries data or a message for the user::

    {"v": 1, "ok": true, "data": {...}}
    {"v": 1, "ok": false, "error": "the snooze budget for today is used up"}

The data of ``status`` has the shape of :class:`StatusData`; the daemon fills
it and ``ergo status --json`` prints it unchanged. ``snooze`` and ``pause``
answer ``{"until": iso | null}`` (null: paused until resumed); the other
commands answer ``{}``.

Decoding validates the whole shape and raises :class:`ProtocolError` with a
message naming what is wrong, so the server can log it and answer, and the
handler only ever sees well-formed requests.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict

from ergo.core.durations import parse_duration
from ergo.jsondepth import DepthError, loads_bounded

PROTOCOL_VERSION = 1
MAX_MESSAGE_BYTES = 64 * 1024
REST_OF_DAY = "rest_of_day"
MAX_ID_LENGTH = 200

CLOCK_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")


class ProtocolError(ValueError):
    """A message that is not a valid control message; the text says why."""


class NextReminder(TypedDict):
    """One upcoming reminder in :class:`StatusData`."""

    id: str
    title: str
    at: str  # ISO 8601 with UTC offset


class SnoozedReminder(TypedDict):
    """One reminder snoozed on its own, in :class:`StatusData`."""

    id: str
    title: str
    until: str  # ISO 8601 with UTC offset


class CalendarFeedStatus(TypedDict):
    """One calendar feed in :class:`StatusData`."""

    source: str
    fetched: str | None
    events: int | None
    error: str | None


class StatusData(TypedDict):
    """What ``status`` answers with.

    ``state`` is one of ``active``, ``paused``, ``snoozed``, ``due`` (a reminder
    is showing), ``off_hours`` (outside working hours) or ``away`` (on a natural
    break or a routine). Times are ISO 8601
    strings with a UTC offset. ``language`` is the code of the daemon's language, the
    one its texts are in. ``situation`` is the tray's headline, in the
    user's language. ``snoozed_until`` is the end of a snooze of all reminders;
    ``snoozed_reminders`` lists the reminders snoozed on their own.
    ``snoozes_left_today`` is ``None`` when snoozing is unlimited. ``backends``
    names the tray, notifier and idle adapters in use, ``config_files`` the files
    the settings came from (lowest layer first) and ``interruption`` explains,
    when not ``None``, why reminders cannot reach the user right now (for
    example "no notification service"). ``config_problems`` lists the problems
    of the config files on disk, one ``FILE:LINE:COL: key: problem`` line each,
    while ergo runs on the last good settings instead (empty when the files load
    cleanly). ``calendars`` lists each calendar feed: ``source`` (its address
    redacted to scheme and host), ``fetched`` (ISO time of the copy in use, or
    ``None``), ``events`` and ``error`` (``None`` when the last read worked).
    """

    pid: int
    language: str
    state: str
    paused_until: str | None
    situation: str
    snoozed_until: str | None
    snoozed_reminders: list[SnoozedReminder]
    next: list[NextReminder]
    snoozes_left_today: int | None
    backends: dict[str, str]
    config_files: list[str]
    interruption: str | None
    config_problems: list[str]
    calendars: list[CalendarFeedStatus]


@dataclass(frozen=True)
class Request:
    """A decoded, validated command; ``args`` has every key of its command, defaults filled."""

    cmd: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Response:
    """The daemon's answer: ``data`` when ``ok``, else a human-readable ``error``.

    ``usage`` marks an error in the request itself (an unknown reminder, a length
    no snooze may have), which the command line reports with exit code 2.
    """

    ok: bool
    data: Mapping[str, Any] = field(default_factory=dict)
    error: str = ""
    usage: bool = False

    @classmethod
    def success(cls, data: Mapping[str, Any] | None = None) -> Response:
        return cls(ok=True, data=dict(data or {}))

    @classmethod
    def failure(cls, error: str, *, usage: bool = False) -> Response:
        return cls(ok=False, error=error, usage=usage)


def _duration(value: object) -> str:
    if not isinstance(value, str):
        raise ProtocolError(f"a duration must be a string like '10m', not {value!r}")
    try:
        length = parse_duration(value)
    except ValueError as error:
        raise ProtocolError(str(error)) from None
    if length.total_seconds() <= 0:
        raise ProtocolError(f"the duration {value!r} must be longer than zero")
    return value


def _snooze_duration(value: object) -> str:
    return REST_OF_DAY if value == REST_OF_DAY else _duration(value)


def _identifier(value: object) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_ID_LENGTH:
        raise ProtocolError(f"an id must be a non-empty string of at most {MAX_ID_LENGTH} "
                            f"characters, not {value!r}")
    return value


def _optional_identifier(value: object) -> str | None:
    return None if value is None else _identifier(value)


def _clock_time(value: object) -> str:
    if not isinstance(value, str) or not CLOCK_TIME.fullmatch(value):
        raise ProtocolError(f"a time of day must be written HH:MM (00:00 to 23:59), not {value!r}")
    return value


def _true(value: object) -> bool:
    if value is not True:
        raise ProtocolError(f"'tomorrow' can only be true, not {value!r}")
    return True


_Check = Callable[[object], object]
_REQUIRED = object()
_OMIT = object()

# For each command: its argument names, each with its check and its default
# (_REQUIRED when the caller must give it, _OMIT when it stays absent).
_ARGUMENTS: dict[str, dict[str, tuple[_Check, Any]]] = {
    "status": {},
    "snooze": {"duration": (_snooze_duration, _REQUIRED), "reminder": (_optional_identifier, None)},
    "pause": {"for": (_duration, _OMIT), "until": (_clock_time, _OMIT), "tomorrow": (_true, _OMIT)},
    "resume": {},
    "trigger": {"reminder": (_identifier, _REQUIRED)},
    "reload": {},
    "stop": {},
    "routine": {"name": (_optional_identifier, None)},
}

COMMANDS: tuple[str, ...] = tuple(_ARGUMENTS)


def _validate_args(cmd: str, args: object) -> dict[str, Any]:
    if not isinstance(args, dict):
        raise ProtocolError(f"'args' of {cmd!r} must be an object, not {type(args).__name__}")
    spec = _ARGUMENTS[cmd]
    unknown = sorted(set(args) - set(spec))
    if unknown:
        known = ", ".join(spec) or "none"
        raise ProtocolError(f"{cmd!r} does not take {', '.join(unknown)} (it takes: {known})")
    result: dict[str, Any] = {}
    for name, (check, default) in spec.items():
        if name in args:
            try:
                result[name] = check(args[name])
            except ProtocolError as error:
                raise ProtocolError(f"{cmd} {name}: {error}") from None
        elif default is _REQUIRED:
            raise ProtocolError(f"{cmd!r} needs the argument {name!r}")
        elif default is not _OMIT:
            result[name] = default
    if cmd == "pause" and len(result) > 1:
        raise ProtocolError("pause takes at most one of 'for', 'until' and 'tomorrow'")
    return result


def _encode(message: dict[str, Any]) -> bytes:
    raw = json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(raw) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"message of {len(raw)} bytes exceeds the limit of "
                            f"{MAX_MESSAGE_BYTES} bytes")
    return raw


def _decode(raw: bytes, kind: str) -> dict[str, Any]:
    if len(raw) > MAX_MESSAGE_BYTES:
        raise ProtocolError(f"{kind} of {len(raw)} bytes exceeds the limit of "
                            f"{MAX_MESSAGE_BYTES} bytes")
    try:
        message = loads_bounded(raw)
    except UnicodeDecodeError:
        raise ProtocolError(f"{kind} is not UTF-8 text") from None
    except DepthError as error:
        raise ProtocolError(f"{kind} is {error}") from None
    except ValueError as error:
        raise ProtocolError(f"{kind} is not JSON: {error}") from None
    if not isinstance(message, dict):
        raise ProtocolError(f"{kind} must be a JSON object, not {type(message).__name__}")
    version = message.get("v")
    if version != PROTOCOL_VERSION or isinstance(version, bool):
        raise ProtocolError(f"{kind} has protocol version {version!r}; this ergo speaks "
                            f"version {PROTOCOL_VERSION} (are the CLI and the daemon "
                            "from the same release?)")
    return message


def _check_keys(message: dict[str, Any], allowed: set[str], kind: str) -> None:
    unknown = sorted(set(message) - allowed)
    if unknown:
        raise ProtocolError(f"{kind} has unknown keys: {', '.join(unknown)}")


def encode_request(request: Request) -> bytes:
    """Given a request, return its wire form; raise ProtocolError if it is not valid."""
    if request.cmd not in _ARGUMENTS:
        raise ProtocolError(f"unknown command {request.cmd!r}; known: {', '.join(COMMANDS)}")
    args = _validate_args(request.cmd, dict(request.args))
    return _encode({"v": PROTOCOL_VERSION, "cmd": request.cmd, "args": args})


def decode_request(raw: bytes) -> Request:
    """Given the bytes of a request, return it validated; raise ProtocolError if it is not."""
    message = _decode(raw, "request")
    _check_keys(message, {"v", "cmd", "args"}, "request")
    cmd = message.get("cmd")
    if not isinstance(cmd, str):
        raise ProtocolError(f"request 'cmd' must be a string, not {cmd!r}")
    if cmd not in _ARGUMENTS:
        raise ProtocolError(f"unknown command {cmd!r}; known: {', '.join(COMMANDS)}")
    return Request(cmd, _validate_args(cmd, message.get("args", {})))


def encode_response(response: Response) -> bytes:
    """Given a response, return its wire form; raise ProtocolError if it is too large.

    Raise TypeError when ``data`` holds values JSON cannot represent.
    """
    if response.ok:
        return _encode({"v": PROTOCOL_VERSION, "ok": True, "data": dict(response.data)})
    message = {"v": PROTOCOL_VERSION, "ok": False, "error": response.error}
    if response.usage:
        message["usage"] = True
    return _encode(message)


def decode_response(raw: bytes) -> Response:
    """Given the bytes of a response, return it; raise ProtocolError if it is malformed."""
    message = _decode(raw, "response")
    ok = message.get("ok")
    if ok is True:
        _check_keys(message, {"v", "ok", "data"}, "response")
        data = message.get("data", {})
        if not isinstance(data, dict):
            raise ProtocolError(f"response 'data' must be an object, not {type(data).__name__}")
        return Response.success(data)
    if ok is False:
        _check_keys(message, {"v", "ok", "error", "usage"}, "response")
        error = message.get("error")
        if not isinstance(error, str) or not error:
            raise ProtocolError(f"response 'error' must be a non-empty string, not {error!r}")
        usage = message.get("usage", False)
        if not isinstance(usage, bool):
            raise ProtocolError(f"response 'usage' must be true or false, not {usage!r}")
        return Response.failure(error, usage=usage)
    raise ProtocolError(f"response 'ok' must be true or false, not {ok!r}")
