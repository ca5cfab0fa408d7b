"""``ergo pause [DURATION | until HH:MM | tomorrow]``: stop reminding for a while."""

from __future__ import annotations

import argparse
from datetime import datetime

from ergo.errors import UserError

_USAGE = "write: ergo pause [DURATION | until HH:MM | tomorrow], for example ergo pause 20m"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pause",
        help="stop reminding for a while, until a time, until tomorrow or until resumed",
        description="Stop all reminders: for DURATION (for example 20m), until HH:MM, "
        "until tomorrow's working hours, or, with no argument, until `ergo resume`.",
    )
    parser.add_argument("when", metavar="DURATION | until HH:MM | tomorrow", nargs="*")
    parser.set_defaults(func=run)


def pause_args(words: list[str]) -> dict[str, object]:
    """Given the words after ``pause``, return the request arguments; raise UserError if invalid."""
    if not words:
        return {}
    if words == ["tomorrow"]:
        return {"tomorrow": True}
    if len(words) == 2 and words[0] == "until":
        return {"until": words[1]}
    if len(words) == 1:
        from ergo.core.durations import parse_duration

        try:
            parse_duration(words[0])
        except ValueError as error:
            raise UserError([str(error), _USAGE]) from None
        return {"for": words[0]}
    raise UserError(f"cannot read {' '.join(words)!r}; {_USAGE}")


def run(args: argparse.Namespace) -> int:
    from ergo.commands.status import format_moment
    from ergo.control.client import request

    data = request("pause", pause_args(args.when))
    until = data.get("until")
    if until:
        print(f"ergo: paused until {format_moment(until, datetime.now().astimezone())}")
    else:
        print("ergo: paused until you run `ergo resume`")
    return 0
