"""``ergo resume``: end a pause."""

from __future__ import annotations

import argparse

from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "resume", help=_("end a pause now"),
        description=_("End a pause now; every interval restarts from now."))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.control.client import request, unsaved

    data = request("resume")
    print(unsaved(_("ergo: reminders are back on"), data))
    return 0
