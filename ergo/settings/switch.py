"""``python -m ergo.settings.switch REMINDER on|off``: write a reminder's on/off switch
into the user's config file, as the settings window saves it (:mod:`ergo.config.edit`:
the user's comments and layout kept, checked before it is written, written atomically).

The daemon starts it in a short-lived process of its own when the user flips a
reminder's switch in the tray, so the user's file holds the switch and ruamel.yaml
never loads in the daemon. Exit code 0 once the file is written (or already says so);
1 with the reasons on standard output, one a line, when it cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ergo.settings.switch")
    parser.add_argument("reminder")
    parser.add_argument("state", choices=("on", "off"))
    parser.add_argument("--config", type=Path, help="user config file instead of the default")
    parser.add_argument("--org-config", type=Path,
                        help="organisation config file instead of the default")
    args = parser.parse_args(argv)
    from ergo.config.edit import open_user_file

    opened = open_user_file(args.config, args.org_config)
    path = ("reminders", args.reminder, "enabled")
    on = args.state == "on"
    if not opened.problems and opened.value(path) is on:
        return 0
    problems = opened.save({path: on})
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
