"""``ergo settings``: change ergo's settings in a window instead of the config file."""

from __future__ import annotations

import argparse

from ergo.commands.config import add_config_options
from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "settings",
        help=_("change the settings in a window"),
        description=_("Open a window to change working hours, reminders, snoozing, "
                      "interruptions, the language and start at login. Saving writes only "
                      "what you changed into your config file, keeping its comments, and a "
                      "running ergo uses it at once."),
    )
    parser.add_argument("--language", help=_("language of the window (default: the "
                                             "configured one)"))
    add_config_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ergo.errors import UserError

    try:
        from ergo.settings.window import open_window
    except ImportError:
        # Python without Tk (tkinter): the other windows fall back the same way.
        code = 1
    else:
        code = open_window(args.config, args.org_config, args.language)
    if code:
        raise UserError(_("the settings window cannot open here (no display, or Python "
                          "without Tk); edit the config file instead: ergo config paths"))
    return 0
