"""``ergo snooze DURATION [REMINDER]``: hold reminders back for a while."""

from __future__ import annotations

import argparse
from datetime import datetime

from ergo.errors import UserError
from ergo.i18n import _, translate

_REST_OF_DAY_WORDS = ("rest-of-day", "rest_of_day")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "snooze",
        help=_("hold reminders back for a while"),
        description=_("Hold all reminders, or just REMINDER, back for DURATION "
        "(for example 10m or 1h) or for the rest of the day."),
    )
    parser.add_argument("duration", metavar=_("DURATION"), help=_("10m, 1h30m, ... or rest-of-day"))
    parser.add_argument("reminder", metavar=_("REMINDER"), nargs="?",
                        help=_("the id of one reminder (default: all)"))
    parser.set_defaults(func=run)


def snooze_args(duration: str, reminder: str | None) -> dict[str, object]:
    """Given the command-line words, return the request arguments; raise UserError if invalid."""
    if duration.lower() in _REST_OF_DAY_WORDS:
        return {"duration": "rest_of_day", "reminder": reminder}
    if duration.startswith("-"):
        raise UserError(_("a snooze must last longer than zero; try for example 10m"))
    from ergo.core.durations import DurationError, parse_duration

    try:
        length = parse_duration(duration)
    except DurationError as error:
        raise UserError(_("{problem}, or rest-of-day").format(
            problem=translate(error.message))) from None
    if not length:
        raise UserError(_("a snooze must last longer than zero; try for example 10m"))
    return {"duration": duration, "reminder": reminder}


def run(args: argparse.Namespace) -> int:
    from ergo.commands.status import format_moment
    from ergo.control.client import request, unsaved

    data = request("snooze", snooze_args(args.duration, args.reminder))
    until = data.get("until")
    now = datetime.now().astimezone()
    time = format_moment(until, now) if until else None
    if args.reminder and time:
        text = _("ergo: {reminder} is snoozed until {time}")
    elif args.reminder:
        text = _("ergo: {reminder} is snoozed")
    elif time:
        text = _("ergo: reminders are snoozed until {time}")
    else:
        text = _("ergo: reminders are snoozed")
    print(unsaved(text.format(reminder=args.reminder, time=time), data))
    if data.get("replaced"):
        # The latest choice counts, even when it is shorter: say what it replaced.
        print(_("ergo: this replaces the snooze until {time}; `ergo resume` ends it").format(
            time=format_moment(data["replaced"], now)))
    return 0
