"""``ergo reload``: make the daemon read its config files again."""

from __future__ import annotations

import argparse

from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reload",
        help=_("read the config files again"),
        description=_("Make the running ergo read its config files again. If the new "
        "config is invalid, ergo keeps the old one and this command prints why."),
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.control.client import request

    request("reload")
    print(_("ergo: configuration reloaded"))
    return 0
