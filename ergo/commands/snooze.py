"""``ergo snooze DURATION [REMINDER]``: hold reminders back for a while."""

from __future__ import annotations

import argparse
from datetime import datetime

from ergo.errors import UserError

_REST_OF_DAY_WORDS = ("rest-of-day", "rest_of_day")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "snooze",
        help="hold reminders back for a while",
        description="Hold all reminders, or just REMINDER, back for DURATION "
        "(for example 10m or 1h) or for the rest of the day.",
    )
    parser.add_argument("duration", metavar="DURATION", help="10m, 1h30m, ... or rest-of-day")
    parser.add_argument("reminder", metavar="REMINDER", nargs="?",
                        help="the id of one reminder (default: all)")
    parser.set_defaults(func=run)


def snooze_args(duration: str, reminder: str | None) -> dict[str, object]:
    """Given the command-line words, return the request arguments; raise UserError if invalid."""
    if duration.lower() in _REST_OF_DAY_WORDS:
        return {"duration": "rest_of_day", "reminder": reminder}
    from ergo.core.durations import parse_duration

    try:
        length = parse_duration(duration)
    except ValueError as error:
        raise UserError(f"{error}, or rest-of-day") from None
    if not length:
        raise UserError("a snooze must last longer than zero; try for example 10m")
    return {"duration": duration, "reminder": reminder}


def run(args: argparse.Namespace) -> int:
    from ergo.commands.status import format_moment
    from ergo.control.client import request

    data = request("snooze", snooze_args(args.duration, args.reminder))
    what = f"{args.reminder} is" if args.reminder else "reminders are"
    until = data.get("until")
    when = f" until {format_moment(until, datetime.now().astimezone())}" if until else ""
    print(f"ergo: {what} snoozed{when}")
    return 0
