"""``python -m ergo.player ROUTINE_ID``: play a routine, print the outcome as one JSON line.

This is how the daemon starts the player in a process of its own. Standard
output carries only the outcome line; the terminal player, when there is no
display, writes to standard error.

The same entry point opens ergo's other windows: ``--about`` the About and safety
window (see :mod:`ergo.player.about`), ``--welcome`` the first-run welcome (see
:mod:`ergo.player.welcome`).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ergo.errors import UserError
from ergo.i18n import _, install
from ergo.language_setting import configured_language
from ergo.player import DEFAULT_ROUTINE, find_routine, load_settings, outcome_json, play
from ergo.region import install_region, resolve_region
from ergo.translated_argparse import Parser


def _install_for_window(args: argparse.Namespace) -> None:
    """Install the language and region for the About or welcome window. With
    ``--language`` given, a config with problems (ergo then runs on its last good
    settings) must not keep the window from opening: the locale gives the region."""
    try:
        settings = load_settings(args.config, args.org_config)
    except UserError:
        if not args.language:
            raise
        install(args.language)
        install_region(resolve_region("auto"))
        return
    install(args.language or settings.language)
    install_region(settings.region)


def main(argv: list[str] | None = None) -> int:
    # The help and usage errors speak the configured language, as ergo's commands do.
    install(configured_language())
    parser = Parser(prog="python -m ergo.player",
                    description=_("Play a stretch routine (by default lumbar-short) in a "
                                  "window, or in the terminal when there is no display, and "
                                  "print its outcome as one JSON line. ergo starts it."))
    parser.add_argument("routine", nargs="?", default=DEFAULT_ROUTINE, metavar=_("ROUTINE"))
    window = parser.add_mutually_exclusive_group()
    window.add_argument("--about", action="store_true",
                        help=_("show the About and safety window instead of a routine"))
    window.add_argument("--welcome", action="store_true",
                        help=_("show the first-run welcome instead of a routine"))
    parser.add_argument("--language", metavar=_("LANGUAGE"),
                        help=_("en, nl, ... (default: the configured language)"))
    parser.add_argument("--config", metavar=_("FILE"),
                        help=_("user config file to read instead of the default"))
    parser.add_argument("--org-config", metavar=_("FILE"),
                        help=_("organisation config file to read instead of the default"))
    parser.add_argument("--terminal", action="store_true", help=_("play in the terminal"))
    parser.add_argument("--report", type=Path, metavar=_("FILE"),
                        help=_("also write the outcome line to this file"))
    parser.add_argument("--progress", action="store_true",
                        help=_('print {"step": N, "steps": M} on a line of its own at each '
                               'step'))
    parser.add_argument("--sound", action=argparse.BooleanOptionalAction, default=None,
                        help=_("a soft bell at each step change (default: "
                               "notifications.sound)"))
    parser.add_argument("--state-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        if args.about or args.welcome:
            _install_for_window(args)
            return _other_window(args.about)
        settings = load_settings(args.config, args.org_config, args.language)
        install(args.language or settings.language)
        install_region(settings.region)
        routine = find_routine(settings, args.routine)
    except UserError as error:
        for line in error.problems:
            print(f"ergo: {line}", file=sys.stderr)
        return error.exit_code

    def report(outcome) -> None:
        line = outcome_json(outcome)
        print(line, flush=True)
        if args.report:
            args.report.write_text(line + "\n", encoding="utf-8")

    def progress(step: int, steps: int) -> None:
        print(json.dumps({"step": step, "steps": steps}), flush=True)

    play(
        routine,
        terminal=args.terminal,
        on_step=progress if args.progress else None,
        sound=settings.notifications.sound if args.sound is None else args.sound,
        state_dir=args.state_dir,
        on_end=report,
        out=sys.stderr,
    )
    return 0


def _other_window(about: bool) -> int:
    if about:
        from ergo.player.about import show_about

        show_about(sys.stdout)
        return 0
    from ergo.player.welcome import show_welcome

    return show_welcome(sys.stdout)


raise SystemExit(main())
