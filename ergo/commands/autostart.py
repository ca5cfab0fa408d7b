"""``ergo autostart enable|disable|status``: start ergo at login, per user or for everyone."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ergo.errors import UserError
from ergo.i18n import _


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "autostart",
        help=_("start ergo at login (enable, disable, status)"),
        description=_("Start ergo at login: an XDG autostart entry (or a systemd user unit) "
                    "on Linux, a LaunchAgent on macOS, the Run registry value on Windows. "
                    "On Linux, enable also installs the application launcher entry and icons."),
    )
    parser.add_argument("action", choices=("enable", "disable", "status"))
    parser.add_argument("--system", action="store_true",
                        help=_("for every user of this computer (needs root or administrator)"))
    parser.add_argument("--systemd", action="store_true",
                        help=_("Linux: use a systemd user unit instead of an XDG autostart entry"))
    parser.add_argument("--root", type=Path, metavar=_("DIR"),
                        help=_("with --system: write below DIR instead of / "
                             "(to build a package; needs no root)"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import ergo.autostart as autostart
    from ergo.autostart.common import (
        Places,
        Target,
        describe,
        ergo_command,
        is_admin,
        join_for_display,
        require_admin,
    )

    platform = sys.platform
    if args.systemd and not autostart.is_freedesktop(platform):
        raise UserError(_("--systemd is only for Linux; leave it out on this system"))
    if args.root and not args.system:
        raise UserError(_("--root only goes with --system; add --system or leave --root out"))
    if args.root and platform == "win32":
        raise UserError(_("--root does not apply to the Windows registry; leave it out"))
    if args.system and not args.root and args.action != "status":
        require_admin(is_admin())
    places = Places.current(args.root.resolve() if args.root else None)
    target = Target(places, args.system, ergo_command())
    if args.action == "status":
        expected = autostart.expected_command(target, platform)
        for entry in autostart.status(target, platform):
            for line in describe(entry, expected, places.environ):
                print(line)
        return 0
    if args.action == "enable" and target.command[1:2] == ("-m",):
        print(_("note: there is no ergo program beside {python}, so the entry runs {command}")
              .format(python=target.command[0], command=join_for_display(target.command)))
    action = autostart.enable if args.action == "enable" else autostart.disable
    for line in action(target, platform, args.systemd):
        print(line)
    return 0
