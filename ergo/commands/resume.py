"""``ergo resume``: end a pause or snooze."""

from __future__ import annotations

import argparse

from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("resume", help="end a pause or snooze now",
                                   description="End a pause or snooze now.")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.control.client import request

    request("resume")
    print(_("ergo: reminders are back on"))
    return 0
