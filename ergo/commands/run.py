"""``ergo run``: the daemon in the foreground (what autostart launches)."""

from __future__ import annotations

import argparse

from ergo.commands.config import add_config_options
from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help=_("run ergo: tray icon and reminders, until ergo stop or Quit"),
        description=_("Run the ergo daemon in the foreground: the tray icon, the reminders "
        "and the control channel the other ergo commands talk to."),
    )
    add_config_options(parser)
    parser.add_argument("--no-tray", action="store_true",
                        help=_("run without a tray icon (control ergo from the command line)"))
    parser.add_argument("-v", "--verbose", action="store_true",
                        help=_("log debug output, including which backends run and why, on stderr"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.runtime.daemon import Options
    from ergo.runtime.daemon import run as run_daemon

    return run_daemon(Options(args.config, args.org_config, args.no_tray, args.verbose))
