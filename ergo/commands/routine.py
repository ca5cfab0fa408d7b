"""``ergo routine [NAME]``: play a stretch routine now, in a window or in the terminal."""

from __future__ import annotations

import argparse

from ergo.commands.config import add_config_options
from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "routine",
        help=_("play a stretch routine now"),
        description=_("Play a stretch routine in a window, or in the terminal when there is no "
        "display. While ergo runs, its window plays it, so that it is recorded and counts "
        "as a break (unless --terminal, --language or a config file is given). Keys: space "
        "pauses, Right arrow goes to the next step, Esc stops (terminal: Enter for the next "
        "step, q to stop)."),
    )
    parser.add_argument("name", nargs="?", metavar=_("ROUTINE"),
                        help=_("routine id (default: lumbar-short)"))
    parser.add_argument("--terminal", action="store_true", help=_("play in the terminal"))
    parser.add_argument("--language", metavar=_("LANGUAGE"),
                        help=_("en, nl, ... (default: the configured language)"))
    add_config_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not (args.terminal or args.config or args.org_config or args.language):
        from ergo.control.client import DaemonNotRunning, request

        # A running ergo plays it, so that it is recorded and counts as a break.
        try:
            data = request("routine", {"name": args.name})
        except DaemonNotRunning:
            pass
        else:
            if data.get("started", True):
                print(_("ergo: the routine is playing in ergo's window"))
            else:
                print(_("ergo: a routine is already playing; its window is brought forward"))
            return 0
    from ergo.i18n import install
    from ergo.player import DEFAULT_ROUTINE, find_routine, load_settings, play
    from ergo.region import install_region

    settings = load_settings(args.config, args.org_config, args.language)
    install(args.language or settings.language)
    install_region(settings.region)
    routine = find_routine(settings, args.name or DEFAULT_ROUTINE)
    play(routine, terminal=args.terminal, sound=settings.notifications.sound)
    return 0
