"""The ``ergo`` command line: argument parsing and dispatch to ``ergo.commands``.

Kept light on purpose: command modules import their heavy dependencies inside
their ``run`` functions, so ``ergo status`` starts in milliseconds.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from ergo import DISTRIBUTION, __version__
from ergo.errors import UserError
from ergo.i18n import install

# Each module in ergo.commands has register(subparsers), which adds its parser
# and sets ``run`` as the default ``func``.
COMMANDS: tuple[str, ...] = (
    "run",
    "status",
    "snooze",
    "pause",
    "resume",
    "trigger",
    "reload",
    "stop",
    "routine",
    "stats",
    "history",
    "autostart",
    "config",
    "plan",
    "doctor",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ergo",
        description="Posture and movement reminders with guided lumbar stretches.",
    )
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"ergo.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Given command-line arguments, run the command and return its exit code.

    Messages follow the system locale; commands that read the config switch to
    its ``language`` once they have it.
    """
    install("auto")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return args.func(args) or 0
    except UserError as error:
        for line in error.problems:
            print(f"ergo: {line}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``ergo config show | head``): stop quietly, and keep
        # Python from complaining again when it flushes stdout at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
