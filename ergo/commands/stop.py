"""``ergo stop``: end the running daemon cleanly, saving its state."""

from __future__ import annotations

import argparse

from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "stop", help=_("stop the running ergo"),
        description=_("Stop the running ergo; it saves its state first."))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.control.client import request

    request("stop")
    print(_("ergo: stopping"))
    return 0
