"""``ergo autostart enable|disable|status``: start ergo at login, per user or for everyone.

With ``--json`` the result is one JSON object in English, whatever the language of the
interface, for configuration management; ``--detailed-exitcodes`` makes the exit code
say whether anything changed (see :data:`EXIT_CHANGED`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ergo.errors import UserError
from ergo.i18n import _

if TYPE_CHECKING:
    from ergo.autostart.common import EntryStatus

#: With --detailed-exitcodes: enable or disable changed something (0: nothing changed).
EXIT_CHANGED = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "autostart",
        help=_("start ergo at login (enable, disable, status)"),
        description=_("Start ergo at login: an XDG autostart entry (or a systemd user unit) "
                    "on Linux, a LaunchAgent on macOS, the Run registry value on Windows. "
                    "On Linux, enable also installs the application launcher entry and icons."),
        epilog=_("Exit codes: 0 done (with --detailed-exitcodes: done, nothing changed), "
                 "3 with --detailed-exitcodes: something changed, 2 a usage error or "
                 "missing rights, 1 another failure."),
    )
    parser.add_argument("action", choices=("enable", "disable", "status"))
    parser.add_argument("--system", action="store_true",
                        help=_("for every user of this computer (needs root or administrator)"))
    parser.add_argument("--systemd", action="store_true",
                        help=_("Linux: use a systemd user unit instead of an XDG autostart entry"))
    parser.add_argument("--root", type=Path, metavar=_("DIR"),
                        help=_("with --system: write below DIR instead of / "
                             "(to build a package; needs no root)"))
    parser.add_argument("--json", action="store_true",
                        help=_("print the result as JSON, in English (for scripts)"))
    parser.add_argument("--detailed-exitcodes", action="store_true",
                        help=_("exit with 3 when enable or disable changed something, "
                               "0 when everything was already in place"))
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    import ergo.autostart as autostart
    from ergo.autostart.common import (
        Done,
        Places,
        Target,
        describe,
        ergo_command,
        is_admin,
        join_for_display,
        require_admin,
    )

    if args.json:
        from ergo.i18n import install

        install("en")
    platform = sys.platform
    if args.systemd and not autostart.is_freedesktop(platform):
        raise UserError(_("--systemd is only for Linux; leave it out on this system"))
    if args.root and not args.system:
        raise UserError(_("--root only goes with --system; add --system or leave --root out"))
    if args.root and platform == "win32":
        raise UserError(_("--root does not apply to the Windows registry; leave it out"))
    places = Places.current(args.root.resolve() if args.root else None)
    if args.system and places.is_real_root and args.action != "status":
        require_admin(is_admin())
    target = Target(places, args.system, ergo_command())
    if args.action == "status":
        expected = autostart.expected_command(target, platform)
        entries = autostart.status(target, platform)
        if args.json:
            _print_json({"action": "status", "changed": False, "entries": [
                status_json(entry, expected, places.environ) for entry in entries]})
            return 0
        for entry in entries:
            for line in describe(entry, expected, places.environ):
                print(line)
        return 0
    lines: list[str] = []
    if args.action == "enable" and target.command[1:2] == ("-m",):
        lines.append(_("note: there is no ergo program beside {python}, so the entry runs "
                       "{command}").format(python=target.command[0],
                                           command=join_for_display(target.command)))
    action = autostart.enable if args.action == "enable" else autostart.disable
    lines.extend(action(target, platform, args.systemd))
    changed = any(isinstance(line, Done) and line.changed for line in lines)
    if args.json:
        _print_json({"action": args.action, "changed": changed, "steps": [
            step_json(line) for line in lines]})
    else:
        for line in lines:
            print(line)
    return EXIT_CHANGED if changed and args.detailed_exitcodes else 0


def step_json(line: str) -> dict[str, str]:
    """Given a line ``enable`` or ``disable`` returned, return it for ``--json``."""
    from ergo.autostart.common import Done

    done = line if isinstance(line, Done) else Done(line)
    return {"action": done.action, "path": done.path, "message": str(done)}


def status_json(entry: EntryStatus, expected: tuple[str, ...],
                environ: Mapping[str, str]) -> dict[str, object]:
    """Given an entry's status, return it for ``--json``."""
    from ergo.autostart.common import program_problem, same_command

    return {
        "what": entry.what, "location": entry.location, "exists": entry.exists,
        "enabled": entry.enabled, "command": list(entry.command), "notes": list(entry.notes),
        "this_installation": entry.exists and bool(entry.command)
        and same_command(entry.command, expected, environ),
        "problem": program_problem(entry.command, environ) if entry.exists else None,
    }


def _print_json(data: dict[str, object]) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False))
