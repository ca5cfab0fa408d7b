"""The ``ergo`` command line: argument parsing and dispatch to ``ergo.commands``.

Kept light on purpose: command modules import their heavy dependencies inside
their ``run`` functions, so ``ergo status`` starts in milliseconds.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
import typing

from ergo import DISTRIBUTION, __version__
from ergo.errors import UserError
from ergo.i18n import _, install
from ergo.translated_argparse import INVALID_CHOICE, Parser, filled_in

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
    "settings",
    "plan",
    "doctor",
)


# Commands whose first word may be a length, which a minus sign must not turn into an option.
_TAKES_LENGTH = ("snooze", "pause")


class _Parser(Parser):
    """argparse in the installed language, saying "did you mean" for a mistyped command
    or action."""

    def error(self, message: str) -> typing.NoReturn:
        found = filled_in(INVALID_CHOICE, message)
        if found:
            from ergo.suggest import did_you_mean

            word, choices = found["value"][1:-1], re.findall(r"'([^']*)'", found["choices"])
            message = _("invalid choice: '{word}'").format(word=word) + (
                did_you_mean(word, choices)
                or "; " + _("choose from {choices}").format(choices=", ".join(choices)))
        super().error(message)


def _negative_lengths(argv: list[str]) -> list[str]:
    """Keep ``ergo snooze -5m`` from reading ``-5m`` as an option: it is a (bad) length."""
    for index, word in enumerate(argv[:-1]):
        if word in _TAKES_LENGTH:
            rest = argv[index + 1:]
            if rest and re.fullmatch(r"-\d.*", rest[0]):
                return [*argv[:index + 1], "--", *rest]
            break
        if not word.startswith("-"):
            break
    return argv


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """Return the parser of every command, or of ``command`` alone: a process that
    runs one command (the daemon for the whole session) need not hold the others'
    modules and parsers."""
    parser = _Parser(
        prog="ergo",
        description=_("Posture and movement reminders with guided lumbar stretches."),
    )
    parser.add_argument("--version", action="version", version=f"{DISTRIBUTION} {__version__}",
                        help=_("show program's version number and exit"))
    subparsers = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    for name in COMMANDS if command is None else (command,):
        importlib.import_module(f"ergo.commands.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Given command-line arguments, run the command and return its exit code.

    Messages follow the language the config files set (else the system locale);
    commands that load the config install its exact ``language`` once they have it.
    """
    from ergo.language_setting import configured_language

    install(configured_language())
    words = _negative_lengths(sys.argv[1:] if argv is None else list(argv))
    # A mistyped command, or none, needs them all: for "did you mean" and the help.
    parser = build_parser(words[0] if words and words[0] in COMMANDS else None)
    args = parser.parse_args(words)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        code = args.func(args) or 0
        # Output still buffered would meet a reader that went away at exit, outside this try.
        sys.stdout.flush()
        return code
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
