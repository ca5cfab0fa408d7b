"""``ergo routine [NAME]``: play a stretch routine now, in a window or in the terminal."""

from __future__ import annotations

import argparse

from ergo.commands.config import add_config_options


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "routine",
        help="play a stretch routine now",
        description="Play a stretch routine in a window, or in the terminal when there is no "
        "display. Keys: space pauses, Right arrow goes to the next step, Esc stops "
        "(terminal: Enter for the next step, q to stop).",
    )
    parser.add_argument("name", nargs="?", help="routine id (default: lumbar-short)")
    parser.add_argument("--terminal", action="store_true", help="play in the terminal")
    parser.add_argument("--language", help="en, nl, ... (default: the configured language)")
    add_config_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.i18n import install
    from ergo.player import DEFAULT_ROUTINE, find_routine, load_settings, play

    settings = load_settings(args.config, args.org_config)
    install(args.language or settings.language)
    routine = find_routine(settings, args.name or DEFAULT_ROUTINE)
    play(routine, terminal=args.terminal, sound=settings.notifications.sound)
    return 0
