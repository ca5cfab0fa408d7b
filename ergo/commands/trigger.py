"""``ergo trigger REMINDER``: fire a reminder now, for demos and tests."""

from __future__ import annotations

import argparse

from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "trigger",
        help=_("show a reminder now"),
        description=_("Show REMINDER now, as if it were due (for demos and tests)."),
    )
    parser.add_argument("reminder", metavar=_("REMINDER"), help=_("the id of the reminder"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.control.client import request

    request("trigger", {"reminder": args.reminder})
    print(_("ergo: triggered {reminder}").format(reminder=args.reminder))
    return 0
