"""``python -m ergo.settings``: the settings window in a process of its own, as the daemon
starts it (see :mod:`ergo.settings.window` for what it prints)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ergo.settings")
    parser.add_argument("--config", type=Path, help="user config file instead of the default")
    parser.add_argument("--org-config", type=Path,
                        help="organisation config file instead of the default")
    parser.add_argument("--language", help="en, nl, ... (default: the configured language)")
    parser.add_argument("--problem", help="why the config file could not be opened")
    args = parser.parse_args(argv)
    try:
        from ergo.settings.window import open_window
    except ImportError as error:
        print(f"ergo: {error}", file=sys.stderr)  # for the daemon's log
        return 1
    return open_window(args.config, args.org_config, args.language, args.problem)


if __name__ == "__main__":
    sys.exit(main())
