"""``ergo pause [DURATION | until HH:MM | tomorrow]``: stop reminding for a while."""

from __future__ import annotations

import argparse
from datetime import datetime

from ergo.errors import UserError
from ergo.i18n import N_, _, translate

_USAGE = N_("write: ergo pause [DURATION | until HH:MM | tomorrow], for example ergo pause 20m")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "pause",
        help=_("stop reminding for a while, until a time, until tomorrow or until resumed"),
        description=_("Stop all reminders: for DURATION (for example 20m), until HH:MM, "
        "until tomorrow's working hours, or, with no argument, until `ergo resume`."),
    )
    parser.add_argument("when", metavar=_("DURATION | until HH:MM | tomorrow"), nargs="*")
    parser.set_defaults(func=run)


def pause_args(words: list[str]) -> dict[str, object]:
    """Given the words after ``pause``, return the request arguments; raise UserError if invalid."""
    if not words:
        return {}
    if words == ["tomorrow"]:
        return {"tomorrow": True}
    if len(words) == 2 and words[0] == "until":
        from ergo.control.protocol import CLOCK_TIME

        # 7:30 is as clear as 07:30.
        time = words[1].zfill(5) if len(words[1]) == 4 else words[1]
        if not CLOCK_TIME.fullmatch(time):
            raise UserError(_("'{time}' is not a time of day; write HH:MM, for example "
                              "ergo pause until 13:30").format(time=words[1]))
        return {"until": time}
    if len(words) == 1:
        from ergo.core.durations import DurationError, parse_duration

        try:
            parse_duration(words[0])
        except DurationError as error:
            raise UserError([translate(error.message), _(_USAGE)]) from None
        return {"for": words[0]}
    raise UserError(_("cannot read '{words}'; {usage}").format(
        words=" ".join(words), usage=_(_USAGE)))


def run(args: argparse.Namespace) -> int:
    from ergo.commands.status import format_moment
    from ergo.control.client import request, unsaved

    data = request("pause", pause_args(args.when))
    until = data.get("until")
    if until:
        time = format_moment(until, datetime.now().astimezone())
        print(unsaved(_("ergo: paused until {time}").format(time=time), data))
    else:
        print(unsaved(_("ergo: paused until you run `ergo resume`"), data))
    return 0
